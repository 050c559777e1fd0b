/**
 * KS.CFG line by line as Weasel reads it: whole kickstarts for one host and for a several-host stick (the %pre
 * that picks the host by MAC, the %firstboot that picks it by host name, serial or MAC), the comments the
 * technician reads, and the findings (with their sentences) that stop a kickstart from being written.
 */
import { describe, expect, it } from 'vitest';
import { mergeKickstart, renderKickstart, type KickstartOptions } from '../../../../main/core/media/kickstart';
import { describeMediaFinding } from '../../../../main/core/media/findings';
import { Site } from '../../../../main/core/site/schema';
import { demoSite } from '../../../helpers/hardware';
import { HASH, siteWith } from '../../../helpers/media-site';
import { planOf } from '../../../helpers/plan';

type HostInput = Site['spec']['hosts'][number];

/** The demo site (esx01 NUC 13 with I226-V, esx02 UDOO Bolt with a USB RTL8156) with Secure Boot off and a DNS domain. */
function demo(patch: (spec: Site['spec']) => Partial<Site['spec']> = () => ({})): Site {
  const d = demoSite();
  const spec = { ...d.spec, secureBoot: false, dns: { ...d.spec.dns, domain: 'store0421.example.com' } };
  return Site.parse({ ...d, spec: { ...spec, ...patch(spec) } });
}

const render = (site: Site, o: Partial<KickstartOptions> = {}) =>
  renderKickstart({ site, hosts: site.spec.hosts, plans: planOf(site).hosts, passwordHash: HASH, multiHost: site.spec.hosts.length > 1, ...o });

/** The text of a kickstart that must render. */
function text(site: Site, o: Partial<KickstartOptions> = {}): string {
  const r = render(site, o);
  if (!r.ok) throw new Error(JSON.stringify(r.findings));
  return r.value.text;
}

/** The sentences the technician reads for a kickstart that must not render. */
function refused(site: Site, o: Partial<KickstartOptions> = {}): string[] {
  const r = render(site, o);
  if (r.ok) throw new Error('rendered:\n' + r.value.text);
  return r.findings.map(describeMediaFinding);
}

const ROOTPW = `rootpw --iscrypted ${HASH}`;

