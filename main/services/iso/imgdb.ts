/**
 * What an installer ISO carries: the image database `IMGDB.TGZ` (esximage's tar database: a gzip'd tar of VIB
 * descriptors `var/db/esximg/vibs/*.xml` and the image profile(s) `var/db/esximg/profiles/*`, docs/FIELD-NOTES.md
 * "The installer's image database") plus the `modules=` list of BOOT.CFG.
 *
 * Formats others maintain are read with maintained libraries: gzip with node:zlib, tar with tar-stream, XML with
 * saxes (a maintained, non-validating SAX parser; it is installed as a dependency of exceljs). Only the few flat
 * elements Sitekit needs are taken from each document. Anything that cannot be read makes the answer
 * "unreadable, because …", never an empty "fine".
 */
import { gunzip, gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { SaxesParser } from 'saxes';
import { extract, pack } from 'tar-stream';
import { parseBootCfg } from '../../core/media/bootcfg';
import { releaseFromVersion, type InstallerContents, type InstallerVib } from '../../core/media/drivers';
import { BIOS_BOOT_CFG, UEFI_BOOT_CFG } from '../../core/media/installer';
import type { IsoReader } from './iso-reader';

export const IMGDB_PATH = '/IMGDB.TGZ';
/** Volume id and profile vendor of Sitekit's sample ISO (sample-iso.ts). */
export const SAMPLE_VOLUME_ID = 'SAMPLE_ESXI';
export const SAMPLE_PROFILE_VENDOR = 'Sitekit (SAMPLE, not VMware)';

/** Largest IMGDB.TGZ read (real ones are well under 10 MB), and the most it may inflate to. */
const MAX_DB_BYTES = 64 * 2 ** 20;
const MAX_INFLATED = 256 * 2 ** 20;
const gunzipAsync = promisify(gunzip);
const MAX_ENTRY = 8 * 2 ** 20;

/** The depth-1 text elements of an XML document, and its `<payload>` elements. */
interface FlatXml {
  readonly root: string;
  readonly fields: ReadonlyMap<string, string>;
  readonly payloads: readonly { name: string; type?: string }[];
}

/** Parses an esximage descriptor or profile; throws with saxes' message on malformed XML. */
export function parseFlatXml(text: string): FlatXml {
  const parser = new SaxesParser({ xmlns: false });
  const stack: string[] = [];
  const fields = new Map<string, string>();
  const payloads: { name: string; type?: string }[] = [];
  let root = '';
  let buf = '';
  let failure: Error | undefined;
  parser.on('error', (e) => {
    failure ??= e;
  });
  parser.on('opentag', (t) => {
    if (stack.length === 0) root = t.name.toLowerCase();
    stack.push(t.name.toLowerCase());
    buf = '';
    if (t.name.toLowerCase() === 'payload') {
      const name = String(t.attributes.name ?? '');
      const type = t.attributes.type !== undefined ? String(t.attributes.type) : undefined;
      if (name) payloads.push({ name, ...(type ? { type } : {}) });
    }
  });
  parser.on('text', (t) => {
    buf += t;
  });
  parser.on('cdata', (t) => {
    buf += t;
  });
  parser.on('closetag', (t) => {
    // depth 2 = a child of the root element: <vib><name>…</name></vib>
    if (stack.length === 2 && !fields.has(t.name.toLowerCase())) fields.set(t.name.toLowerCase(), buf.trim());
    stack.pop();
    buf = '';
  });
  parser.write(text).close();
  if (failure) throw failure;
  if (!root) throw new Error('no root element');
  return { root, fields, payloads };
}

/** Module base name ESXi gives a payload on the ISO: `vmkusb-n` → `vmkusb_n` (8.3, the extension by type). */
export function payloadModuleBase(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 8);
}

/** Payload types that are boot modules on BOOT.CFG `modules=`; `vzstd` is the zstd payload of 9.x VIBs (the 9.0 Fling's). */
const BOOT_PAYLOAD_TYPES = new Set(['vgz', 'vzstd', 'tgz', 'boot']);

