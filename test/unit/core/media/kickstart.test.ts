import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ksQuote, renderKickstart } from '../../../../main/core/media/kickstart';
import { HASH, planFor, siteWith } from '../../../helpers/media-site';

/** POSIX shlex as Weasel uses it (whitespace, single quotes literal, double quotes, backslash escapes). */
function shlex(line: string): string[] {
  const out: string[] = [];
  let cur: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error('unterminated quote');
      cur = (cur ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      cur ??= '';
      for (i++; line[i] !== '"'; i++) {
        if (i >= line.length) throw new Error('unterminated quote');
        if (line[i] === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) i++;
        cur += line[i];
      }
    } else if (c === '\\') {
      cur = (cur ?? '') + (line[++i] ?? '');
    } else if (/\s/.test(c)) {
      if (cur !== undefined) out.push(cur);
      cur = undefined;
    } else cur = (cur ?? '') + c;
  }
  if (cur !== undefined) out.push(cur);
  return out;
}

const lines = (t: string) => t.split('\n');

describe('renderKickstart, one host', () => {
  it('writes the unattended install for a static host, device by MAC', () => {
    const site = siteWith();
    const r = renderKickstart({ site, plans: planFor(site).hosts, hosts: [site.spec.hosts[0]!], passwordHash: HASH, multiHost: false });
    if (!r.ok) throw new Error(JSON.stringify(r.findings));
    const l = lines(r.value.text);
    expect(l).toContain('vmaccepteula');
    expect(l).toContain(`rootpw --iscrypted ${HASH}`);
    expect(l).toContain('install --firstdisk=local --overwritevmfs');
    expect(l).toContain(
      'network --bootproto=static --device=00:1b:21:aa:bb:01 --ip=192.168.10.11 --netmask=255.255.255.0 --gateway=192.168.10.1 --nameserver=192.168.10.2,192.168.10.3 --hostname=esx01.store0421.example.com --vlanid=10',
    );
    expect(l).toContain('reboot');
    expect(r.value.text).not.toContain('%firstboot');
    expect(r.value.text).not.toContain('%pre');
  });

  it('adds %firstboot only when Secure Boot is off, with the kernel options', () => {
    const site = siteWith((s) => (s.spec.secureBoot = false));
    const r = renderKickstart({ site, plans: planFor(site).hosts, hosts: [site.spec.hosts[0]!], passwordHash: HASH, multiHost: false });
    expect(r.ok && r.value.text).toContain('%firstboot --interpreter=busybox\nesxcli system settings kernel set -s cpuUniformityHardCheckPanic -v FALSE');
  });

  it('uses DHCP without --ip/--hostname and a chosen disk', () => {
    const site = siteWith((s) => {
      const h = (s.spec.hosts as { management: object; install?: object }[])[1]!;
      h.management = { mode: 'dhcp', device: '00:1b:21:aa:bb:02' };
      h.install = { disk: 't10.NVMe____Samsung_SSD', overwriteVmfs: false };
    });
    const r = renderKickstart({ site, plans: planFor(site).hosts, hosts: [site.spec.hosts[1]!], passwordHash: HASH, multiHost: false });
    const l = r.ok ? lines(r.value.text) : [];
    expect(l).toContain('network --bootproto=dhcp --device=00:1b:21:aa:bb:02');
    expect(l).toContain('install --disk=t10.NVMe____Samsung_SSD');
  });

  it('refuses a hash ESXi would reject ($6$rounds=)', () => {
    const site = siteWith();
    const r = renderKickstart({ site, plans: planFor(site).hosts, hosts: [site.spec.hosts[0]!], passwordHash: '$6$rounds=5000$salt$' + 'a'.repeat(86), multiHost: false });
    expect(r.ok ? [] : r.findings.map((f) => f.code)).toEqual(['bad-password-hash']);
  });
});

