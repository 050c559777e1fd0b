/**
 * The Boot media step: the installer ISO (chosen, read, hashed), what each host needs before anything is
 * built (the preflight), the root password (twice, ESXi's rules live), where the image goes (sticks and/or
 * an image file), then one job in main — build, write, verify, record — mirrored here with live progress.
 * What was chosen is kept in the per-site store (renderer/state/site-store.ts) across steps and reloads;
 * the password in memory only.
 */
import { ErrorBanner } from '../../components/error-banner';
import { Field } from '../../components/field';
import { FormActions, FormGrid } from '../../components/form-grid';
import type { StepProps } from '../types';
import { AuditSection } from './audit-section';
import { DriveList } from './drive-list';
import { HostCard } from './host-card';
import { IsoSection } from './iso-section';
import { hostsMissingDriver } from './media-model';
import { ALL_HOSTS, type Scheme } from './media-state';
import { PasswordFields } from './password-fields';
import { PowerCliScript } from './powercli-script';
import { LastRunView, RunProgressView } from './stick-progress';
import { useMediaStep } from './use-media-step';
import './media-step.css';

export function MediaStep(props: StepProps) {
  return props.site ? <MediaStepBody {...props} site={props.site} /> : null;
}

function MediaStepBody({ site, dispatch: wizard }: StepProps & { readonly site: NonNullable<StepProps['site']> }) {
  const model = useMediaStep(site);
  const { m, dispatch, hosts, pre, preError, running, problems, error } = model;
  const busy = running !== undefined;
  const missing = hostsMissingDriver(pre);
  const wrote = m.last !== undefined && !m.last.error && m.last.sticks.length > 0 && m.last.sticks.every((s) => s.verified);
  const start = async () => {
    const reloaded = await model.start();
    if (reloaded) wizard({ type: 'site-saved', site: reloaded.site, path: reloaded.path, savedAt: reloaded.updatedAt, revision: reloaded.revision });
  };
  const count = m.devices.length + (m.imageFile.enabled ? 1 : 0);

  return (
    <section className="panel" aria-labelledby="media-title">
      <div className="panel-head">
        <h2 id="media-title" tabIndex={-1}>
          Boot media — {site.metadata.name}
        </h2>
      </div>
      {error && <ErrorBanner error={error} onDismiss={() => model.setError(undefined)} />}

      <IsoSection model={model} disabled={busy} />

      <fieldset className="media-block" disabled={busy}>
        <legend>Hosts on this stick</legend>
        <FormGrid columns={2}>
          <Field label="Stick for" hint={m.scope === ALL_HOSTS ? 'One stick for every host: each picks its kickstart by its MAC address.' : 'One stick per host; write the next host afterwards.'}>
            {(p) => (
              <select {...p} value={m.scope} onChange={(e) => dispatch({ type: 'scope', scope: e.target.value })}>
                {hosts.map((h) => (
                  <option key={h} value={h}>
                    {h}
                  </option>
                ))}
                {hosts.length > 1 && <option value={ALL_HOSTS}>All hosts ({hosts.join(', ')})</option>}
              </select>
            )}
          </Field>
          <Field label="Partition layout" hint="MBR suits most hosts; GPT for firmware that insists on it.">
            {(p) => (
              <select {...p} value={m.scheme} onChange={(e) => dispatch({ type: 'scheme', scheme: e.target.value as Scheme })}>
                <option value="mbr">MBR, FAT32 (0x0C)</option>
                <option value="mbr-ef">MBR, EFI system partition (0xEF)</option>
                <option value="gpt">GPT with an EFI system partition</option>
              </select>
            )}
          </Field>
        </FormGrid>
        <h3>Before anything is built</h3>
        {preError && <ErrorBanner error={preError} />}
        {!pre && !preError && <p className="muted">{model.checking ? 'Checking what each host needs…' : 'Choose the ISO to see what each host needs.'}</p>}
        {pre && (
          <ul className="host-cards" aria-label="What each host needs">
            {pre.hosts.map((h) => (
              <HostCard key={h.host} host={h} />
            ))}
          </ul>
        )}
        {missing.length > 0 && (
          <label className="check banner banner-warn">
            <input type="checkbox" checked={m.driverOverride} onChange={(e) => dispatch({ type: 'driver-override', on: e.target.checked })} />
            <span>
              I understand that {missing.join(' and ')} will install without a driver for {missing.length === 1 ? 'its' : 'their'} network card, and that this is recorded as an open item in
              the site report.
            </span>
          </label>
        )}
        {pre?.script && <PowerCliScript script={pre.script} siteId={site.metadata.id} iso={m.iso.trim()} scope={model.scopeRequest} />}
      </fieldset>

      <fieldset className="media-block" disabled={busy}>
        <legend>Root password for the hosts</legend>
        <PasswordFields password={m.password} confirm={m.confirm} onChange={(p) => dispatch({ type: 'password', ...p })} />
      </fieldset>

      <DriveList model={model} disabled={busy} />

      <div className="media-start">
        {problems.length > 0 && !busy && (
          <ul className="media-problems" aria-label="Before you can start">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
        <FormActions
          danger={
            busy ? (
              <button type="button" className="btn btn-danger" onClick={() => void model.cancel()}>
                Cancel writing
              </button>
            ) : undefined
          }
        >
          <button type="button" className={`btn${wrote ? '' : ' btn-primary'}`} onClick={() => void start()} disabled={problems.length > 0 || busy}>
            {busy ? 'Building and writing…' : `Build and write ${count > 1 ? `${count} targets` : count === 1 && m.imageFile.enabled && m.devices.length === 0 ? 'the image file' : 'the stick'}`}
          </button>
        </FormActions>
      </div>

      {running && <RunProgressView running={running} />}
      {m.last && !running && <LastRunView last={m.last} />}

      <AuditSection model={model} />

      <div className="next-step">
        <button type="button" className={`btn${wrote ? ' btn-primary' : ''}`} onClick={() => wizard({ type: 'next' })} disabled={busy}>
          Next: Git
        </button>
      </div>
    </section>
  );
}
