/**
 * KS.CFG for ESXi's scripted installer (Weasel), made from the site model
 * (docs/FIELD-NOTES.md "Kickstart and Weasel").
 *
 * Weasel tokenises each line with shlex, so every value is written either bare (when it only has safe
 * characters) or single-quoted with the usual `'\''` dance; values that no kickstart can carry (line
 * breaks, control characters, non-ASCII) are refused as findings, never written. One stick may carry
 * several hosts: then a `%pre` script picks the block whose MAC address the machine has, writes it to
 * /tmp/sitekit-host.cfg, and the main file `%include`s it; a machine that matches no host stops the
 * install before anything is erased (`%pre` failures are fatal in Weasel). `%firstboot` (Secure Boot off only)
 * picks the host by what the installer already set, its host name (else its serial): a USB NIC's MAC may not be
 * visible yet at first boot, the very thing the Fling settings there repair.
 *
 * Everything host-specific comes from the host plan (main/core/host-plan): the install NIC and its MAC for
 * `network --device`, the kernel options, the Fling's module settings.
 */
import type { Host, Site } from '../site/schema';
import type { HostPlan } from '../host-plan/types';
import { hostFqdn } from '../host-plan/plan';
import type { MediaFinding } from './findings';
import { netmaskOf } from '../ipv4';

export { hostFqdn };

export const HOST_INCLUDE = '/tmp/sitekit-host.cfg';
const SAFE = /^[A-Za-z0-9_.:,/@%+=-]+$/;
const SHA512_CRYPT = /^\$6\$[A-Za-z0-9./]{0,16}\$[A-Za-z0-9./]{86}$/;

