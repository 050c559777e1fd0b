/**
 * The Hardware step: per host, pick the model and NICs from the catalogue (with search) or read a pasted or
 * loaded inventory; see a verdict per host and per device (colour plus icon plus text), expand it to reasons,
 * evidence and sources; "Apply actions and save" writes the verdict's requirements into the site so the media
 * and manifests steps honour them. The verdict is computed here with the pure engine on the catalogue the main
 * side sent, so it follows every edit instantly; the list version in use is always shown.
 */
import { useEffect, useMemo, useState, type ChangeEvent } from 'react';
import type { AppError } from '../../../main/core/result';
import type { Host, HostHardware, Site } from '../../../main/core/site/schema';
import { checkSite } from '../../../main/core/hardware/engine';
import { applyVerdictToSite } from '../../../main/core/hardware/requirements';
import { describeAction, describeEvidence, describeFinding, describeStatus } from '../../../main/core/hardware/messages';
import type { DeviceVerdict, Finding, HostVerdict, SiteVerdict, VerdictStatus } from '../../../main/core/hardware/verdict';
import type { HardwareCatalogue, ParsedInventoryResult } from '../../../main/ipc/channels/hardware';
import { sitekit } from '../../api/client';
import { ErrorBanner } from '../../components/error-banner';
import { Field } from '../../components/field';
import { useUnsavedGuard } from '../../state/unsaved';
import type { StepProps } from '../types';
import { addNic, catalogueNics, removeNic, searchModels, searchNics, setNicRole, setSize, withHostHardware, withModel } from './hardware-draft';
import './hardware-step.css';

const ICON: Readonly<Record<VerdictStatus, string>> = { supported: '✔', 'supported-with-actions': '➜', unsupported: '✕', unknown: '?' };

/** A status shown with colour, icon and words, so it never depends on colour alone. */
export function StatusBadge({ status }: { readonly status: VerdictStatus }) {
  return (
    <span className={`hw-badge hw-${status}`}>
      <span aria-hidden="true">{ICON[status]} </span>
      {describeStatus(status)}
    </span>
  );
}

export function HardwareStep({ site, dispatch, saveSite }: StepProps) {
  const [catalogue, setCatalogue] = useState<HardwareCatalogue | undefined>();
  const [error, setError] = useState<AppError | undefined>();
  const [draft, setDraft] = useState<Site | undefined>(site);
  const [saving, setSaving] = useState(false);
  const [note, setNote] = useState('');

  useEffect(() => setDraft(site), [site]);
  const loadCatalogue = () => void sitekit.hardware.catalogue({}).then((r) => (r.ok ? setCatalogue(r.value) : setError(r.error)));
  useEffect(loadCatalogue, []);

  const verdict = useMemo<SiteVerdict | undefined>(() => (draft && catalogue ? checkSite(draft, catalogue.list) : undefined), [draft, catalogue]);

  const applyAndSave = async (): Promise<boolean> => {
    if (!verdict || !draft) return false;
    setSaving(true);
    const failure = await saveSite(applyVerdictToSite(draft, verdict));
    setSaving(false);
    setError(failure);
    if (!failure) setNote(`Saved. Actions for ${verdict.hosts.filter((h) => h.actions.length).length} host(s) are now part of the site.`);
    return !failure;
  };
  // Save and Discard from the shell's unsaved-changes bar and leave dialog.
  useUnsavedGuard({ save: applyAndSave, discard: () => setDraft(site) });

  if (!site || !draft) return <p className="muted">Open a site first.</p>;

  const editHost = (host: string, hw: HostHardware) => {
    setDraft((d) => (d ? withHostHardware(d, host, hw) : d));
    setNote('');
    dispatch({ type: 'edited' });
  };

  return (
    <section className="panel" aria-labelledby="hw-title">
      <div className="panel-head">
        <h2 id="hw-title">Hardware — {site.metadata.name}</h2>
        {catalogue && (
          <span className="muted" data-testid="list-version">
            Compatibility list {catalogue.info.listVersion} (data {catalogue.info.dataDate}, {catalogue.info.origin}) · ESXi {draft.spec.release}
          </span>
        )}
      </div>
      {error && <ErrorBanner error={error} onDismiss={() => setError(undefined)} />}
      {catalogue?.note && <p className="banner banner-warn">{catalogue.note}</p>}
      {!catalogue && !error && <p className="muted">Loading the compatibility list…</p>}
      {catalogue && verdict && (
        <>
          <p className="hw-summary" role="status" aria-live="polite">
            Site verdict: <StatusBadge status={verdict.status} />
          </p>
          {verdict.findings.length > 0 && (
            <ul className="hw-findings" aria-label="Site checks">
              {verdict.findings.map((f, i) => (
                <FindingItem key={i} finding={f} />
              ))}
            </ul>
          )}
          {draft.spec.hosts.map((h) => {
            const hv = verdict.hosts.find((x) => x.host === h.name);
            return hv ? <HostCard key={h.name} host={h} verdict={hv} catalogue={catalogue} onChange={(hw) => editHost(h.name, hw)} onError={setError} /> : null;
          })}
          <ListImport onImported={() => loadCatalogue()} onError={setError} />
        </>
      )}
      <div className="actions">
        <button type="button" className="btn btn-primary" disabled={!verdict || saving} onClick={() => void applyAndSave()}>
          {saving ? 'Saving…' : 'Apply actions and save'}
        </button>
        <button type="button" className="btn" onClick={() => dispatch({ type: 'next' })}>
          Next: Network & workloads
        </button>
        <span className="muted" role="status" aria-live="polite">
          {note}
        </span>
      </div>
    </section>
  );
}

