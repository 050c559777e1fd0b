/**
 * Accepting the installed hosts from the laptop before leaving the site, as one job (issue 25): for every host
 * of the site, concurrently, read its vSphere API in one round (trust by pinned thumbprint first), compare
 * what it says with what the plan expects (core/acceptance), and record per host what was read and the verdict
 * in the site's records. The CLI (`sitekit accept`), the Acceptance step and browser mode all run it through
 * the `hosts:accept` channel; each host's result is reported as it answers (`onHost`).
 *
 * The password is an argument of this call and nothing else: it is not logged, recorded, returned or kept.
 */
import { checkHardwareFlow } from './check-hardware';
import { ok, type Result } from '../core/result';
import type { Site } from '../core/site/schema';
import type { AcceptanceItem, AcceptanceRecord } from '../core/site/acceptance-record';
import { recordAcceptance, trustedThumbprint, verifiedRunsFor } from '../core/site/records';
import { generateSiteFiles } from '../core/manifests/generate';
import { expectedHosts, type ExpectedHost } from '../core/acceptance/expected';
import { compareHost, faultVerdict, readVerdict, type StickExpectation } from '../core/acceptance/compare';
import { normalizeThumbprint } from '../core/acceptance/thumbprint';
import { readHost } from '../services/vsphere/read-host';
import { resolveSite, type SiteRef } from './site-ref';
import type { FlowContext } from './types';

/** The default deadline for reaching a host and for each of its answers. */
export const ACCEPT_TIMEOUT_SECONDS = 15;

/** Where and how to reach one host; anything left out comes from the plan and the records. */
export interface AcceptTarget {
  readonly name: string;
  /** Default: the host's planned management address. */
  readonly address?: string;
  /** Default 443. */
  readonly port?: number;
  /** The SHA-256 thumbprint to pin (any accepted form). Default: the one trusted in the host's last run. */
  readonly thumbprint?: string;
  /** The thumbprint was shown by Sitekit and confirmed by the technician (recorded as `confirmed`). */
  readonly confirmed?: boolean;
}

export interface AcceptHostsInput extends SiteRef {
  readonly targets?: readonly AcceptTarget[];
  /** Check only these hosts (default: every host of the site). */
  readonly only?: readonly string[];
  readonly user: string;
  readonly password: string;
  /** Trust certificates not seen before (the technician confirmed them); a pin that differs is still refused. */
  readonly trustNew?: boolean;
  readonly timeoutSeconds?: number;
  /** Called with each host's record as soon as that host is done. */
  readonly onHost?: (record: AcceptanceRecord) => void;
}

export interface AcceptHostsOutcome {
  readonly siteId: string;
  readonly run: string;
  readonly records: readonly AcceptanceRecord[];
  /** Where the records were kept, or why they were not. */
  readonly recorded: { readonly siteId: string; readonly hosts: number } | { readonly hosts: 0; readonly why: string };
}

/** The stick run the host was installed from, as far as the records say: the latest verified one with a build. */
function stickFor(site: Site, host: string): StickExpectation {
  const run = verifiedRunsFor(site, host).filter((m) => m.isoBuild).at(-1);
  return run ? { isoBuild: run.isoBuild, isoName: run.isoName, at: run.at } : {};
}

