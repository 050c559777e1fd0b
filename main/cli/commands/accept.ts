/**
 * `sitekit accept SITE`: the acceptance check on site (issue 25) — read each installed host's vSphere API,
 * compare it with the plan, print each host as it answers, record the run in the site's draft.
 */
import { parseArgs } from 'node:util';
import type { AcceptanceRecord, AcceptanceVerdict } from '../../core/site/acceptance-record';
import { describeDifference, describeFault, readParts, VERDICT_TEXT } from '../../core/acceptance/messages';
import { normalizeThumbprint, thumbprintProblem } from '../../core/acceptance/thumbprint';
import { EXIT, simpleCommand, type CliIO } from '../types';
import { fail } from '../exit-codes';
import { readSiteArg } from '../site-file';

const USAGE = `Usage:
  sitekit accept SITE [--host NAME=ADDRESS[:PORT]]... [--thumbprint NAME=SHA256]... [--trust-new]
                      [--user root] [--timeout SECONDS] [--json]
      Checks every installed host of the site from this laptop, all at once: connects to its vSphere API
      (https://ADDRESS/sdk), logs in, reads in one round and logs out, then compares what it read with the
      plan: release and build (also against the ISO of the host's recorded stick), host and domain name,
      vmk0's address and netmask, link on every planned uplink, vSwitches and port groups with VLANs as the
      site repo says, DNS, NTP and ntpd, and the planned VMs with their power state. Each difference is printed
      with its cause and the next step. The run is recorded in the site's draft; the handover report shows it.

      SITE         a site.yaml path or a draft id (sitekit site list)
      --host       where to reach a host; a host without --host is reached at its planned management address
      --thumbprint the host certificate's SHA-256 thumbprint to pin (hex, with or without colons, any case);
                   the host console shows it (DCUI → View Support Information). Without it, the thumbprint
                   trusted in the host's last recorded run is the pin.
      --trust-new  trust a certificate not seen before (compare its thumbprint with the console first); a
                   certificate that differs from its pin is refused all the same
      --user       the user to log in as (default root)
      --timeout    seconds to wait for a host to answer (default 15)
      --json       print the records as JSON

  Trust: nothing, not even the user name, is sent to a host before its certificate matched the pin. A host
  whose certificate is not known yet is shown with its thumbprint and is not checked until you trust it.
  The password comes from $SITEKIT_HOST_PASSWORD, or is asked on the terminal without echo; it is used for
  this check only and is never stored, logged or printed.

  Exit codes: 0 every host accepted; 1 differences found, or a certificate did not match its pin;
  2 usage error, or a certificate to confirm (--thumbprint or --trust-new); 4 a host could not be reached
  or logged in to (or is not an ESXi host).
`;

/** Exit code class of each verdict: a host that could not be reached or logged in to weighs most. */
const VERDICT_EXIT: Readonly<Record<AcceptanceVerdict, number>> = {
  accepted: EXIT.ok,
  differences: EXIT.problems,
  'thumbprint-mismatch': EXIT.problems,
  untrusted: EXIT.usage,
  unreachable: EXIT.io,
  'tls-error': EXIT.io,
  'not-esxi': EXIT.io,
  'login-failed': EXIT.io,
  malformed: EXIT.io,
  failed: EXIT.io,
};
const WEIGHT: readonly number[] = [EXIT.ok, EXIT.usage, EXIT.problems, EXIT.io];

/** The run's exit code: 4 before 1 before 2 before 0. */
export function acceptExitCode(records: readonly Pick<AcceptanceRecord, 'verdict'>[]): number {
  return records.map((r) => VERDICT_EXIT[r.verdict]).reduce((a, b) => (WEIGHT.indexOf(b) > WEIGHT.indexOf(a) ? b : a), EXIT.ok);
}

/** `NAME=VALUE` pairs of a repeated option. */
function pairs(values: readonly string[] | undefined, option: string): Map<string, string> | string {
  const out = new Map<string, string>();
  for (const v of values ?? []) {
    const i = v.indexOf('=');
    if (i <= 0 || i === v.length - 1) return `${option} takes NAME=VALUE, not "${v}"`;
    out.set(v.slice(0, i), v.slice(i + 1));
  }
  return out;
}

