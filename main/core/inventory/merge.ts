/**
 * Inventories add up (issue 15): a pasted `lsusb` adds the USB NIC it describes and keeps the onboard NIC the
 * model catalogue or an earlier `lspci` said was there. Before anything is applied, the preview says what the
 * paste adds, changes and removes; replacing the host's NICs with exactly what the paste shows is a separate,
 * explicit mode.
 *
 * Matching a found NIC to one the host already has: the same MAC; else the same name and the same IDs (or the
 * same name and bus when either side's IDs are unknown: `esxcli network nic list` names NICs without IDs); else
 * the first unmatched NIC with the same bus and IDs. A matched NIC keeps its name (vSwitches refer to it) and its
 * role (the technician chose it); the inventory fills in its facts, never erasing one it does not show.
 * Unmatched found NICs are added under their own name when it is free, else the next free vmnicN / vusbN. In
 * merge mode nothing is removed.
 *
 * Another serial is another box (issue 24 item 6): when the inventory's serial or product name differs from the
 * host's, the preview says so with both values (`otherBox`). Merging keeps the host's serial and product; only
 * replacing takes the other box's, so a dmidecode of the wrong machine can never swap them without a word.
 */
import type { HostModel } from '../hardware/schema';
import type { HostHardware, Nic } from '../site/schema';
import { describeNicIds } from '../hardware/messages';

export type MergeMode = 'merge' | 'replace';

/** One difference, as data; `describeMergeItem` makes the sentence. */
export type MergeItem =
  | { readonly kind: 'nic'; readonly name: string; readonly nic: Nic; readonly before?: Nic; readonly source?: 'model' | 'inventory' | 'site' }
  | { readonly kind: 'field'; readonly field: HardwareField; readonly before?: string; readonly after?: string };

export type HardwareField = 'model' | 'serial' | 'vendor' | 'productName' | 'cpu' | 'cores' | 'threads' | 'ramGiB' | 'bootDiskGB';
const FIELDS: readonly HardwareField[] = ['model', 'serial', 'vendor', 'productName', 'cpu', 'cores', 'threads', 'ramGiB', 'bootDiskGB'];

/** A serial or product name of the inventory that differs from the host's: the inventory is of another box. */
export interface OtherBoxField {
  readonly field: 'serial' | 'productName';
  /** The host's value. */
  readonly before: string;
  /** The inventory's value. */
  readonly after: string;
}

export interface InventoryMergePreview {
  readonly mode: MergeMode;
  /**
   * Non-empty when the inventory describes another box (another serial or product name). In merge mode these
   * fields are kept (and listed in `kept`); in replace mode they are taken (and listed in `changes`).
   */
  readonly otherBox: readonly OtherBoxField[];
  /** The host hardware after applying. */
  readonly result: HostHardware;
  readonly adds: readonly MergeItem[];
  readonly changes: readonly MergeItem[];
  readonly removes: readonly MergeItem[];
  /** What stays although the paste did not mention it (merge mode), or kept against the paste (the chosen model). */
  readonly kept: readonly MergeItem[];
}

export interface MergeOptions {
  readonly mode?: MergeMode;
  /** The host's catalogue model: its standard onboard NICs count as known when the host lists none yet. */
  readonly model?: HostModel;
}

const str = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));

/** The model's standard onboard NICs, as the engine assumes them when a host lists no NICs (engine.ts nicsOf). */
export function modelNics(model: HostModel | undefined): Nic[] {
  const nics: Nic[] = [];
  for (const o of model?.onboardNics ?? []) {
    if (o.skuVariant) continue;
    for (let i = 0; i < o.count; i++) nics.push({ name: `vmnic${nics.length}`, bus: 'pci', vendorId: o.vendorId, deviceId: o.deviceId, role: 'uplink', label: o.label });
  }
  return nics;
}

/**
 * The NICs to edit on a host: its own, or — when it lists none — the model's onboard NICs the check assumed.
 * Every edit of a host's NIC list (a catalogue add, a role, a removal, a merge) starts from this, so making one
 * NIC explicit never drops the onboard NICs that were implied (issue 24 item 7: adding vusb0 from the catalogue
 * used to leave vusb0 alone, and "vSwitch0 uses vmnic0 … host has no NIC").
 */