async function acceptOne(ctx: FlowContext, site: Site, expected: ExpectedHost, input: AcceptHostsInput, run: string): Promise<AcceptanceRecord> {
  const started = ctx.now();
  const target = input.targets?.find((t) => t.name.toLowerCase() === expected.host.toLowerCase());
  const address = target?.address ?? expected.address;
  const port = target?.port ?? 443;
  const given = target?.thumbprint ? normalizeThumbprint(target.thumbprint) : undefined;
  const recorded = trustedThumbprint(site, expected.host);
  const pin = given ?? recorded;
  const base = { run, host: expected.host, address: address ?? '', port, user: input.user };
  const done = (r: Omit<AcceptanceRecord, 'at' | 'run' | 'host' | 'address' | 'port' | 'user' | 'differences' | 'seconds'> & { differences?: AcceptanceItem[] }): AcceptanceRecord => {
    const at = ctx.now();
    return { at: at.toISOString(), ...base, differences: r.differences ?? [], ...r, seconds: Math.round((at.getTime() - started.getTime()) / 100) / 10 };
  };
  if (!address) return done({ verdict: 'unreachable', fault: { code: 'no-address', params: { host: expected.host } } });

  const read = await readHost({
    address,
    port,
    user: input.user,
    password: input.password,
    pin,
    trustNew: input.trustNew === true || target?.confirmed === true,
    timeoutMs: (input.timeoutSeconds ?? ACCEPT_TIMEOUT_SECONDS) * 1000,
    signal: ctx.signal,
  });
  const trust = given ? (target?.confirmed ? 'confirmed' : 'pinned') : recorded ? 'recorded' : 'confirmed';
  if (!read.ok) {
    // The certificate was trusted (the fault came later) only when it was not a trust fault.
    const trusted = read.thumbprint !== undefined && read.fault.code !== 'untrusted' && read.fault.code !== 'thumbprint-mismatch';
    return done({ verdict: faultVerdict(read.fault.code), fault: read.fault, ...(read.thumbprint ? { thumbprint: read.thumbprint } : {}), ...(trusted ? { trust } : {}) });
  }
  const stick = stickFor(site, expected.host);
  const differences = compareHost(expected, read.facts, stick);
  return done({ verdict: readVerdict(differences), thumbprint: read.thumbprint, trust, read: read.facts, differences, ...(stick.isoBuild ? { expectedBuild: stick.isoBuild } : {}) });
}

export async function acceptHostsFlow(ctx: FlowContext, input: AcceptHostsInput): Promise<Result<AcceptHostsOutcome>> {
  const resolved = await resolveSite(ctx.services, input);
  if (!resolved.ok) return resolved;
  const site = resolved.value;
  const run = ctx.now().toISOString();
  const only = input.only?.map((h) => h.toLowerCase());
  // The host plan (install NIC, uplinks, the Fling's settings) and the manifests made from it: what each host should be.
  const checked = await checkHardwareFlow(ctx, { site });
  if (!checked.ok) return checked;
  const { plan } = checked.value;
  const expected = expectedHosts(checked.value.site, plan, generateSiteFiles(checked.value.site, plan)).filter((e) => !only || only.includes(e.host.toLowerCase()));
  let finished = 0;
  ctx.progress({ phase: 'accept', bytes: 0, total: expected.length });
  const records = await Promise.all(
    expected.map(async (e) => {
      const r = await acceptOne(ctx, site, e, input, run);
      ctx.progress({ phase: 'accept', bytes: ++finished, total: expected.length, message: `${r.host}: ${r.verdict}` });
      input.onHost?.(r);
      return r;
    }),
  );
  ctx.services.logger.info('hosts accepted', { id: site.metadata.id, run, verdicts: records.map((r) => `${r.host}=${r.verdict}`) });

  // Recorded in the draft as it is now (the check took seconds): the draft named, or the draft of the same site.
  const id = input.id ?? site.metadata.id;
  const draft = await ctx.services.workspace.load(id);
  if (!draft.ok) {
    const why = input.id ? `the draft ${id} could not be loaded (${draft.error.message})` : `the site ${id} is not a draft in this workspace; import it (sitekit site import) to keep acceptance records`;
    return ok({ siteId: site.metadata.id, run, records, recorded: { hosts: 0, why } });
  }
  const saved = await ctx.services.workspace.save(recordAcceptance(draft.value.site, records));
  if (!saved.ok) return ok({ siteId: site.metadata.id, run, records, recorded: { hosts: 0, why: `recording in ${id} failed: ${saved.error.message}` } });
  return ok({ siteId: site.metadata.id, run, records, recorded: { siteId: id, hosts: records.length } });
}