/** Quotes one value for a shlex-tokenised kickstart line. */
export function ksQuote(value: string): string {
  if (SAFE.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** True when a value can be carried on one kickstart line. */
export const ksCarriable = (value: string): boolean => /^[\x20-\x7e]*$/.test(value);

/** Per-host kickstart lines: install, network, and %firstboot commands. */
export interface HostKickstart {
  readonly host: string;
  /** The install NIC's MAC, when known. */
  readonly mac?: string;
  /** Every MAC the host is known to have (install NIC first): a several-host stick matches any of them. */
  readonly macs: readonly string[];
  readonly device?: string;
  /** How %firstboot on a several-host stick recognises this host. */
  readonly firstBootBy?: HostPlan['firstBoot'];
  readonly install: string;
  readonly network: string;
  readonly firstboot: readonly string[];
  readonly comments: readonly string[];
}

type Built = { ok: true; value: HostKickstart } | { ok: false; findings: MediaFinding[] };

/** Builds one host's kickstart lines from its plan, or the findings that stop it. */
export function hostKickstart(site: Site, host: Host, plan: HostPlan): Built {
  const findings: MediaFinding[] = [];
  const field = (name: string, value: string): string => {
    if (!ksCarriable(value)) findings.push({ severity: 'error', code: 'ks-field', params: { host: host.name, field: name, value: JSON.stringify(value) } });
    return ksQuote(value);
  };
  const mac = plan.install.mac;
  const device = plan.install.device;
  const install = host.install.disk
    ? `install --disk=${field('install.disk', host.install.disk)}`
    : 'install --firstdisk=local';
  const installLine = install + (host.install.overwriteVmfs ? ' --overwritevmfs' : '');

  const net: string[] = ['network'];
  const m = host.management;
  if (m.mode === 'dhcp') {
    net.push('--bootproto=dhcp');
    if (device) net.push(`--device=${field('management.device', device)}`);
  } else {
    if (!m.ip) findings.push({ severity: 'error', code: 'static-without-ip', params: { host: host.name } });
    const [, prefix] = site.spec.managementNetwork.subnet.split('/');
    net.push('--bootproto=static');
    if (device) net.push(`--device=${field('management.device', device)}`);
    net.push(`--ip=${field('management.ip', m.ip ?? '')}`);
    net.push(`--netmask=${netmaskOf(Number(prefix))}`);
    net.push(`--gateway=${field('managementNetwork.gateway', site.spec.managementNetwork.gateway)}`);
    const ns = site.spec.dns.servers.slice(0, 2);
    if (ns.length) net.push(`--nameserver=${field('dns.servers', ns.join(','))}`);
    net.push(`--hostname=${field('hostname', plan.fqdn)}`);
  }
  if (m.vlan > 0) net.push(`--vlanid=${m.vlan}`);

  const comments: string[] = [];
  const firstboot: string[] = [];
  const clean = (t: string) => t.replace(/[^\x20-\x7e]/g, '?');
  const nic = plan.nics.find((n) => n.install);
  if (nic) {
    const drv = nic.driver.kind === 'package' ? `needs ${nic.driver.vib}${nic.driver.minBuild ? ` ${nic.driver.minBuild.vibVersion} or later` : ''} in the ISO` : nic.driver.kind === 'inbox' ? `inbox driver ${nic.driver.module ?? ''}`.trim() : `driver ${nic.driver.kind}`;
    comments.push(clean(`# ${host.name}: install NIC ${nic.name}${mac ? ` (${mac})` : ''}, ${nic.label}, ${drv}`));
  } else if (device) comments.push(clean(`# ${host.name}: install NIC ${device}`));
  for (const k of plan.kernelOptions) {
    field('requirements.kernelOptions', k.option);
    const [key, v] = k.option.split('=') as [string, string];
    firstboot.push(`esxcli system settings kernel set -s ${ksQuote(key)} -v ${ksQuote(v ?? '')}`);
  }
  for (const ms of plan.moduleSettings) {
    field('moduleSettings', ms.options);
    if (ms.module === 'vmkusb_nic_fling') comments.push(clean(`# ${host.name}: USB NIC Fling required (${plan.nics.filter((n) => n.bus === 'usb' && n.driver.kind === 'package').map((n) => `${n.name} ${n.vendorId}:${n.deviceId}`).join(', ')}): the ISO must carry a build that lists the adapter for vusbN to exist at install time`));
    firstboot.push(`esxcli system module parameters set -m ${ksQuote(ms.module)} -p ${ksQuote(ms.options)}`);
  }
  if (site.spec.ntp.protocol === 'NTP' && site.spec.ntp.servers.length) {
    site.spec.ntp.servers.forEach((s) => field('ntp.servers', s));
    firstboot.push(`esxcli system ntp set ${site.spec.ntp.servers.map((s) => `--server=${ksQuote(s)}`).join(' ')} --enabled=true`);
  }
  if (plan.firstBoot) field('firstBoot', plan.firstBoot.value);
  const macs = [...new Set([...(mac ? [mac] : []), ...plan.nics.filter((n) => n.mac && n.role !== 'bmc').map((n) => n.mac!)])];
  if (findings.length) return { ok: false, findings };
  return { ok: true, value: { host: host.name, ...(mac ? { mac } : {}), macs, ...(device ? { device } : {}), ...(plan.firstBoot ? { firstBootBy: plan.firstBoot } : {}), install: installLine, network: net.join(' '), firstboot, comments } };
}

export interface KickstartOptions {
  readonly site: Site;
  readonly hosts: readonly Host[];
  /** The host plans of (at least) these hosts. */
  readonly plans: readonly HostPlan[];
  /** `$6$` SHA-512 crypt without rounds=. */
  readonly passwordHash: string;
  /** Several hosts on one stick, picked by MAC at install time. */
  readonly multiHost: boolean;
  /** The ISO's own kickstart (an ECS ISO may bring one): merged into KS.CFG, never dropped (mergeKickstart). */
  readonly isoKickstart?: { readonly path: string; readonly text: string };
}

/** The rendered KS.CFG plus each host's part, for the plan view. */
export interface Kickstart {
  readonly text: string;
  readonly hosts: readonly HostKickstart[];
  /** Present when the ISO brought a kickstart: what was kept from it and what Sitekit's lines replace. */
  readonly merged?: KickstartMerge;
}

/** What merging the ISO's kickstart did. */
export interface KickstartMerge {
  readonly path: string;
  /** ISO commands kept as they were (e.g. keyboard, serialnum, part) and its %pre/%post/%firstboot sections. */
  readonly kept: readonly string[];
  /** ISO commands Sitekit sets itself (install, network, rootpw, …): kept as comments, marked replaced. */
  readonly replaced: readonly string[];
}

/** Commands Sitekit's kickstart sets for every host; the ISO's own lines for them would be duplicates Weasel refuses. */
const SITEKIT_COMMANDS = new Set(['vmaccepteula', 'accepteula', 'rootpw', 'install', 'upgrade', 'installorupgrade', 'network', 'reboot', 'clearpart']);

/**
 * Merges the ISO's kickstart into Sitekit's: the ISO's commands Sitekit does not set are kept verbatim; the ones
 * it sets (one install, one network, one rootpw per kickstart) stay visible as comments marked "replaced by
 * Sitekit"; the ISO's %pre, %post and %firstboot sections follow Sitekit's, unchanged.
 */
export function mergeKickstart(sitekit: string, iso: { readonly path: string; readonly text: string }): { text: string; merged: KickstartMerge } {
  const lines = iso.text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const commands: string[] = [];
  const sections: string[] = [];
  const kept: string[] = [];
  const replaced: string[] = [];
  let inSection = false;
  for (const raw of lines) {
    const line = raw.replace(/[^\x20-\x7e\t]/g, '?'); // KS.CFG is ASCII (Weasel warns on anything else)
    if (/^\s*%(pre|post|firstboot)\b/.test(line)) inSection = true;
    if (inSection) {
      sections.push(line);
      if (/^\s*%(pre|post|firstboot)\b/.test(line)) kept.push(line.trim());
      continue;
    }
    const word = line.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
    if (!word || word.startsWith('#')) continue;
    if (SITEKIT_COMMANDS.has(word)) {
      commands.push(`# replaced by Sitekit: ${line.trim()}`);
      replaced.push(line.trim());
    } else {
      commands.push(line.trim());
      kept.push(line.trim());
    }
  }
  // Sitekit's commands end before its own first section; the ISO's commands go there, its sections at the end.
  const own = sitekit.replace(/\n+$/, '').split('\n');
  const firstSection = own.findIndex((l) => /^%(pre|post|firstboot)\b/.test(l));
  const head = firstSection < 0 ? own : own.slice(0, firstSection);
  const tail = firstSection < 0 ? [] : own.slice(firstSection);
  const block = commands.length ? ['', `# From the ISO's own kickstart (${iso.path}), merged by Sitekit:`, ...commands] : [];
  const isoSections = sections.length ? ['', `# The ISO's own sections (${iso.path}), unchanged:`, ...sections] : [];
  const text = [...trimEnd(head), ...block, ...(tail.length ? ['', ...trimStart(tail)] : []), ...trimEnd(isoSections)].join('\n') + '\n';
  return { text, merged: { path: iso.path, kept, replaced } };
}

const trimEnd = (a: string[]) => {
  const out = [...a];
  while (out.length && out[out.length - 1]!.trim() === '') out.pop();
  return out;
};
const trimStart = (a: string[]) => {
  let i = 0;
  while (i < a.length && a[i]!.trim() === '') i++;
  return a.slice(i);
};

/** Renders /KS.CFG, or the findings that stop it. */
export function renderKickstart(o: KickstartOptions): { ok: true; value: Kickstart } | { ok: false; findings: MediaFinding[] } {
  const findings: MediaFinding[] = [];
  if (!SHA512_CRYPT.test(o.passwordHash)) findings.push({ severity: 'error', code: 'bad-password-hash', params: {} });
  const parts: HostKickstart[] = [];
  for (const h of o.hosts) {
    const plan = o.plans.find((p) => p.host === h.name);
    if (!plan) {
      findings.push({ severity: 'error', code: 'host-not-found', params: { host: h.name, hosts: o.plans.map((p) => p.host).join(', ') } });
      continue;
    }
    const built = hostKickstart(o.site, h, plan);
    if (built.ok) parts.push(built.value);
    else findings.push(...built.findings);
  }
  if (o.multiHost) {
    const seen = new Map<string, string>();
    for (const p of parts) {
      const plan = o.plans.find((x) => x.host === p.host);
      if (p.macs.length === 0) findings.push({ severity: 'error', code: 'host-without-mac', params: { host: p.host, nic: plan?.install.nic ?? 'its install NIC' } });
      for (const mac of p.macs) {
        if (seen.has(mac) && seen.get(mac) !== p.host) findings.push({ severity: 'error', code: 'duplicate-mac', params: { a: seen.get(mac)!, b: p.host, mac } });
        else seen.set(mac, p.host);
      }
    }
  }
  if (findings.length) return { ok: false, findings };

  const site = o.site;
  const L: string[] = [];
  L.push(`# Sitekit kickstart for site ${ksQuote(site.metadata.id)}: ${parts.map((p) => `${p.host}${p.mac ? ` (${p.mac})` : ''}`).join(', ')}`);
  L.push('# Generated; edit the site in Sitekit instead of this file. ESXi reads it through ks=usb:/KS.CFG.');
  L.push('vmaccepteula');
  L.push(`rootpw --iscrypted ${o.passwordHash}`);
  const secureBootOff = site.spec.secureBoot === false;
  if (!o.multiHost) {
    const p = parts[0]!;
    L.push(...p.comments);
    L.push(p.install);
    L.push(p.network);
    L.push('reboot');
    if (secureBootOff && p.firstboot.length) {
      L.push('', '%firstboot --interpreter=busybox', ...p.firstboot);
    }
  } else {
    for (const p of parts) L.push(...p.comments);
    L.push(`%include ${HOST_INCLUDE}`);
    L.push('reboot');
    L.push('', '%pre --interpreter=busybox');
    L.push("# Pick this machine's settings by the MAC addresses it has (the installer sees every NIC it has a driver for).");
    L.push("nics=\"$(esxcfg-nics -l 2>/dev/null | tr 'A-F' 'a-f')\"");
    L.push('found=""');
    for (const p of parts) {
      L.push(`if [ -z "$found" ] && { ${p.macs.map((mac) => `echo "$nics" | grep -q '${mac}'`).join(' || ')}; }; then`);
      L.push(`cat > ${HOST_INCLUDE} <<'SITEKIT_EOF'`);
      L.push(p.install, p.network);
      L.push('SITEKIT_EOF');
      L.push(`found='${p.host}'`);
      L.push('fi');
    }
    L.push(`if [ -z "$found" ]; then echo "Sitekit: this machine has none of the MAC addresses ${parts.flatMap((p) => p.macs).join(', ')}; nothing was installed." >&2; exit 1; fi`);
    L.push('echo "Sitekit: installing as $found"');
    if (secureBootOff && parts.some((p) => p.firstboot.length)) {
      L.push('', '%firstboot --interpreter=busybox');
      L.push('# Pick this host by what the installer set: its host name (else its serial; a USB NIC may have no MAC yet here).');
      L.push('name="$(hostname 2>/dev/null)"');
      if (parts.some((p) => p.firstBootBy?.kind === 'serial')) L.push('platform="$(esxcli hardware platform get 2>/dev/null)"');
      if (parts.some((p) => p.firstBootBy?.kind === 'mac')) L.push("nics=\"$(esxcfg-nics -l 2>/dev/null | tr 'A-F' 'a-f')\"");
      for (const p of parts) {
        if (!p.firstboot.length || !p.firstBootBy) continue;
        const sel = p.firstBootBy;
        const test =
          sel.kind === 'hostname'
            ? `case "$name" in ${sel.value}|${sel.value}.*) true ;; *) false ;; esac`
            : sel.kind === 'serial'
              ? `echo "$platform" | grep -qiF 'Serial Number: ${sel.value}'`
              : `echo "$nics" | grep -q '${sel.value}'`;
        L.push(`if ${test}; then`, ...p.firstboot.map((c) => `  ${c}`), 'fi');
      }
    }
  }
  const text = L.join('\n') + '\n';
  if (o.isoKickstart) {
    const m = mergeKickstart(text, o.isoKickstart);
    return { ok: true, value: { text: m.text, hosts: parts, merged: m.merged } };
  }
  return { ok: true, value: { text, hosts: parts } };
}
