/** The PowerCLI Image Builder script: one golden file per release, file names from the shipped list. */
import { describe, expect, it } from 'vitest';
import { releaseRecord } from '../../../../main/core/hardware/matching';
import { canInstall, type InstallerContents } from '../../../../main/core/media/drivers';
import { depotBuild, imageBuilderScript, imageBuilderScriptFor, needsVcfPowerCli } from '../../../../main/core/media/powercli';
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

/**
 * Which image profile names the script's Where-Object filter picks, evaluated the way PowerShell does for the two
 * forms it may take: `-like "<wildcard>"` or `-match ('<regex>' + [regex]::Escape($build) + '<regex>')`.
 * (No PowerShell on these machines: the filter is read from the script, not re-typed in the test.)
 */
function profilesPicked(script: string, build: string, names: readonly string[]): string[] {
  const line = script.split('\n').find((l) => l.includes('Get-EsxImageProfile | Where-Object'))!;
  const like = /-like "([^"]*)"/.exec(line);
  if (like) {
    const pattern = like[1]!.replace('$build', build);
    const re = new RegExp(`^${pattern.split('*').map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
    return names.filter((n) => re.test(n));
  }
  const match = /-match \('([^']*)' \+ \[regex\]::Escape\(\$build\) \+ '([^']*)'\)/.exec(line);
  if (!match) throw new Error(`unknown filter: ${line}`);
  const re = new RegExp(`${match[1]}${build.replace(/[.+?^${}()|[\]\\]/g, '\\$&')}${match[2]}`, 'i');
  return names.filter((n) => re.test(n));
}

describe('ESXi 9 (issue 24 item 12)', () => {
  // profile names as the depots carry them (docs/FIELD-NOTES.md "Custom ISO with PowerCLI Image Builder"),
  // with the other profiles of each depot
  const depots = [
    { release: '8.0U3', depot: 'VMware-ESXi-8.0U3e-24674464-depot.zip', build: '24674464', names: ['ESXi-8.0U3e-24674464-standard', 'ESXi-8.0U3e-24674464-no-tools'] },
    { release: '9.0', depot: 'VMware-ESXi-9.0.0.0100.24813472-depot.zip', build: '24813472', names: ['ESXi-9.0.0.0100-24813472-standard', 'ESXi-9.0.0.0100-24813472-no-tools'] },
    { release: '9.0', depot: 'VMware-ESXi-9.0.1.0.24957456-depot.zip', build: '24957456', names: ['ESXi-9.0.1-0.24957456-standard', 'ESXi-9.0.1-0.24957456-no-tools'] },
  ];

  it.each(depots)('the profile filter picks exactly the standard profile of $depot', ({ release, depot, build, names }) => {
    const s = imageBuilderScript({ release, baseDepot: depot, components: [{ file: 'A.zip', vib: 'vmkusb-nic-fling' }] });
    expect(s).toContain(`$build = '${build}'`);
    expect(profilesPicked(s, build, [...names, ...depots.flatMap((d) => d.names).filter((n) => !names.includes(n))])).toEqual([names[0]]);
    // a build that only ends the same digits is another build
    expect(profilesPicked(s, build, [`ESXi-9.0.1-0.1${build}-standard`])).toEqual([]);
  });

  it('a 9.x script checks for VCF.PowerCLI 9 before it reads a depot, and says what to install; 8.x needs only Image Builder', () => {
    const nine = imageBuilderScript({ release: '9.0', baseDepot: 'VMware-ESXi-9.0.1.0.24957456-depot.zip', components: [] });
    const check = nine.indexOf('Get-Module -ListAvailable -Name VCF.PowerCLI');
    expect(check).toBeGreaterThan(0);
    expect(check).toBeLessThan(nine.indexOf('Add-EsxSoftwareDepot'));
    expect(nine).toContain('if (-not $pcli -or $pcli.Version.Major -lt 9) { throw "ESXi 9.0 images need VCF.PowerCLI 9 or later;');
    expect(nine).toContain('Install-Module -Name VCF.PowerCLI -Scope CurrentUser -AllowClobber. Nothing was built.');
    expect(nine).toContain('# 2. Run it in PowerShell with VCF.PowerCLI 9 or later installed');
    const eight = imageBuilderScript({ release: '8.0U3', baseDepot: 'VMware-ESXi-8.0U3e-24674464-depot.zip', components: [] });
    expect(eight).not.toContain('VCF.PowerCLI 9');
    expect(eight.indexOf('Get-Module -ListAvailable -Name VMware.ImageBuilder')).toBeLessThan(eight.indexOf('Add-EsxSoftwareDepot'));
    expect(needsVcfPowerCli('9.0')).toBe(true);
    expect(needsVcfPowerCli('8.0U3')).toBe(false);
  });
});
