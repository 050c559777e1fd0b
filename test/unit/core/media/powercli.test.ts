/** The PowerCLI Image Builder script: one golden file per release, file names from the shipped list. */
import { describe, expect, it } from 'vitest';
import { releaseRecord } from '../../../../main/core/hardware/matching';
import { canInstall, type InstallerContents } from '../../../../main/core/media/drivers';
import { depotBuild, imageBuilderScript, imageBuilderScriptFor } from '../../../../main/core/media/powercli';
import { RELEASES } from '../../../../main/core/site/schema';
import { demoSite, shippedList } from '../../../helpers/hardware';
import { planOf } from '../../../helpers/plan';

const stock: InstallerContents = { readable: true, vibs: [{ name: 'vmkusb', version: '0.1', vendor: 'VMW', acceptance: 'certified', payloads: ['vmkusb'] }], bootModules: ['vmkusb.v00'], sample: false };

describe('imageBuilderScript', () => {
  it.each(RELEASES)('ESXi %s: the demo site (USB NIC uplink; RTL8111 as uplink too) gives the golden script', async (release) => {
    const list = shippedList();
    // esx02's RTL8111 as a second uplink, so the Realtek (8.0+) or nothing (7.0U3) joins the USB NIC Fling
    const base = demoSite({ release });
    const site = { ...base, spec: { ...base.spec, hosts: base.spec.hosts.map((h) => (h.name === 'esx02' ? { ...h, hardware: { ...h.hardware, nics: h.hardware.nics.map((n) => ({ ...n, role: 'uplink' as const })) } } : h)) } };
    const answers = canInstall(planOf(site, { installer: stock }), site, list, stock);
    const script = imageBuilderScriptFor(site, list, answers);
    expect(script).toBeDefined();
    const rel = releaseRecord(list, release)!;
    expect(script).toContain(`$baseDepot = '${rel.baseDepot!.file}'`);
    expect(script).toContain(`$build = '${rel.baseDepot!.build}'`);
    await expect(script).toMatchFileSnapshot(`./__golden__/powercli-${release}.ps1`);
  });

  it('clones the standard profile, adds exactly the packages, exports an ISO, and refuses missing files', () => {
    const s = imageBuilderScript({ release: '8.0U3', baseDepot: 'VMware-ESXi-8.0U3e-24674464-depot.zip', components: [{ file: 'A.zip', vib: 'vmkusb-nic-fling' }, { file: 'A.zip', vib: 'vmkusb-nic-fling' }, { file: "B'x.zip", vib: 'if-re' }] });
    expect(s).toContain("$components = @(\n  'A.zip',\n  'B''x.zip'\n)");
    expect(s).toContain("$packages = @('vmkusb-nic-fling', 'if-re')");
    expect(s).toContain("$newProfile = 'ESXi-8.0U3-24674464-sitekit'");
    expect(s).toMatch(/Get-EsxImageProfile \| Where-Object \{ \$_\.Name -like "\*-\$build-standard" \}/);
    expect(s).toContain('New-EsxImageProfile -CloneProfile $base[0] -Name $newProfile');
    expect(s).toContain('Add-EsxSoftwarePackage -ImageProfile $newProfile -SoftwarePackage $p');
    expect(s).toContain('Export-EsxImageProfile -ImageProfile $newProfile -ExportToIso -FilePath $isoPath');
    expect(s).toContain('if (-not (Test-Path -LiteralPath $f)) { throw');
    expect(/^[\x0a\x20-\x7e]*$/.test(s)).toBe(true);
  });

  it('reads the build from a depot name, and gives no script when only inbox drivers are needed', () => {
    expect(depotBuild('VMware-ESXi-9.0.0.0.24755229-depot.zip')).toBe('24755229');
    expect(depotBuild('VMware-ESXi-8.0U3e-24674464-depot.zip')).toBe('24674464');
    const list = shippedList();
    const site = demoSite();
    const one = { ...site, spec: { ...site.spec, hosts: site.spec.hosts.slice(0, 1) } };
    expect(imageBuilderScriptFor(one, list, canInstall(planOf(one, { installer: stock }), one, list, stock))).toBeUndefined();
  });
});