describe('whole kickstarts', () => {
  it('one host on a stick, Secure Boot off: header, comments, install, network, reboot, then %firstboot with the Fling settings and NTP', () => {
    const site = demo();
    expect(text(site, { hosts: [site.spec.hosts[1]!], multiHost: false })).toBe(
      [
    "# Sitekit kickstart for site store-0421: esx02 (00:e0:4c:68:15:6a)",
    "# Generated; edit the site in Sitekit instead of this file. ESXi reads it through ks=usb:/KS.CFG.",
    "vmaccepteula",
    "rootpw --iscrypted $6$saltsaltsaltsalt$aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "# esx02: install NIC vusb0 (00:e0:4c:68:15:6a), USB 0bda:8156, needs vmkusb-nic-fling in the ISO",
    "# esx02: USB NIC Fling required (vusb0 0bda:8156): the ISO must carry a build that lists the adapter for vusbN to exist at install time",
    "install --firstdisk=local --overwritevmfs",
    "network --bootproto=static --device=00:e0:4c:68:15:6a --ip=192.168.10.12 --netmask=255.255.255.0 --gateway=192.168.10.1 --nameserver=192.168.10.2 --hostname=esx02.store0421.example.com",
    "reboot",
    "",
    "%firstboot --interpreter=busybox",
    "esxcli system module parameters set -m vmkusb_nic_fling -p 'usbBusFullScanOnBootEnabled=1 vusb0_mac=00:e0:4c:68:15:6a'",
    "esxcli system ntp set --server=pool.ntp.org --enabled=true",
      ].join('\n') + '\n',
    );
  });

  it('both hosts on one stick by static address: %pre picks the block by MAC, %firstboot picks the host by its name', () => {
    expect(text(demo())).toBe(
      [
    "# Sitekit kickstart for site store-0421: esx01 (48:21:0b:5a:1c:07), esx02 (00:e0:4c:68:15:6a)",
    "# Generated; edit the site in Sitekit instead of this file. ESXi reads it through ks=usb:/KS.CFG.",
    "vmaccepteula",
    "rootpw --iscrypted $6$saltsaltsaltsalt$aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "# esx01: install NIC vmnic0 (48:21:0b:5a:1c:07), I226-V, inbox driver cndi-igc",
    "# esx02: install NIC vusb0 (00:e0:4c:68:15:6a), USB 0bda:8156, needs vmkusb-nic-fling in the ISO",
    "# esx02: USB NIC Fling required (vusb0 0bda:8156): the ISO must carry a build that lists the adapter for vusbN to exist at install time",
    "%include /tmp/sitekit-host.cfg",
    "reboot",
    "",
    "%pre --interpreter=busybox",
    "# Pick this machine's settings by the MAC addresses it has (the installer sees every NIC it has a driver for).",
    "nics=\"$(esxcfg-nics -l 2>/dev/null | tr 'A-F' 'a-f')\"",
    "found=\"\"",
    "if [ -z \"$found\" ] && { echo \"$nics\" | grep -q '48:21:0b:5a:1c:07'; }; then",
    "cat > /tmp/sitekit-host.cfg <<'SITEKIT_EOF'",
    "install --firstdisk=local --overwritevmfs",
    "network --bootproto=static --device=48:21:0b:5a:1c:07 --ip=192.168.10.11 --netmask=255.255.255.0 --gateway=192.168.10.1 --nameserver=192.168.10.2 --hostname=esx01.store0421.example.com",
    "SITEKIT_EOF",
    "found='esx01'",
    "fi",
    "if [ -z \"$found\" ] && { echo \"$nics\" | grep -q '00:e0:4c:68:15:6a'; }; then",
    "cat > /tmp/sitekit-host.cfg <<'SITEKIT_EOF'",
    "install --firstdisk=local --overwritevmfs",
    "network --bootproto=static --device=00:e0:4c:68:15:6a --ip=192.168.10.12 --netmask=255.255.255.0 --gateway=192.168.10.1 --nameserver=192.168.10.2 --hostname=esx02.store0421.example.com",
    "SITEKIT_EOF",
    "found='esx02'",
    "fi",
    "if [ -z \"$found\" ]; then echo \"Sitekit: this machine has none of the MAC addresses 48:21:0b:5a:1c:07, 00:e0:4c:68:15:6a; nothing was installed.\" >&2; exit 1; fi",
    "echo \"Sitekit: installing as $found\"",
    "",
    "%firstboot --interpreter=busybox",
    "# Pick this host by what the installer set: its host name (else its serial; a USB NIC may have no MAC yet here).",
    "name=\"$(hostname 2>/dev/null)\"",
    "if case \"$name\" in esx01|esx01.*) true ;; *) false ;; esac; then",
    "  esxcli system settings kernel set -s cpuUniformityHardCheckPanic -v FALSE",
    "  esxcli system settings kernel set -s ignoreMsrFaults -v TRUE",
    "  esxcli system ntp set --server=pool.ntp.org --enabled=true",
    "fi",
    "if case \"$name\" in esx02|esx02.*) true ;; *) false ;; esac; then",
    "  esxcli system module parameters set -m vmkusb_nic_fling -p 'usbBusFullScanOnBootEnabled=1 vusb0_mac=00:e0:4c:68:15:6a'",
    "  esxcli system ntp set --server=pool.ntp.org --enabled=true",
    "fi",      ].join('\n') + '\n',
    );
  });

  it('DHCP hosts: %firstboot picks one by its serial and one by its install NIC\'s MAC; %pre matches every MAC but the BMC\'s; non-ASCII in a label becomes ?; PTP sets no NTP', () => {
    const site = demo((spec) => ({
      ntp: { protocol: 'PTP', servers: ['192.168.10.5'] },
      hosts: [
        { ...spec.hosts[0]!, management: { mode: 'dhcp', vlan: 12 }, hardware: { ...spec.hosts[0]!.hardware, serial: 'G6BY12345' } } as HostInput,
        {
          ...spec.hosts[1]!,
          management: { mode: 'dhcp' },
          hardware: {
            ...spec.hosts[1]!.hardware,
            nics: [
              { name: 'vmnic0', bus: 'pci', vendorId: '10ec', deviceId: '8168', role: 'unused', mac: '00:e0:4c:00:00:01' },
              { name: 'vusb0', bus: 'usb', vendorId: '0bda', deviceId: '8157', mac: '00:e0:4c:68:15:6a', label: 'RTL8157 5GbE \u00e9' },
              { name: 'vusb1', bus: 'usb', vendorId: '0bda', deviceId: '8156', role: 'bmc', mac: '00:e0:4c:00:00:02' },
            ],
          },
        } as HostInput,
      ],
    }));
    expect(text(site)).toBe(
      [
    "# Sitekit kickstart for site store-0421: esx01 (48:21:0b:5a:1c:07), esx02 (00:e0:4c:68:15:6a)",
    "# Generated; edit the site in Sitekit instead of this file. ESXi reads it through ks=usb:/KS.CFG.",
    "vmaccepteula",
    "rootpw --iscrypted $6$saltsaltsaltsalt$aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "# esx01: install NIC vmnic0 (48:21:0b:5a:1c:07), I226-V, inbox driver cndi-igc",
    "# esx02: install NIC vusb0 (00:e0:4c:68:15:6a), RTL8157 5GbE ?, needs vmkusb-nic-fling 1.14-7vmw.803.0.95.93415869 or later in the ISO",
    "# esx02: USB NIC Fling required (vusb0 0bda:8157): the ISO must carry a build that lists the adapter for vusbN to exist at install time",
    "%include /tmp/sitekit-host.cfg",
    "reboot",
    "",
    "%pre --interpreter=busybox",
    "# Pick this machine's settings by the MAC addresses it has (the installer sees every NIC it has a driver for).",
    "nics=\"$(esxcfg-nics -l 2>/dev/null | tr 'A-F' 'a-f')\"",
    "found=\"\"",
    "if [ -z \"$found\" ] && { echo \"$nics\" | grep -q '48:21:0b:5a:1c:07'; }; then",
    "cat > /tmp/sitekit-host.cfg <<'SITEKIT_EOF'",
    "install --firstdisk=local --overwritevmfs",
    "network --bootproto=dhcp --device=48:21:0b:5a:1c:07 --vlanid=12",
    "SITEKIT_EOF",
    "found='esx01'",
    "fi",
    "if [ -z \"$found\" ] && { echo \"$nics\" | grep -q '00:e0:4c:68:15:6a' || echo \"$nics\" | grep -q '00:e0:4c:00:00:01'; }; then",
    "cat > /tmp/sitekit-host.cfg <<'SITEKIT_EOF'",
    "install --firstdisk=local --overwritevmfs",
    "network --bootproto=dhcp --device=00:e0:4c:68:15:6a",
    "SITEKIT_EOF",
    "found='esx02'",
    "fi",
    "if [ -z \"$found\" ]; then echo \"Sitekit: this machine has none of the MAC addresses 48:21:0b:5a:1c:07, 00:e0:4c:68:15:6a, 00:e0:4c:00:00:01; nothing was installed.\" >&2; exit 1; fi",
    "echo \"Sitekit: installing as $found\"",
    "",
    "%firstboot --interpreter=busybox",
    "# Pick this host by what the installer set: its host name (else its serial; a USB NIC may have no MAC yet here).",
    "name=\"$(hostname 2>/dev/null)\"",
    "platform=\"$(esxcli hardware platform get 2>/dev/null)\"",
    "nics=\"$(esxcfg-nics -l 2>/dev/null | tr 'A-F' 'a-f')\"",
    "if echo \"$platform\" | grep -qiF 'Serial Number: G6BY12345'; then",
    "  esxcli system settings kernel set -s cpuUniformityHardCheckPanic -v FALSE",
    "  esxcli system settings kernel set -s ignoreMsrFaults -v TRUE",
    "fi",
    "if echo \"$nics\" | grep -q '00:e0:4c:68:15:6a'; then",
    "  esxcli system module parameters set -m vmkusb_nic_fling -p 'usbBusFullScanOnBootEnabled=1 vusb0_mac=00:e0:4c:68:15:6a'",
    "fi",
      ].join('\n') + '\n',
    );
  });
});