export function nicsToEdit(hw: HostHardware, model: HostModel | undefined): Nic[] {
  return hw.nics.length > 0 ? [...hw.nics] : modelNics(model);
}

/** Adds a NIC under its name when free, else the next free vmnicN / vusbN; the model's implied NICs stay. */
export function addNicToHost(hw: HostHardware, nic: Nic, model: HostModel | undefined): HostHardware {
  const nics = nicsToEdit(hw, model);
  return { ...hw, nics: [...nics, { ...nic, name: freeName(new Set(nics.map((n) => n.name)), nic) }] };
}

const hasIds = (n: Nic) => n.vendorId !== undefined && n.deviceId !== undefined;
const sameIds = (a: Nic, b: Nic) => hasIds(a) && hasIds(b) && a.bus === b.bus && a.vendorId === b.vendorId && a.deviceId === b.deviceId;
/** Same name and bus, and nothing says they differ: one side's IDs are unknown (esxcli network nic list). */
const sameNameIdsUnknown = (a: Nic, b: Nic) => a.name === b.name && a.bus === b.bus && (!hasIds(a) || !hasIds(b));

/** Facts from the inventory fill in a known NIC; its name and role stay, and nothing it knew is erased. */
function refresh(known: Nic, found: Nic): Nic {
  return {
    ...known,
    ...(found.vendorId ? { vendorId: found.vendorId } : {}),
    ...(found.deviceId ? { deviceId: found.deviceId } : {}),
    ...(found.subVendorId ? { subVendorId: found.subVendorId } : {}),
    ...(found.subDeviceId ? { subDeviceId: found.subDeviceId } : {}),
    ...(found.mac ? { mac: found.mac, ...(found.macSource ? { macSource: found.macSource } : {}) } : {}),
    ...(found.speedMbps ? { speedMbps: found.speedMbps } : {}),
    ...(found.classCode ? { classCode: found.classCode } : {}),
    // a NIC known by name only (esxcli network nic list) carries the driver's description: it does not replace a label
    ...(found.label && (hasIds(found) || !known.label) ? { label: found.label } : {}),
    // a BMC virtual NIC recognised by the list is never an uplink, whatever it was before
    role: found.role === 'bmc' ? 'bmc' : known.role,
  };
}

const nicDiffers = (a: Nic, b: Nic) => JSON.stringify(a) !== JSON.stringify(b);

function freeName(taken: Set<string>, nic: Nic): string {
  if (!taken.has(nic.name)) return nic.name;
  const prefix = nic.bus === 'usb' ? 'vusb' : 'vmnic';
  let i = 0;
  while (taken.has(`${prefix}${i}`)) i++;
  return `${prefix}${i}`;
}

