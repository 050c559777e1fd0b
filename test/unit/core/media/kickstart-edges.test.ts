/**
 * KS.CFG at its edges: a host whose install NIC has no known MAC, several USB NICs behind one Fling, module
 * settings for another driver, a several-host stick where only one host has first-boot commands, the findings
 * as the UI gets them (errors that stop the build), each host's part as the plan view shows it, and merging an
 * ISO's kickstart whose sections mention other sections.
 */
import { describe, expect, it } from 'vitest';
import { mergeKickstart, renderKickstart, type KickstartOptions } from '../../../../main/core/media/kickstart';
import { Site } from '../../../../main/core/site/schema';
import { demoSite } from '../../../helpers/hardware';
import { HASH, siteWith } from '../../../helpers/media-site';
import { planOf } from '../../../helpers/plan';

const render = (site: Site, o: Partial<KickstartOptions> = {}) =>
  renderKickstart({ site, hosts: site.spec.hosts, plans: planOf(site).hosts, passwordHash: HASH, multiHost: site.spec.hosts.length > 1, ...o });

/** esx02 of the demo site with two USB uplinks without MACs and a module setting of its own; Secure Boot off. */
function twoUsbNoMac(): Site {
  const d = demoSite();
  return Site.parse({
    ...d,
    spec: {
      ...d.spec,
      secureBoot: false,
      hosts: [
        d.spec.hosts[0]!,
        {
          ...d.spec.hosts[1]!,
          requirements: { moduleSettings: [{ module: 'nmlx5_core', options: 'a=1' }] },
          hardware: {
            ...d.spec.hosts[1]!.hardware,
            nics: [
              { name: 'vusb0', bus: 'usb', vendorId: '0bda', deviceId: '8156', role: 'uplink' },
              { name: 'vusb1', bus: 'usb', vendorId: '0bda', deviceId: '8157', role: 'uplink' },
            ],
          },
        },
      ],
    },
  });
}

describe('one host whose install NIC has no known MAC', () => {
  it('the header and the comment name it without a MAC, one Fling comment lists both USB NICs, the other module gets no Fling comment', () => {
    const site = twoUsbNoMac();
    const r = render(site, { hosts: [site.spec.hosts[1]!], multiHost: false });
    if (!r.ok) throw new Error(JSON.stringify(r.findings));
    expect(r.value.text).toBe(
      [
        '# Sitekit kickstart for site store-0421: esx02',
        '# Generated; edit the site in Sitekit instead of this file. ESXi reads it through ks=usb:/KS.CFG.',
        'vmaccepteula',
        `rootpw --iscrypted ${HASH}`,
        '# esx02: install NIC vusb0, USB 0bda:8156, needs vmkusb-nic-fling in the ISO',
        '# esx02: USB NIC Fling required (vusb0 0bda:8156, vusb1 0bda:8157): the ISO must carry a build that lists the adapter for vusbN to exist at install time',
        'install --firstdisk=local --overwritevmfs',
        'network --bootproto=static --device=vusb0 --ip=192.168.10.12 --netmask=255.255.255.0 --gateway=192.168.10.1 --nameserver=192.168.10.2 --hostname=esx02',
        'reboot',
        '',
        '%firstboot --interpreter=busybox',
        'esxcli system module parameters set -m vmkusb_nic_fling -p usbBusFullScanOnBootEnabled=1',
        'esxcli system module parameters set -m nmlx5_core -p a=1',
        'esxcli system ntp set --server=pool.ntp.org --enabled=true',
      ].join('\n') + '\n',
    );
    expect(r.value.hosts).toEqual([
      {
        host: 'esx02',
        macs: [],
        device: 'vusb0',
        firstBootBy: { kind: 'hostname', value: 'esx02' },
        install: 'install --firstdisk=local --overwritevmfs',
        network: 'network --bootproto=static --device=vusb0 --ip=192.168.10.12 --netmask=255.255.255.0 --gateway=192.168.10.1 --nameserver=192.168.10.2 --hostname=esx02',
        firstboot: ['esxcli system module parameters set -m vmkusb_nic_fling -p usbBusFullScanOnBootEnabled=1', 'esxcli system module parameters set -m nmlx5_core -p a=1', 'esxcli system ntp set --server=pool.ntp.org --enabled=true'],
        comments: ['# esx02: install NIC vusb0, USB 0bda:8156, needs vmkusb-nic-fling in the ISO', '# esx02: USB NIC Fling required (vusb0 0bda:8156, vusb1 0bda:8157): the ISO must carry a build that lists the adapter for vusbN to exist at install time'],
      },
    ]);
  });
});

