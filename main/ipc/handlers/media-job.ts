/** The media job's channels: thin calls into the preflight and media-run flows. */
import { ok } from '../../core/result';
import { mediaPreflightFlow, saveImageBuilderScriptFlow } from '../../flows/media-preflight';
import { mediaRunFlow } from '../../flows/media-run';
import type { mediaJobChannels } from '../channels/media-job';
import type { HandlersFor } from '../dispatch';
import type { Services } from '../../services/index';
import { flowContext, jobDone, jobProgress } from './flow-context';

export function mediaJobHandlers(s: Services): HandlersFor<keyof typeof mediaJobChannels> {
  return {
    'media:preflight': async (req, ctx) => mediaPreflightFlow(flowContext(s, ctx, 'preflight'), req),
    'script:save': async (req, ctx) => saveImageBuilderScriptFlow(flowContext(s, ctx, 'save-script'), req),
    'media:run': async ({ jobId, siteId, iso, password, host, allHosts, scheme, isoSha256, publishedSha256, targets, confirm, eject, includeReport }, ctx) => {
      const r = await mediaRunFlow(flowContext(s, ctx, jobId), {
        jobId,
        siteId,
        iso,
        password,
        hosts: allHosts ? { kind: 'all' } : { kind: 'one', host },
        scheme,
        isoSha256,
        ...(publishedSha256 !== undefined ? { publishedSha256 } : {}),
        targets,
        confirm,
        eject,
        includeReport,
        progressFor: (index) => jobProgress(ctx, `${jobId}/${index}`),
      });
      if (r.ok) r.value.sticks.forEach((o, i) => jobDone(ctx, `${jobId}/${i}`, o.error ? { ok: false, error: o.error } : { ok: o.verified, error: { message: 'not verified' } }));
      jobDone(ctx, jobId, r);
      if (!r.ok) return r;
      const { build, sticks, recorded } = r.value;
      return ok({ build: { path: build.path, size: build.size, sha256: build.sha256, isoSha256: build.isoSha256, plan: build.plan, hosts: build.hosts }, sticks, recorded });
    },
  };
}
