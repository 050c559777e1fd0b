/** Hardware step: the compatibility catalogue, the verdict engine, inventory parsing, list import. */
import { z } from 'zod';
import { channel } from '../define';
import type { CompatList, CompatListInfo } from '../../core/hardware/schema';
import type { SiteVerdict } from '../../core/hardware/verdict';
import type { HostHardware } from '../../core/site/schema';
import type { InventoryFormat } from '../../core/inventory/types';
import type { Issue } from '../../core/result';

/** The list in use, for search and display; `note` says why an imported list was not used. */
export interface HardwareCatalogue {
  readonly info: CompatListInfo;
  readonly note?: string;
  readonly list: CompatList;
}

export interface HardwareCheckResult {
  readonly verdict: SiteVerdict;
  readonly info: CompatListInfo;
}

export interface ParsedInventoryResult {
  readonly hardware: HostHardware;
  readonly formats: readonly InventoryFormat[];
  /** Lines not recognised and NICs without IDs; each with its file and line. */
  readonly issues: readonly Issue[];
  readonly deviceCount: number;
  readonly info: CompatListInfo;
}

const InventoryText = z.object({ text: z.string().max(5_000_000), fileName: z.string().max(400).optional() }).strict();

export const hardwareChannels = {
  'hardware:catalogue': channel(z.object({}).strict())<HardwareCatalogue>(),
  /** Checks a site (validated first) against the list in use. */
  'hardware:check': channel(z.object({ site: z.unknown() }).strict())<HardwareCheckResult>(),
  /** Parses one host's inventory texts (lspci, lsusb, esxcli, dmidecode; several may be given) into host hardware. */
  'hardware:parseInventory': channel(z.object({ texts: z.array(InventoryText).min(1).max(12) }).strict())<ParsedInventoryResult>(),
  /**
   * Imports an updated list from its text plus the checksum text (the `.sha256` file's content). Text, not a
   * path: the UI reads the files the technician picked, so this channel never opens arbitrary local files.
   */
  'hardware:importList': channel(
    z.object({ text: z.string().min(1).max(20_000_000), checksum: z.string().max(2000), fileName: z.string().max(400).optional() }).strict(),
  )<CompatListInfo>(),
  /** Drops an imported list and goes back to the shipped one. */
  'hardware:resetList': channel(z.object({}).strict())<CompatListInfo>(),
};