describe('a several-host stick where only one host has anything to run at first boot', () => {
  it('%firstboot is written, with that host\'s block only; the plan view gets each host\'s part', () => {
    const site = siteWith((s) => {
      s.spec.secureBoot = false;
      s.spec.ntp = { protocol: 'PTP', servers: ['192.168.10.5'] };
    });
    const r = render(site);
    if (!r.ok) throw new Error(JSON.stringify(r.findings));
    expect(r.value.text.slice(r.value.text.indexOf('\n%firstboot'))).toBe(
      [
        '',
        '%firstboot --interpreter=busybox',
        '# Pick this host by what the installer set: its host name (else its serial; a USB NIC may have no MAC yet here).',
        'name="$(hostname 2>/dev/null)"',
        'if case "$name" in esx01|esx01.*) true ;; *) false ;; esac; then',
        '  esxcli system settings kernel set -s cpuUniformityHardCheckPanic -v FALSE',
        'fi',
      ].join('\n') + '\n',
    );
    expect(r.value.hosts[1]).toEqual({
      host: 'esx02',
      mac: '00:1b:21:aa:bb:02',
      macs: ['00:1b:21:aa:bb:02'],
      device: '00:1b:21:aa:bb:02',
      firstBootBy: { kind: 'hostname', value: 'esx02' },
      install: 'install --firstdisk=local --overwritevmfs',
      network: 'network --bootproto=static --device=00:1b:21:aa:bb:02 --ip=192.168.10.12 --netmask=255.255.255.0 --gateway=192.168.10.1 --nameserver=192.168.10.2,192.168.10.3 --hostname=esx02.store0421.example.com',
      firstboot: [],
      comments: ['# esx02: install NIC 00:1b:21:aa:bb:02'],
    });
  });
});

describe('findings are errors: each stops the build', () => {
  it('every kind, with its parameters', () => {
    const disk = siteWith((s) => ((s.spec.hosts as { install: object }[])[0]!.install = { disk: 'd\u00efsk' }));
    expect(render(disk, { hosts: [disk.spec.hosts[0]!], multiHost: false, passwordHash: 'x' })).toEqual({
      ok: false,
      findings: [
        { severity: 'error', code: 'bad-password-hash', params: {} },
        { severity: 'error', code: 'ks-field', params: { host: 'esx01', field: 'install.disk', value: '"d\u00efsk"' } },
      ],
    });
    const site = siteWith();
    const noIp = { ...site.spec.hosts[1]!, management: { mode: 'static' as const, vlan: 0 } };
    expect(render({ ...site, spec: { ...site.spec, hosts: [site.spec.hosts[0]!, noIp] } } as Site, { hosts: [noIp], multiHost: false })).toEqual({ ok: false, findings: [{ severity: 'error', code: 'static-without-ip', params: { host: 'esx02' } }] });
    expect(render(site, { plans: planOf(site).hosts.slice(1), multiHost: true })).toEqual({ ok: false, findings: [{ severity: 'error', code: 'host-not-found', params: { host: 'esx01', hosts: 'esx02' } }] });
    const dup = siteWith((s) => ((s.spec.hosts as { management: object }[])[1]!.management = { ip: '192.168.10.12', device: '00:1b:21:aa:bb:01' }));
    expect(render(dup, { multiHost: true })).toEqual({ ok: false, findings: [{ severity: 'error', code: 'duplicate-mac', params: { a: 'esx01', b: 'esx02', mac: '00:1b:21:aa:bb:01' } }] });
  });
});

describe('mergeKickstart, more edges', () => {
  it("only a line that starts with a section keyword is a section header: a mention inside the ISO's section is not reported as one", () => {
    const m = mergeKickstart('reboot\n', { path: '/K.CFG', text: '%pre --interpreter=busybox\necho "%post is next"\n' });
    expect(m.merged.kept).toEqual(['%pre --interpreter=busybox']);
  });

  it("the ISO's commands are written without their indentation", () => {
    const m = mergeKickstart('reboot\n', { path: '/K.CFG', text: '   keyboard German\n\tserialnum --esx=X\n' });
    expect(m.text).toBe("reboot\n\n# From the ISO's own kickstart (/K.CFG), merged by Sitekit:\nkeyboard German\nserialnum --esx=X\n");
    expect(m.merged.kept).toEqual(['keyboard German', 'serialnum --esx=X']);
  });

  it("a Sitekit comment that mentions %firstboot is no section: the ISO's commands go after it, before the real one", () => {
    const sitekit = '# %firstboot runs only with Secure Boot off\nreboot\n \n%firstboot --interpreter=busybox\necho x\n';
    expect(mergeKickstart(sitekit, { path: '/K.CFG', text: 'keyboard German\n' }).text).toBe(
      "# %firstboot runs only with Secure Boot off\nreboot\n\n# From the ISO's own kickstart (/K.CFG), merged by Sitekit:\nkeyboard German\n\n%firstboot --interpreter=busybox\necho x\n",
    );
  });
});