function FindingItem({ finding }: { readonly finding: Finding }) {
  const mark = finding.severity === 'error' ? '✕' : finding.severity === 'warning' ? '!' : 'i';
  return (
    <li className={`hw-finding hw-sev-${finding.severity}`}>
      <span aria-hidden="true" className="hw-sev-mark">
        {mark}
      </span>
      <span className="sr-only">{finding.severity}: </span>
      {describeFinding(finding)}
      {finding.evidence && <span className="muted"> — {describeEvidence(finding.evidence)}</span>}
    </li>
  );
}

function Sources({ sources }: { readonly sources: readonly string[] }) {
  if (!sources.length) return null;
  return (
    <ul className="hw-sources" aria-label="Sources">
      {sources.map((s) => (
        <li key={s} className="mono">
          {s}
        </li>
      ))}
    </ul>
  );
}

interface HostCardProps {
  readonly host: Host;
  readonly verdict: HostVerdict;
  readonly catalogue: HardwareCatalogue;
  readonly onChange: (hw: HostHardware) => void;
  readonly onError: (e: AppError) => void;
}

function HostCard({ host, verdict, catalogue, onChange, onError }: HostCardProps) {
  const hw = host.hardware;
  const [modelQuery, setModelQuery] = useState('');
  const [nicQuery, setNicQuery] = useState('');
  const allNics = useMemo(() => catalogueNics(catalogue.list), [catalogue]);
  const models = useMemo(() => searchModels(catalogue.list, modelQuery), [catalogue, modelQuery]);
  const nicHits = useMemo(() => searchNics(allNics, nicQuery, 40), [allNics, nicQuery]);
  const [nicPick, setNicPick] = useState('');
  const headingId = `hw-host-${host.name}`;

  return (
    <fieldset className="hw-host" aria-labelledby={headingId}>
      <legend id={headingId}>
        {host.name} <StatusBadge status={verdict.status} />
      </legend>
      <div className="grid-3">
        <Field label={`${host.name} model search`} hint="Vendor, model, codename or CPU.">
          {(a) => <input {...a} type="search" value={modelQuery} onChange={(e) => setModelQuery(e.target.value)} placeholder="e.g. NUC 13" />}
        </Field>
        <Field label={`${host.name} model`}>
          {(a) => (
            <select {...a} value={hw.model ?? ''} onChange={(e) => onChange(withModel(hw, catalogue.list.hostModels.find((m) => m.id === e.target.value)))}>
              <option value="">(not set)</option>
              {[...new Set([...(hw.model ? catalogue.list.hostModels.filter((m) => m.id === hw.model) : []), ...models])].map((m) => (
                <option key={m.id} value={m.id}>
                  {m.vendor} {m.model} — {m.cpu}
                  {m.hybridCores ? ' (hybrid)' : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="grid-3 hw-sizes">
          <Field label={`${host.name} RAM (GiB)`}>{(a) => <input {...a} inputMode="decimal" defaultValue={hw.ramGiB ?? ''} onChange={(e) => onChange(setSize(hw, 'ramGiB', e.target.value))} />}</Field>
          <Field label={`${host.name} boot disk (GB)`}>{(a) => <input {...a} inputMode="decimal" defaultValue={hw.bootDiskGB ?? ''} onChange={(e) => onChange(setSize(hw, 'bootDiskGB', e.target.value))} />}</Field>
          <Field label={`${host.name} cores`}>{(a) => <input {...a} inputMode="numeric" defaultValue={hw.cores ?? ''} onChange={(e) => onChange(setSize(hw, 'cores', e.target.value))} />}</Field>
        </div>
      </div>

      <table className="hw-devices">
        <caption className="sr-only">Network adapters of {host.name}</caption>
        <thead>
          <tr>
            <th scope="col">NIC</th>
            <th scope="col">Device</th>
            <th scope="col">Verdict</th>
            <th scope="col">Role</th>
            <th scope="col">
              <span className="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {verdict.devices.map((d) => (
            <DeviceRow key={d.nic} host={host.name} device={d} editable={hw.nics.some((n) => n.name === d.nic)} onRole={(role) => onChange(setNicRole(hw, d.nic, role))} onRemove={() => onChange(removeNic(hw, d.nic))} />
          ))}
          {verdict.devices.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                No NICs yet: pick a model, add NICs from the catalogue, or read an inventory.
              </td>
            </tr>
          )}
        </tbody>
      </table>

      <div className="grid-3 hw-add">
        <Field label={`${host.name} NIC search`} hint="Name, chip or VID:PID, e.g. I226, RTL8156, 0bda:8153.">
          {(a) => <input {...a} type="search" value={nicQuery} onChange={(e) => setNicQuery(e.target.value)} />}
        </Field>
        <Field label={`${host.name} NIC from catalogue`}>
          {(a) => (
            <select {...a} value={nicPick} onChange={(e) => setNicPick(e.target.value)}>
              <option value="">(choose)</option>
              {nicHits.map((n) => (
                <option key={n.key} value={n.key}>
                  {n.bus.toUpperCase()} {n.vendorId}:{n.deviceId} {n.label} — {n.detail}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="field">
          <span className="label" aria-hidden="true">
            &nbsp;
          </span>
          <button
            type="button"
            className="btn"
            disabled={!nicPick}
            onClick={() => {
              const entry = allNics.find((n) => n.key === nicPick);
              if (entry) onChange(addNic(hw, entry));
              setNicPick('');
            }}
          >
            Add NIC to {host.name}
          </button>
        </div>
      </div>

      <InventoryReader host={host} onApply={onChange} onError={onError} />

      {/* Errors and warnings are always in view: a problem must never hide in a collapsed section. */}
      {verdict.findings.some((f) => f.severity !== 'info') && (
        <ul className="hw-findings hw-problems" aria-label={`Problems for ${host.name}`}>
          {verdict.findings
            .filter((f) => f.severity !== 'info')
            .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1))
            .map((f, i) => (
              <FindingItem key={i} finding={f} />
            ))}
        </ul>
      )}
      {verdict.findings.some((f) => f.severity === 'info') && (
        <details className="hw-details">
          <summary>Notes for {host.name} ({verdict.findings.filter((f) => f.severity === 'info').length})</summary>
          <ul className="hw-findings">
            {verdict.findings
              .filter((f) => f.severity === 'info')
              .map((f, i) => (
                <FindingItem key={i} finding={f} />
              ))}
          </ul>
        </details>
      )}
      {verdict.actions.length > 0 && (
        <div className="hw-actions">
          <h3 id={`${headingId}-actions`}>Actions for {host.name}</h3>
          <ul aria-labelledby={`${headingId}-actions`}>
            {verdict.actions.map((a, i) => (
              <li key={i}>{describeAction(a)}</li>
            ))}
          </ul>
        </div>
      )}
    </fieldset>
  );
}

function DeviceRow({ host, device: d, editable, onRole, onRemove }: { readonly host: string; readonly device: DeviceVerdict; readonly editable: boolean; readonly onRole: (r: 'uplink' | 'unused' | 'bmc') => void; readonly onRemove: () => void }) {
  return (
    <tr className={`hw-row hw-row-${d.status}`}>
      <th scope="row" className="mono">
        {d.nic}
      </th>
      <td>
        <span className="mono">
          {d.bus.toUpperCase()} {d.vendorId}:{d.deviceId}
        </span>{' '}
        {d.label}
        {d.mac && <span className="mono muted"> {d.mac}</span>}
        <details className="hw-details">
          <summary>Why</summary>
          <ul className="hw-findings">
            {d.findings.map((f, i) => (
              <FindingItem key={i} finding={f} />
            ))}
          </ul>
          {d.actions.length > 0 && (
            <ul aria-label="Actions">
              {d.actions.map((a, i) => (
                <li key={i}>{describeAction(a)}</li>
              ))}
            </ul>
          )}
          {d.evidence && <p className="muted">Evidence: {describeEvidence(d.evidence)}</p>}
          <Sources sources={d.sources} />
        </details>
      </td>
      <td>
        <StatusBadge status={d.status} />
        {d.countsAsUplink && <span className="muted"> · uplink OK</span>}
      </td>
      <td>
        <select aria-label={`${host} ${d.nic} role`} value={d.role} disabled={!editable} onChange={(e) => onRole(e.target.value as 'uplink' | 'unused' | 'bmc')}>
          <option value="uplink">uplink</option>
          <option value="unused">unused</option>
          <option value="bmc">BMC virtual NIC</option>
        </select>
      </td>
      <td>
        {editable && (
          <button type="button" className="btn btn-quiet" onClick={onRemove} aria-label={`Remove ${d.nic} from ${host}`}>
            Remove
          </button>
        )}
      </td>
    </tr>
  );
}

type MergePreview = NonNullable<ParsedInventoryResult['merge']>;

/**
 * Reads a pasted or loaded inventory and shows, before anything changes, what it adds, changes and removes.
 * Merging (add and keep) is the default; replacing the host's NICs with exactly the inventory's is a separate,
 * explicit choice with its own preview.
 */
function InventoryReader({ host, onApply, onError }: { readonly host: Host; readonly onApply: (hw: HostHardware) => void; readonly onError: (e: AppError) => void }) {
  const [text, setText] = useState('');
  const [files, setFiles] = useState<{ text: string; fileName: string }[]>([]);
  const [result, setResult] = useState('');
  const [issues, setIssues] = useState<readonly string[]>([]);
  const [preview, setPreview] = useState<MergePreview | undefined>();

  const texts = () => [...files, ...(text.trim() ? [{ text, fileName: 'pasted text' }] : [])];
  const read = async (mode: 'merge' | 'replace') => {
    const t = texts();
    if (!t.length) return;
    const r = await sitekit.hardware.parseInventory({ texts: t, current: host.hardware, mode });
    if (!r.ok) {
      onError(r.error);
      return;
    }
    setIssues(r.value.issues.map((i) => `${i.path ? `${i.path}: ` : ''}${i.message}`));
    setResult(`Read ${r.value.formats.join(', ')}: ${r.value.hardware.nics.length} NIC(s)${r.value.hardware.serial ? `, serial ${r.value.hardware.serial}` : ''}${r.value.hardware.model ? `, model ${r.value.hardware.model}` : ''}.`);
    setPreview(r.value.merge);
  };
  const apply = () => {
    if (!preview) return;
    onApply(preview.result);
    setResult(`Applied to ${host.name}: ${preview.adds.length} added, ${preview.changes.length} changed, ${preview.removes.length} removed.`);
    setPreview(undefined);
  };
  const nothing = preview && preview.adds.length + preview.changes.length + preview.removes.length === 0;

  return (
    <details className="hw-inventory">
      <summary>Read an inventory for {host.name} (lspci, lsusb, esxcli, dmidecode)</summary>
      <Field label={`${host.name} inventory text`} hint="Paste lspci -nn, lsusb [-v], esxcli network nic list, esxcli hardware pci list, esxcli hardware memory get, or dmidecode -t system / memory / processor output.">
        {(a) => <textarea {...a} rows={6} className="mono" value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
      <Field label={`${host.name} inventory files`}>
        {(a) => (
          <input
            {...a}
            type="file"
            multiple
            accept=".txt,.log,text/plain"
            onChange={(e) => {
              const list = Array.from(e.target.files ?? []);
              void Promise.all(list.map(async (f) => ({ text: await f.text(), fileName: f.name }))).then(setFiles);
            }}
          />
        )}
      </Field>
      <button type="button" className="btn" onClick={() => void read('merge')} disabled={!text.trim() && !files.length}>
        Read inventory into {host.name}
      </button>
      <p className="muted" role="status" aria-live="polite">
        {result}
      </p>
      {preview && (
        <div className={`hw-preview hw-preview-${preview.mode}`} role="region" aria-label={`What the inventory does to ${host.name}`}>
          <p className="hw-preview-head">
            {preview.mode === 'merge'
              ? `Nothing is applied yet. Merging adds what the inventory describes and keeps everything else of ${host.name}:`
              : `Nothing is applied yet. Replacing makes the NICs of ${host.name} exactly the inventory's:`}
          </p>
          {nothing && <p className="muted">The inventory adds, changes and removes nothing.</p>}
          <PreviewList label={`Adds to ${host.name}`} mark="+" cls="add" lines={preview.lines.slice(0, preview.adds.length)} />
          <PreviewList label={`Changes on ${host.name}`} mark="~" cls="change" lines={preview.lines.slice(preview.adds.length, preview.adds.length + preview.changes.length)} />
          <PreviewList label={`Removes from ${host.name}`} mark="−" cls="remove" lines={preview.lines.slice(preview.adds.length + preview.changes.length, preview.adds.length + preview.changes.length + preview.removes.length)} />
          <PreviewList label={`Keeps on ${host.name}`} mark="=" cls="keep" lines={preview.lines.slice(preview.adds.length + preview.changes.length + preview.removes.length)} />
          <div className="actions">
            <button type="button" className={`btn ${preview.mode === 'replace' ? 'btn-danger' : 'btn-primary'}`} onClick={apply}>
              {preview.mode === 'merge' ? `Apply to ${host.name}` : `Replace the NICs of ${host.name}`}
            </button>
            {preview.mode === 'merge' ? (
              <button type="button" className="btn" onClick={() => void read('replace')}>
                Replace instead…
              </button>
            ) : (
              <button type="button" className="btn" onClick={() => void read('merge')}>
                Back to merging
              </button>
            )}
            <button type="button" className="btn btn-quiet" onClick={() => setPreview(undefined)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {issues.length > 0 && (
        <ul className="hw-issues" aria-label="Lines not recognised">
          {issues.slice(0, 20).map((i, n) => (
            <li key={n}>{i}</li>
          ))}
        </ul>
      )}
    </details>
  );
}

function PreviewList({ label, mark, cls, lines }: { readonly label: string; readonly mark: string; readonly cls: string; readonly lines: readonly string[] }) {
  if (!lines.length) return null;
  return (
    <ul className={`hw-preview-list hw-preview-${cls}`} aria-label={label}>
      {lines.map((l, i) => (
        <li key={i}>
          <span aria-hidden="true" className="hw-preview-mark">
            {mark}
          </span>
          {l}
        </li>
      ))}
    </ul>
  );
}

function ListImport({ onImported, onError }: { readonly onImported: () => void; readonly onError: (e: AppError) => void }) {
  const [listFile, setListFile] = useState<{ text: string; name: string } | undefined>();
  const [sumFile, setSumFile] = useState<string | undefined>();
  const [done, setDone] = useState('');
  const pick = (set: (v: { text: string; name: string }) => void) => (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    if (f) void f.text().then((text) => set({ text, name: f.name }));
  };
  const run = async () => {
    if (!listFile) return;
    const r = await sitekit.hardware.importList({ text: listFile.text, checksum: sumFile ?? '', fileName: listFile.name });
    if (!r.ok) return onError(r.error);
    setDone(`Now using compatibility list ${r.value.listVersion} (${r.value.origin}).`);
    onImported();
  };
  return (
    <details className="hw-import">
      <summary>Import an updated compatibility list</summary>
      <div className="grid-3">
        <Field label="List file (.json)">{(a) => <input {...a} type="file" accept=".json,application/json" onChange={pick(setListFile)} />}</Field>
        <Field label="Checksum file (.sha256)">{(a) => <input {...a} type="file" accept=".sha256,.txt" onChange={pick((v) => setSumFile(v.text))} />}</Field>
        <div className="field">
          <button type="button" className="btn" disabled={!listFile} onClick={() => void run()}>
            Import list
          </button>
        </div>
      </div>
      <p className="muted" role="status" aria-live="polite">
        {done}
      </p>
    </details>
  );
}