describe('the install NIC comment says which driver the ISO must bring', () => {
  const comment = (site: Site, host: string) => text(site, { hosts: site.spec.hosts.filter((h) => h.name === host), multiHost: false }).split('\n').filter((l) => l.startsWith(`# ${host}:`));

  it('a PCI NIC with a driver package: its VIB, no build', () => {
    const site = demo((spec) => ({ hosts: [spec.hosts[0]!, { ...spec.hosts[1]!, hardware: { ...spec.hosts[1]!.hardware, nics: [{ name: 'vmnic0', bus: 'pci', vendorId: '10ec', deviceId: '8168', mac: '00:e0:4c:00:00:01' }] } } as HostInput] }));
    expect(comment(site, 'esx02')).toEqual(['# esx02: install NIC vmnic0 (00:e0:4c:00:00:01), RTL8111/8168/8411, needs if-re in the ISO']);
  });

  it('a NIC the list does not know: its driver kind', () => {
    const site = demo((spec) => ({ topology: 'one-node', hosts: [{ ...spec.hosts[0]!, hardware: { nics: [{ name: 'vmnic0', bus: 'pci', vendorId: '1234', deviceId: 'abcd', mac: '00:11:22:33:44:55' }] } } as HostInput] }));
    expect(comment(site, 'esx01')).toEqual(['# esx01: install NIC vmnic0 (00:11:22:33:44:55), PCI 1234:abcd, driver unknown']);
  });

  it('a host without hardware but with its install NIC entered: the NIC as entered, and the network line uses it', () => {
    const site = siteWith();
    const t = text(site, { hosts: [site.spec.hosts[1]!], multiHost: false });
    expect(t.split('\n').filter((l) => l.startsWith('# esx02'))).toEqual(['# esx02: install NIC 00:1b:21:aa:bb:02']);
    expect(t).toContain('\nnetwork --bootproto=static --device=00:1b:21:aa:bb:02 --ip=192.168.10.12 --netmask=255.255.255.0 --gateway=192.168.10.1 --nameserver=192.168.10.2,192.168.10.3 --hostname=esx02.store0421.example.com\n');
  });

  it('a host with nothing known about its NIC: no comment and no --device (the installer takes the first NIC)', () => {
    const site = siteWith((s) => ((s.spec.hosts as { management: object }[])[1]!.management = { mode: 'dhcp' }));
    const t = text(site, { hosts: [site.spec.hosts[1]!], multiHost: false });
    expect(t.split('\n').filter((l) => l.startsWith('# esx02'))).toEqual([]);
    expect(t).toContain('\nnetwork --bootproto=dhcp\n');
  });
});