describe('renderKickstart, several hosts on one stick', () => {
  it('with Secure Boot on (the default) writes no %firstboot at all: ESXi would not run it (bootmedia.md §2.3)', () => {
    const site = siteWith();
    expect(site.spec.secureBoot).toBe(true);
    const r = renderKickstart({ site, plans: planFor(site).hosts, hosts: site.spec.hosts, passwordHash: HASH, multiHost: true });
    if (!r.ok) throw new Error(JSON.stringify(r.findings));
    expect(r.value.hosts.some((h) => h.firstboot.length > 0)).toBe(true);
    expect(r.value.text).not.toContain('%firstboot');
    expect(r.value.text).not.toContain('esxcli system settings kernel set');
  });

  it('with Secure Boot off writes one %firstboot that runs each host\'s commands only on the machine the installer named so', () => {
    const site = siteWith((s) => (s.spec.secureBoot = false));
    const r = renderKickstart({ site, plans: planFor(site).hosts, hosts: site.spec.hosts, passwordHash: HASH, multiHost: true });
    if (!r.ok) throw new Error(JSON.stringify(r.findings));
    const t = r.value.text;
    expect(t.match(/^%firstboot --interpreter=busybox$/gm)).toHaveLength(1);
    const firstboot = t.slice(t.indexOf('%firstboot'));
    expect(firstboot).toContain('if case "$name" in esx01|esx01.*) true ;; *) false ;; esac; then\n  esxcli system settings kernel set -s cpuUniformityHardCheckPanic -v FALSE');
  });

  it('selects each host by MAC in %pre and includes its block', () => {
    const site = siteWith();
    const r = renderKickstart({ site, plans: planFor(site).hosts, hosts: site.spec.hosts, passwordHash: HASH, multiHost: true });
    if (!r.ok) throw new Error(JSON.stringify(r.findings));
    const t = r.value.text;
    expect(t).toContain('%include /tmp/sitekit-host.cfg');
    expect(t).toContain("grep -q '00:1b:21:aa:bb:01'");
    expect(t).toContain("grep -q '00:1b:21:aa:bb:02'");
    expect(t).toMatch(/exit 1; fi/);
    expect(r.value.hosts.map((h) => [h.host, h.mac])).toEqual([
      ['esx01', '00:1b:21:aa:bb:01'],
      ['esx02', '00:1b:21:aa:bb:02'],
    ]);
  });

  it('refuses a host without a MAC', () => {
    const site = siteWith((s) => ((s.spec.hosts as { management: object }[])[1]!.management = { ip: '192.168.10.12' }));
    const r = renderKickstart({ site, plans: planFor(site).hosts, hosts: site.spec.hosts, passwordHash: HASH, multiHost: true });
    expect(r.ok ? [] : r.findings).toEqual([{ severity: 'error', code: 'host-without-mac', params: { host: 'esx02', nic: 'its install NIC' } }]);
  });
});

