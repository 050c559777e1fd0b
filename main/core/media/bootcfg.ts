/**
 * BOOT.CFG as mboot reads it, and the one edit Sitekit makes: the `kernelopt=` line
 * (docs/FIELD-NOTES.md "BOOT.CFG and kernelopt"), merged into what the ISO brings, never overwritten.
 *
 * mboot trims and collapses whitespace, matches keys case-insensitively, ignores unknown keys and lets the
 * last occurrence win. The edit rewrites only the last `kernelopt=` line: drop `cdromBoot`, drop an older
 * `ks=` (its kickstart is merged into KS.CFG), keep every other token, append `ks=usb:/KS.CFG` and the host's
 * kernel options (an option the ISO sets with another value is changed in place and reported). Every other
 * byte of the file is kept, line endings included, so BIOS and UEFI configs can be edited in place rather than
 * copied over each other.
 */

export const KS_OPTION = 'ks=usb:/KS.CFG';

/** The keys of BOOT.CFG Sitekit needs to know about. */
export interface BootCfg {
  readonly kernel?: string;
  readonly kernelopt?: string;
  readonly modules: readonly string[];
  /** `undefined` when unset or empty: paths resolve against the directory holding the file. */
  readonly prefix?: string;
  readonly build?: string;
  readonly title?: string;
}

interface Line {
  readonly start: number;
  readonly end: number; // exclusive, without the line ending
  readonly eol: string;
  readonly text: string;
}

function splitLines(text: string): Line[] {
  const out: Line[] = [];
  let i = 0;
  while (i < text.length) {
    const nl = text.indexOf('\n', i);
    const endWithEol = nl < 0 ? text.length : nl + 1;
    let end = nl < 0 ? text.length : nl;
    if (end > i && text[end - 1] === '\r') end--;
    out.push({ start: i, end, eol: text.slice(end, endWithEol), text: text.slice(i, end) });
    i = endWithEol;
  }
  return out;
}

function keyValue(line: string): { key: string; value: string } | undefined {
  const hash = line.indexOf('#');
  const body = (hash >= 0 ? line.slice(0, hash) : line).trim();
  const eq = body.indexOf('=');
  if (eq <= 0) return undefined;
  return { key: body.slice(0, eq).trim().toLowerCase(), value: body.slice(eq + 1).trim().replace(/\s+/g, ' ') };
}

/** Parses BOOT.CFG with mboot's rules (last occurrence wins, `---` separates modules). */
export function parseBootCfg(text: string): BootCfg {
  const map = new Map<string, string>();
  for (const l of splitLines(text)) {
    const kv = keyValue(l.text);
    if (kv) map.set(kv.key, kv.value);
  }
  const modules = (map.get('modules') ?? '')
    .split('---')
    .map((m) => m.trim().split(' ')[0] ?? '')
    .filter((m) => m.length > 0);
  const prefix = map.get('prefix');
  return {
    kernel: map.get('kernel')?.split(' ')[0] || undefined,
    kernelopt: map.get('kernelopt'),
    modules,
    prefix: prefix ? prefix : undefined,
    build: map.get('build'),
    title: map.get('title'),
  };
}

/**
 * Resolves a kernel/module path from a BOOT.CFG at `cfgDir` ('/' or '/EFI/BOOT') to an absolute path on
 * the stick: absolute when it starts with `/` or `\` or contains `://`, else under `prefix`, else under the
 * directory of the config file.
 */
export function resolveBootPath(path: string, cfg: Pick<BootCfg, 'prefix'>, cfgDir: string): string {
  const p = path.replace(/\\/g, '/');
  if (p.startsWith('/') || p.includes('://')) return normalise(p);
  const base = cfg.prefix !== undefined ? cfg.prefix.replace(/\\/g, '/') : cfgDir;
  return normalise(`${base.startsWith('/') ? '' : '/'}${base}/${p}`);
}

function normalise(p: string): string {
  const parts: string[] = [];
  for (const s of p.split('/')) {
    if (!s || s === '.') continue;
    if (s === '..') parts.pop();
    else parts.push(s);
  }
  return '/' + parts.join('/');
}

/** Every path a BOOT.CFG makes mboot load, resolved to absolute paths on the stick. */
export function bootCfgPaths(text: string, cfgDir: string): string[] {
  const cfg = parseBootCfg(text);
  return [...(cfg.kernel ? [cfg.kernel] : []), ...cfg.modules].map((p) => resolveBootPath(p, cfg, cfgDir));
}

