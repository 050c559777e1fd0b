import { generateWithPlan } from '../../../helpers/plan';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { importFiles } from '../../../../main/core/manifests/import';
import { lintFiles } from '../../../../main/core/manifests/lint';
import { Site, type SiteInput } from '../../../../main/core/site/schema';

const HASH = '$6$vocvaTDqp5Cg.$Q6q7pshtoHi59oeU9O9zJN4FQ4gjtobSvA1RKG1FbSeIhNIdYwrXCcYPMm8NUTb8GtkFSSjstdkQj2IYld2Qx/';
const label = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
const pgName = fc.constantFrom('Management Network', 'VM Network', 'Cameras', 'POS', 'Guest Wi-Fi', 'Storage');

const hostArb = (i: number) =>
  fc
    .record({
      extraNics: fc.integer({ min: 0, max: 3 }),
      usb: fc.boolean(),
      secondSwitch: fc.boolean(),
      mtu0: fc.constantFrom(1500, 9000),
      mtu1: fc.integer({ min: 1280, max: 9000 }),
      groups0: fc.uniqueArray(fc.record({ name: pgName, vlan: fc.integer({ min: 0, max: 4094 }) }), { minLength: 1, maxLength: 3, selector: (g) => g.name }),
      groups1: fc.uniqueArray(fc.record({ name: fc.constantFrom('Lab', 'OT', 'Backup'), vlan: fc.integer({ min: 0, max: 4094 }) }), { minLength: 1, maxLength: 2, selector: (g) => g.name }),
      vlan: fc.integer({ min: 0, max: 4094 }),
      moduleSetting: fc.option(fc.record({ module: fc.constantFrom('ne1000', 'nvme_pcie'), options: fc.constantFrom('EEE=0', 'a=1') }), { nil: undefined }),
    })
    .map((h) => {
      const nics = [...Array.from({ length: 1 + h.extraNics }, (_, n) => `vmnic${n}`), ...(h.usb ? ['vusb0'] : [])];
      const second = nics.slice(1);
      // The Management Network port group carries the management VLAN (lint checks it; see the lint tests).
      const groups0 = h.groups0.map((g) => (g.name === 'Management Network' ? { ...g, vlan: h.vlan } : g));
      const vswitches = [
        { name: 'vSwitch0', mtu: h.mtu0, uplinks: { active: [nics[0]!], standby: h.secondSwitch ? [] : second }, portGroups: groups0 },
        ...(h.secondSwitch && second.length > 0 ? [{ name: 'vSwitch1', mtu: h.mtu1, uplinks: { active: second, standby: [] }, portGroups: h.groups1 }] : []),
      ];
      return {
        name: `esx0${i + 1}`,
        management: { ip: `192.168.10.${11 + i}`, vlan: h.vlan },
        hardware: { nics: nics.map((name) => ({ name, bus: name.startsWith('vusb') ? ('usb' as const) : ('pci' as const), vendorId: '8086', deviceId: '15f3' })) },
        requirements: { moduleSettings: h.moduleSetting ? [h.moduleSetting] : [] },
        vswitches,
      };
    });

