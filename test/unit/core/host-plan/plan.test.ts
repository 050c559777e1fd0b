/**
 * One host, one truth (issue 24): what the box is decides its uplinks, its install NIC, its drivers and its
 * kickstart, and every reader (kickstart, manifests, lint, report, preflight) says the same thing.
 */
import { describe, expect, it } from 'vitest';
import { Site, type SiteInput } from '../../../../main/core/site/schema';
import { applyPlanToSite, planSite } from '../../../../main/core/host-plan/plan';
import { installNicWords } from '../../../../main/core/host-plan/words';
import { renderKickstart } from '../../../../main/core/media/kickstart';
import { generateSiteFiles } from '../../../../main/core/manifests/generate';
import { lintFiles } from '../../../../main/core/manifests/lint';
import { buildReport } from '../../../../main/core/report/model';
import { collectReportInput } from '../../../../main/core/report/collect';
import { requiredActions } from '../../../../main/core/media/preflight';
import type { InstallerContents } from '../../../../main/core/media/drivers';
import { shippedList } from '../../../helpers/hardware';

const list = shippedList();
const HASH = '$6$saltsaltsaltsalt$' + 'a'.repeat(86);
type HostInput = NonNullable<SiteInput['spec']>['hosts'][number];

/** A one-node site with the given host (as the Site step makes it: vSwitch0 with no uplinks written down). */
function site(host: HostInput, extra: Partial<NonNullable<SiteInput['spec']>> = {}): Site {
  return Site.parse({
    apiVersion: 'sitekit/v1',
    kind: 'Site',
    metadata: { name: 'Store 9', id: 'store-9' },
    spec: {
      managementNetwork: { subnet: '192.168.9.0/24', gateway: '192.168.9.1' },
      dns: { servers: ['192.168.9.2'], domain: 'store9.example.com' },
      ntp: { servers: ['pool.ntp.org'] },
      hosts: [host],
      ...extra,
    },
  });
}

/** The USB-NIC box of case 1: an onboard RTL8111 (no driver in the ISO) set to unused, an RTL8156 USB NIC as uplink. */
const usbBox = (over: Partial<HostInput> = {}): HostInput => ({
  name: 'esx01',
  management: { ip: '192.168.9.11' },
  hardware: {
    model: 'udoo-bolt-v8',
    ramGiB: 32,
    bootDiskGB: 250,
    nics: [
      { name: 'vmnic0', bus: 'pci', vendorId: '10ec', deviceId: '8168', role: 'unused', mac: '70:85:c2:4d:20:01' },
      { name: 'vusb0', bus: 'usb', vendorId: '0bda', deviceId: '8156', role: 'uplink', mac: '00:e0:4c:68:15:6a', macSource: 'inventory' },
    ],
  },
  ...over,
});

