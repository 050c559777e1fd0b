/**
 * Parses inventory text a technician pasted or loaded: `lspci -nn[k]`, `lsusb [-v]`, `esxcli network nic list`,
 * `esxcli hardware pci list`, `esxcli hardware memory get` / `cpu global get`, `dmidecode -t system` (also
 * `-t memory` / `-t processor`), `ip link` / `ip addr` / `ip -br link` (MACs, from a Linux live stick), in any order and mixed in one paste. The format is detected
 * line by line. Never throws: text with nothing recognised is an error naming the first lines it could not
 * read; partly recognised text succeeds and lists every line it skipped.
 */
import { err, ok, type Issue, type Result } from '../result';
import { describeInventoryIssue } from '../hardware/messages';
import type { Accumulator, FormatHandler } from './handler';
import { createLspciHandler } from './lspci';
import { createLsusbHandler } from './lsusb';
import { createEsxMemoryCpuHandler, createEsxNicListHandler, createEsxPciListHandler } from './esxcli';
import { createDmidecodeHandler } from './dmidecode';
import { createIpLinkHandler } from './ip-link';
import type { InventoryIssue, ParsedInventory } from './types';

/** Largest text accepted (about 50,000 lines of lspci). */
export const MAX_INVENTORY_CHARS = 5_000_000;
const MAX_ISSUES = 200;
const MAX_LINE_CHARS = 2000;

/** A shell prompt or command echo before the output, e.g. `[root@esx01:~] esxcli network nic list`. */
const PROMPT = /^(\[[^\]]*\]\s*|[\w.@:~/-]*[#$>]\s*)?(sudo\s+)?(lspci|lsusb|esxcli|dmidecode|vmkchdev|ip(\s+-\S+)*\s+(l|li|lin|link|a|ad|addr|address)\b)/;

/** Parses one inventory text. */
export function parseInventory(text: string, fileName = 'inventory'): Result<ParsedInventory> {
  if (typeof text !== 'string' || text.trim() === '') {
    const issue: InventoryIssue = { code: 'empty', line: 1 };
    return err('parse-error', `${fileName} is empty; nothing was read.`, {
      file: fileName,
      issues: [{ path: '', line: 1, message: describeInventoryIssue(issue) }],
      hint: 'Paste the output of lspci -nn, lsusb, esxcli network nic list, esxcli hardware pci list, dmidecode -t system or ip link.',
    });
  }
  if (text.length > MAX_INVENTORY_CHARS) {
    return err('invalid-input', `${fileName} is ${text.length} characters; the limit is ${MAX_INVENTORY_CHARS}.`, { file: fileName, hint: 'Paste only the lspci, lsusb, esxcli and dmidecode output of one host.' });
  }
  const acc: Accumulator = { devices: [], esxNics: [], links: [], system: undefined, formats: new Set(), issues: [] };
  const handlers: FormatHandler[] = [createLspciHandler(acc), createLsusbHandler(acc), createEsxNicListHandler(acc), createEsxPciListHandler(acc), createEsxMemoryCpuHandler(acc), createDmidecodeHandler(acc), createIpLinkHandler(acc)];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  let current: FormatHandler | undefined;
  let recognised = 0;
  let skipped = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const n = i + 1;
    if (line.trim() === '') continue;
    if (line.length > MAX_LINE_CHARS) {
      // no tool prints lines this long; refusing them keeps every regex linear in practice
      skipped++;
      if (acc.issues.length < MAX_ISSUES) acc.issues.push({ code: 'not-recognised', line: n, text: line.slice(0, 200) });
      continue;
    }
    if (PROMPT.test(line.trim())) {
      current?.finish();
      current = undefined;
      continue;
    }
    if (current?.accept(line, n)) {
      recognised++;
      continue;
    }
    const next = handlers.find((h) => h !== current && h.starts(line)) ?? (current?.starts(line) ? current : undefined);
    if (next) {
      current?.finish();
      current = next;
      if (next.accept(line, n)) {
        recognised++;
        continue;
      }
    }
    skipped++;
    if (acc.issues.length < MAX_ISSUES) acc.issues.push({ code: 'not-recognised', line: n, text: line.trim().slice(0, 200) });
  }
  current?.finish();
  const lineCount = lines.length;
  if (recognised === 0 || acc.formats.size === 0) {
    const first = acc.issues.filter((x) => x.code === 'not-recognised').slice(0, 5);
    const issues: Issue[] = first.map((x) => ({ path: '', line: x.line, message: describeInventoryIssue({ ...x, code: 'unknown-format' }) }));
    return err('parse-error', `${fileName} was not recognised: none of its ${skipped} non-empty line${skipped === 1 ? '' : 's'} looks like lspci, lsusb, esxcli, dmidecode or ip link output.`, {
      file: fileName,
      issues,
      hint: 'Run "lspci -nn", "lsusb", "esxcli network nic list", "esxcli hardware pci list", "dmidecode -t system" or "ip link" and paste the output unchanged.',
    });
  }
  return ok({
    formats: [...acc.formats],
    devices: acc.devices,
    esxNics: acc.esxNics,
    links: acc.links,
    ...(acc.system ? { system: acc.system } : {}),
    issues: acc.issues,
    lineCount,
  });
}