const siteArb = fc
  .record({
    twoNode: fc.boolean(),
    h0: hostArb(0),
    h1: hostArb(1),
    ptp: fc.boolean(),
    welcome: fc.option(fc.string({ maxLength: 120 }), { nil: undefined }),
    users: fc.uniqueArray(fc.record({ name: label, access: fc.constantFrom('ReadOnly' as const, 'Admin' as const) }), { maxLength: 2, selector: (u) => u.name }),
    syslog: fc.array(fc.record({ protocol: fc.constantFrom('UDP' as const, 'TCP' as const), address: fc.constantFrom('192.168.10.5', 'logs.example.com'), port: fc.integer({ min: 1, max: 65535 }) }), { maxLength: 2 }),
    classes: fc.uniqueArray(fc.record({ name: label, cpus: fc.integer({ min: 1, max: 16 }), memoryMiB: fc.integer({ min: 256, max: 65536 }), reservation: fc.constantFrom('best-effort' as const, 'guaranteed' as const) }), { maxLength: 3, selector: (c) => c.name }),
    vms: fc.uniqueArray(
      fc.record({
        name: label,
        namespace: fc.constantFrom('default', 'store', 'ot'),
        builtin: fc.boolean(),
        classIndex: fc.nat(),
        powerState: fc.constantFrom('poweredOn' as const, 'poweredOff' as const),
        onSecond: fc.boolean(),
        userData: fc.option(fc.record({ transport: fc.constantFrom('CloudInit' as const, 'Sysprep' as const), source: fc.constantFrom('ConfigMap' as const, 'Secret' as const), content: fc.stringMatching(/^[a-z0-9 ]{1,40}$/) }), { nil: undefined }),
      }),
      { maxLength: 3, selector: (v) => `${v.namespace}/${v.name}` },
    ),
    worker: fc.record({ enabled: fc.boolean(), powerState: fc.constantFrom('poweredOn' as const, 'poweredOff' as const), cpus: fc.constantFrom(1, 2, 4, 8, 16, 32), memoryGiB: fc.integer({ min: 2, max: 64 }), static: fc.boolean() }),
    apps: fc.uniqueArray(label, { maxLength: 2 }),
    // Blocks modelled from real repos (issue 16 §6): each must round-trip like the rest.
    nfs: fc.uniqueArray(fc.record({ name: label, server: fc.constantFrom('192.168.10.9', 'nas.example.com'), share: fc.constantFrom('/data/NFS', '/vol/iso'), readOnly: fc.boolean(), connections: fc.integer({ min: 1, max: 8 }) }), { maxLength: 2, selector: (d) => d.name }),
    advanced: fc.uniqueArray(fc.record({ group: fc.constantFrom('mem', 'net', 'user'), name: fc.constantFrom('ShareForceSalting', 'TcpipHeapMax'), value: fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.constantFrom('on', 'off')) }), { maxLength: 2, selector: (o) => o.group }),
    acceptance: fc.option(fc.constantFrom('VMWARE_CERTIFIED' as const, 'PARTNER' as const, 'COMMUNITY' as const), { nil: undefined }),
    lockout: fc.option(fc.record({ failures: fc.integer({ min: 0, max: 100 }), unlockSeconds: fc.integer({ min: 0, max: 86400 }) }), { nil: undefined }),
    ptpVmk: fc.boolean(),
    classExtras: fc.record({ latency: fc.option(fc.constantFrom('normal' as const, 'high' as const), { nil: undefined }), extra: fc.array(fc.record({ key: fc.constantFrom('pciPassthru.use64bitMMIO', 'pciPassthru.64bitMMIOSizeGB'), value: fc.constantFrom('true', '64') }), { maxLength: 2 }), gpu: fc.boolean() }),
    pools: fc.uniqueArray(fc.record({ name: label, addresses: fc.constantFrom(['192.168.20.240-192.168.20.250'], ['192.168.30.0/28']), autoAssign: fc.boolean() }), { maxLength: 2, selector: (p) => p.name }),
  })
  .map((r): SiteInput => {
    const hosts = r.twoNode ? [r.h0, r.h1] : [r.h0];
    return {
      apiVersion: 'sitekit/v1',
      kind: 'Site',
      metadata: { name: 'Prop site', id: 'prop-site' },
      spec: {
        topology: r.twoNode ? 'two-node' : 'one-node',
        managementNetwork: { subnet: '192.168.10.0/24', gateway: '192.168.10.1' },
        dns: { servers: ['192.168.10.2'] },
        ntp: { protocol: r.ptp ? 'PTP' : 'NTP', servers: ['pool.ntp.org'] },
        syslog: r.syslog,
        dcuiWelcome: r.welcome,
        // A two-node site's static worker: an address per host (each host runs its own worker).
        hosts: hosts.map((h, i) => ({ ...(r.ptpVmk && i === 0 ? { ...h, ptp: { portGroup: h.vswitches[0]!.portGroups[0]!.name } } : h), ...(r.twoNode && r.worker.static ? { workerIp: `192.168.10.5${i}` } : {}) })),
        hostSettings: { nfsDatastores: r.nfs, advancedOptions: r.advanced, acceptanceLevel: r.acceptance, accountLockout: r.lockout },
        users: r.users.map((u) => ({ ...u, passwordHash: HASH })),
        workloads: {
          vmClasses: r.classes.map((c, i) => (i === 0 ? { ...c, latencySensitivity: r.classExtras.latency, extraConfig: r.classExtras.extra, passthroughDevices: r.classExtras.gpu ? [{ vendorId: '0x10de', deviceId: '0x25b6' }] : [] } : c)),
          metallbPools: r.pools.map((p) => ({ ...p, addresses: [...p.addresses] })),
          vms: r.vms.map((v) => {
            const host = v.onSecond && r.twoNode ? hosts[1]! : hosts[0]!;
            const cls = v.builtin || r.classes.length === 0 ? 'best-effort-small' : r.classes[v.classIndex % r.classes.length]!.name;
            return {
              name: v.name,
              namespace: v.namespace,
              className: cls,
              image: '192.168.10.5:8000/x.ova',
              powerState: v.powerState,
              networks: [host.vswitches[0]!.portGroups[0]!.name],
              ...(v.onSecond && r.twoNode ? { host: 'esx02' } : {}),
              ...(v.userData ? { userData: v.userData } : {}),
            };
          }),
          worker: {
            enabled: r.worker.enabled,
            powerState: r.worker.powerState,
            cpus: r.worker.cpus,
            memoryGiB: r.worker.memoryGiB,
            network: r.worker.static ? { mode: 'static', ...(r.twoNode ? {} : { ip: '192.168.10.50' }), prefix: 24, gateway: '192.168.10.1', dns: ['192.168.10.3'] } : { mode: 'dhcp' },
          },
          apps: r.apps.map((name) => ({ name, manifest: `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: app-${name}\n` })),
        },
      },
    };
  });

