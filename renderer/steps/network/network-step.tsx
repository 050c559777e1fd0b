/**
 * The Network & workloads step: per-host management address, uplinks, vSwitches (MTU, teaming, security)
 * and port groups with VLANs, PTP; the settings every host applies (host-settings-section.tsx); then the
 * workloads (workloads-section.tsx). Edits are a draft, validated against the site schema as you type, and
 * saved as a whole.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { AppError } from '../../../main/core/result';
import { isInstallDefaultVSwitch0 } from '../../../main/core/manifests/profiles';
import type { Host, Site } from '../../../main/core/site/schema';
import { ErrorBanner } from '../../components/error-banner';
import { Field } from '../../components/field';
import { useUnsavedGuard } from '../../state/unsaved';
import type { StepProps } from '../types';
import type { DraftProps } from './draft-props';
import { HostSettingsSection } from './host-settings-section';
import { WorkloadsSection } from './workloads-section';
import {
  draftIssues,
  newSwitch,
  numberValue,
  removeAt,
  replaceAt,
  setUplinkRole,
  updateHost,
  updateSwitch,
  uplinkChoices,
  uplinkRole,
  type UplinkRole,
} from './network-form';
import './network-step.css';

export function NetworkStep({ site, dispatch, saveSite, state }: StepProps) {
  const [draft, setDraft] = useState<Site | undefined>(site);
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<AppError | undefined>();
  const [note, setNote] = useState('');

  useEffect(() => {
    if (!state.dirty) setDraft(site);
  }, [site, state.dirty]);

  const issues = useMemo(() => (draft ? draftIssues(draft) : new Map<string, string>()), [draft]);

  /** Saves the draft; false when it was not saved (the banner at the top says why). */
  const save = async (): Promise<boolean> => {
    if (!draft) return false;
    setSubmitted(true);
    if (issues.size > 0) {
      document.querySelector<HTMLElement>('.network-step [aria-invalid="true"]')?.focus();
      return false;
    }
    setSaving(true);
    const failure = await saveSite(draft);
    setSaving(false);
    setError(failure);
    if (!failure) setNote('Saved. The Review step shows the files this generates.');
    return !failure;
  };
  const discard = () => {
    setDraft(site);
    setSubmitted(false);
  };
  // Save and Discard from the shell's unsaved-changes bar and leave dialog.
  useUnsavedGuard({ save, discard });
  if (!draft || !site) return <p className="panel">Open a site first.</p>;

  const edit = (fn: (s: Site) => Site) => {
    setDraft((d) => (d ? fn(d) : d));
    setNote('');
    dispatch({ type: 'edited' });
  };
  const issue = (path: string) => issues.get(path);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save();
  };

  return (
    <form className="panel network-step" aria-labelledby="network-title" onSubmit={submit} noValidate>
      <div className="panel-head">
        <h2 id="network-title" tabIndex={-1}>
          Network &amp; workloads — {site.metadata.name}
        </h2>
      </div>
      {error && <ErrorBanner error={error} onDismiss={() => setError(undefined)} />}
      {submitted && issues.size > 0 && (
        <div className="banner banner-error" role="alert">
          <strong className="banner-title">
            <span aria-hidden="true">⚠ </span>
            {issues.size} field{issues.size === 1 ? ' needs' : 's need'} attention before the site can be saved.
          </strong>
          <ul className="banner-issues">
            {[...issues].slice(0, 12).map(([p, m]) => (
              <li key={p}>
                <span className="mono">{p}</span> {m}
              </li>
            ))}
          </ul>
        </div>
      )}
      {draft.spec.hosts.map((h, i) => (
        <HostNetwork key={i} host={h} index={i} draft={draft} edit={edit} issue={issue} />
      ))}
      <HostSettingsSection draft={draft} edit={edit} issue={issue} />
      <WorkloadsSection draft={draft} edit={edit} issue={issue} />
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save network and workloads'}
        </button>
        {state.dirty && (
          <button
            type="button"
            className="btn"
            onClick={() => {
              discard();
              dispatch({ type: 'discarded' });
            }}
          >
            Discard changes
          </button>
        )}
        <button type="button" className="btn" disabled={state.dirty} onClick={() => dispatch({ type: 'go', step: 'review' })}>
          Next: Review
        </button>
        <span className="muted" role="status" aria-live="polite">
          {note}
        </span>
      </div>
    </form>
  );
}

