/** The wizard shell: sidebar of steps, the current step, and the keyboard/undo-safe navigation. */
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { ErrorBanner } from './components/error-banner';
import { formatRoute, parseRoute } from './state/route';
import { SiteStoreProvider } from './state/site-store-context';
import type { AppError } from '../main/core/result';
import type { Site, SiteInput } from '../main/core/site/schema';
import type { AppInfo } from '../main/ipc/channels/app';
import { sitekit } from './api/client';
import { NotBuilt } from './components/not-built';
import { blockedReason, initialWizard, wizardReducer } from './state/wizard';
import { UnsavedGuardProvider, type StepGuard } from './state/unsaved';
import { LeaveDialog, UnsavedBar } from './components/unsaved-changes';
import { stepInfo } from './state/steps';
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
  const [routeError, setRouteError] = useState<AppError | undefined>();
  const initialRoute = useRef(parseRoute(window.location.hash));
  // While the site named in the address is being loaded (a reload), the route is not written back.
  const [opening, setOpening] = useState(Boolean(initialRoute.current.siteId));
  const mainRef = useRef<HTMLElement>(null);
  // What Save and Discard mean for the step shown (registered by the step, state/unsaved.tsx).
  const guardRef = useRef<StepGuard | undefined>(undefined);
  const [hasGuard, setHasGuard] = useState(false);
  const registerGuard = useCallback((g: StepGuard | undefined) => {
    guardRef.current = g;
    setHasGuard(g !== undefined);
  }, []);
  const [saving, setSaving] = useState(false);
  const [unsavedNote, setUnsavedNote] = useState('');
  const stateRef = useRef(state);
  stateRef.current = state;
  const site = state.session.kind === 'open' ? state.session.site : undefined;
  const siteId = site?.metadata.id;

  useEffect(() => {
    void sitekit.app.info({}).then((r) => r.ok && setInfo(r.value));
    void sitekit.settings.get({}).then((r) => r.ok && applyTheme(r.value.theme));
  }, []);

  /** Opens the site an address names (reload, Back/Forward); the start screen says so when it cannot. */
  const openFromRoute = useCallback(async (id: string, step: ReturnType<typeof parseRoute>['step']) => {
    setOpening(true);
    const r = await sitekit.site.load({ id });
    if (r.ok) {
      dispatch({ type: 'site-opened', site: r.value.site, path: r.value.path, savedAt: r.value.updatedAt, revision: r.value.revision });
      dispatch({ type: 'go', step });
      setRouteError(undefined);
    } else {
      setRouteError({ ...r.error, message: `The site "${id}" named in the address could not be opened: ${r.error.message}` });
      window.history.replaceState(null, '', formatRoute({ step: 'site' }));
    }
    setOpening(false);
  }, []);

  useEffect(() => {
    const { siteId: id, step } = initialRoute.current;
    if (id) void openFromRoute(id, step);
  }, [openFromRoute]);

  // The address follows the wizard: a new history entry per step, so Back returns to the previous step.
  useEffect(() => {
    if (opening) return;
    const hash = formatRoute({ siteId, step: state.step });
    if (window.location.hash === hash) return;
    if (!window.location.hash || window.location.hash === '#') window.history.replaceState(null, '', hash);
    else window.history.pushState(null, '', hash);
  }, [siteId, state.step, opening]);

  // Back/Forward (or an edited address): follow it when the wizard may move, else put the address back.
  useEffect(() => {
    const onHash = () => {
      const route = parseRoute(window.location.hash);
      const now = stateRef.current;
      const openId = now.session.kind === 'open' ? now.session.site.metadata.id : undefined;
      const here = formatRoute({ siteId: openId, step: now.step });
      if (route.siteId === openId) {
        if (route.step === now.step) return;
        if (blockedReason(now, route.step) !== undefined || now.dirty) window.history.replaceState(null, '', here);
        if (blockedReason(now, route.step) === undefined) {
          setShowSettings(false);
          // With unsaved edits this asks first (the leave dialog); the address follows once the choice is made.
          dispatch({ type: 'go', step: route.step });
        }
        return;
      }
      if (now.dirty) {
        window.history.replaceState(null, '', here);
        dispatch({ type: 'leave', to: route });
        return;
      }
      if (!route.siteId) dispatch({ type: 'site-closed' });
      else void openFromRoute(route.siteId, route.step);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [openFromRoute]);

  // A step opens at its top, with the focus on its heading.
  useEffect(() => {
    if (mainRef.current) mainRef.current.scrollTop = 0;
    mainRef.current?.querySelector<HTMLElement>('h2')?.focus();
  }, [state.step]);

  // One identity: the first time a site with a technician is opened and Settings name nobody, that
  // technician becomes the one in Settings (and so the Git author).
  useEffect(() => {
    const technician = site?.metadata.technician?.trim();
    if (!technician) return;
    void sitekit.settings.get({}).then((r) => {
      if (r.ok && !r.value.technician.name.trim()) void sitekit.settings.set({ settings: { ...r.value, technician: { ...r.value.technician, name: technician } } });
    });
  }, [site?.metadata.technician]);

  // Edits saved or discarded after asking to leave for another site or the start screen: go there now
  // (a step of this site is followed by the reducer itself).
  useEffect(() => {
    const to = state.leaving;
    if (state.dirty || !to) return;
    dispatch({ type: 'stay' });
    if (!to.siteId) dispatch({ type: 'site-closed' });
    else if (to.siteId !== siteId) void openFromRoute(to.siteId, to.step);
  }, [state.dirty, state.leaving, siteId, openFromRoute]);

  useEffect(() => setUnsavedNote(''), [state.dirty, state.step]);

  /** Saves the step's edits through the step's own Save; false when they were not saved (the step shows why). */
  const saveEdits = async (): Promise<boolean> => {
    const guard = guardRef.current;
    if (!guard) return false;
    setSaving(true);
    const saved = await guard.save().catch(() => false);
    setSaving(false);
    if (!saved) setUnsavedNote('Not saved: the step shows what to fix.');
    return saved;
  };
  const discardEdits = () => {
    guardRef.current?.discard();
    dispatch({ type: 'discarded' });
  };

  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (state.dirty) e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [state.dirty]);

  // A save of a copy that is no longer the saved one is refused by main (site:save's baseRevision); the
  // technician then chooses: reload the saved version, or keep theirs as a copy under another id.
  const [conflict, setConflict] = useState<{ readonly error: AppError; readonly mine: Site | SiteInput } | undefined>();
  const [copyNote, setCopyNote] = useState<string | undefined>();
  // Bumped when the saved version is reloaded: the step is mounted again, so its form shows that version.
  const [reloads, setReloads] = useState(0);

  const saveSite = useCallback(async (next: Site | SiteInput): Promise<AppError | undefined> => {
    const now = stateRef.current.session;
    const baseRevision = now.kind === 'open' && now.site.metadata.id === next.metadata.id ? now.revision : undefined;
    const r = await sitekit.site.save({ site: next, ...(baseRevision ? { baseRevision } : {}) });
    if (!r.ok) {
      if (r.error.code === 'conflict' && r.error.details?.mineFile) setConflict({ error: r.error, mine: next });
      return r.error;
    }
    setConflict(undefined);
    dispatch({ type: 'site-saved', site: r.value.site, path: r.value.path, savedAt: r.value.updatedAt, revision: r.value.revision });
    return undefined;
  }, []);

  const reloadSaved = useCallback(async (): Promise<void> => {
    const now = stateRef.current.session;
    if (now.kind !== 'open') return;
    const r = await sitekit.site.load({ id: now.site.metadata.id });
    if (!r.ok) return setRouteError(r.error);
    dispatch({ type: 'site-opened', site: r.value.site, path: r.value.path, savedAt: r.value.updatedAt, revision: r.value.revision });
    setConflict(undefined);
    setReloads((n) => n + 1);
  }, []);

  /** Saves the technician's version as a new draft (no records: it has done nothing yet), then reloads the saved one. */
  const keepMineAsCopy = useCallback(async (): Promise<void> => {
    if (!conflict) return;
    const { mine } = conflict;
    const base = mine.metadata.id.slice(0, 50);
    const stamp = new Date().toISOString().slice(11, 16).replace(':', '');
    const copy = { ...mine, metadata: { ...mine.metadata, id: `${base}-copy-${stamp}`, name: `${mine.metadata.name} (my copy)`.slice(0, 120) }, records: undefined };
    const r = await sitekit.site.save({ site: copy });
    if (!r.ok) return setConflict({ ...conflict, error: r.error });
    setCopyNote(`Your version is saved as the draft "${r.value.site.metadata.id}" (${r.value.site.metadata.name}); open it from the site list.`);
    await reloadSaved();
  }, [conflict, reloadSaved]);

  const entry = STEP_REGISTRY.find((s) => s.id === state.step) ?? STEP_REGISTRY[0]!;
  const Step = entry.component;
  const stepTitle = site ? entry.title : 'the new site';
  const leaving = state.leaving;
  const destination = !leaving
    ? ''
    : !leaving.siteId
      ? 'the list of sites'
      : leaving.siteId !== siteId
        ? `site ${leaving.siteId}`
        : stepInfo(leaving.step).title;

  const openSettings = () => setShowSettings(true);
  // The per-site store stays mounted while Settings shows, so nothing typed in a step is lost by a look there.
  const body = opening ? (
    <p className="panel muted" role="status">
      Opening the site…
    </p>
  ) : showSettings ? (
    <SettingsView onClose={() => setShowSettings(false)} onSaved={(s) => applyTheme(s.theme)} />
  ) : Step ? (
    <Step key={reloads} state={state} site={site} dispatch={dispatch} saveSite={saveSite} openSettings={openSettings} />
  ) : (
    <NotBuilt step={entry} />
  );

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
            <button type="button" className="btn btn-quiet" onClick={() => dispatch(state.dirty ? { type: 'leave', to: { step: 'site' } } : { type: 'site-closed' })}>
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
                  title={blocked && !current ? blocked : state.dirty && !current ? `${s.summary} (asks to save or discard this step's changes first)` : s.summary}
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
        {state.dirty && !showSettings && (
          <UnsavedBar stepTitle={stepTitle} onSave={hasGuard ? () => void saveEdits() : undefined} onDiscard={discardEdits} busy={saving} note={unsavedNote} />
        )}
        {routeError && !site && <ErrorBanner error={routeError} onDismiss={() => setRouteError(undefined)} />}
        {conflict && site && (
          <div className="banner banner-warn" role="region" aria-label="Save conflict">
            <strong className="banner-title">This site was saved elsewhere since you opened it; your change was not saved. Choose what to do with it:</strong>
            <p className="banner-hint">
              <button type="button" className="btn" onClick={() => void reloadSaved()}>
                Reload the saved version
              </button>{' '}
              <button type="button" className="btn btn-quiet" onClick={() => void keepMineAsCopy()}>
                Keep mine as a copy
              </button>
            </p>
          </div>
        )}
        {copyNote && (
          <p className="banner banner-info" role="status">
            {copyNote}{' '}
            <button type="button" className="btn btn-quiet" onClick={() => setCopyNote(undefined)}>
              Dismiss
            </button>
          </p>
        )}
        <UnsavedGuardProvider register={registerGuard}>
          <SiteStoreProvider site={site}>{body}</SiteStoreProvider>
        </UnsavedGuardProvider>
        {leaving && state.dirty && (
          <LeaveDialog
            stepTitle={stepTitle}
            destination={destination}
            busy={saving}
            onSave={
              hasGuard
                ? () =>
                    void saveEdits().then((saved) => {
                      if (!saved) dispatch({ type: 'stay' });
                    })
                : undefined
            }
            onDiscard={discardEdits}
            onStay={() => dispatch({ type: 'stay' })}
          />
        )}
      </main>
    </div>
  );
}