describe('case 1: roles decide the uplinks and the install NIC', () => {
  const s = site(usbBox());
  const plan = planSite(s, list);
  const h = plan.hosts[0]!;

  it('the install NIC is the first uplink with a driver (vusb0), and vSwitch0 gets it, not the unused vmnic0', () => {
    expect(h.install).toEqual({ nic: 'vusb0', mac: '00:e0:4c:68:15:6a', device: '00:e0:4c:68:15:6a', source: 'default' });
    expect(h.vswitches[0]).toMatchObject({ name: 'vSwitch0', uplinks: { active: ['vusb0'], standby: [] }, uplinksFrom: 'plan' });
    expect(h.nics.map((n) => [n.name, n.role, n.install, n.driver.kind])).toEqual([
      ['vmnic0', 'unused', false, 'package'],
      ['vusb0', 'uplink', true, 'package'],
    ]);
    expect(h.usbOnly).toBe(true);
  });

  it('the kickstart installs through vusb0 (its MAC), the report and the Boot media step name the same NIC', () => {
    const ks = renderKickstart({ site: s, hosts: s.spec.hosts, plans: plan.hosts, passwordHash: HASH, multiHost: false });
    if (!ks.ok) throw new Error(JSON.stringify(ks.findings));
    expect(ks.value.text).toContain('network --bootproto=static --device=00:e0:4c:68:15:6a --ip=192.168.9.11');
    expect(ks.value.text).toMatch(/^# esx01: install NIC vusb0 \(00:e0:4c:68:15:6a\), .*, needs vmkusb-nic-fling in the ISO$/m);
    const report = buildReport(collectReportInput(s, { list, sitekitVersion: 't', generatedAt: '2026-12-06T00:00:00Z' }));
    expect(report.hosts[0]!.management.device).toBe(installNicWords(h));
    expect(report.hosts[0]!.management.device).toBe('vusb0 (00:e0:4c:68:15:6a) — the first uplink with a driver');
    expect(report.network.hosts[0]!.vswitches[0]).toMatchObject({ active: ['vusb0'], uplinksFrom: 'plan' });
    expect(report.hosts[0]!.nics.find((n) => n.name === 'vusb0')).toMatchObject({ install: true, macSource: 'inventory', driverPlan: { kind: 'package', vib: 'vmkusb-nic-fling' } });
  });

  it('vSwitch0 as the installer makes it is not written; lint finds nothing wrong with the uplinks', () => {
    const files = generateSiteFiles(applyPlanToSite(s, plan), plan);
    expect(files.some((f) => f.path.endsWith('hosts/esx01/vswitches.yaml'))).toBe(false);
    expect(lintFiles(files, { site: s, plan }).filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('a site that still names vmnic0 on vSwitch0 is a lint error (Review said 0 errors before), and so is that NIC as install NIC', () => {
    const old = site(usbBox({ management: { ip: '192.168.9.11', device: 'vmnic0' }, vswitches: [{ name: 'vSwitch0', uplinks: { active: ['vmnic0'] } }] }));
    const p = planSite(old, list);
    const files = generateSiteFiles(applyPlanToSite(old, p), p);
    const errors = lintFiles(files, { site: old, plan: p }).filter((f) => f.severity === 'error' && f.code === 'host-plan').map((f) => f.params.finding);
    expect(errors).toEqual(expect.arrayContaining(['install-nic-not-uplink', 'uplink-role-unused']));
    expect(p.verdict.status).toBe('unsupported');
  });

  it('an install NIC without a driver on the release is named, with the NIC that has one', () => {
    const p = planSite(site(usbBox({ management: { ip: '192.168.9.11', device: 'vmnic0' }, hardware: { ...usbBox().hardware!, nics: usbBox().hardware!.nics!.map((n) => ({ ...n, role: 'uplink' as const })) } }), { release: '7.0U3' }), list);
    expect(p.hosts[0]!.verdict.findings.find((f) => f.code === 'install-nic-no-driver')).toMatchObject({ severity: 'error', params: { nic: 'vmnic0', suggestion: 'vusb0' } });
  });
});

describe('case 3: %firstboot on a two-host stick picks the host by its host name, not a MAC', () => {
  it('with Secure Boot off, each host block is selected by the name the installer set (else the serial)', () => {
    const two = Site.parse({
      ...site(usbBox()),
      spec: {
        ...site(usbBox()).spec,
        topology: 'two-node',
        secureBoot: false,
        hosts: [usbBox(), { ...usbBox({ name: 'esx02', management: { mode: 'dhcp' } }), hardware: { ...usbBox().hardware!, serial: 'UB8A21060213', nics: usbBox().hardware!.nics!.map((n) => ({ ...n, mac: n.mac!.replace(/.$/, '9') })) } }],
      },
    });
    const p = planSite(two, list);
    expect(p.hosts.map((h) => h.firstBoot)).toEqual([
      { kind: 'hostname', value: 'esx01' },
      { kind: 'serial', value: 'UB8A21060213' },
    ]);
    const ks = renderKickstart({ site: two, hosts: two.spec.hosts, plans: p.hosts, passwordHash: HASH, multiHost: true });
    if (!ks.ok) throw new Error(JSON.stringify(ks.findings));
    const firstboot = ks.value.text.slice(ks.value.text.indexOf('%firstboot'));
    expect(firstboot).toContain('if case "$name" in esx01|esx01.*) true ;; *) false ;; esac; then');
    expect(firstboot).toContain("if echo \"$platform\" | grep -qiF 'Serial Number: UB8A21060213'; then");
    // The Fling's settings and NTP are inside the selected blocks, never behind a MAC that may not be up yet.
    expect(firstboot).not.toMatch(/grep -q '00:e0/);
    expect(firstboot).toContain('esxcli system module parameters set -m vmkusb_nic_fling -p');
    // %pre still finds the machine by MAC (the installer has its driver loaded then), by any MAC the host is known to have.
    expect(ks.value.text).toMatch(/%pre[\s\S]*grep -q '00:e0:4c:68:15:6a' \|\| echo "\$nics" \| grep -q '70:85:c2:4d:20:01'/);
  });
});

describe('case 5: the CPU the box shows decides, the model is the fallback', () => {
  const model = 'lenovo-thinkcentre-tiny-gen3'; // catalogue: i7-12700T, hybrid (8P+4E)
  it('an i5-12500T (6 cores, 12 threads, no E-cores) in a box chosen as the i7-12700T model gets no hybrid-CPU option', () => {
    const p = planSite(site({ name: 'esx01', management: { ip: '192.168.9.11' }, hardware: { model, cpu: '12th Gen Intel(R) Core(TM) i5-12500T', cores: 6, threads: 12 } }), list).hosts[0]!;
    expect(p.cpu).toMatchObject({ source: 'inventory', hybrid: false, hybridBasis: 'threads-even' });
    expect(p.kernelOptions).toEqual([]);
    expect(p.verdict.findings.find((f) => f.code === 'cpu-quirk-by-inventory')).toMatchObject({ params: { quirk: 'hybrid-cores', applies: false } });
  });

  it('without the counts, the model number decides (i5-12500T has P-cores only); with nothing from the box, the model does', () => {
    const sku = planSite(site({ name: 'esx01', management: { ip: '192.168.9.11' }, hardware: { model, cpu: 'Intel Core i5-12500T' } }), list).hosts[0]!;
    expect(sku.cpu).toMatchObject({ hybrid: false, hybridBasis: 'sku' });
    expect(sku.kernelOptions).toEqual([]);
    const byModel = planSite(site({ name: 'esx01', management: { ip: '192.168.9.11' }, hardware: { model } }), list).hosts[0]!;
    expect(byModel.kernelOptions).toEqual([{ option: 'cpuUniformityHardCheckPanic=FALSE', why: 'quirk', quirk: 'hybrid-cores', basis: 'model' }]);
  });

  it('a hybrid CPU in a box whose model is not hybrid gets the option, because of the CPU', () => {
    const p = planSite(site({ name: 'esx01', management: { ip: '192.168.9.11' }, hardware: { model: 'generic-n100', cpu: '13th Gen Intel(R) Core(TM) i7-13700', cores: 16, threads: 24 } }), list).hosts[0]!;
    expect(p.kernelOptions.map((k) => [k.option, k.basis])).toEqual([
      ['cpuUniformityHardCheckPanic=FALSE', 'cpu'],
      ['ignoreMsrFaults=TRUE', 'cpu'],
    ]);
  });
});

describe('case 8: MACs per NIC, with where they came from', () => {
  it('a typed MAC and an inventory MAC are both in the plan with their source; the install NIC takes its MAC', () => {
    const p = planSite(site(usbBox()), list).hosts[0]!;
    expect(p.nics.map((n) => [n.name, n.mac, n.macSource])).toEqual([
      ['vmnic0', '70:85:c2:4d:20:01', undefined],
      ['vusb0', '00:e0:4c:68:15:6a', 'inventory'],
    ]);
  });
});

describe('case 2 in the plan: the ISO carries the Fling, but not a build that lists the adapter', () => {
  const vib = (version: string) => ({ name: 'vmkusb-nic-fling', version, vendor: 'VMW', acceptance: 'certified', payloads: ['vmkusb_n'] });
  const contents = (version: string): InstallerContents => ({ readable: true, release: '8.0U3', vibs: [vib(version)], bootModules: ['vmkusb_n.v00'], sample: false });
  const rtl8157 = site(usbBox({ hardware: { ...usbBox().hardware!, nics: [{ name: 'vusb0', bus: 'usb', vendorId: '0bda', deviceId: '8157', mac: '00:e0:4c:68:15:70' }] } }));

  it('1.14-1 (75399077) does not list 0bda:8157: an error on the install NIC, and the Boot media step keeps the Fling open', () => {
    const p = planSite(rtl8157, list, { installer: contents('1.14-1vmw.803.0.0.75399077') }).hosts[0]!;
    expect(p.nics[0]!.driver).toMatchObject({ kind: 'package', minBuild: { id: '803-93415869' }, carried: { state: 'wrong-build', buildId: '803-75399077' } });
    expect(p.verdict.findings.find((f) => f.code === 'driver-wrong-build')).toMatchObject({ severity: 'error', params: { nic: 'vusb0', role: 'install' } });
    expect(requiredActions(rtl8157, p, true).find((a) => a.kind === 'inject-usb-fling')).toMatchObject({ satisfied: false, how: 'open' });
  });

  it('1.14-7 (93415869) lists it: no finding, and the Fling is taken care of by the stick', () => {
    const p = planSite(rtl8157, list, { installer: contents('1.14-7vmw.803.0.95.93415869') }).hosts[0]!;
    expect(p.nics[0]!.driver.carried).toEqual({ state: 'yes', version: '1.14-7vmw.803.0.95.93415869', buildId: '803-93415869' });
    expect(p.verdict.findings.some((f) => f.code.startsWith('driver-'))).toBe(false);
    expect(requiredActions(rtl8157, p, true).find((a) => a.kind === 'inject-usb-fling')).toMatchObject({ satisfied: true, how: 'stick' });
  });
});

describe('case 10: the Boot media step agrees with the records after a verified build', () => {
  it('without an ISO chosen, a verified stick run that carried the Fling for vusb0 satisfies it, citing the run', () => {
    const s = site(usbBox());
    const withRun: Site = {
      ...s,
      records: {
        ...s.records,
        media: [{ at: '2026-12-06T10:00:00Z', target: '/dev/sdb', targetKind: 'device', imageSha256: 'c'.repeat(64), hosts: ['esx01'], verified: true, ejected: true, carried: [{ host: 'esx01', kernelOptions: [], drivers: [{ vib: 'vmkusb-nic-fling', nic: 'vusb0', present: true }], driverOverride: false }] }],
      },
    };
    const p = planSite(withRun, list).hosts[0]!;
    const fling = requiredActions(withRun, p, false).find((a) => a.kind === 'inject-usb-fling')!;
    expect(fling).toMatchObject({ satisfied: true, how: 'stick', record: `stick run 2026-12-06T10:00:00Z, /dev/sdb, image SHA-256 ${'c'.repeat(64)}` });
    const report = buildReport(collectReportInput(withRun, { list, sitekitVersion: 't', generatedAt: '2026-12-06T11:00:00Z' }));
    expect(report.hosts[0]!.actions.open.filter((o) => /Fling/.test(o))).toEqual([]);
    // And the console step with Secure Boot on: the same words in the step and the checklist.
    const console = requiredActions(withRun, p, false).find((a) => a.kind === 'console')!;
    expect(report.biosChecklists[0]!.items.map((i) => i.text)).toContain(console.text);
  });
});
