/**
 * The media plan: everything about a stick decided before a byte is written (docs/ARCHITECTURE.md "Boot media").
 *
 * Input: the site, the ISO's file list and its two BOOT.CFG texts, which host(s), the root password hash,
 * the partition scheme, random bytes for identifiers. Output: the partition layout, the FAT32 layout,
 * every file with where its bytes come from (ISO extent, edited config, generated file), KS.CFG, both
 * kernelopt edits, which host gets what, and the manifest skeleton. Pure, so it runs in the renderer for
 * the preview and in tests without any file.
 */
import type { Host, Site } from '../site/schema';
import type { SitePlan } from '../host-plan/types';
import { editKernelopt, type KerneloptEdit } from './bootcfg';
import { FAT_SECTOR, planFat32, type Fat32Layout } from './fat32';
import type { MediaFinding } from './findings';
import { BIOS_BOOT_CFG, checkInstallerTree, UEFI_BOOT_CFG } from './installer';
import { renderKickstart, type HostKickstart } from './kickstart';
import { MANIFEST_FORMAT, MANIFEST_PATH, MANIFEST_VERSION, renderManifest, ZERO_SHA256, type StickManifest } from './manifest';
import { asGuid, guidText, partitionLayout, PARTITION_START_LBA, SECTOR_BYTES, type PartitionLayout, type PartitionScheme } from './partition';

export const KS_PATH = '/KS.CFG';
export const VOLUME_LABEL = 'ESXI-EDGE';
const MIB = 2 ** 20;
/**
 * The most files and folders a stick is planned with. An ESXi installer has a few hundred files in about ten
 * folders; planning is linear in the entries (issue 26 item 16), but every folder keeps at least one
 * finished cluster in memory while the image is built, so an ISO far beyond an installer is refused with a
 * clear reason instead of costing gigabytes (the ISO reader alone allows a million entries).
 */
export const MAX_STICK_FILES = 50_000;
export const MAX_STICK_FOLDERS = 5_000;

/** One file of the ISO as the reader lists it. */
export interface IsoFileEntry {
  /** Absolute path with the ISO's best names (Rock Ridge, Joliet or ISO 9660), e.g. "/EFI/BOOT/BOOTX64.EFI". */
  readonly path: string;
  readonly size: number;
  /** Byte offset of the file's data in the ISO. */
  readonly offset: number;
}

export type HostSelection = { readonly kind: 'one'; readonly host?: string } | { readonly kind: 'all' };

export interface MediaPlanInput {
  readonly site: Site;
  /** The site's host plan (install NIC, kernel options, module settings): the kickstart and kernelopt read it. */
  readonly plan: SitePlan;
  readonly hosts: HostSelection;
  readonly iso: {
    readonly name: string;
    readonly size: number;
    readonly files: readonly IsoFileEntry[];
    readonly bootCfg: { readonly bios?: string; readonly uefi?: string };
    /** The ISO's own kickstart (ECS ISOs may bring one): merged into KS.CFG, never dropped. */
    readonly kickstart?: { readonly path: string; readonly text: string };
  };
  /** `$6$` SHA-512 crypt of the root password (services/media/crypt.ts). */
  readonly passwordHash: string;
  readonly scheme: PartitionScheme;
  /** Capacity of the stick, when known: the plan fails when the image does not fit. */
  readonly targetBytes?: number;
  /** ISO 8601 time; also the timestamp of every directory entry. */
  readonly createdAt: string;
  /** At least 40 random bytes: disk signature, volume id, GPT GUIDs. */
  readonly random: Uint8Array;
  readonly versions: { readonly sitekit: string; readonly compatList?: string };
  readonly siteCommit?: string;
  readonly reportHtml?: string;
  /** What the stick carries per host, checked by the build flow; copied into the manifest. */
  readonly carried?: StickManifest['carried'];
  readonly sampleIso?: boolean;
  /** The ISO matched the published checksum (the build flow compared them before planning). */
  readonly isoPublishedMatch?: boolean;
  /** Free space left on the volume; default 64 MiB + 2 % of the content. */
  readonly freeBytes?: number;
}

/** Where a planned file's bytes come from. */
export type FileSource =
  | { readonly kind: 'iso'; readonly offset: number }
  | { readonly kind: 'bytes'; readonly data: Uint8Array; readonly why: 'edited' | 'generated' }
  | { readonly kind: 'manifest' };

