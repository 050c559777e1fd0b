/** Hardware step: the compatibility catalogue, the verdict engine, inventory parsing, list import. */
import { z } from 'zod';
import { channel } from '../define';
import type { CompatList, CompatListInfo } from '../../core/hardware/schema';
import type { SiteVerdict } from '../../core/hardware/verdict';
import type { SitePlan } from '../../core/host-plan/types';
import type { Site } from '../../core/site/schema';
import type { HostInventoryMerge } from '../../core/inventory/merge';
import type { Issue } from '../../core/result';
import type { InventoryPreview } from '../../core/inventory/read';

/** The list in use, for search and display; `note` says why an imported list was not used. */
export interface HardwareCatalogue {
  readonly info: CompatListInfo;
  readonly note?: string;
  readonly list: CompatList;
}

export interface HardwareCheckResult {
  /** The host plan of every host (NICs with drivers, install NIC, uplinks, kernel options with reasons). */
  readonly plan: SitePlan;
  readonly verdict: SiteVerdict;
  readonly info: CompatListInfo;
  /** The site with the inventories merged and each host's requirements set from its verdict. */
  readonly site: Site;
  readonly inventoryIssues: readonly Issue[];
  /** Per host with inventories: what they added, changed, removed and kept; `applied: false` for another box without replace. */
  readonly merges: readonly HostInventoryMerge[];
  /** True when a host is unsupported, the check found an error, or an inventory of another box was refused (the CLI exits 1). */
  readonly problems: boolean;
  readonly note?: string;
}

/** What one host's inventories describe (main/flows/read-inventory.ts). */
export type ParsedInventoryResult = InventoryPreview;

const InventoryText = z.object({ text: z.string().max(5_000_000), fileName: z.string().max(400).optional() }).strict();

export const hardwareChannels = {
  'hardware:catalogue': channel(z.object({}).strict())<HardwareCatalogue>(),
  /** Checks a site (validated first) against the list in use. */
  'hardware:check': channel(
    z
      .object({
        /** A site to check (validated first), or the id of a draft in the workspace. */
        site: z.unknown().optional(),
        id: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/).optional(),
        /** Inventory texts; each belongs to `host`, or to the host its name starts with, or the only host. */
        inventories: z.array(z.object({ host: z.string().max(63).optional(), name: z.string().min(1).max(400), text: z.string().max(5_000_000) }).strict()).max(24).optional(),
        /** The hosts take the inventories' box: its serial, product and exactly its NICs (needed for another box). */
        replace: z.boolean().optional(),
      })
      .strict()
      .refine((r) => (r.site === undefined) !== (r.id === undefined), 'give a site or a site id'),
  )<HardwareCheckResult>(),
  /** Parses one host's inventory texts (lspci, lsusb, esxcli, dmidecode; several may be given) into host hardware. */
  'hardware:parseInventory': channel(
    z
      .object({
        texts: z.array(InventoryText).min(1).max(12),
        /** The host's hardware now (validated as HostHardware): the result then carries the merge preview. */
        current: z.unknown().optional(),
        /** merge (default): add and keep; replace: the NICs become exactly what the inventory shows. */
        mode: z.enum(['merge', 'replace']).default('merge'),
      })
      .strict(),
  )<ParsedInventoryResult>(),
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