/** Findings a valid model may legitimately produce: they are about the plan, not about broken files. */
const EXPECTED_NON_ERRORS = new Set(['reboot-on-apply', 'mtu-mismatch', 'vm-class-builtin', 'vswitch0-rewritten', 'worker-powered-off', 'search-domains-manual']);
/** Secret user data is a warning about where it is kept (plain text in Git), not about the generated files. */
const expectedFinding = (f: { code: string; params: Readonly<Record<string, unknown>> }): boolean => EXPECTED_NON_ERRORS.has(f.code) || (f.code === 'plaintext-password' && f.params.kind === 'secret-data');

describe('generation from any schema-valid model', () => {
  it('yields YAML that parses, passes its own lint, and imports back to the same model', () => {
    fc.assert(
      fc.property(siteArb, (input) => {
        const parsed = Site.safeParse(input);
        expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
        if (!parsed.success) return;
        const site = parsed.data;
        const files = generateWithPlan(site);
        for (const f of files.filter((x) => x.path.endsWith('.yaml'))) {
          for (const d of parseAllDocuments(f.content) as { errors: unknown[] }[]) expect(d.errors, f.path).toEqual([]);
        }
        const findings = lintFiles(files, { site });
        expect(findings.filter((f) => !expectedFinding(f)).map((f) => `${f.code} ${f.file} ${f.path}`)).toEqual([]);
        const back = importFiles(files);
        expect(back.valid).toBe(true);
        expect(Site.parse(back.site)).toEqual(site);
        expect(generateWithPlan(Site.parse(back.site))).toEqual(files);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 60) },
    );
  }, 120_000);
});