function vibFrom(x: FlatXml, bootBases: ReadonlySet<string>): InstallerVib | undefined {
  const name = x.fields.get('name');
  if (x.root !== 'vib' || !name) return undefined;
  const boot = x.payloads.filter((p) => !p.type || BOOT_PAYLOAD_TYPES.has(p.type.toLowerCase()));
  return {
    name,
    version: x.fields.get('version') ?? '',
    vendor: x.fields.get('vendor') ?? '',
    acceptance: x.fields.get('acceptance-level') ?? x.fields.get('acceptancelevel') ?? '',
    payloads: x.payloads.map((p) => p.name),
    ...(boot.length ? { onBootModules: boot.every((p) => bootBases.has(payloadModuleBase(p.name))) } : {}),
  };
}

const entryPath = (name: string) => name.replace(/\\/g, '/').replace(/^(\.\/|\/)+/, '').toLowerCase();

/**
 * Release and build from `build=8.0.3-0.35.24280767` or a profile name: `ESXi-8.0U3e-24674464-standard`, and the 9.x
 * forms `ESXi-9.0.0.0100-24813472-standard` and `ESXi-9.0.1-0.24957456-standard` (a dot before the build).
 */
export function releaseAndBuild(bootBuild: string | undefined, profileName: string | undefined): { release?: string; build?: string } {
  const b = bootBuild ? /^(\d+\.\d+\.\d+)(?:-[\d.]*?\.?(\d{5,9}))?$/.exec(bootBuild.trim()) : null;
  if (b) {
    const release = releaseFromVersion(b[1]!);
    const build = b[2] && !/^0+$/.test(b[2]) ? b[2] : undefined;
    return { ...(release ? { release } : {}), ...(build ? { build } : {}) };
  }
  const p = profileName ? /ESXi-(\d+)\.(\d+)(?:U(\d)[a-z]?|\.(\d+)(?:\.\d+)?)?-(?:\d+\.)?(\d{6,9})(?:-|$)/i.exec(profileName) : null;
  if (p) {
    const [, major, minor, u, dotted, build] = p;
    const release = releaseFromVersion(`${major}.${minor}.${u ?? dotted ?? '0'}`);
    return { ...(release ? { release } : {}), build: build! };
  }
  return {};
}

const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