describe('NTP in %firstboot', () => {
  it('every NTP server, each quoted for the shell, then enabled', () => {
    const site = demo(() => ({ ntp: { protocol: 'NTP', servers: ['0.pool.ntp.org', '192.168.10.5'] } }));
    expect(text(site, { hosts: [site.spec.hosts[1]!], multiHost: false })).toContain('\nesxcli system ntp set --server=0.pool.ntp.org --server=192.168.10.5 --enabled=true\n');
  });
});

describe('%firstboot on a several-host stick', () => {
  it('a host the installer cannot name, or with nothing to run at first boot, gets no block; the others keep theirs', () => {
    // esx02: DHCP, no serial, the install NIC's MAC unknown (only the unused RTL8111's): %pre can pick it, %firstboot cannot.
    const site = demo((spec) => ({
      ntp: { protocol: 'PTP', servers: ['192.168.10.5'] },
      hosts: [
        spec.hosts[0]!,
        { ...spec.hosts[1]!, management: { mode: 'dhcp' }, hardware: { ...spec.hosts[1]!.hardware, nics: [{ name: 'vmnic0', bus: 'pci', vendorId: '10ec', deviceId: '8168', role: 'unused', mac: '00:e0:4c:00:00:01' }, { name: 'vusb0', bus: 'usb', vendorId: '0bda', deviceId: '8156' }] } } as HostInput,
      ],
    }));
    const t = text(site);
    expect(t).toContain(`if [ -z "$found" ] && { echo "$nics" | grep -q '00:e0:4c:00:00:01'; }; then`);
    expect(t.slice(t.indexOf('%firstboot'))).toBe(
      [
        '%firstboot --interpreter=busybox',
        '# Pick this host by what the installer set: its host name (else its serial; a USB NIC may have no MAC yet here).',
        'name="$(hostname 2>/dev/null)"',
        'if case "$name" in esx01|esx01.*) true ;; *) false ;; esac; then',
        '  esxcli system settings kernel set -s cpuUniformityHardCheckPanic -v FALSE',
        '  esxcli system settings kernel set -s ignoreMsrFaults -v TRUE',
        'fi',
      ].join('\n') + '\n',
    );
  });

  it('no host with anything to run at first boot: no %firstboot at all', () => {
    const site = siteWith((s) => {
      s.spec.secureBoot = false;
      s.spec.ntp = { protocol: 'PTP', servers: ['192.168.10.5'] };
      (s.spec.hosts as { hardware: object }[])[0]!.hardware = { nics: [{ name: 'vmnic0', bus: 'pci', vendorId: '8086', deviceId: '15f3', mac: '00:1b:21:aa:bb:01' }] };
    });
    const t = text(site, { multiHost: true });
    expect(t).toContain('echo "Sitekit: installing as $found"\n');
    expect(t).not.toContain('%firstboot');
    expect(t.endsWith('echo "Sitekit: installing as $found"\n')).toBe(true);
  });
});

