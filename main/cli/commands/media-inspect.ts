/**
 * `sitekit media inspect ISO [--json]`: what an installer ISO is and what it carries: release and build, the image
 * profile, the driver VIBs from its image database (IMGDB.TGZ), and "unknown" where the database cannot be read.
 * The lead registers it in the `media` group.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { INBOX_USB_VIB, USB_NIC_FLING_VIB, type InstallerContents, type InstallerVib } from '../../core/media/drivers';
import { describeMediaFinding } from '../../core/media/findings';
import { humanBytes } from '../format';
import { EXIT, simpleCommand, type CliIO } from '../types';
import { fail } from '../exit-codes';

const USAGE = `Usage: sitekit media inspect ISO [--json]
  Reads an ESXi/ECS installer ISO without mounting it and prints what it carries: release and build, the image
  profile, the network and USB driver VIBs listed in its image database (IMGDB.TGZ), and whether it carries the
  USB NIC Fling (vmkusb-nic-fling; the inbox vmkusb is the USB host driver, not the Fling).
  Where the database cannot be read it says "unknown" and why.
  --json   the whole inspection as JSON (every VIB, the boot modules, the findings)
  Exit 0 an installer whose database was read, 1 an installer whose database cannot be read, 3 a file that
  is not an installer ISO (not an ISO at all, or an ISO without the installer's files), as the README says.
`;

/** Network and USB drivers (inbox and async/Fling): the VIBs that decide whether a host's NICs are seen. */
const DRIVER_VIB = /^(vmkusb|ne1000|e1000|igbn|igc|cndi-|ixgben|i40en|icen|ntg3|bnxtnet|atlantic|net-|nmlx|nenic|qedentv|elxnet|if-re|r81|vmxnet|qfle3|brcm|bcm)/;

const pad = (s: string, n: number) => (s.length >= n ? `${s} ` : s.padEnd(n));

function vibNote(v: InstallerVib): string {
  if (v.name === INBOX_USB_VIB) return 'inbox USB host-controller driver (not the USB NIC Fling)';
  if (v.name === USB_NIC_FLING_VIB) return 'USB NIC Fling';
  return v.onBootModules === false ? 'payload NOT on BOOT.CFG modules=: the installer does not load it' : '';
}

/** The human-readable inspection lines. */
export function describeContents(c: InstallerContents): string[] {
  const L: string[] = [];
  if (c.sample) L.push('SAMPLE: this ISO was made by Sitekit for the demo; it is ESXi-shaped, not a real ESXi installer.');
  L.push(`Release:  ${c.release ? `ESXi ${c.release}` : 'unknown'}${c.build ? `, build ${c.build}` : ', build unknown'}`);
  if (!c.readable) {
    L.push(`Image database: unknown — ${c.reason ?? 'it could not be read'}.`);
    L.push('Driver VIBs: unknown (Sitekit cannot tell which drivers this ISO carries).');
    L.push(`USB NIC Fling (${USB_NIC_FLING_VIB}): unknown`);
    return L;
  }
  L.push(`Profile:  ${c.profile ? `${c.profile.name}${c.profile.vendor ? ` (${c.profile.vendor}` : ''}${c.profile.acceptance ? `${c.profile.vendor ? ', ' : ' ('}acceptance ${c.profile.acceptance}` : ''}${c.profile.vendor || c.profile.acceptance ? ')' : ''}` : 'unknown (no image profile in the database)'}`);
  const drivers = c.vibs.filter((v) => DRIVER_VIB.test(v.name));
  L.push(`Driver VIBs (${drivers.length} network/USB of ${c.vibs.length} VIBs):`);
  const w = Math.max(4, ...drivers.map((v) => v.name.length)) + 2;
  const wv = Math.max(7, ...drivers.map((v) => v.version.length)) + 2;
  for (const v of drivers) L.push(`  ${pad(v.name, w)}${pad(v.version, wv)}${pad(v.vendor, 6)}${pad(v.acceptance, 11)}${vibNote(v)}`.trimEnd());
  if (!drivers.length) L.push('  (none)');
  const fling = c.vibs.find((v) => v.name === USB_NIC_FLING_VIB);
  L.push(`USB NIC Fling (${USB_NIC_FLING_VIB}): ${fling ? `carried, ${fling.version}` : 'not carried'}`);
  L.push(`Boot modules (BOOT.CFG modules=): ${c.bootModules.length}`);
  return L;
}

export const mediaInspectCommand = simpleCommand({
  name: 'inspect',
  summary: 'What an installer ISO carries: release, build, profile, driver VIBs',
  usage: USAGE,
  async run(args: readonly string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseArgs({ args: [...args], options: { json: { type: 'boolean' } }, allowPositionals: true });
    if (positionals.length !== 1) {
      io.err(`error: give exactly one ISO file.\n\n${USAGE}`);
      return EXIT.usage;
    }
    const path = resolve(io.cwd, positionals[0]!);
    // Through the contract, like the Boot media step's ISO check.
    const r = await io.runtime().call('iso:inspect', { path });
    if (!r.ok) return fail(io, r.error);
    const i = r.value;
    // Not an installer is a bad input file (README: exit 3); an installer whose database cannot be read is
    // a problem the inspection found (1).
    const code = !i.isInstaller ? EXIT.input : !i.contents.readable ? EXIT.problems : EXIT.ok;
    if (values.json) {
      io.out(JSON.stringify(i, null, 2) + '\n');
      return code;
    }
    const L = [`${i.name}: ${humanBytes(i.size)}, volume ${i.volumeId || '(none)'}, ${i.fileCount} files`];
    if (!i.isInstaller) {
      L.push('Not an ESXi/ECS installer:');
      for (const f of i.findings) L.push(`  ${describeMediaFinding(f)}`);
    }
    L.push(...describeContents(i.contents));
    io.out(L.join('\n') + '\n');
    return code;
  },
});
