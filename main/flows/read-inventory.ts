/**
 * Reading one host's inventories (the Hardware step's preview, `sitekit hw parse`): the list in use, the
 * inventories read by core/inventory/read.ts, and, when the host's hardware now is given, what applying them
 * would add, change and remove. Nothing is applied or recorded: the step applies `merge.result` when the
 * technician confirms, and `hardware:check` (check-hardware.ts) is the job that changes a site.
 */
import { findModel } from '../core/hardware/matching';
import { describeMergePreview, previewInventoryMerge, type MergeMode } from '../core/inventory/merge';
import { readHostInventories, type InventoryPreview } from '../core/inventory/read';
import { err, ok, type Result } from '../core/result';
import { HostHardware } from '../core/site/schema';
import { issuesFromZod } from '../core/site/yaml';
import type { FlowContext } from './types';

export interface ReadInventoryInput {
  /** The texts, each with the file name it came from when there was one. */
  readonly texts: readonly { readonly text: string; readonly fileName?: string }[];
  /** The host's hardware now (validated here): the outcome then carries the merge preview. */
  readonly current?: unknown;
  readonly mode?: MergeMode;
}


/** Reads one host's inventories against the list in use; previews the merge into `current` when given. */
export async function readInventoryFlow(ctx: FlowContext, input: ReadInventoryInput): Promise<Result<InventoryPreview>> {
  const cur = await ctx.services.compat.current();
  if (!cur.ok) return cur;
  const { list, info } = cur.value;
  const now = input.current === undefined ? undefined : HostHardware.safeParse(input.current);
  if (now && !now.success) return err('invalid-input', "The host's current hardware is not valid, so no merge preview was made.", { issues: issuesFromZod(now.error), hint: 'Reload the site and read the inventory again.' });
  const read = readHostInventories(
    input.texts.map((t, i) => ({ name: t.fileName ?? `inventory ${i + 1}`, text: t.text })),
    list,
  );
  if (!read.ok) return read;
  const { hardware, formats, problems, deviceCount, seen } = read.value;
  const model = now?.success ? findModel(list, now.data.model) : undefined;
  const preview = now?.success ? previewInventoryMerge(now.data, hardware, { mode: input.mode ?? 'merge', ...(model ? { model } : {}) }) : undefined;
  return ok({ hardware, formats, issues: problems, deviceCount, seen, info, ...(preview ? { merge: { ...preview, lines: describeMergePreview(preview) } } : {}) });
}
