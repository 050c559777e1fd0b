/**
 * The shared shape of the line-based inventory parsers. Each format is a small handler: `starts` says whether a
 * line opens output of that format (used for auto-detection and for pastes that mix several tools), `accept`
 * consumes a line while the format is current and says whether it recognised it.
 */
import type { EsxNicRow, InventoryDevice, InventoryFormat, InventoryIssue, LinkRow, SystemInfo } from './types';

/** Mutable collection point of one parse run; never escapes `parseInventory`. */
export interface Accumulator {
  readonly devices: InventoryDevice[];
  readonly esxNics: EsxNicRow[];
  readonly links: LinkRow[];
  system: SystemInfo | undefined;
  readonly formats: Set<InventoryFormat>;
  readonly issues: InventoryIssue[];
}

export interface FormatHandler {
  readonly format: InventoryFormat;
  /** True when the line opens output of this format. */
  starts(line: string): boolean;
  /** Consumes a line while this format is current; false when the line is not part of it. */
  accept(line: string, lineNo: number): boolean;
  /** Flushes a pending record at the end or when another format starts. */
  finish(): void;
}

export type HandlerFactory = (acc: Accumulator) => FormatHandler;

export const hex4 = (s: string | undefined): string | undefined => {
  if (s === undefined) return undefined;
  const v = s.trim().toLowerCase().replace(/^0x/, '').padStart(4, '0');
  return /^[0-9a-f]{4}$/.test(v) ? v : undefined;
};

/** Normalises a MAC to aa:bb:cc:dd:ee:ff, or undefined. Accepts `:`/`-` separated and bare 12-hex forms. */
export function normaliseMac(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const bare = s.trim().toLowerCase().replace(/[:-]/g, '');
  if (!/^[0-9a-f]{12}$/.test(bare) || /^0{12}$/.test(bare)) return undefined;
  return bare.match(/../g)!.join(':');
}

/** Trims and collapses whitespace (tabs, CR, runs of spaces). */
export const clean = (s: string): string => s.replace(/\s+/g, ' ').trim();