function HostNetwork({ host, index, draft, edit, issue }: DraftProps & { readonly host: Host; readonly index: number }) {
  const base = `spec.hosts[${index}]`;
  const choices = uplinkChoices(host);
  const setHost = (fn: (h: Host) => Host) => edit((s) => updateHost(s, index, fn));
  void draft;
  return (
    <fieldset className="host-net" aria-labelledby={`host-${index}-legend`}>
      <legend id={`host-${index}-legend`}>Host {host.name}</legend>
      <div className="grid-3">
        <Field label={`${host.name} management address`} hint="Static (recommended) or DHCP.">
          {(a) => (
            <select {...a} value={host.management.mode} onChange={(e) => setHost((h) => ({ ...h, management: { ...h.management, mode: e.target.value as 'static' | 'dhcp' } }))}>
              <option value="static">Static</option>
              <option value="dhcp">DHCP</option>
            </select>
          )}
        </Field>
        <Field label={`${host.name} management IP`} error={issue(`${base}.management.ip`)}>
          {(a) => <input {...a} value={host.management.ip ?? ''} disabled={host.management.mode === 'dhcp'} onChange={(e) => setHost((h) => ({ ...h, management: { ...h.management, ip: e.target.value || undefined } }))} />}
        </Field>
        <Field label={`${host.name} management VLAN`} error={issue(`${base}.management.vlan`)} hint="0 = untagged.">
          {(a) => <input {...a} inputMode="numeric" value={Number.isNaN(host.management.vlan) ? '' : String(host.management.vlan)} onChange={(e) => setHost((h) => ({ ...h, management: { ...h.management, vlan: numberValue(e.target.value) } }))} />}
        </Field>
      </div>
      <p className="muted nic-list">
        NICs from the Hardware step:{' '}
        {host.hardware.nics.length === 0
          ? 'none recorded, so uplink names are not checked against the host.'
          : host.hardware.nics.map((n) => `${n.name} (${n.bus.toUpperCase()}${n.role === 'bmc' ? ', BMC — never an uplink' : ''})`).join(', ')}
      </p>
      {host.vswitches.map((sw, si) => {
        const sp = `${base}.vswitches[${si}]`;
        const setSw = (fn: (s: typeof sw) => typeof sw) => edit((s) => updateSwitch(s, index, si, fn));
        return (
          <fieldset key={si} className="vswitch" aria-label={`${host.name} ${sw.name}`}>
            <legend>
              {sw.name} on {host.name}
            </legend>
            {sw.name === 'vSwitch0' && (
              <p className={isInstallDefaultVSwitch0(host, sw) ? 'muted' : 'banner banner-warn'} role="note">
                {isInstallDefaultVSwitch0(host, sw)
                  ? 'vSwitch0 is as ESXi installs it, so Sitekit does not write it (as in VMware\'s examples).'
                  : 'Changing vSwitch0 rewrites the Management Network and its uplinks when the host applies it: a wrong uplink cuts the host off. The Review step warns about it.'}
              </p>
            )}
            <div className="grid-3">
              <Field label={`${host.name} ${sw.name} name`} error={issue(`${sp}.name`)}>
                {(a) => <input {...a} value={sw.name} onChange={(e) => setSw((s) => ({ ...s, name: e.target.value }))} />}
              </Field>
              <Field label={`${host.name} ${sw.name} MTU`} error={issue(`${sp}.mtu`)} hint="1500, or up to 9000 for jumbo frames.">
                {(a) => <input {...a} inputMode="numeric" value={Number.isNaN(sw.mtu) ? '' : String(sw.mtu)} onChange={(e) => setSw((s) => ({ ...s, mtu: numberValue(e.target.value) }))} />}
              </Field>
              <div className="field">
                <span className="label">Security</span>
                {(
                  [
                    ['allowPromiscuous', 'Promiscuous mode'],
                    ['macChanges', 'MAC address changes'],
                    ['forgedTransmits', 'Forged transmits'],
                  ] as const
                ).map(([k, label]) => (
                  <label key={k} className="radio">
                    <input type="checkbox" checked={sw.security[k]} onChange={(e) => setSw((s) => ({ ...s, security: { ...s.security, [k]: e.target.checked } }))} /> {label}
                  </label>
                ))}
              </div>
            </div>
            <div className="uplinks" role="group" aria-label={`${host.name} ${sw.name} uplinks`}>
              <span className="label">Uplinks (teaming)</span>
              {choices.map((u) => (
                <Field key={u} label={`${host.name} ${sw.name} uplink ${u}`}>
                  {(a) => (
                    <select {...a} value={uplinkRole(sw, u)} onChange={(e) => setHost((h) => setUplinkRole(h, si, u, e.target.value as UplinkRole))}>
                      <option value="unused">not used</option>
                      <option value="active">active</option>
                      <option value="standby">standby</option>
                    </select>
                  )}
                </Field>
              ))}
            </div>
            <table className="pg-table">
              <caption>Port groups of {sw.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">VLAN ID</th>
                  <th scope="col">
                    <span className="sr-only">Remove</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {sw.portGroups.map((pg, pi) => (
                  <tr key={pi}>
                    <td>
                      <Field label={`${host.name} ${sw.name} port group ${pi + 1} name`} error={issue(`${sp}.portGroups[${pi}].name`)}>
                        {(a) => <input {...a} value={pg.name} onChange={(e) => setSw((s) => ({ ...s, portGroups: replaceAt(s.portGroups, pi, { ...pg, name: e.target.value }) }))} />}
                      </Field>
                    </td>
                    <td>
                      <Field label={`${host.name} ${sw.name} port group ${pi + 1} VLAN`} error={issue(`${sp}.portGroups[${pi}].vlan`)}>
                        {(a) => <input {...a} inputMode="numeric" value={Number.isNaN(pg.vlan) ? '' : String(pg.vlan)} onChange={(e) => setSw((s) => ({ ...s, portGroups: replaceAt(s.portGroups, pi, { ...pg, vlan: numberValue(e.target.value) }) }))} />}
                      </Field>
                    </td>
                    <td>
                      <button type="button" className="btn btn-quiet" onClick={() => setSw((s) => ({ ...s, portGroups: removeAt(s.portGroups, pi) }))}>
                        Remove {pg.name || 'port group'}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="actions">
              <button type="button" className="btn" onClick={() => setSw((s) => ({ ...s, portGroups: [...s.portGroups, { name: '', vlan: 0 }] }))}>
                Add port group to {sw.name}
              </button>
              <button type="button" className="btn btn-danger" onClick={() => setHost((h) => ({ ...h, vswitches: removeAt(h.vswitches, si) }))}>
                Remove {sw.name}
              </button>
            </div>
          </fieldset>
        );
      })}
      <button type="button" className="btn" onClick={() => setHost((h) => ({ ...h, vswitches: [...h.vswitches, newSwitch(h)] }))}>
        Add vSwitch to {host.name}
      </button>
      <PtpAdapterFields host={host} base={base} setHost={setHost} issue={issue} />
    </fieldset>
  );
}

/** PTP on a VMkernel adapter (ECSExample edge-host-config/ptp.yaml): off, or a port group of this host. */
function PtpAdapterFields({ host, base, setHost, issue }: { readonly host: Host; readonly base: string; readonly setHost: (fn: (h: Host) => Host) => void; readonly issue: DraftProps['issue'] }) {
  const groups = host.vswitches.flatMap((s) => s.portGroups.map((p) => p.name)).filter((n) => n && n !== 'Management Network');
  return (
    <div className="grid-3 ptp-fields" role="group" aria-label={`${host.name} PTP`}>
      <label className="radio">
        <input
          type="checkbox"
          checked={host.ptp !== undefined}
          onChange={(e) => setHost((h) => ({ ...h, ptp: e.target.checked ? { device: 'vmk1', portGroup: groups[0] ?? '', mtu: 1500 } : undefined }))}
        />{' '}
        PTP on a VMkernel adapter of {host.name}
      </label>
      {host.ptp && (
        <>
          <Field label={`${host.name} PTP port group`} error={issue(`${base}.ptp.portGroup`)} hint="The adapter gets its address by DHCP, as in VMware's example.">
            {(a) => (
              <select {...a} value={host.ptp?.portGroup ?? ''} onChange={(e) => setHost((h) => ({ ...h, ptp: h.ptp ? { ...h.ptp, portGroup: e.target.value } : h.ptp }))}>
                {!groups.includes(host.ptp?.portGroup ?? '') && <option value={host.ptp?.portGroup ?? ''}>{host.ptp?.portGroup || '(pick a port group)'}</option>}
                {groups.map((g) => (
                  <option key={g} value={g}>
                    {g}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={`${host.name} PTP adapter`} error={issue(`${base}.ptp.device`)}>
            {(a) => <input {...a} value={host.ptp?.device ?? ''} onChange={(e) => setHost((h) => ({ ...h, ptp: h.ptp ? { ...h.ptp, device: e.target.value } : h.ptp }))} />}
          </Field>
        </>
      )}
    </div>
  );
}
