/**
 * An install NIC or uplink for which no driver exists on the release, or which the compatibility list does not
 * know: no ISO changes that, so the answer must never read "yes — … need no driver" for it. The install NIC (or
 * every uplink) without a driver makes the answer no and blocks the stick; one uplink among working ones is a
 * note with its fix. The build flow refuses a stick for any host whose answer is not yes and that blocks.
 */
import { describe, expect, it } from 'vitest';
import { canInstall, driverAnswerLines, type HostDriverAnswer, type InstallerContents } from '../../../../main/core/media/drivers';
import { Site } from '../../../../main/core/site/schema';
import { demoSite, shippedList } from '../../../helpers/hardware';
import { planOf } from '../../../helpers/plan';

const list = shippedList();
const FLING = '1.14-7vmw.803.0.95.93415869';
const vib = (name: string, version: string) => ({ name, version, vendor: 'VMW', acceptance: 'certified', payloads: [name] });
const iso = (vibs: ReturnType<typeof vib>[]): InstallerContents => ({ readable: true, release: '8.0U3', vibs, bootModules: [], sample: false });
const WITH_FLING = iso([vib('vmkusb-nic-fling', FLING)]);
const FIX = '  fix: choose another install NIC or uplink in Hardware (one with a driver on ESXi 8.0U3), or add a supported USB NIC.';

type NicInput = Site['spec']['hosts'][number]['hardware']['nics'][number];

/** The demo site with esx02's NICs replaced and its install NIC chosen. */
function esx02With(nics: Partial<NicInput>[], installNic: string): Site {
  const d = demoSite();
  const h = d.spec.hosts[1]!;
  return Site.parse({ ...d, spec: { ...d.spec, hosts: [d.spec.hosts[0]!, { ...h, management: { ...h.management, device: installNic }, hardware: { ...h.hardware, nics } }] } });
}

function esx02(site: Site, contents: InstallerContents): { a: HostDriverAnswer; lines: string[] } {
  const a = canInstall(planOf(site, { installer: contents }), site, list, contents).find((h) => h.host === 'esx02')!;
  return { a, lines: driverAnswerLines(a, { list, release: '8.0U3' }) };
}

// Killer E3000 (10ec:3000): the shipped list says no ESXi release drives it.
const KILLER = { name: 'vmnic0', bus: 'pci', vendorId: '10ec', deviceId: '3000' } as const;
const USB = { name: 'vusb0', bus: 'usb', vendorId: '0bda', deviceId: '8156', mac: '00:e0:4c:68:15:6a' } as const;
// A PCI adapter no list knows.
const STRANGER = { name: 'vmnic1', bus: 'pci', vendorId: 'abcd', deviceId: '1234' } as const;

describe('an install NIC or uplink no ISO can help', () => {
  it('the install NIC has no driver on the release: no, blocking, named with the release and the fix in Hardware', () => {
    const { a, lines } = esx02(esx02With([{ ...KILLER, role: 'uplink' }, { ...USB, role: 'uplink' }], 'vmnic0'), WITH_FLING);
    expect([a.answer, a.blocking]).toEqual(['no', true]);
    expect(a.undriven).toEqual([{ nic: 'vmnic0', device: expect.any(String), role: 'management', onlyUplink: false, kind: 'none' }]);
    expect(lines[0]).toMatch(/^esx02: no — vmnic0 \(.+, its install NIC\) has no driver for ESXi 8\.0U3, in any ISO$/);
    expect(lines).toContain(FIX);
    expect(lines.join('\n')).not.toMatch(/yes —/);
  });

  it('one uplink without a driver while the install NIC and another uplink work: yes for the ISO, with a note and the fix', () => {
    const { a, lines } = esx02(esx02With([{ ...KILLER, role: 'uplink' }, { ...USB, role: 'uplink' }], 'vusb0'), WITH_FLING);
    expect([a.answer, a.blocking]).toEqual(['yes', false]);
    expect(lines[0]).toBe(`esx02: yes — vusb0 (Realtek RTL8156/8156B, its install NIC) needs vmkusb-nic-fling; this ISO carries vmkusb-nic-fling ${FLING}`);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}note: vmnic0 \(.+, an uplink\) has no driver for ESXi 8\.0U3, in any ISO\.$/));
    expect(lines).toContain(FIX);
  });

  it('the only uplink is an adapter the list does not know: unknown, never "no driver needed"', () => {
    const { a, lines } = esx02(esx02With([{ ...STRANGER, role: 'uplink' }], 'vmnic1'), WITH_FLING);
    expect(a.answer).toBe('unknown');
    expect(a.undriven.map((n) => [n.nic, n.kind, n.onlyUplink])).toEqual([['vmnic1', 'unknown', true]]);
    expect(lines[0]).toMatch(/^esx02: unknown — vmnic1 \(.+, its install NIC and only uplink\) is not in the compatibility list, so whether ESXi 8\.0U3 drives it cannot be told$/);
    expect(lines).toContain(FIX);
    expect(lines.join('\n')).not.toContain('need no driver');
  });

  it('a host whose NICs are all driven has nothing undriven and keeps its plain yes', () => {
    const { a, lines } = esx02(esx02With([{ ...USB, role: 'uplink' }], 'vusb0'), WITH_FLING);
    expect(a.undriven).toEqual([]);
    expect(a.answer).toBe('yes');
    expect(lines).not.toContain(FIX);
  });
});

describe('a wrong build whose version is not known', () => {
  it('reads without a stray space before the comma', () => {
    const a: HostDriverAnswer = {
      host: 'esx09', answer: 'no', blocking: true, sample: false, undriven: [], release: '8.0U3',
      needs: [{ nic: 'vusb0', device: 'Realtek RTL8157', bus: 'usb', id: '0bda:8157', vib: 'vmkusb-nic-fling', role: 'uplink', onlyUplink: true, present: false, state: 'wrong-build' }],
    };
    expect(driverAnswerLines(a)[0]).toBe('esx09: no — vusb0 (Realtek RTL8157, its only uplink) needs a vmkusb-nic-fling build that lists 0bda:8157; this ISO carries vmkusb-nic-fling, which does not list it');
  });
});
