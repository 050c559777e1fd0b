/**
 * The PowerCLI Image Builder script at its edges: which releases need VCF.PowerCLI 9, the build read from a
 * depot file name, the header naming the site, characters that cannot go into a PowerShell string, and when
 * a site gets no script at all.
 */
import { describe, expect, it } from 'vitest';
import type { CompatList } from '../../../../main/core/hardware/schema';
import { canInstall, type HostDriverAnswer, type InstallerContents } from '../../../../main/core/media/drivers';
import { depotBuild, imageBuilderScript, imageBuilderScriptFor, needsVcfPowerCli } from '../../../../main/core/media/powercli';
import { Site } from '../../../../main/core/site/schema';
import { demoSite, shippedList } from '../../../helpers/hardware';
import { planOf } from '../../../helpers/plan';

const list = shippedList();
const stock: InstallerContents = { readable: true, vibs: [], bootModules: [], sample: false };
const lines = (s: string) => s.split('\n');

describe('needsVcfPowerCli', () => {
  it('9 and later by the leading number, however many digits; anything else does not', () => {
    expect([needsVcfPowerCli('9.0'), needsVcfPowerCli('10.1'), needsVcfPowerCli('8.0U3'), needsVcfPowerCli('v9.0'), needsVcfPowerCli('latest')]).toEqual([true, true, false, false, false]);
  });
});

describe('depotBuild', () => {
  it('the last run of 6 to 9 digits, even when a shorter number follows it; none without one', () => {
    expect(depotBuild('VMware-ESXi-8.0U3e-24674464-depot.zip')).toBe('24674464');
    expect(depotBuild('a-1234567-b-7654321.zip')).toBe('7654321');
    expect(depotBuild('ESXi-8.0U3e-24674464-depot-r2.zip')).toBe('24674464');
    expect(depotBuild('custom-depot.zip')).toBeUndefined();
  });
});

describe('imageBuilderScript', () => {
  it('names the site in its first line, or says "this site"', () => {
    const base = { release: '8.0U3', baseDepot: 'VMware-ESXi-8.0U3e-24674464-depot.zip', components: [{ file: 'A.zip', vib: 'if-re' }] };
    expect(lines(imageBuilderScript({ ...base, site: 'store-0421' }))[0]).toBe('# Sitekit: custom ESXi 8.0U3 installer ISO with the drivers site store-0421 needs (if-re).');
    expect(lines(imageBuilderScript(base))[0]).toBe('# Sitekit: custom ESXi 8.0U3 installer ISO with the drivers this site needs (if-re).');
  });

  it('a depot name without a build: the script looks for build "unknown" rather than guessing', () => {
    const s = imageBuilderScript({ release: '8.0U3', baseDepot: 'custom-depot.zip', components: [] });
    expect(lines(s)).toContain("$build = 'unknown'");
    expect(lines(s)).toContain("$newProfile = 'ESXi-8.0U3-unknown-sitekit'");
  });

  it('inside double-quoted PowerShell text the release keeps only letters, digits, dots and dashes', () => {
    const s = imageBuilderScript({ release: '9.0 "$(x)"', baseDepot: 'VMware-ESXi-9.0.0.0.24755229-depot.zip', components: [] });
    expect(s).toContain('# 2. Run it in PowerShell with VCF.PowerCLI 9 or later installed (ESXi 9.0x images need it; its Image Builder also needs the Python it names).');
    expect(s).toContain('{ throw "ESXi 9.0x images need VCF.PowerCLI 9 or later; found');
  });
});

describe('imageBuilderScriptFor', () => {
  const site = (): Site => {
    const d = demoSite();
    // esx02: the RTL8111 as an uplink (if-re) beside the USB NIC (the Fling)
    return Site.parse({ ...d, spec: { ...d.spec, hosts: d.spec.hosts.map((h) => (h.name === 'esx02' ? { ...h, hardware: { ...h.hardware, nics: h.hardware.nics.map((n) => ({ ...n, role: 'uplink' as const })) } } : h)) } });
  };
  const answers = (s: Site) => canInstall(planOf(s, { installer: stock }), s, list, stock);

  it('adds the component of every management NIC and uplink, and none for a NIC not used as an uplink', () => {
    const s = site();
    const a = answers(s).map((h): HostDriverAnswer => ({ ...h, needs: h.needs.map((n) => (n.nic === 'vmnic0' ? { ...n, role: 'other' } : n)) }));
    const script = imageBuilderScriptFor(s, list, a)!;
    expect(script).toContain("$components = @(\n  'ESXi803-VMKUSB-NIC-FLING-93415869-component.zip'\n)");
    expect(script).toContain("$packages = @('vmkusb-nic-fling')");
  });

  it('a need without a component file adds nothing; with none left there is no script', () => {
    const s = site();
    const a = answers(s).map((h): HostDriverAnswer => ({ ...h, needs: h.needs.map(({ component: _, ...n }) => n) }));
    expect(imageBuilderScriptFor(s, list, a)).toBeUndefined();
  });

  it('a list without a base depot for the release: no script, there is nothing to build from', () => {
    const noDepot: CompatList = { ...list, releases: list.releases.map((r) => (r.id === '8.0U3' ? { ...r, baseDepot: undefined } : r)) };
    expect(imageBuilderScriptFor(site(), noDepot, answers(site()))).toBeUndefined();
  });
});
