/**
 * Reads a pasted or loaded inventory for one host and previews what it adds, changes and removes before
 * anything is applied (merge by default; replace is an explicit choice with its own preview).
 */
import { useState } from 'react';
import type { AppError } from '../../../main/core/result';
import type { Host, HostHardware } from '../../../main/core/site/schema';
import type { ParsedInventoryResult } from '../../../main/ipc/channels/hardware';
import { sitekit } from '../../api/client';
import { Field } from '../../components/field';
import { OtherBoxNotice } from './other-box-notice';

type MergePreview = NonNullable<ParsedInventoryResult['merge']>;

/**
 * Reads a pasted or loaded inventory and shows, before anything changes, what it adds, changes and removes.
 * Merging (add and keep) is the default; replacing the host's NICs with exactly the inventory's is a separate,
 * explicit choice with its own preview.
 */
export function InventoryReader({ host, onApply, onError }: { readonly host: Host; readonly onApply: (hw: HostHardware) => void; readonly onError: (e: AppError) => void }) {
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
      <Field label={`${host.name} inventory text`} hint="Paste lspci -nn, lsusb [-v], esxcli network nic list, esxcli hardware pci list, esxcli hardware memory get, dmidecode -t system / memory / processor, or ip link output.">
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
          <OtherBoxNotice host={host.name} preview={preview} />
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
