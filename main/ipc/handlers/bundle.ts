/** Binds the boot-bundle channels: ISO inspection and hashing, and the plan and build flows. */
import { randomUUID } from 'node:crypto';
import { ok } from '../../core/result';
import { buildMediaFlow, buildResult } from '../../flows/build-media';
import { hashIsoFlow } from '../../flows/hash-iso';
import { planMediaFlow } from '../../flows/plan-media';
import { resolveSite } from '../../flows/site-ref';
import type { bundleChannels } from '../channels/bundle';
import type { HandlersFor } from '../dispatch';
import type { Services } from '../../services/index';
import { inspectIso } from '../../services/iso/inspect';
import { flowContext, jobDone } from './flow-context';

export function bundleHandlers(s: Services): HandlersFor<keyof typeof bundleChannels> {
  return {
    'iso:inspect': async ({ path }) => inspectIso(path),
    'iso:hash': async ({ path, expected, jobId }, ctx) => {
      const id = jobId ?? randomUUID();
      const r = await hashIsoFlow(flowContext(s, ctx, id), { path, ...(expected !== undefined ? { expected } : {}) });
      jobDone(ctx, id, r);
      return r;
    },
    'media:plan': async ({ id, iso, host, allHosts, scheme, password, targetBytes }, ctx) =>
      planMediaFlow(flowContext(s, ctx, 'plan'), { siteId: id, isoPath: iso, hosts: allHosts ? { kind: 'all' } : { kind: 'one', host }, scheme, password, targetBytes }),
    'media:build': async ({ id, site: given, iso, out, host, allHosts, scheme, password, isoSha256, publishedSha256, targetBytes, includeReport, reportHtml: givenReport, driverOverride, jobId }, ctx) => {
      const site = await resolveSite(s, { id, site: given });
      if (!site.ok) return site;
      const job = jobId ?? randomUUID();
      // The report the stick carries is made by the flow; a report that cannot be made stops the build there.
      const r = await buildMediaFlow(flowContext(s, ctx, job), {
        site: site.value,
        isoPath: iso,
        outPath: out,
        hosts: allHosts ? { kind: 'all' } : { kind: 'one', host },
        password,
        scheme,
        targetBytes,
        isoSha256,
        ...(publishedSha256 !== undefined ? { publishedSha256 } : {}),
        reportHtml: givenReport,
        includeReport,
        driverOverride,
      });
      jobDone(ctx, job, r);
      return r.ok ? ok(buildResult(r.value)) : r;
    },
  };
}