/** What the edit did, for the plan view and the tests. */
export interface KerneloptEdit {
  readonly text: string;
  /** The kernelopt value before and after (`undefined` before when the file had none). */
  readonly before?: string;
  readonly after: string;
  readonly removed: readonly string[];
  readonly added: readonly string[];
  /** Options the ISO already had with another value than the host needs: changed in place, never dropped. */
  readonly changed: readonly { readonly from: string; readonly to: string }[];
}

/**
 * Where an ISO's own kickstart lives, from a `ks=` token of its kernelopt
 * (docs/FIELD-NOTES.md "Where the kickstart is read from").
 */
export type KickstartSource =
  | { readonly kind: 'cdrom' | 'usb'; readonly token: string; readonly path: string }
  | { readonly kind: 'file'; readonly token: string; readonly path: string }
  | { readonly kind: 'url'; readonly token: string; readonly url: string };

/** The ISO's own kickstart named on its kernelopt, or undefined. `ks=file://etc/…` is a file inside a boot module. */
export function kickstartSource(kernelopt: string | undefined): KickstartSource | undefined {
  const token = (kernelopt ?? '').split(/\s+/).find((t) => /^ks=/i.test(t));
  if (!token) return undefined;
  const v = token.slice(3);
  const m = /^(cdrom|usb):(\/.*)$/i.exec(v);
  if (m) return { kind: m[1]!.toLowerCase() as 'cdrom' | 'usb', token, path: m[2]! };
  if (/^file:\/\//i.test(v)) return { kind: 'file', token, path: '/' + v.replace(/^file:\/\//i, '').replace(/^\/+/, '') };
  return { kind: 'url', token, url: v };
}

/**
 * Rewrites the last `kernelopt=` line: removes `cdromBoot` and any `ks=` token, appends `ks=usb:/KS.CFG`
 * and `extra` options not already present. Adds a kernelopt line at the end when the file has none.
 */
export function editKernelopt(text: string, extra: readonly string[] = []): KerneloptEdit {
  const lines = splitLines(text);
  let target = -1;
  lines.forEach((l, i) => {
    if (keyValue(l.text)?.key === 'kernelopt') target = i;
  });
  const removed: string[] = [];
  const changed: { from: string; to: string }[] = [];
  // Merge, never overwrite: every token the ISO brings stays (ECS ISOs may add their own), except cdromBoot
  // and an older ks= (its kickstart is merged into KS.CFG by kickstart.ts); an option the host needs with
  // another value is changed in place and reported.
  const build = (tokens: string[]) => {
    const kept = tokens.filter((t) => {
      const drop = t.toLowerCase() === 'cdromboot' || /^ks=/i.test(t);
      if (drop) removed.push(t);
      return !drop;
    });
    const added = [KS_OPTION];
    for (const o of extra) {
      const name = o.split('=')[0]!.toLowerCase();
      const i = kept.findIndex((t) => t.split('=')[0]!.toLowerCase() === name);
      if (i < 0) added.push(o);
      else if (kept[i] !== o) {
        changed.push({ from: kept[i]!, to: o });
        kept[i] = o;
      }
    }
    return { value: [...kept, ...added].join(' '), added };
  };
  if (target < 0) {
    const { value, added } = build([]);
    const eol = lines.find((l) => l.eol)?.eol ?? '\n';
    const needsNl = text.length > 0 && !text.endsWith('\n');
    return { text: `${text}${needsNl ? eol : ''}kernelopt=${value}${eol}`, after: value, removed, added, changed };
  }
  const line = lines[target]!;
  const raw = line.text;
  const eq = raw.indexOf('=');
  const hash = raw.indexOf('#', eq);
  const valuePart = hash >= 0 ? raw.slice(eq + 1, hash) : raw.slice(eq + 1);
  const before = valuePart.trim().replace(/\s+/g, ' ');
  const { value, added } = build(before ? before.split(' ') : []);
  // Keep the whitespace around the value and any trailing comment exactly as they were.
  const lead = /^\s*/.exec(valuePart)![0];
  const trail = hash >= 0 ? /\s*$/.exec(valuePart)![0] : '';
  const comment = hash >= 0 ? raw.slice(hash) : '';
  const newLine = raw.slice(0, eq + 1) + lead + value + trail + comment;
  return { text: text.slice(0, line.start) + newLine + text.slice(line.end), before, after: value, removed, added, changed };
}