export interface PlannedFile {
  readonly path: string;
  readonly size: number;
  readonly source: FileSource;
}

export interface BootCfgEdit extends KerneloptEdit {
  readonly path: string;
}

export interface MediaPlan {
  readonly partition: PartitionLayout;
  readonly fat: Fat32Layout;
  /** Byte offset of the partition in the image. */
  readonly partitionOffset: number;
  readonly imageBytes: number;
  /** Files in the order of the FAT input (the FAT layout's `index`). */
  readonly files: readonly PlannedFile[];
  readonly kickstart: string;
  readonly hosts: readonly HostKickstart[];
  readonly multiHost: boolean;
  readonly bootCfgEdits: readonly BootCfgEdit[];
  readonly warnings: readonly MediaFinding[];
  readonly diskSignature: number;
  readonly diskGuid: Uint8Array;
  readonly partitionGuid: Uint8Array;
  /** The manifest with placeholder hashes; the builder fills them in. */
  readonly manifest: StickManifest;
  readonly manifestIndex: number;
  readonly manifestSize: number;
  readonly isoName: string;
}

export type PlanResult = { ok: true; plan: MediaPlan } | { ok: false; findings: MediaFinding[] };

function pickHosts(site: Site, sel: HostSelection): { hosts: Host[]; multi: boolean } | MediaFinding {
  const all = site.spec.hosts;
  if (sel.kind === 'all') return { hosts: [...all], multi: all.length > 1 };
  if (sel.host === undefined) {
    if (all.length === 1) return { hosts: [all[0]!], multi: false };
    return { severity: 'error', code: 'host-needs-choice', params: { count: all.length } };
  }
  const h = all.find((x) => x.name.toLowerCase() === sel.host!.toLowerCase());
  return h ? { hosts: [h], multi: false } : { severity: 'error', code: 'host-not-found', params: { host: sel.host, hosts: all.map((x) => x.name).join(', ') } };
}

const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

function fatTime(iso: string) {
  const d = new Date(iso);
  const ok = !Number.isNaN(d.getTime());
  const x = ok ? d : new Date(Date.UTC(2026, 0, 1));
  return { year: x.getUTCFullYear(), month: x.getUTCMonth() + 1, day: x.getUTCDate(), hour: x.getUTCHours(), minute: x.getUTCMinutes(), second: x.getUTCSeconds() };
}