/** Reads what the installer carries. Never throws; an unreadable database is `readable: false` with the reason. */
export async function readInstallerContents(reader: IsoReader): Promise<InstallerContents> {
  let bootText: string | undefined;
  for (const p of [BIOS_BOOT_CFG, UEFI_BOOT_CFG]) {
    const e = await reader.find(p);
    if (!e || e.isDir) continue;
    const r = await reader.readFile(e, 256 * 1024);
    if (r.ok) {
      bootText = latin1(r.value);
      break;
    }
  }
  const cfg = bootText !== undefined ? parseBootCfg(bootText) : undefined;
  const bootModules = (cfg?.modules ?? []).map((m) => m.replace(/\\/g, '/').split('/').pop()!.toLowerCase()).filter(Boolean);
  const kernel = cfg?.kernel?.replace(/\\/g, '/').split('/').pop()?.toLowerCase();
  const bootBases = new Set([...bootModules, ...(kernel ? [kernel] : [])].map((m) => m.replace(/\.[^.]*$/, '')));
  let sample = reader.volumeId.trim().toUpperCase() === SAMPLE_VOLUME_ID;
  const base = { bootModules, ...releaseAndBuild(cfg?.build, undefined) };
  const unreadable = (reason: string): InstallerContents => ({ readable: false, reason, vibs: [], ...base, sample });

  const db = await reader.find(IMGDB_PATH);
  if (!db || db.isDir) return unreadable(`the ISO has no ${IMGDB_PATH.slice(1)} (the installer's image database)`);
  if (db.size > MAX_DB_BYTES) return unreadable(`${IMGDB_PATH.slice(1)} is ${db.size} bytes, more than an image database can be`);

  const docs: { path: string; text: string }[] = [];
  const raw = await reader.readFile(db, MAX_DB_BYTES);
  if (!raw.ok) return unreadable(`${IMGDB_PATH.slice(1)} could not be read from the ISO (${raw.error.message})`);
  let tar: Buffer;
  try {
    tar = await gunzipAsync(raw.value, { maxOutputLength: MAX_INFLATED });
  } catch (e) {
    return unreadable(`${IMGDB_PATH.slice(1)} is not gzip data (${(e as Error).message})`);
  }
  try {
    const x = extract();
    x.end(tar);
    for await (const entry of x) {
      const path = entryPath(entry.header.name);
      const wanted = entry.header.type === 'file' && (/^var\/db\/esximg\/vibs\/[^/]+\.xml$/.test(path) || /^var\/db\/esximg\/profiles\/[^/]+$/.test(path));
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const c of entry as AsyncIterable<Buffer>) {
        if (!wanted) continue;
        size += c.length;
        if (size > MAX_ENTRY) throw new Error(`${path} is larger than ${MAX_ENTRY} bytes`);
        chunks.push(c);
      }
      if (wanted) docs.push({ path, text: Buffer.concat(chunks).toString('utf8') });
    }
  } catch (e) {
    return unreadable(`${IMGDB_PATH.slice(1)} is not a readable tar archive (${(e as Error).message})`);
  }
  if (docs.length === 0) return unreadable(`${IMGDB_PATH.slice(1)} holds no esximage database (no var/db/esximg/vibs/*.xml)`);

  const vibs: InstallerVib[] = [];
  let profile: InstallerContents['profile'];
  for (const d of docs.sort((a, b) => (a.path < b.path ? -1 : 1))) {
    let x: FlatXml;
    try {
      x = parseFlatXml(d.text);
    } catch (e) {
      return unreadable(`${d.path} in ${IMGDB_PATH.slice(1)} is not well-formed XML (${(e as Error).message.split('\n')[0]})`);
    }
    if (d.path.includes('/vibs/')) {
      const v = vibFrom(x, bootBases);
      if (!v) return unreadable(`${d.path} in ${IMGDB_PATH.slice(1)} is not a VIB descriptor (no <vib><name>)`);
      vibs.push(v);
    } else if (!profile && x.fields.get('name')) {
      const vendor = x.fields.get('creator') ?? x.fields.get('vendor');
      const acceptance = x.fields.get('acceptancelevel') ?? x.fields.get('acceptance-level');
      profile = { name: x.fields.get('name')!, ...(vendor ? { vendor } : {}), ...(acceptance ? { acceptance } : {}) };
    }
  }
  if (vibs.length === 0) return unreadable(`${IMGDB_PATH.slice(1)} lists no VIB descriptors (var/db/esximg/vibs/*.xml)`);
  if (profile?.vendor === SAMPLE_PROFILE_VENDOR) sample = true;
  const rb = releaseAndBuild(cfg?.build, profile?.name);
  return {
    readable: true,
    ...(rb.release ?? base.release ? { release: rb.release ?? base.release } : {}),
    ...(rb.build ? { build: rb.build } : {}),
    ...(profile ? { profile } : {}),
    vibs: vibs.sort((a, b) => a.name.localeCompare(b.name)),
    bootModules,
    sample,
  };
}

