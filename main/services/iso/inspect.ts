/**
 * Is this ISO an ESXi/ECS installer, and is it the one that was published? `inspectIso` lists the tree, runs
 * the installer rules (core/media/installer.ts) with both BOOT.CFG files and reads what the installer carries
 * (imgdb.ts: release, build, profile, VIBs); `hashIso` streams the file
 * through SHA-256 with throttled progress; `compareChecksum` matches what the technician typed.
 */
import type { IsoInspectionView } from '../../core/media/iso-inspection';
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { BIOS_BOOT_CFG, checkInstallerTree, UEFI_BOOT_CFG } from '../../core/media/installer';
import { kickstartSource, parseBootCfg } from '../../core/media/bootcfg';
import { describeMediaFinding } from '../../core/media/findings';
import type { IsoFileEntry } from '../../core/media/plan';
import { err, ok, type Result } from '../../core/result';
import { findInModules, readInstallerContents } from './imgdb';
import { IsoReader, withIso } from './iso-reader';

/** What the ISO step shows about the picked ISO. */
/** What inspecting an ISO finds: one shape with what the contract carries (core/media/iso-inspection.ts). */
export type IsoInspection = IsoInspectionView;

/** Everything the planner needs from an ISO: its files, both BOOT.CFG texts, and its own kickstart if it has one. */
export interface IsoContents {
  readonly inspection: IsoInspection;
  readonly files: readonly IsoFileEntry[];
  readonly bootCfg: { readonly bios?: string; readonly uefi?: string };
  /** The kickstart the ISO's kernelopt names (`ks=cdrom:/…`, `ks=file://…` inside a boot module), to merge. */
  readonly kickstart?: { readonly path: string; readonly text: string };
  /** Why a kickstart the ISO names could not be read (e.g. a URL); nothing was merged then. */
  readonly kickstartNote?: string;
}

const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

/** Reads the tree and both BOOT.CFG files of an open ISO. */
export async function readIsoContents(iso: IsoReader): Promise<Result<IsoContents>> {
  const files = await iso.files();
  if (!files.ok) return files;
  const texts: { bios?: string; uefi?: string } = {};
  for (const [key, path] of [['bios', BIOS_BOOT_CFG], ['uefi', UEFI_BOOT_CFG]] as const) {
    const e = await iso.find(path);
    if (e && !e.isDir) {
      const r = await iso.readFile(e, 256 * 1024);
      if (!r.ok) return r;
      texts[key] = latin1(r.value);
    }
  }
  const facts = checkInstallerTree(files.value.map((f) => f.path), texts);
  const contents = await readInstallerContents(iso);
  const inspection: IsoInspection = {
    path: iso.path,
    name: basename(iso.path),
    size: iso.size,
    volumeId: iso.volumeId,
    nameSource: iso.nameSource,
    fileCount: files.value.length,
    build: facts.build,
    title: facts.title,
    modules: facts.modules,
    findings: facts.findings,
    isInstaller: facts.findings.length === 0,
    contents,
  };
  const ks = await readIsoKickstart(iso, texts.bios ?? texts.uefi);
  return ok({ inspection, files: files.value.map((f) => ({ path: f.path, size: f.size, offset: f.offset })), bootCfg: texts, ...ks });
}