/** Plans the stick. Returns every blocking finding at once, so the technician can fix them in one go. */
export function planMedia(input: MediaPlanInput): PlanResult {
  const findings: MediaFinding[] = [];
  const warnings: MediaFinding[] = [];
  const picked = pickHosts(input.site, input.hosts);
  if ('code' in picked) return { ok: false, findings: [picked] };

  const tree = checkInstallerTree(input.iso.files.map((f) => f.path), input.iso.bootCfg);
  findings.push(...tree.findings);
  const folders = new Set<string>();
  for (const f of input.iso.files) {
    for (let i = f.path.lastIndexOf('/'); i > 0; i = f.path.lastIndexOf('/', i - 1)) {
      const folder = f.path.slice(0, i).toUpperCase();
      if (folders.has(folder)) break; // and so are the folders above it
      folders.add(folder);
    }
  }
  if (input.iso.files.length > MAX_STICK_FILES || folders.size > MAX_STICK_FOLDERS)
    return { ok: false, findings: [{ severity: 'error', code: 'iso-too-many-files', params: { files: input.iso.files.length, folders: folders.size, maxFiles: MAX_STICK_FILES, maxFolders: MAX_STICK_FOLDERS } }] };

  const ks = renderKickstart({ site: input.site, hosts: picked.hosts, plans: input.plan.hosts, passwordHash: input.passwordHash, multiHost: picked.multi, ...(input.iso.kickstart ? { isoKickstart: input.iso.kickstart } : {}) });
  if (!ks.ok) findings.push(...ks.findings);
  if (findings.length || !ks.ok) return { ok: false, findings };

  // kernelopt: ks=usb:/KS.CFG plus the kernel options of the host(s) on this stick.
  const options = [...new Set(picked.hosts.flatMap((h) => input.plan.hosts.find((p) => p.host === h.name)?.kernelOptions.map((k) => k.option) ?? []))];
  if (picked.multi && options.length) warnings.push({ severity: 'warning', code: 'kernel-options-shared', params: { options: options.join(' ') } });
  const edits: BootCfgEdit[] = [];
  for (const [path, text] of [
    [BIOS_BOOT_CFG, input.iso.bootCfg.bios!],
    [UEFI_BOOT_CFG, input.iso.bootCfg.uefi!],
  ] as const) {
    const e = editKernelopt(text, options);
    edits.push({ path, ...e });
    for (const token of e.removed.filter((t) => /^ks=/i.test(t))) warnings.push({ severity: 'warning', code: 'existing-ks-removed', params: { path, token } });
  }

  // Files: ISO files in ISO order (sequential reads), edited configs, KS.CFG, the manifest last.
  const edited = new Map(edits.map((e) => [e.path.toUpperCase(), e]));
  const files: PlannedFile[] = [];
  const isoFiles = [...input.iso.files].sort((a, b) => a.offset - b.offset);
  for (const f of isoFiles) {
    const upper = f.path.toUpperCase();
    if (edited.has(upper) || upper === KS_PATH || upper === MANIFEST_PATH) continue;
    files.push({ path: f.path, size: f.size, source: { kind: 'iso', offset: f.offset } });
  }
  for (const e of edits) {
    const data = latin1(e.text); // BOOT.CFG was read as latin1: every byte outside the edit comes back unchanged
    const isoPath = input.iso.files.find((f) => f.path.toUpperCase() === e.path.toUpperCase())?.path ?? e.path;
    files.push({ path: isoPath, size: data.length, source: { kind: 'bytes', data, why: 'edited' } });
  }
  const ksBytes = latin1(ks.value.text); // ASCII by construction (kickstart.ts refuses anything else)
  files.push({ path: KS_PATH, size: ksBytes.length, source: { kind: 'bytes', data: ksBytes, why: 'generated' } });

  const r = input.random;
  const dv = new DataView(r.buffer, r.byteOffset, r.byteLength);
  const diskSignature = dv.getUint32(0, true);
  const volumeId = dv.getUint32(4, true);
  const diskGuid = asGuid(r.subarray(8, 24));
  const partitionGuid = asGuid(r.subarray(24, 40));

  // The manifest skeleton, with placeholder hashes of the final length, so its size is fixed now.
  const manifest = (layoutInfo: { sectors: number; clusterBytes: number; size: number; offset: number; manifestSize: number }): StickManifest => ({
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    createdAt: input.createdAt,
    sitekit: { version: input.versions.sitekit, ...(input.versions.compatList ? { compatListVersion: input.versions.compatList } : {}) },
    site: { id: input.site.metadata.id, name: input.site.metadata.name, ...(input.siteCommit ? { commit: input.siteCommit } : {}) },
    multiHost: picked.multi,
    hosts: ks.value.hosts.map((h) => ({ name: h.host, ...(h.mac ? { mac: h.mac } : {}), network: h.network, install: h.install })),
    iso: { name: input.iso.name, size: input.iso.size, sha256: ZERO_SHA256, ...(tree.build ? { build: tree.build } : {}), ...(input.isoPublishedMatch ? { publishedMatch: true } : {}) },
    partition: {
      scheme: input.scheme,
      startLba: PARTITION_START_LBA,
      sectors: layoutInfo.sectors,
      mbrType: input.scheme === 'mbr' ? 0x0c : input.scheme === 'mbr-ef' ? 0xef : 0xee,
      diskId: input.scheme === 'gpt' ? guidText(diskGuid) : diskSignature.toString(16).padStart(8, '0'),
    },
    volume: { label: VOLUME_LABEL, volumeId: volumeId.toString(16).padStart(8, '0'), clusterBytes: layoutInfo.clusterBytes },
    files: files.filter((f) => f.source.kind !== 'manifest').map((f) => ({ path: f.path, size: f.size, sha256: ZERO_SHA256, source: f.source.kind === 'iso' ? 'iso' : f.source.kind === 'bytes' ? f.source.why : 'generated' })),
    image: { size: layoutInfo.size, sha256ManifestZeroed: ZERO_SHA256, manifestOffset: layoutInfo.offset, manifestSize: layoutInfo.manifestSize },
    ...(input.carried ? { carried: input.carried } : {}),
    ...(input.sampleIso ? { sampleIso: true } : {}),
    ...(input.reportHtml !== undefined ? { reportHtml: input.reportHtml } : {}),
  });
  // Numbers in the manifest are written with room to spare so the real ones never change its length.
  const BIG = 10 ** 15;
  const manifestSize = renderManifest(manifest({ sectors: BIG, clusterBytes: BIG, size: BIG, offset: BIG, manifestSize: BIG })).length + 64;
  const manifestIndex = files.length;
  files.push({ path: MANIFEST_PATH, size: manifestSize, source: { kind: 'manifest' } });

  const content = files.reduce((a, f) => a + f.size, 0);
  const freeBytes = input.freeBytes ?? 64 * MIB + Math.ceil(content * 0.02);
  const fat = planFat32(
    files.map((f) => ({ path: f.path.split('/').filter(Boolean), size: f.size })),
    { label: VOLUME_LABEL, volumeId, hiddenSectors: PARTITION_START_LBA, time: fatTime(input.createdAt), freeBytes, alignSectors: 2048 },
  );
  if (!fat.ok) return { ok: false, findings: fat.problems.map((p) => ({ severity: 'error' as const, code: p.code, params: p.params })) };
  const partition = partitionLayout(input.scheme, fat.layout.totalSectors);
  const imageBytes = partition.imageSectors * SECTOR_BYTES;
  if (input.targetBytes !== undefined && imageBytes > input.targetBytes) {
    return { ok: false, findings: [{ severity: 'error', code: 'target-too-small', params: { need: imageBytes, have: input.targetBytes } }] };
  }
  const partitionOffset = partition.startLba * SECTOR_BYTES;
  const mf = fat.layout.files.find((f) => f.index === manifestIndex)!;
  const clusterBytes = fat.layout.sectorsPerCluster * FAT_SECTOR;
  const manifestOffset = partitionOffset + (fat.layout.dataStartSector + (mf.firstCluster - 2) * fat.layout.sectorsPerCluster) * FAT_SECTOR;

  return {
    ok: true,
    plan: {
      partition,
      fat: fat.layout,
      partitionOffset,
      imageBytes,
      files,
      kickstart: ks.value.text,
      hosts: ks.value.hosts,
      multiHost: picked.multi,
      bootCfgEdits: edits,
      warnings,
      diskSignature,
      diskGuid,
      partitionGuid,
      manifest: manifest({ sectors: partition.sectors, clusterBytes, size: imageBytes, offset: manifestOffset, manifestSize }),
      manifestIndex,
      manifestSize,
      isoName: input.iso.name,
    },
  };
}