/** A text file inside one of the ISO's gzip'd tar boot modules (`ks=file://etc/vmware/weasel/ks.cfg`), or undefined. */
export async function findInModules(reader: IsoReader, modules: readonly string[], path: string): Promise<string | undefined> {
  const want = entryPath(path);
  for (const m of modules) {
    const e = await reader.find('/' + m.replace(/\\/g, '/').replace(/^\/+/, ''));
    if (!e || e.isDir || e.size > MAX_DB_BYTES) continue;
    const raw = await reader.readFile(e, MAX_DB_BYTES);
    if (!raw.ok) continue;
    try {
      const x = extract();
      x.end(await gunzipAsync(raw.value, { maxOutputLength: MAX_INFLATED }));
      let found: string | undefined;
      for await (const entry of x) {
        const chunks: Buffer[] = [];
        for await (const c of entry as AsyncIterable<Buffer>) if (found === undefined && entryPath(entry.header.name) === want) chunks.push(c);
        if (found === undefined && entryPath(entry.header.name) === want && entry.header.type === 'file') found = Buffer.concat(chunks).toString('latin1');
      }
      if (found !== undefined) return found;
    } catch {
      // not a gzip'd tar (e.g. a plain .gz module): it cannot hold the file
    }
  }
  return undefined;
}

// ------------------------------------------------------------------ writing (sample ISO and tests)

/** A VIB to put into a generated image database. */
export interface VibSpec {
  readonly name: string;
  readonly version: string;
  readonly vendor?: string;
  readonly acceptance?: string;
  readonly payloads?: readonly { readonly name: string; readonly type?: string }[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An esximage-style VIB descriptor (`<vib version="5.0">`), with the elements the installer database carries. */
export function vibDescriptorXml(v: VibSpec): string {
  const payloads = (v.payloads ?? [{ name: payloadModuleBase(v.name), type: 'vgz' }])
    .map((p) => `    <payload name="${esc(p.name)}" type="${esc(p.type ?? 'vgz')}" size="0"/>`)
    .join('\n');
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<vib version="5.0">',
    '  <type>bootbank</type>',
    `  <name>${esc(v.name)}</name>`,
    `  <version>${esc(v.version)}</version>`,
    `  <vendor>${esc(v.vendor ?? 'VMW')}</vendor>`,
    `  <summary>${esc(v.name)}</summary>`,
    `  <acceptance-level>${esc(v.acceptance ?? 'certified')}</acceptance-level>`,
    '  <payloads>',
    payloads,
    '  </payloads>',
    '</vib>',
    '',
  ].join('\n');
}

/** An esximage-style image profile document. */
export function profileXml(p: { readonly name: string; readonly vendor: string; readonly acceptance?: string; readonly vibs: readonly VibSpec[] }): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<imageprofile>',
    `  <name>${esc(p.name)}</name>`,
    `  <creator>${esc(p.vendor)}</creator>`,
    `  <acceptancelevel>${esc(p.acceptance ?? 'partner')}</acceptancelevel>`,
    '  <viblist>',
    ...p.vibs.map((v) => `    <vib><vib-id>${esc(`${v.vendor ?? 'VMW'}_bootbank_${v.name}_${v.version}`)}</vib-id></vib>`),
    '  </viblist>',
    '</imageprofile>',
    '',
  ].join('\n');
}

/** Builds an IMGDB.TGZ (gzip'd tar with a fixed mtime, so the same input gives the same bytes). */
export async function buildImageDatabase(db: { readonly profile: { readonly name: string; readonly vendor: string; readonly acceptance?: string }; readonly vibs: readonly VibSpec[] }): Promise<Uint8Array> {
  const p = pack();
  const mtime = new Date(Date.UTC(2026, 0, 1));
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const c of p as AsyncIterable<Buffer>) chunks.push(c);
  })();
  const add = (name: string, text: string) =>
    new Promise<void>((resolve, reject) => {
      p.entry({ name, mtime, mode: 0o644, uid: 0, gid: 0 }, Buffer.from(text, 'utf8'), (e) => (e ? reject(e) : resolve()));
    });
  for (const v of db.vibs) await add(`var/db/esximg/vibs/${v.name}-${payloadModuleBase(v.version.replace(/[^0-9]/g, '')) || '0'}.xml`, vibDescriptorXml(v));
  await add(`var/db/esximg/profiles/${db.profile.name}`, profileXml({ ...db.profile, vibs: db.vibs }));
  p.finalize();
  await done;
  return new Uint8Array(await promisify(gzip)(Buffer.concat(chunks)));
}
