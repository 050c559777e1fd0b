/**
 * The warning above an inventory preview when the inventory is of another box (issue 24 item 6): another serial
 * or product name, both values side by side. Merging keeps the host's values (core merge.ts); this makes the
 * difference impossible to miss and names the two ways out. Kept apart from hardware-step.tsx so the preview
 * only mounts it.
 */
import { describeOtherBox, type InventoryMergePreview } from '../../../main/core/inventory/merge';

export function OtherBoxNotice({ host, preview }: { readonly host: string; readonly preview: Pick<InventoryMergePreview, 'otherBox' | 'mode'> }) {
  const text = describeOtherBox(preview, host);
  if (!text) return null;
  return (
    <div className="banner banner-warn hw-other-box" role="alert" aria-label={`Another box than ${host}`}>
      <strong className="banner-title">Another box than {host}?</strong>
      <dl className="hw-other-box-values">
        {preview.otherBox.map((o) => (
          <div key={o.field}>
            <dt>{o.field === 'serial' ? 'Serial number' : 'Product name'}</dt>
            <dd>
              <span className="mono">{o.after}</span> in the inventory, <span className="mono">{o.before}</span> on {host}
            </dd>
          </div>
        ))}
      </dl>
      <p className="banner-hint">{text}</p>
      <p className="banner-hint">
        {preview.mode === 'merge' ? `If ${host}'s box was swapped, choose "Replace instead…". If this is another machine's inventory, Cancel.` : `Replace only if ${host}'s box was swapped.`}
      </p>
    </div>
  );
}
