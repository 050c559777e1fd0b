/**
 * Review reads the host plan (issue 24): the plan's install NIC, uplink and driver errors are lint errors, and a
 * stick or image already written for a host that lacks a driver its install NIC needs is a lint error naming
 * the medium it was — never "0 errors" for a vSwitch whose uplink has no driver.
 */
import { describe, expect, it } from 'vitest';
import { lintFiles } from '../../../../main/core/manifests/lint';
import { findingMessage } from '../../../../main/core/manifests/messages';
import type { MediaRecord, Site } from '../../../../main/core/site/schema';
import { Site as SiteSchema } from '../../../../main/core/site/schema';
import { shippedList } from '../../../helpers/hardware';
import { generateWithPlan, planOf } from '../../../helpers/plan';
import { sampleSiteInput } from '../../../helpers/sample-site';

/** The sample, esx01's onboard NIC taken away: vusb0 (the Fling) is its install NIC and only uplink. */
function usbOnlySite(): Site {
  const input = sampleSiteInput();
  const esx01 = input.spec.hosts[0]!;
  const usbOnly = {
    ...esx01,
    management: { ...esx01.management!, device: undefined },
    hardware: { ...esx01.hardware!, nics: esx01.hardware!.nics!.filter((n) => n.name === 'vusb0') },
    vswitches: esx01.vswitches!.map((v) => ({ ...v, uplinks: { active: ['vusb0'] } })),
  };
  const hosts = [usbOnly, ...input.spec.hosts.slice(1)];
  return SiteSchema.parse({ ...input, spec: { ...input.spec, hosts }, records: { ...input.records, media: [] } });
}

const withRun = (site: Site, run: Partial<MediaRecord>, present: boolean): Site => ({
  ...site,
  records: {
    ...site.records,
    media: [
      {
        at: '2026-12-06T09:00:00Z', target: '/dev/sdb', targetKind: 'device', imageSha256: 'c'.repeat(64), hosts: ['esx01'], verified: true,
        carried: [{ host: 'esx01', kernelOptions: [], drivers: [{ nic: 'vusb0', vib: 'vmkusb-nic-fling', present }], driverOverride: !present }],
        ...run,
      },
    ],
  },
});

const lint = (site: Site) => {
  const plan = planOf(site);
  return lintFiles(generateWithPlan(site).map((f) => ({ path: f.path, content: f.content })), { site, plan, list: shippedList() });
};

describe('lint reads the host plan', () => {
  it('a stick written without the Fling the install NIC needs is an error that says "stick"; an image file says "image file"', () => {
    const site = usbOnlySite();
    expect(planOf(site).hosts[0]!.install).toMatchObject({ nic: 'vusb0' });
    expect(lint(withRun(site, {}, true)).filter((f) => f.code === 'stick-lacks-driver')).toEqual([]);

    const onStick = lint(withRun(site, {}, false)).filter((f) => f.code === 'stick-lacks-driver');
    expect(onStick).toHaveLength(1);
    expect(onStick[0]).toMatchObject({ severity: 'error', file: expect.stringContaining('hosts/esx01/') });
    expect(findingMessage(onStick[0]!)).toBe(
      'The stick written 2026-12-06T09:00:00Z for esx01 does not carry vmkusb-nic-fling, which vusb0 (install NIC) needs: that NIC has no driver after an install from it.',
    );

    const onImage = lint(withRun(site, { target: '/tmp/esx01.img', targetKind: 'file' }, false)).filter((f) => f.code === 'stick-lacks-driver');
    expect(findingMessage(onImage[0]!)).toMatch(/^The image file written 2026-12-06T09:00:00Z for esx01 does not carry vmkusb-nic-fling/);
  });

  it('an install NIC that is not an uplink is a host-plan error in Review', () => {
    const input = sampleSiteInput();
    const hosts = input.spec.hosts.map((h, i) =>
      i === 0 ? { ...h, management: { ...h.management!, device: 'vusb0' }, hardware: { ...h.hardware!, nics: h.hardware!.nics!.map((n) => (n.name === 'vusb0' ? { ...n, role: 'unused' as const } : n)) }, vswitches: h.vswitches!.map((v) => ({ ...v, uplinks: { active: ['vmnic0'] } })) } : h,
    );
    const site = SiteSchema.parse({ ...input, spec: { ...input.spec, hosts } });
    const errors = lint(site).filter((f) => f.code === 'host-plan');
    expect(errors.map((f) => [f.severity, f.params.host, f.params.finding])).toContainEqual(['error', 'esx01', 'install-nic-not-uplink']);
  });
});