/** What applying `found` (from toHostHardware) to `current` does, and the result. Pure; nothing is applied. */
export function previewInventoryMerge(current: HostHardware, found: HostHardware, o: MergeOptions = {}): InventoryMergePreview {
  const mode = o.mode ?? 'merge';
  const adds: MergeItem[] = [];
  const changes: MergeItem[] = [];
  const removes: MergeItem[] = [];
  const kept: MergeItem[] = [];

  // Scalars: the inventory's facts win, except the chosen model, which only the technician changes, and the
  // serial and product name of another box, which only replacing takes.
  const result: Record<string, unknown> = { ...current };
  const otherBox: OtherBoxField[] = [];
  for (const field of FIELDS) {
    const before = str(current[field]);
    const after = str(found[field]);
    if (after === undefined || after === before) continue;
    if ((field === 'serial' || field === 'productName') && before !== undefined && before.trim().toLowerCase() !== after.trim().toLowerCase()) {
      otherBox.push({ field, before, after });
      if (mode === 'merge') {
        kept.push({ kind: 'field', field, before, after });
        continue;
      }
    }
    if (field === 'model' && before !== undefined) {
      kept.push({ kind: 'field', field, before, after });
      continue;
    }
    // An lspci host bridge only names the CPU's generation: it never replaces a CPU name the host already has
    // (dmidecode's, or typed), which the host plan reads for the CPU's cores (host-plan/cpu.ts).
    if (field === 'cpu' && before !== undefined && / host bridge: /i.test(after) && !/ host bridge: /i.test(before)) {
      kept.push({ kind: 'field', field, before, after });
      continue;
    }
    result[field] = found[field];
    (before === undefined ? adds : changes).push({ kind: 'field', field, ...(before !== undefined ? { before } : {}), after });
  }

  // NICs known before the paste: the host's own, or the model's onboard NICs the check assumed.
  const fromModel = current.nics.length === 0 && !!o.model;
  const known: Nic[] = current.nics.length ? [...current.nics] : modelNics(o.model);
  const matched = new Map<number, Nic>(); // index in known → found nic
  const unmatched: Nic[] = [];
  for (const n of found.nics) {
    let idx = n.mac ? known.findIndex((k, i) => !matched.has(i) && k.mac !== undefined && k.mac === n.mac) : -1;
    if (idx < 0) idx = known.findIndex((k, i) => !matched.has(i) && k.name === n.name && sameIds(k, n));
    if (idx < 0) idx = known.findIndex((k, i) => !matched.has(i) && sameNameIdsUnknown(k, n) && (k.mac === undefined || n.mac === undefined || k.mac === n.mac));
    if (idx < 0) idx = known.findIndex((k, i) => !matched.has(i) && sameIds(k, n) && (k.mac === undefined || n.mac === undefined));
    if (idx >= 0) matched.set(idx, n);
    else unmatched.push(n);
  }

  let nics: Nic[];
  if (mode === 'replace' && found.nics.length > 0) {
    // exactly what the paste shows; a NIC the technician set to unused stays unused when the paste shows it again
    nics = [];
    const taken = new Set<string>();
    known.forEach((k, i) => {
      const n = matched.get(i);
      if (!n) removes.push({ kind: 'nic', name: k.name, nic: k, source: fromModel ? 'model' : 'site' });
    });
    for (const n of found.nics) {
      const i = [...matched.entries()].find(([, v]) => v === n)?.[0];
      const k = i !== undefined ? known[i]! : undefined;
      const next = k ? refresh(k, n) : { ...n, name: freeName(taken, n) };
      taken.add(next.name);
      nics.push(next);
      if (!k) adds.push({ kind: 'nic', name: next.name, nic: next, source: 'inventory' });
      else if (fromModel || nicDiffers(k, next)) changes.push({ kind: 'nic', name: next.name, nic: next, before: k, source: fromModel ? 'model' : 'site' });
    }
  } else {
    nics = known.map((k, i) => {
      const n = matched.get(i);
      if (!n) {
        if (found.nics.length > 0 || fromModel) kept.push({ kind: 'nic', name: k.name, nic: k, source: fromModel ? 'model' : 'site' });
        return k;
      }
      const next = refresh(k, n);
      if (fromModel || nicDiffers(k, next)) changes.push({ kind: 'nic', name: next.name, nic: next, before: k, source: fromModel ? 'model' : 'site' });
      return next;
    });
    const taken = new Set(nics.map((n) => n.name));
    for (const n of unmatched) {
      const next = { ...n, name: freeName(taken, n) };
      taken.add(next.name);
      nics.push(next);
      adds.push({ kind: 'nic', name: next.name, nic: next, source: 'inventory' });
    }
  }
  // When the paste had no NICs and the host listed none, the model's NICs stay implied (not written).
  const finalNics = found.nics.length === 0 && current.nics.length === 0 ? [] : nics;
  return { mode, otherBox, result: { ...(result as HostHardware), nics: finalNics }, adds, changes, removes, kept };
}

const FIELD_TEXT: Readonly<Record<HardwareField, string>> = {
  model: 'model',
  serial: 'serial number',
  vendor: 'vendor',
  productName: 'product name',
  cpu: 'CPU',
  cores: 'CPU cores',
  threads: 'CPU threads',
  ramGiB: 'RAM (GiB)',
  bootDiskGB: 'boot disk (GB)',
};

const nicText = (n: Nic) => `${n.name} (${n.bus.toUpperCase()} ${describeNicIds(n)}${n.label ? ` ${n.label}` : ''}${n.mac ? `, ${n.mac}` : ''})`;