/** Reads the ISO's own kickstart, when its kernelopt names one (ECS ISOs may): Sitekit merges it, never drops it. */
async function readIsoKickstart(iso: IsoReader, bootCfg: string | undefined): Promise<{ kickstart?: { path: string; text: string }; kickstartNote?: string }> {
  const cfg = bootCfg !== undefined ? parseBootCfg(bootCfg) : undefined;
  const src = kickstartSource(cfg?.kernelopt);
  if (!src) return {};
  if (src.kind === 'url') return { kickstartNote: `The ISO's kernelopt names a kickstart at ${src.url}; Sitekit cannot read it offline, so it was not merged.` };
  if (src.kind === 'cdrom' || src.kind === 'usb') {
    const e = await iso.find(src.path);
    if (!e || e.isDir) return { kickstartNote: `The ISO's kernelopt names ${src.token}, but the ISO has no ${src.path}.` };
    const r = await iso.readFile(e, 1 * 2 ** 20);
    return r.ok ? { kickstart: { path: src.path, text: latin1(r.value) } } : { kickstartNote: `${src.path} could not be read: ${r.error.message}` };
  }
  const modules = (cfg?.modules ?? []).filter((m) => /\.(tgz|gz)$/i.test(m));
  const text = await findInModules(iso, modules, src.path);
  return text !== undefined ? { kickstart: { path: src.path, text } } : { kickstartNote: `The ISO's kernelopt names ${src.token}, but no boot module holds ${src.path}.` };
}

/** Opens and inspects an ISO file. A non-installer ISO is `ok` with findings; an unreadable one is an error. */
export async function inspectIso(path: string): Promise<Result<IsoInspection>> {
  return withIso(path, async (iso) => {
    const c = await readIsoContents(iso);
    return c.ok ? ok(c.value.inspection) : c;
  });
}

/** Turns an inspection with findings into one `invalid-iso` error listing exactly what is missing. */
export function requireInstaller(i: IsoInspection): Result<IsoInspection> {
  if (i.isInstaller) return ok(i);
  return err('invalid-iso', `${i.name} is not an ESXi/ECS installer ISO: ${i.findings.length} required file${i.findings.length === 1 ? ' is' : 's are'} missing.`, {
    issues: i.findings.map((f) => ({ path: String(f.params.path ?? ''), message: describeMediaFinding(f) })),
    hint: 'Pick the ESXi or ECS installer ISO downloaded from VECO or Broadcom; nothing was written.',
  });
}

/** Progress of a hash: bytes read so far of `total`. */
export type HashProgress = (p: { bytes: number; total: number }) => void;

/** SHA-256 of a whole file, streamed, with progress at most every `everyMs`. */
export async function hashFile(path: string, onProgress?: HashProgress, everyMs = 250): Promise<Result<{ sha256: string; size: number }>> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    return err('not-found', `Cannot open ${path}: ${(e as Error).message}.`);
  }
  try {
    const total = (await fh.stat()).size;
    const h = createHash('sha256');
    const buf = Buffer.allocUnsafe(4 * 2 ** 20);
    let bytes = 0;
    let last = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, bytes);
      if (bytesRead === 0) break;
      h.update(buf.subarray(0, bytesRead));
      bytes += bytesRead;
      const now = Date.now();
      if (onProgress && now - last >= everyMs) {
        last = now;
        onProgress({ bytes, total });
      }
    }
    onProgress?.({ bytes, total });
    return ok({ sha256: h.digest('hex'), size: bytes });
  } catch (e) {
    return err('io-error', `Reading ${path} failed: ${(e as Error).message}.`);
  } finally {
    await fh.close();
  }
}

/** Normalises a checksum the technician typed or pasted ("SHA256 (x.iso) = AB CD…", spaces, upper case). */
export function normaliseChecksum(text: string): string | undefined {
  const hex = text.match(/[0-9a-fA-F]{64}/)?.[0] ?? text.replace(/[\s:]/g, '');
  return /^[0-9a-fA-F]{64}$/.test(hex) ? hex.toLowerCase() : undefined;
}

/** Compares a computed SHA-256 with the one the technician entered. */
export function compareChecksum(actual: string, entered: string): Result<{ match: true }> {
  const want = normaliseChecksum(entered);
  if (!want) return err('invalid-input', 'The checksum you entered is not a SHA-256 (64 hexadecimal characters).', { hint: 'Copy the SHA-256 from the download page.' });
  if (want !== actual.toLowerCase()) {
    return err('checksum-mismatch', `The ISO's SHA-256 is ${actual}, not the ${want} you entered.`, {
      hint: 'The file is damaged or a different build. Download it again; nothing was written.',
    });
  }
  return ok({ match: true });
}