/** ADDRESS[:PORT], with [IPv6]:PORT. */
function addressPort(text: string): { address: string; port?: number } | undefined {
  const v6 = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(text);
  const m = v6 ?? /^([A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(text);
  if (!m) return undefined;
  const port = m[2] === undefined ? undefined : Number(m[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  return { address: m[1]!, ...(port !== undefined ? { port } : {}) };
}

/** What was read, in one line: build, the links of the NICs, the port groups. */
export function factsLine(r: AcceptanceRecord): string {
  const p = readParts(r);
  return p ? `${p.build}; ${p.links || 'no NICs'}; port groups ${p.portGroups || 'none'}` : '';
}

function printRecord(io: CliIO, r: AcceptanceRecord): void {
  io.out(`${r.host}  ${r.address || '(no address)'}${r.address ? `:${r.port}` : ''}  ${VERDICT_TEXT[r.verdict]}\n`);
  if (r.read) io.out(`  read: ${factsLine(r)}\n`);
  if (r.thumbprint && r.trust) io.out(`  certificate: ${r.thumbprint} (${r.trust === 'pinned' ? 'pinned' : r.trust === 'recorded' ? 'as recorded' : 'new, trusted on your confirmation'})\n`);
  const lines = r.fault ? [describeFault(r.fault)] : r.differences.map(describeDifference);
  for (const l of lines) {
    io.out(`  - ${l.text}\n`);
    if (l.cause) io.out(`    cause: ${l.cause}\n`);
    if (l.next) io.out(`    next: ${l.next}\n`);
  }
}

export const acceptCommand = simpleCommand({
  name: 'accept',
  summary: 'Accept the installed hosts on site: read each host and compare it with the plan',
  usage: USAGE,
  async run(args: readonly string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: {
        host: { type: 'string', multiple: true },
        thumbprint: { type: 'string', multiple: true },
        'trust-new': { type: 'boolean' },
        user: { type: 'string' },
        timeout: { type: 'string' },
        json: { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    });
    const usage = (message: string): number => {
      io.err(`error: ${message}\n\n${USAGE}`);
      return EXIT.usage;
    };
    if (positionals.length !== 1) return usage('give exactly one SITE (a site.yaml or a draft id).');
    const hosts = pairs(values.host, '--host');
    if (typeof hosts === 'string') return usage(hosts);
    const thumbprints = pairs(values.thumbprint, '--thumbprint');
    if (typeof thumbprints === 'string') return usage(thumbprints);
    const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
    if (timeout !== undefined && !(timeout >= 1 && timeout <= 120)) return usage(`--timeout takes 1 to 120 seconds, not "${values.timeout}".`);
    const user = values.user ?? 'root';

    const site = await readSiteArg(positionals[0] as string, io);
    if (!site.ok) return fail(io, site.error);
    if (site.value.note) io.err(`note: ${site.value.note}\n`);
    const names = site.value.site.spec.hosts.map((h) => h.name);
    const known = (n: string): string | undefined => names.find((h) => h.toLowerCase() === n.toLowerCase());
    const targets: { name: string; address?: string; port?: number; thumbprint?: string }[] = [];
    for (const [name, value] of hosts) {
      if (!known(name)) return usage(`--host ${name}: the site has no host ${name} (its hosts: ${names.join(', ')}).`);
      const ap = addressPort(value);
      if (!ap) return usage(`--host ${name}=${value}: give an IP address or host name, optionally with :PORT.`);
      targets.push({ name: known(name)!, ...ap });
    }
    for (const [name, value] of thumbprints) {
      if (!known(name)) return usage(`--thumbprint ${name}: the site has no host ${name} (its hosts: ${names.join(', ')}).`);
      if (!normalizeThumbprint(value)) return usage(`--thumbprint ${name}: ${thumbprintProblem(value)}.`);
      const t = targets.find((x) => x.name === known(name));
      if (t) t.thumbprint = value;
      else targets.push({ name: known(name)!, thumbprint: value });
    }

    let password = io.env.SITEKIT_HOST_PASSWORD;
    if (!password) {
      try {
        password = await io.readSecret(`Password for ${user} on the hosts of ${site.value.site.metadata.name}: `);
      } catch {
        // Not a misuse of the arguments: say what is missing and how to give it, without the whole usage.
        return fail(io, { code: 'invalid-request', message: 'There is no terminal to ask for the host password.', hint: 'Set SITEKIT_HOST_PASSWORD in the environment, or run sitekit accept in a terminal.' });
      }
      if (!password) return fail(io, { code: 'invalid-request', message: 'No host password was given; nothing was checked.', hint: 'Type the root password of the hosts (or set SITEKIT_HOST_PASSWORD).' });
    }

    const ref = 'id' in site.value.ref ? { id: site.value.ref.id } : { site: site.value.ref.site };
    if (!values.json) io.err(`Checking ${names.length} host${names.length === 1 ? '' : 's'} of ${site.value.site.metadata.name} (${site.value.label})…\n`);
    const r = await io.runtime().call(
      'hosts:accept',
      { jobId: 'accept', ...ref, targets, user, password, ...(values['trust-new'] ? { trustNew: true } : {}), ...(timeout !== undefined ? { timeoutSeconds: timeout } : {}) },
      { onEvent: (event, payload) => event === 'hosts:result' && !values.json && printRecord(io, (payload as { record: AcceptanceRecord }).record) },
    );
    password = undefined;
    if (!r.ok) return fail(io, r.error);
    const o = r.value;
    if (values.json) {
      io.out(JSON.stringify(o, null, 2) + '\n');
      return acceptExitCode(o.records);
    }
    const accepted = o.records.filter((x) => x.verdict === 'accepted').length;
    io.out(`${accepted} of ${o.records.length} host${o.records.length === 1 ? '' : 's'} accepted.`);
    io.out('recorded' in o && 'siteId' in o.recorded ? ` Recorded in draft ${o.recorded.siteId}.\n` : ` Not recorded: ${(o.recorded as { why: string }).why}.\n`);
    if (o.records.some((x) => x.verdict === 'untrusted')) io.out('next: compare each thumbprint above with the host console, then run again with --thumbprint NAME=THUMBPRINT (or --trust-new).\n');
    return acceptExitCode(o.records);
  },
});
