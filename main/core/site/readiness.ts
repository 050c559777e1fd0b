/**
 * What a site may be opened with but not deployed with: problems reported by `site validate`, the Network &
 * workloads step and lint, which do not stop the site from loading.
 *
 * Loading refuses a site only for what makes it unreadable or meaningless; a problem a technician fixes in
 * the app must leave the site openable in the app. Today that is the workers' addresses (two hosts' workers
 * on one address, a worker outside the management subnet: worker-addresses.ts), which a two-node site.yaml
 * written before each host had its own worker address has.
 */
import { err, ok, type Issue, type Result } from '../result';
import { describeNetworkProblem } from './network-rules';
import type { Site } from './schema';
import { workerAddressProblems } from './worker-addresses';
import { formatPath, locateIssues } from './yaml';

/**
 * The problems, each at the dotted path of the field to change (`spec.hosts[1].workerIp`); with the site.yaml
 * text it was loaded from, at that field's line and column too.
 */
export function readinessIssues(site: Site, text?: string): Issue[] {
  const problems = workerAddressProblems(site).map((p) => ({ path: p.path, message: describeNetworkProblem(p) }));
  return text !== undefined ? locateIssues(text, problems) : problems.map((p) => ({ path: formatPath(p.path), message: p.message }));
}

/** The site when it has none of these problems; else a schema error listing them, saying the file loads and was not changed. */
export function checkReadiness(site: Site, file = 'site', text?: string): Result<Site> {
  const issues = readinessIssues(site, text);
  if (issues.length === 0) return ok(site);
  return err('schema-error', `${file} loads, but ${issues.length === 1 ? 'one problem stops' : `${issues.length} problems stop`} it from being deployed.`, {
    file,
    issues,
    hint: 'Fix the fields listed (in Sitekit: the Network & workloads step), then validate again. The file was not changed.',
  });
}