/** A serialisable view of a plan for the UI (no byte arrays). */
export interface MediaPlanView {
  readonly scheme: PartitionScheme;
  readonly imageBytes: number;
  readonly partition: { readonly startLba: number; readonly sectors: number; readonly mbrType: number };
  readonly clusterBytes: number;
  readonly fileCount: number;
  readonly contentBytes: number;
  readonly multiHost: boolean;
  readonly hosts: readonly { readonly name: string; readonly mac?: string; readonly network: string; readonly install: string }[];
  readonly kickstart: string;
  readonly bootCfgEdits: readonly { readonly path: string; readonly before?: string; readonly after: string }[];
  readonly warnings: readonly MediaFinding[];
}

/** Summarises a plan for the plan view. */
export function planView(plan: MediaPlan): MediaPlanView {
  return {
    scheme: plan.partition.scheme,
    imageBytes: plan.imageBytes,
    partition: { startLba: plan.partition.startLba, sectors: plan.partition.sectors, mbrType: plan.partition.mbrType },
    clusterBytes: plan.fat.sectorsPerCluster * FAT_SECTOR,
    fileCount: plan.files.length,
    contentBytes: plan.files.reduce((a, f) => a + f.size, 0),
    multiHost: plan.multiHost,
    hosts: plan.hosts.map((h) => ({ name: h.host, ...(h.mac ? { mac: h.mac } : {}), network: h.network, install: h.install })),
    kickstart: plan.kickstart,
    bootCfgEdits: plan.bootCfgEdits.map((e) => ({ path: e.path, ...(e.before !== undefined ? { before: e.before } : {}), after: e.after })),
    warnings: plan.warnings,
  };
}