describe('findings that stop the kickstart, in the words the technician reads', () => {
  it('an install disk with a line break', () => {
    const site = demo((spec) => ({ hosts: [spec.hosts[0]!, { ...spec.hosts[1]!, install: { disk: 'mpx.vmhba32\n', overwriteVmfs: true } }] }));
    expect(refused(site)).toEqual(['The value of install.disk for host "esx02" contains characters a kickstart cannot carry (line breaks, control or non-ASCII characters): "mpx.vmhba32\\n"']);
  });

  it('an install NIC entered with a non-ASCII name, with DHCP and with a static address', () => {
    for (const management of [{ mode: 'dhcp' as const, device: 'vmnic1\u00e9' }, { mode: 'static' as const, ip: '192.168.10.12', device: 'vmnic1\u00e9' }]) {
      const site = siteWith((s) => ((s.spec.hosts as { management: object }[])[1]!.management = management));
      expect(refused(site, { hosts: [site.spec.hosts[1]!], multiHost: false })).toEqual(['The value of management.device for host "esx02" contains characters a kickstart cannot carry (line breaks, control or non-ASCII characters): "vmnic1\u00e9"']);
    }
  });

  it('module settings with a control character', () => {
    const site = siteWith((s) => ((s.spec.hosts as { requirements: object }[])[0]!.requirements = { moduleSettings: [{ module: 'nmlx5_core', options: 'a=1\tb=2' }] }));
    expect(refused(site, { hosts: [site.spec.hosts[0]!], multiHost: false })).toEqual(['The value of moduleSettings for host "esx01" contains characters a kickstart cannot carry (line breaks, control or non-ASCII characters): "a=1\\tb=2"']);
  });

  it('a serial %firstboot would pick the host by, with non-ASCII characters', () => {
    const site = siteWith((s) => {
      (s.spec.hosts as { management: object }[])[1]!.management = { mode: 'dhcp' };
      (s.spec.hosts as { hardware: object }[])[1]!.hardware = { serial: 'SN-\u00fc' };
    });
    expect(refused(site, { hosts: [site.spec.hosts[1]!], multiHost: false })).toEqual(['The value of firstBoot for host "esx02" contains characters a kickstart cannot carry (line breaks, control or non-ASCII characters): "SN-\u00fc"']);
  });

  it('a static host without an IP (a site that skipped validation) is refused, not installed with an empty --ip', () => {
    const site = siteWith();
    const h = site.spec.hosts[1]!;
    const broken = { ...h, management: { mode: 'static' as const, vlan: 0 } };
    const s = { ...site, spec: { ...site.spec, hosts: [site.spec.hosts[0]!, broken] } } as Site;
    expect(refused(s, { hosts: [broken], multiHost: false })).toEqual(['Host "esx02" uses a static management address but has no IP.']);
  });

  it('a host the plans do not cover is named, with the hosts they do', () => {
    const site = siteWith();
    const plans = planOf(site).hosts.filter((p) => p.host === 'esx01');
    expect(refused(site, { plans, multiHost: true })).toEqual(['The site has no host called "esx02" (hosts: esx01).']);
  });

  it('two hosts with the same MAC on one stick', () => {
    const site = siteWith((s) => ((s.spec.hosts as { management: object }[])[1]!.management = { ip: '192.168.10.12', device: '00:1b:21:aa:bb:01' }));
    expect(refused(site, { multiHost: true })).toEqual(['Hosts "esx01" and "esx02" have the same MAC address 00:1b:21:aa:bb:01; each host must have its own.']);
    // One stick per host: the same MAC is no conflict.
    expect(render(site, { hosts: [site.spec.hosts[1]!], multiHost: false }).ok).toBe(true);
  });

  it('a host without a MAC on a several-host stick, naming the NIC to look up', () => {
    const site = demo((spec) => ({ hosts: [spec.hosts[0]!, { ...spec.hosts[1]!, hardware: { ...spec.hosts[1]!.hardware, nics: [{ name: 'vusb0', bus: 'usb', vendorId: '0bda', deviceId: '8156' }] } } as HostInput] }));
    expect(refused(site)).toEqual([
      'Host "esx02" has no known MAC address, so on a stick for several hosts the installer could not tell it apart. Enter the MAC of vusb0 in the Hardware step (the MAC field of that NIC, or paste "esxcli network nic list"), or make one stick per host.',
    ]);
  });

  it('a password hash ESXi would not take, with everything else wrong too, all at once', () => {
    const site = demo((spec) => ({ hosts: [spec.hosts[0]!, { ...spec.hosts[1]!, install: { disk: 'd\u00efsk', overwriteVmfs: true } }] }));
    expect(refused(site, { passwordHash: '$1$salt$hash' })).toEqual([
      'The root password hash is not a $6$ SHA-512 crypt without rounds=, which is the only kind ESXi accepts here.',
      'The value of install.disk for host "esx02" contains characters a kickstart cannot carry (line breaks, control or non-ASCII characters): "d\u00efsk"',
    ]);
  });

  it('a hash with text around it is not a hash', () => {
    const site = siteWith();
    for (const passwordHash of [`x${HASH}`, `${HASH}x`, `${HASH}\n`]) expect(render(site, { hosts: [site.spec.hosts[0]!], multiHost: false, passwordHash }).ok).toBe(false);
  });
});

