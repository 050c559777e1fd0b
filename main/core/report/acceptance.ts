/**
 * The report's "Acceptance on site" part (issue 25), from the acceptance records only
 * (docs/CONVENTIONS.md § Records prove reports): per host its latest run — what was read and when, or that it was
 * never checked — its open items, and what is left before handover, which the headline says instead of "ready"
 * until every host was accepted.
 */
import type { Site } from '../site/schema';
import { latestAcceptance } from '../site/records';
import { recordLines, VERDICT_TEXT } from '../acceptance/messages';
import type { ReportAcceptance, SiteReport } from './schema';

/** The section's data: the latest acceptance record of each host. */
export function buildAcceptance(site: Site): ReportAcceptance {
  const latest = latestAcceptance(site);
  return {
    runs: new Set((site.records.acceptance ?? []).map((r) => r.run)).size,
    hosts: site.spec.hosts.map((h) => {
      const r = latest.get(h.name);
      if (!r) return { host: h.name, verdict: 'not-checked', label: 'Not checked on site', nics: [], portGroups: [], vms: [], findings: [] };
      const f = r.read;
      return {
        host: h.name,
        verdict: r.verdict,
        label: VERDICT_TEXT[r.verdict],
        at: r.at,
        address: r.address ? `${r.address}${r.port === 443 ? '' : `:${r.port}`}` : undefined,
        thumbprint: r.trust ? r.thumbprint : undefined,
        trust: r.trust,
        build: f ? `ESXi ${f.product.version} build ${f.product.build}` : undefined,
        nics: (f?.nics ?? []).map((n) => ({ name: n.device, speedMbps: n.speedMb })),
        portGroups: (f?.portGroups ?? []).map((g) => ({ ...g })),
        vms: (f?.vms ?? []).map((v) => ({ ...v })),
        findings: recordLines(r).map((l) => ({ text: l.text, cause: l.cause, next: l.next })),
      };
    }),
  };
}

/** Open items: every host not accepted in its latest run, with what the run found. */
export function acceptanceOpenItems(a: ReportAcceptance): string[] {
  const items: string[] = [];
  for (const h of a.hosts) {
    if (h.verdict === 'accepted') continue;
    if (h.verdict === 'not-checked') {
      items.push(`Host ${h.host} has not been accepted on site: boot it from its stick, then run the acceptance check (the Acceptance step, or sitekit accept).`);
      continue;
    }
    if (h.findings.length === 0) items.push(`Host ${h.host} was not accepted on site (${h.label.toLowerCase()}).`);
    for (const f of h.findings) items.push(`Host ${h.host} (acceptance on site): ${f.text}`);
  }
  return items;
}

const names = (hosts: readonly string[]): string => (hosts.length <= 1 ? (hosts[0] ?? '') : `${hosts.slice(0, -1).join(', ')} and ${hosts.at(-1)}`);

/** What is left before handover, in a few words each, in the order of the work. Empty when nothing is. */
export function whatIsLeft(r: Omit<SiteReport, 'summary'>, openItems: readonly string[]): string[] {
  if (openItems.length === 0) return [];
  const left: string[] = [];
  if (r.hosts.some((h) => !h.verdict.checked || !['ok', 'action'].includes(h.verdict.status))) left.push('settle the hardware check');
  if (r.openLint && r.openLint.errors > 0) left.push('fix the lint errors');
  if (r.git.state === 'not-committed') left.push('commit the configuration');
  else if (r.git.state === 'waiting') left.push('push the configuration');
  const noStick = r.hosts.filter((h) => !r.media.sticks.some((s) => s.verified && (s.hosts.length === 0 || s.hosts.includes(h.name)))).map((h) => h.name);
  if (noStick.length) left.push(`write a verified boot stick for ${names(noStick)}`);
  const unchecked = r.acceptance.hosts.filter((h) => h.verdict === 'not-checked').map((h) => h.host);
  if (unchecked.length) left.push(`boot ${names(unchecked)} from the stick and accept ${unchecked.length === 1 ? 'it' : 'them'} on site`);
  const failed = r.acceptance.hosts.filter((h) => h.verdict !== 'not-checked' && h.verdict !== 'accepted').map((h) => h.host);
  if (failed.length) left.push(`fix what the acceptance found on ${names(failed)} and accept ${failed.length === 1 ? 'it' : 'them'} again`);
  if (left.length === 0) left.push('the open items below');
  return left;
}
