/**
 * One host's inventories read into host hardware: each text parsed (lspci, lsusb, esxcli, dmidecode, ip link),
 * combined into `HostHardware`, and every problem named with the file and line it came from. The Hardware
 * step's preview, `sitekit hw parse` and the hardware check all read inventories through this one function, so
 * a paste means the same thing wherever it is read.
 */
import { describeInventoryIssue } from '../hardware/messages';
import type { CompatList, CompatListInfo } from '../hardware/schema';
import type { HostHardware } from '../site/schema';
import type { InventoryMergePreview } from './merge';
import { ok, type Issue, type Result } from '../result';
import { toHostHardware, type InventoryHardware, type NicSeen } from './hardware';
import { parseInventory } from './parse';
import type { InventoryFormat, ParsedInventory } from './types';

/** One pasted or read inventory: its text and the name it is shown by (a file name, or "inventory N"). */
export interface NamedInventory {
  readonly name: string;
  readonly text: string;
}

/** What a host's inventories describe, with every problem in words at its file and line. */
export interface HostInventoryReading extends InventoryHardware {
  readonly parsed: readonly ParsedInventory[];
  /** The formats recognised, in the order first seen. */
  readonly formats: readonly InventoryFormat[];
  /** Devices the parsers found, over all texts. */
  readonly deviceCount: number;
  /**
   * Problems in words: a parser's at its file (`path`) and line; the combination's (e.g. an interface that
   * could not be placed) at `label`.
   */
  readonly problems: readonly Issue[];
}

/**
 * Reads one host's inventories. A text that is not an inventory at all (no format recognised) is an error
 * naming it; lines not understood are problems, not errors.
 */
export function readHostInventories(inventories: readonly NamedInventory[], list: CompatList | undefined, label = ''): Result<HostInventoryReading> {
  const parsed: ParsedInventory[] = [];
  const problems: Issue[] = [];
  for (const inv of inventories) {
    const r = parseInventory(inv.text, inv.name);
    if (!r.ok) return r;
    for (const x of r.value.issues) problems.push({ path: inv.name, line: x.line, message: describeInventoryIssue(x) });
    parsed.push(r.value);
  }
  const found = toHostHardware(parsed, list);
  for (const x of found.issues) problems.push({ path: label, line: x.line, message: describeInventoryIssue(x) });
  return ok({
    ...found,
    parsed,
    formats: [...new Set(parsed.flatMap((p) => p.formats))],
    deviceCount: parsed.reduce((n, p) => n + p.devices.length, 0),
    problems,
  });
}

/** One host's inventories as the Hardware step's preview and `sitekit hw parse` show them (`hardware:parseInventory`). */
export interface InventoryPreview {
  readonly hardware: HostHardware;
  readonly formats: readonly InventoryFormat[];
  /** Lines not recognised and NICs without IDs; a parser's with its file and line. */
  readonly issues: readonly Issue[];
  readonly deviceCount: number;
  /** Per NIC, what the inventories showed of its driver and link. */
  readonly seen: readonly NicSeen[];
  /** The list the inventories were read against. */
  readonly info: CompatListInfo;
  /**
   * Present when the host's hardware now was given: what applying the inventories adds, changes and removes
   * (nothing is applied; the step applies `merge.result` when the technician confirms), and `lines`, the same
   * as sentences.
   */
  readonly merge?: InventoryMergePreview & { readonly lines: readonly string[] };
}
