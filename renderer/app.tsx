/** The wizard shell: sidebar of steps, the current step, and the keyboard/undo-safe navigation. */
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { AppError } from '../main/core/result';
import type { Site, SiteInput } from '../main/core/site/schema';
import type { AppInfo } from '../main/ipc/channels/app';
import { sitekit } from './api/client';
import { NotBuilt } from './components/not-built';
import { blockedReason, initialWizard, wizardReducer } from './state/wizard';
import { STEP_REGISTRY } from './steps/registry';
import { SettingsView } from './settings/settings-view';
import type { Settings } from '../main/core/settings';

const darkQuery = typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : undefined;
let themeChoice: Settings['theme'] = 'system';
const resolveTheme = (): void => {
  const dark = themeChoice === 'dark' || (themeChoice === 'system' && Boolean(darkQuery?.matches));
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
};
darkQuery?.addEventListener('change', resolveTheme);
resolveTheme();

/** Applies the theme choice; "system" follows the OS, also when it changes while the app runs. */
function applyTheme(theme: Settings['theme']): void {
  themeChoice = theme;
  resolveTheme();
}

export function App() {
  const [state, dispatch] = useReducer(wizardReducer, initialWizard);
  const [info, setInfo] = useState<AppInfo | undefined>();
  const [showSettings, setShowSettings] = useState(false);
  const mainRef = useRef<HTMLElement>(null);
  const site = state.session.kind === 'open' ? state.session.site : undefined;

  useEffect(() => {
    void sitekit.app.info({}).then((r) => r.ok && setInfo(r.value));
    void sitekit.settings.get({}).then((r) => r.ok && applyTheme(r.value.theme));
  }, []);

  useEffect(() => {
    mainRef.current?.querySelector<HTMLElement>('h2')?.focus();
  }, [state.step]);

  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (state.dirty) e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [state.dirty]);

  const saveSite = useCallback(async (next: Site | SiteInput): Promise<AppError | undefined> => {
    const r = await sitekit.site.save({ site: next });
    if (!r.ok) return r.error;
    dispatch({ type: 'site-saved', site: r.value.site, path: r.value.path, savedAt: r.value.updatedAt });
    return undefined;
  }, []);

  const entry = STEP_REGISTRY.find((s) => s.id === state.step) ?? STEP_REGISTRY[0]!;
  const Step = entry.component;

  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to the current step
      </a>
      <header className="topbar">
        <span className="brand" aria-label="Sitekit">
          <span className="brand-mark" aria-hidden="true">◆</span> Sitekit
        </span>
        <span className="topbar-site">{site ? `${site.metadata.name} (${site.metadata.id})` : 'No site open'}</span>
        {state.dirty && <span className="pill pill-warn">Unsaved changes</span>}
        <span className="topbar-right muted">
          {info ? `v${info.version} · ${info.transport === 'electron' ? 'desktop' : 'browser mode'}` : ''}
          <button type="button" className="btn btn-quiet" aria-pressed={showSettings} onClick={() => setShowSettings((v) => !v)}>
            Settings
          </button>
          {site && (
            <button type="button" className="btn btn-quiet" disabled={state.dirty} onClick={() => dispatch({ type: 'site-closed' })}>
              Close site
            </button>
          )}
        </span>
      </header>
      <nav className="steps" aria-label="Wizard steps">
        <ol>
          {STEP_REGISTRY.map((s, i) => {
            const blocked = blockedReason(state, s.id);
            const current = s.id === state.step;
            return (
              <li key={s.id}>
                <button
                  type="button"
                  className={`step-link${current ? ' current' : ''}${state.visited.includes(s.id) ? ' visited' : ''}`}
                  aria-current={current ? 'step' : undefined}
                  aria-disabled={blocked !== undefined && !current}
                  title={blocked && !current ? blocked : s.summary}
                  onClick={() => {
                    setShowSettings(false);
                    dispatch({ type: 'go', step: s.id });
                  }}
                >
                  <span className="step-num" aria-hidden="true">
                    {i + 1}
                  </span>
                  <span className="step-text">
                    <span className="step-title">{s.title}</span>
                    {!s.component && <span className="step-note">not built yet</span>}
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
      </nav>
      <main id="main" ref={mainRef} className="content" tabIndex={-1}>
        {showSettings ? (
          <SettingsView onClose={() => setShowSettings(false)} onSaved={(s) => applyTheme(s.theme)} />
        ) : Step ? (
          <Step state={state} site={site} dispatch={dispatch} saveSite={saveSite} />
        ) : (
          <NotBuilt step={entry} />
        )}
      </main>
    </div>
  );
}
