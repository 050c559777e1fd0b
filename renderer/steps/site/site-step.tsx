/**
 * The Site step: the start screen (open a draft or create a site) and the site form with field validation.
 * Drafts are saved in the workspace by the main side; reopening the app lists them again.
 */
import { Fragment, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { AppError } from '../../../main/core/result';
import type { SiteSummary } from '../../../main/core/site/draft';
import { RELEASES, type Release } from '../../../main/core/site/schema';
import { sitekit } from '../../api/client';
import { ErrorBanner } from '../../components/error-banner';
import { Field } from '../../components/field';
import { FleetView } from '../../fleet/fleet-view';
import { FormActions, FormGrid } from '../../components/form-grid';
import { useUnsavedGuard } from '../../state/unsaved';
import type { StepProps } from '../types';
import { emptyForm, formFromSite, siteFromForm, slugify, validateForm, withTopology, type SiteForm } from './site-form';

/** Names of the form's fields in the error summary. */
const FIELD_NAMES: Record<string, string> = {
  name: 'Site name',
  id: 'Site id',
  location: 'Location',
  technician: 'Technician',
  topology: 'Topology',
  subnet: 'Subnet (CIDR)',
  gateway: 'Gateway',
  vlan: 'Management VLAN',
  dns: 'DNS servers',
  domain: 'DNS domain',
  ntp: 'NTP servers',
};
const fieldName = (field: string): string => {
  const m = /^hosts\.(\d+)\.(name|ip)$/.exec(field);
  return m ? `Host ${Number(m[1]) + 1} ${m[2] === 'ip' ? 'management IP' : 'name'}` : field;
};

export function SiteStep(props: StepProps) {
  const [creating, setCreating] = useState(false);
  if (!props.site && !creating) return <StartScreen {...props} onNew={() => setCreating(true)} />;
  return <SiteFormView {...props} onCancel={() => setCreating(false)} />;
}

function StartScreen({ dispatch, onNew }: StepProps & { readonly onNew: () => void }) {
  const [sites, setSites] = useState<readonly SiteSummary[] | undefined>();
  const [error, setError] = useState<AppError | undefined>();

  useEffect(() => {
    void sitekit.site.list({}).then((r) => (r.ok ? setSites(r.value) : setError(r.error)));
  }, []);

  const open = async (id: string) => {
    const r = await sitekit.site.load({ id });
    if (r.ok) dispatch({ type: 'site-opened', site: r.value.site, path: r.value.path, savedAt: r.value.updatedAt, revision: r.value.revision });
    else setError(r.error);
  };

  return (
    <section className="panel" aria-labelledby="start-title">
      <div className="panel-head">
        <h2 id="start-title">Sites in this workspace</h2>
        <button type="button" className="btn btn-primary" onClick={onNew}>
          New site
        </button>
      </div>
      {error && <ErrorBanner error={error} onDismiss={() => setError(undefined)} />}
      {sites === undefined && !error && <p className="muted">Loading drafts…</p>}
      {sites && sites.length === 0 && <p className="muted">No sites yet. Create the first one with “New site”.</p>}
      {sites && sites.length > 0 && (
        <ul className="site-list" aria-label="Saved sites">
          {sites.map((s) => (
            <li key={s.id}>
              <button type="button" className="site-card" onClick={() => void open(s.id)} aria-describedby={s.error ? `err-${s.id}` : undefined}>
                <span className="site-card-name">{s.name}</span>
                <span className="mono muted">{s.id}</span>
                <span className="muted">
                  {s.topology === 'two-node' ? 'Two-node' : 'One-node'} · {s.hosts.join(', ') || 'no hosts'} · saved {new Date(s.updatedAt).toLocaleString()}
                </span>
                {s.error && (
                  <span id={`err-${s.id}`} className="field-error">
                    <span aria-hidden="true">✕ </span>Does not load: {s.error}
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
      )}
      <FleetView onOpened={(d) => dispatch({ type: 'site-opened', site: d.site, path: d.path, savedAt: d.updatedAt, revision: d.revision })} />
    </section>
  );
}

function SiteFormView({ site, state, dispatch, saveSite, onCancel }: StepProps & { readonly onCancel: () => void }) {
  const [form, setForm] = useState<SiteForm>(() => (site ? formFromSite(site) : emptyForm()));
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<AppError | undefined>();
  const [savedNote, setSavedNote] = useState('');
  const summaryRef = useRef<HTMLDivElement>(null);
  const [focusSummary, setFocusSummary] = useState(0);

  useEffect(() => {
    if (site) return;
    void sitekit.settings.get({}).then((r) => {
      if (r.ok) setForm((f) => ({ ...f, release: r.value.defaultRelease, technician: f.technician || r.value.technician.name }));
    });
  }, [site]);

  const errors = useMemo(() => validateForm(form, site), [form, site]);
  const show = (field: string): string | undefined => (submitted || touched.has(field) ? errors[field] : undefined);

  const update = (patch: Partial<SiteForm>, field?: string) => {
    setForm((f) => {
      const next = { ...f, ...patch };
      if (patch.name !== undefined && !f.idTouched) return { ...next, id: slugify(patch.name) };
      return next;
    });
    if (field) setTouched((t) => new Set(t).add(field));
    setSavedNote('');
    dispatch({ type: 'edited' });
  };
  const updateHost = (i: number, patch: Partial<SiteForm['hosts'][number]>, field: string) =>
    update({ hosts: form.hosts.map((h, n) => (n === i ? { ...h, ...patch } : h)) }, field);

  /** Saves the form; false when it was not saved (the summary at the top says why). */
  const save = async (): Promise<boolean> => {
    setSubmitted(true);
    if (Object.keys(errors).length > 0) {
      // A failed save moves the focus (and the view) to the summary, which links to each field.
      setFocusSummary((n) => n + 1);
      return false;
    }
    setSaving(true);
    const failure = await saveSite(siteFromForm(form, site));
    setSaving(false);
    setError(failure);
    if (failure) setFocusSummary((n) => n + 1);
    if (!failure) setSavedNote(`Saved draft “${form.name}” in the workspace.`);
    return !failure;
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save();
  };
  // Save and Discard from the shell's unsaved-changes bar and leave dialog.
  useUnsavedGuard({
    save,
    discard: () => {
      setForm(site ? formFromSite(site) : emptyForm());
      setTouched(new Set());
      setSubmitted(false);
      setError(undefined);
    },
  });

  useEffect(() => {
    if (focusSummary === 0) return;
    summaryRef.current?.focus();
    summaryRef.current?.scrollIntoView({ block: 'nearest' });
  }, [focusSummary]);

  const focusField = (field: string) => {
    const name = field.startsWith('hosts.') ? `host-${field.split('.')[1]}-${field.split('.')[2]}` : field;
    document.querySelector<HTMLElement>(`[name="${name}"]`)?.focus();
  };

  // No placeholders: an example in the field looks like a value already typed; examples go in the hint.
  const text = (field: keyof SiteForm & string, label: string, hint?: string) => (
    <Field label={label} error={show(field)} hint={hint}>
      {(a) => <input {...a} name={field} value={String(form[field])} onChange={(e) => update({ [field]: e.target.value } as Partial<SiteForm>, field)} onBlur={() => setTouched((t) => new Set(t).add(field))} />}
    </Field>
  );

  return (
    <form className="panel" aria-labelledby="site-title" onSubmit={submit} noValidate>
      <div className="panel-head">
        <h2 id="site-title">{site ? `Site — ${site.metadata.name}` : 'New site'}</h2>
        {!site && (
          <button type="button" className="btn btn-quiet" onClick={onCancel}>
            Back to sites
          </button>
        )}
      </div>
      <div ref={summaryRef} tabIndex={-1} className="error-summary">
        {error && <ErrorBanner error={error} onDismiss={() => setError(undefined)} />}
        {submitted && Object.keys(errors).length > 0 && (
          <div className="banner banner-error" role="alert">
            <strong className="banner-title">
              <span aria-hidden="true">⚠ </span>
              {Object.keys(errors).length} field{Object.keys(errors).length === 1 ? ' needs' : 's need'} attention before the site can be saved.
            </strong>
            <ul className="banner-issues">
              {Object.entries(errors).map(([field, message]) => (
                <li key={field}>
                  <button type="button" className="btn-link" onClick={() => focusField(field)}>
                    {FIELD_NAMES[field] ?? fieldName(field)}
                  </button>
                  : {message}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
      <fieldset>
        <legend>Identity</legend>
        <FormGrid columns={2}>
          {text('name', 'Site name', 'As the customer calls it, e.g. “Store 0421 Leeds”.')}
          <Field label="Site id" error={show('id')} hint="Folder and repo path name; lower-case letters, digits and hyphens.">
            {(a) => <input {...a} name="id" className="mono" value={form.id} readOnly={Boolean(site)} onChange={(e) => update({ id: e.target.value, idTouched: true }, 'id')} />}
          </Field>
          {text('location', 'Location (optional)', 'Address, room, rack.')}
          {text('technician', 'Technician (optional)', 'Becomes the technician in Settings (and the Git author) if none is set there.')}
        </FormGrid>
      </fieldset>
      <fieldset>
        <legend>Topology and release</legend>
        <FormGrid columns={2}>
          <div className="field" role="radiogroup" aria-labelledby="topo-label">
            <span id="topo-label" className="label">Topology</span>
            <div className="field-control radio-row">
              {(['one-node', 'two-node'] as const).map((t) => (
                <label key={t} className="radio">
                  <input type="radio" name="topology" value={t} checked={form.topology === t} onChange={() => update(withTopology(form, t), 'topology')} />
                  {t === 'one-node' ? 'One node' : 'Two nodes'}
                </label>
              ))}
            </div>
            <div className="field-notes">{show('topology') && <small className="field-error">{show('topology')}</small>}</div>
          </div>
          <Field label="ESXi / ECS release" hint="Sets which drivers and Fling builds apply.">
            {(a) => (
              <select {...a} name="release" value={form.release} onChange={(e) => update({ release: e.target.value as Release }, 'release')}>
                {RELEASES.map((r) => (
                  <option key={r} value={r}>
                    ESXi {r}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </FormGrid>
      </fieldset>
      <fieldset>
        <legend>Management network</legend>
        <FormGrid columns={3}>
          {text('subnet', 'Subnet (CIDR)', 'For example 192.168.10.0/24')}
          {text('gateway', 'Gateway', 'An address inside the subnet, for example 192.168.10.1')}
          {text('vlan', 'Management VLAN', '0 means untagged.')}
        </FormGrid>
        <FormGrid columns={2}>
          {form.hosts.map((h, i) => (
            <Fragment key={i}>
              <Field label={`Host ${i + 1} name`} error={show(`hosts.${i}.name`)}>
                {(a) => <input {...a} name={`host-${i}-name`} value={h.name} onChange={(e) => updateHost(i, { name: e.target.value }, `hosts.${i}.name`)} />}
              </Field>
              <Field label={`Host ${i + 1} management IP`} error={show(`hosts.${i}.ip`)} hint={i === 0 ? 'In the management subnet' : `Not the same as host ${i}`}>
                {(a) => <input {...a} name={`host-${i}-ip`} value={h.ip} onChange={(e) => updateHost(i, { ip: e.target.value }, `hosts.${i}.ip`)} />}
              </Field>
            </Fragment>
          ))}
        </FormGrid>
      </fieldset>
      <fieldset>
        <legend>DNS and time</legend>
        <FormGrid columns={3}>
          {text('dns', 'DNS servers', 'Up to three, separated by commas.')}
          {text('domain', 'DNS domain (optional)', 'For example store0421.example.com')}
          {text('ntp', 'NTP servers', 'Host names or IPs, separated by commas.')}
        </FormGrid>
      </fieldset>
      <FormActions status={savedNote}>
        <button type="submit" className={`btn${site && !state.dirty ? '' : ' btn-primary'}`} disabled={saving}>
          {saving ? 'Saving…' : 'Save draft'}
        </button>
        {site && (
          <button type="button" className={`btn${state.dirty ? '' : ' btn-primary'}`} disabled={state.dirty} onClick={() => dispatch({ type: 'next' })}>
            Next: Hardware
          </button>
        )}
      </FormActions>
    </form>
  );
}