describe('escaping (property)', () => {
  it('every install disk either comes back intact through shlex on its own line, or is refused', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (disk) => {
        fc.pre(disk.length > 0);
        const site = siteWith((s) => {
          const h = (s.spec.hosts as { management: object; install?: object }[])[0]!;
          h.install = { disk };
        });
        const r = renderKickstart({ site, plans: planFor(site).hosts, hosts: [site.spec.hosts[0]!], passwordHash: HASH, multiHost: false });
        if (!/^[\x20-\x7e]*$/.test(disk)) {
          expect(r.ok).toBe(false);
          return;
        }
        if (!r.ok) throw new Error(JSON.stringify(r.findings));
        const l = lines(r.value.text);
        const install = l.find((x) => x.startsWith('install '))!;
        expect(shlex(install)).toEqual(['install', `--disk=${disk}`, '--overwritevmfs']);
        expect(shlex(l.find((x) => x.startsWith('network '))!)).toContain('--device=00:1b:21:aa:bb:01');
        expect(r.value.text).toMatch(/^[\x20-\x7e\n]*$/);
      }),
      { numRuns: 300 },
    );
  });

  it('an install NIC the host does not have never reaches --device: the plan says so instead', () => {
    const site = siteWith((s) => ((s.spec.hosts as { management: object }[])[0]!.management = { ip: '192.168.10.11', device: 'vmnic7' }));
    const plan = planFor(site);
    expect(plan.hosts[0]!.verdict.findings.find((f) => f.code === 'install-nic-missing')).toMatchObject({ severity: 'error', params: { nic: 'vmnic7', present: 'vmnic0' } });
    const r = renderKickstart({ site, plans: plan.hosts, hosts: [site.spec.hosts[0]!], passwordHash: HASH, multiHost: false });
    expect(r.ok && r.value.text).not.toContain('--device=');
  });

  it('module options from the site (an imported repo) with line breaks or control characters are refused, never written (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 30 }), (options) => {
        const site = siteWith((s) => {
          s.spec.secureBoot = false;
          (s.spec.hosts as { requirements: object }[])[0]!.requirements = { moduleSettings: [{ module: 'nmlx5_core', options }] };
        });
        const r = renderKickstart({ site, plans: planFor(site).hosts, hosts: [site.spec.hosts[0]!], passwordHash: HASH, multiHost: false });
        if (!/^[\x20-\x7e]*$/.test(options)) expect(r.ok ? [] : r.findings.map((f) => f.code)).toEqual(['ks-field']);
        else {
          if (!r.ok) throw new Error(JSON.stringify(r.findings));
          expect(r.value.text).toMatch(/^[\x20-\x7e\n]*$/);
          const line = lines(r.value.text).find((l) => l.startsWith('esxcli system module parameters set -m nmlx5_core -p '))!;
          expect(shlex(line).at(-1)).toBe(options);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('quotes only when needed', () => {
    expect(ksQuote('vmnic0')).toBe('vmnic0');
    expect(ksQuote("a b'c")).toBe("'a b'\\''c'");
    expect(ksQuote('#x')).toBe("'#x'");
  });
});

describe("merging the ISO's own kickstart (issue 15)", () => {
  it('keeps its other commands and sections, comments out the ones Sitekit sets, and Weasel sees one of each', async () => {
    const { mergeKickstart } = await import('../../../../main/core/media/kickstart');
    const sitekit = '# Sitekit kickstart\nvmaccepteula\nrootpw --iscrypted $6$x$y\ninstall --firstdisk=local --overwritevmfs\nnetwork --bootproto=static --ip=10.0.0.11\nreboot\n\n%firstboot --interpreter=busybox\nesxcli system ntp set --enabled=true\n';
    const iso = 'accepteula\ninstall --firstdisk --overwritevmfs\nnetwork --bootproto=dhcp\nkeyboard \'United Kingdom\'\nserialnum --esx=AAAAA-BBBBB-CCCCC-DDDDD-EEEEE\n\n%post --interpreter=busybox\necho ecs-agent > /tmp/ecs\n';
    const m = mergeKickstart(sitekit, { path: '/ECS_KS.CFG', text: iso });
    const active = m.text.split('\n').filter((l) => l && !l.startsWith('#'));
    for (const cmd of ['vmaccepteula', 'install', 'network', 'rootpw', 'reboot']) expect(active.filter((l) => l.split(' ')[0] === cmd)).toHaveLength(1);
    expect(active).not.toContain('accepteula');
    expect(m.text).toContain("keyboard 'United Kingdom'");
    expect(m.text).toContain('# replaced by Sitekit: network --bootproto=dhcp');
    expect(m.text).toMatch(/%firstboot --interpreter=busybox\nesxcli system ntp set --enabled=true\n\n# The ISO's own sections \(\/ECS_KS\.CFG\), unchanged:\n%post --interpreter=busybox\necho ecs-agent > \/tmp\/ecs\n$/);
    expect(m.merged.replaced).toEqual(['accepteula', 'install --firstdisk --overwritevmfs', 'network --bootproto=dhcp']);
    expect(m.merged.kept).toEqual(["keyboard 'United Kingdom'", 'serialnum --esx=AAAAA-BBBBB-CCCCC-DDDDD-EEEEE', '%post --interpreter=busybox']);
  });
});