/** One sentence per difference, for the preview. */
export function describeMergeItem(item: MergeItem, as: 'add' | 'change' | 'remove' | 'keep'): string {
  if (item.kind === 'field') {
    const name = FIELD_TEXT[item.field];
    if (as === 'keep' && (item.field === 'serial' || item.field === 'productName')) return `Keeps the ${name} ${item.before}: the inventory is of another box (${name} ${item.after}).`;
    if (as === 'change' && (item.field === 'serial' || item.field === 'productName')) return `Another box: changes the ${name} from ${item.before} to ${item.after}.`;
    if (as === 'keep') return `Keeps the chosen ${name} ${item.before}; the inventory suggests ${item.after}.`;
    if (as === 'add') return `Sets the ${name} to ${item.after}.`;
    return `Changes the ${name} from ${item.before} to ${item.after}.`;
  }
  const from = item.source === 'model' ? ' (from the model catalogue)' : '';
  switch (as) {
    case 'add':
      return `Adds ${nicText(item.nic)}.`;
    case 'change':
      return `Updates ${nicText(item.nic)}${from}${item.before?.mac === undefined && item.nic.mac ? ': MAC found' : ''}.`;
    case 'remove':
      return `Removes ${nicText(item.nic)}${from}: the inventory does not show it.`;
    case 'keep':
      return `Keeps ${nicText(item.nic)}${from}: this inventory does not describe it.`;
  }
}

/**
 * The warning for an inventory of another box, with both values of each differing field, or undefined. The CLI
 * prints it and refuses without --replace; the Hardware step shows it above the preview. Each adds its own way
 * out (a flag, a button).
 */
export function describeOtherBox(p: Pick<InventoryMergePreview, 'otherBox' | 'mode'>, host = 'this host'): string | undefined {
  if (!p.otherBox.length) return undefined;
  const facts = p.otherBox.map((o) => `${FIELD_TEXT[o.field]} ${o.after} (${host}: ${o.before})`).join(', ');
  return p.mode === 'replace'
    ? `This inventory is of another box: ${facts}. Replacing takes the other box's ${p.otherBox.map((o) => FIELD_TEXT[o.field]).join(' and ')} and exactly its NICs.`
    : `This inventory is of another box: ${facts}. Another serial is another machine, so merging keeps ${host}'s values.`;
}

/** What inventories did to one host (the hardware check's answer per host): the preview's sentences, and whether it was applied. */
export interface HostInventoryMerge {
  readonly host: string;
  readonly mode: MergeMode;
  readonly adds: readonly string[];
  readonly changes: readonly string[];
  readonly removes: readonly string[];
  readonly kept: readonly string[];
  /** The inventory is of another box: both values of each differing field. */
  readonly otherBox: readonly OtherBoxField[];
  /** The sentence for `otherBox`, when non-empty. */
  readonly otherBoxText?: string;
  /** False when the host was left as it was: an inventory of another box, and replacing was not asked for. */
  readonly applied: boolean;
}

/** The per-host summary of a preview; another box is applied only in replace mode. */
export function hostInventoryMerge(host: string, p: InventoryMergePreview): HostInventoryMerge {
  const [a, c, r] = [p.adds.length, p.changes.length, p.removes.length];
  const lines = describeMergePreview(p);
  const otherBoxText = describeOtherBox(p, host);
  return {
    host,
    mode: p.mode,
    adds: lines.slice(0, a),
    changes: lines.slice(a, a + c),
    removes: lines.slice(a + c, a + c + r),
    kept: lines.slice(a + c + r),
    otherBox: p.otherBox,
    ...(otherBoxText ? { otherBoxText } : {}),
    applied: p.otherBox.length === 0 || p.mode === 'replace',
  };
}

/** Every line of a preview, in the order adds, changes, removes, kept. */
export function describeMergePreview(p: InventoryMergePreview): string[] {
  return [
    ...p.adds.map((i) => describeMergeItem(i, 'add')),
    ...p.changes.map((i) => describeMergeItem(i, 'change')),
    ...p.removes.map((i) => describeMergeItem(i, 'remove')),
    ...p.kept.map((i) => describeMergeItem(i, 'keep')),
  ];
}
