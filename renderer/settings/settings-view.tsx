/** Settings: technician, Git identity, workspace folder, default release, theme. */
import { useEffect, useState, type FormEvent } from 'react';
import type { AppError } from '../../main/core/result';
import { RELEASES } from '../../main/core/site/schema';
import type { Settings } from '../../main/core/settings';
import { sitekit } from '../api/client';
import { ErrorBanner } from '../components/error-banner';
import { Field } from '../components/field';
import { PathField } from '../components/path-field';
import { FormActions, FormGrid } from '../components/form-grid';

const EMAIL = /^[^\s@]+@[^\s@]+$/;

export function SettingsView({ onClose, onSaved }: { readonly onClose: () => void; readonly onSaved: (s: Settings) => void }) {
  const [settings, setSettings] = useState<Settings | undefined>();
  const [error, setError] = useState<AppError | undefined>();
  const [note, setNote] = useState('');

  useEffect(() => {
    void sitekit.settings.get({}).then((r) => (r.ok ? setSettings(r.value) : setError(r.error)));
  }, []);

  useEffect(() => {
    // Escape closes Settings, unless it is closing a file chooser opened from here.
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && !document.querySelector('dialog[open]') && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  if (!settings) return <section className="panel">{error ? <ErrorBanner error={error} /> : <p className="muted">Loading settings…</p>}</section>;

  const set = (patch: (s: Settings) => Settings) => {
    setSettings(patch(settings));
    setNote('');
  };
  const emailError = (v: string) => (v && !EMAIL.test(v) ? 'must be an email address such as ana@example.com' : undefined);
  const invalid = Boolean(emailError(settings.technician.email) || emailError(settings.git.email));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (invalid) return;
    const r = await sitekit.settings.set({ settings });
    if (r.ok) {
      setNote('Settings saved.');
      onSaved(r.value);
    } else setError(r.error);
  };

  return (
    <form className="panel" aria-labelledby="settings-title" onSubmit={(e) => void submit(e)} noValidate>
      <div className="panel-head">
        <h2 id="settings-title" tabIndex={-1}>
          Settings
        </h2>
        <button type="button" className="btn btn-quiet" onClick={onClose}>
          Close settings
        </button>
      </div>
      {error && <ErrorBanner error={error} onDismiss={() => setError(undefined)} />}
      <fieldset>
        <legend>Technician</legend>
        <p className="muted">The technician is the author of every Git commit Sitekit makes, and signs the handover report.</p>
        <FormGrid columns={2}>
          <Field label="Technician name">{(a) => <input {...a} value={settings.technician.name} onChange={(e) => set((s) => ({ ...s, technician: { ...s.technician, name: e.target.value } }))} />}</Field>
          <Field label="Technician email" error={emailError(settings.technician.email)}>
            {(a) => <input {...a} type="email" value={settings.technician.email} onChange={(e) => set((s) => ({ ...s, technician: { ...s.technician, email: e.target.value } }))} />}
          </Field>
        </FormGrid>
      </fieldset>
      <fieldset>
        <legend>Git identity</legend>
        <FormGrid columns={2}>
          <Field label="Commit author name" hint="Empty: the technician name.">
            {(a) => <input {...a} value={settings.git.name} onChange={(e) => set((s) => ({ ...s, git: { ...s.git, name: e.target.value } }))} />}
          </Field>
          <Field label="Commit author email" hint="Empty: the technician email." error={emailError(settings.git.email)}>
            {(a) => <input {...a} type="email" value={settings.git.email} onChange={(e) => set((s) => ({ ...s, git: { ...s.git, email: e.target.value } }))} />}
          </Field>
        </FormGrid>
      </fieldset>
      <fieldset>
        <legend>Defaults</legend>
        <FormGrid columns={1}>
          <PathField label="Workspace folder" value={settings.workspace} onChange={(p) => set((s) => ({ ...s, workspace: p }))} filter="folder" chooserTitle="Choose the workspace folder" hint="Empty: the default folder in your user data. Takes effect at the next start." />
        </FormGrid>
        <FormGrid columns={2}>
          <Field label="Default ESXi / ECS release">
            {(a) => (
              <select {...a} value={settings.defaultRelease} onChange={(e) => set((s) => ({ ...s, defaultRelease: e.target.value as Settings['defaultRelease'] }))}>
                {RELEASES.map((r) => (
                  <option key={r} value={r}>
                    ESXi {r}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Theme" hint="System follows the operating system.">
            {(a) => (
              <select {...a} value={settings.theme} onChange={(e) => set((s) => ({ ...s, theme: e.target.value as Settings['theme'] }))}>
                <option value="system">System</option>
                <option value="light">Light</option>
                <option value="dark">Dark</option>
              </select>
            )}
          </Field>
        </FormGrid>
      </fieldset>
      <FormActions status={note}>
        <button type="submit" className="btn btn-primary" disabled={invalid}>
          Save settings
        </button>
      </FormActions>
    </form>
  );
}