describe("the ISO's own kickstart through renderKickstart", () => {
  it('is merged into the text and reported', () => {
    const site = siteWith();
    const r = render(site, { hosts: [site.spec.hosts[0]!], multiHost: false, isoKickstart: { path: '/KS_ECS.CFG', text: 'keyboard German\nnetwork --bootproto=dhcp\n' } });
    if (!r.ok) throw new Error(JSON.stringify(r.findings));
    expect(r.value.merged).toEqual({ path: '/KS_ECS.CFG', kept: ['keyboard German'], replaced: ['network --bootproto=dhcp'] });
    expect(r.value.text.endsWith("reboot\n\n# From the ISO's own kickstart (/KS_ECS.CFG), merged by Sitekit:\nkeyboard German\n# replaced by Sitekit: network --bootproto=dhcp\n")).toBe(true);
    expect(r.value.text.split('\n')[3]).toBe(ROOTPW);
  });
});

describe('mergeKickstart', () => {
  const SITEKIT = '# Sitekit\nvmaccepteula\ninstall --firstdisk=local\nreboot\n';

  it('Sitekit text without sections: the ISO commands follow it, the ISO sections close the file', () => {
    const iso = '\uFEFFKeyBoard German\r\n# a comment\r\n\r\n  INSTALL --firstdisk\r\n  %post --interpreter=busybox\r\necho \u00e9t\u00e9\r\n';
    const m = mergeKickstart(SITEKIT + '\n\n', { path: '/ECS.CFG', text: iso });
    expect(m.text).toBe(
      [
        '# Sitekit',
        'vmaccepteula',
        'install --firstdisk=local',
        'reboot',
        '',
        "# From the ISO's own kickstart (/ECS.CFG), merged by Sitekit:",
        'KeyBoard German',
        '# replaced by Sitekit: INSTALL --firstdisk',
        '',
        "# The ISO's own sections (/ECS.CFG), unchanged:",
        '  %post --interpreter=busybox',
        'echo ?t?',
      ].join('\n') + '\n',
    );
    expect(m.merged).toEqual({ path: '/ECS.CFG', kept: ['KeyBoard German', '%post --interpreter=busybox'], replaced: ['INSTALL --firstdisk'] });
  });

  it('an ISO kickstart of only sections adds no command block; one of only comments adds nothing at all', () => {
    const withSection = '# Sitekit\nreboot\n\n\n%firstboot --interpreter=busybox\necho sitekit\n';
    expect(mergeKickstart(withSection, { path: '/K.CFG', text: '%pre --interpreter=busybox\necho iso\n%firstboot\necho iso2' }).text).toBe(
      ['# Sitekit', 'reboot', '', '%firstboot --interpreter=busybox', 'echo sitekit', '', "# The ISO's own sections (/K.CFG), unchanged:", '%pre --interpreter=busybox', 'echo iso', '%firstboot', 'echo iso2'].join('\n') + '\n',
    );
    const m = mergeKickstart(withSection, { path: '/K.CFG', text: '# nothing here\n#install --firstdisk\n\n' });
    expect(m.text).toBe(withSection.replace('\n\n\n', '\n\n'));
    expect(m.merged).toEqual({ path: '/K.CFG', kept: [], replaced: [] });
  });

  it('every command Sitekit sets is replaced, whatever its case; a command that merely starts like one is kept', () => {
    const cmds = ['vmaccepteula', 'accepteula', 'rootpw --iscrypted x', 'install --firstdisk', 'upgrade --firstdisk', 'installorupgrade --firstdisk', 'network --bootproto=dhcp', 'reboot', 'clearpart --alldrives'];
    const m = mergeKickstart(SITEKIT, { path: '/K.CFG', text: [...cmds.map((c) => c.toUpperCase()), 'rebootx', 'networking x', '%prefix not a section'].join('\n') });
    expect(m.merged.replaced).toEqual(cmds.map((c) => c.toUpperCase()));
    expect(m.merged.kept).toEqual(['rebootx', 'networking x', '%prefix not a section']);
  });

  it('a section header is a section only at the start of a line (after blanks): a later mention is a command', () => {
    const m = mergeKickstart(SITEKIT, { path: '/K.CFG', text: 'echo %post\n\t%post\nx' });
    expect(m.merged.kept).toEqual(['echo %post', '%post']);
    expect(m.text.endsWith("# The ISO's own sections (/K.CFG), unchanged:\n\t%post\nx\n")).toBe(true);
  });
});
