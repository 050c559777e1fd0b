/** Binds the boot-bundle channels to the ISO reader and the image builder, with throttled progress events. */
import { randomUUID } from 'node:crypto';
import { planView } from '../../core/media/plan';
import { ok } from '../../core/result';
import type { bundleChannels } from '../channels/bundle';
import type { HandlerContext, HandlersFor } from '../dispatch';
import type { Services } from '../../services/index';
import { compareChecksum, hashFile, inspectIso } from '../../services/iso/inspect';
import { withIso } from '../../services/iso/iso-reader';
import { buildStickImage } from '../../services/media/build-stick';
import { planImage } from '../../services/media/plan-image';

/** A hash the planner accepts when no password was typed yet (the plan view never shows it). */
const PLACEHOLDER_HASH = '$6$sitekitpreview$' + '.'.repeat(86);

function progressEmitter(ctx: HandlerContext, jobId: string) {
  const started = Date.now();
  return (p: { phase: string; bytes: number; total: number }) => {
    const secs = Math.max(0.001, (Date.now() - started) / 1000);
    const speed = p.bytes / secs;
    ctx.emit('job:progress', { jobId, phase: p.phase, bytes: p.bytes, total: p.total, speed, eta: speed > 0 ? (p.total - p.bytes) / speed : -1 });
  };
}

async function compatVersion(s: Services): Promise<string | undefined> {
  const cur = await s.compat.current().catch(() => undefined);
  return cur?.ok ? cur.value.info.listVersion : undefined;
}

export function bundleHandlers(s: Services): HandlersFor<keyof typeof bundleChannels> {
  return {
    'iso:inspect': async ({ path }) => inspectIso(path),
    'iso:hash': async ({ path, expected, jobId }, ctx) => {
      const id = jobId ?? randomUUID();
      const progress = progressEmitter(ctx, id);
      const r = await hashFile(path, (p) => progress({ phase: 'hashing', ...p }));
      ctx.emit('job:done', { jobId: id, ok: r.ok, ...(r.ok ? {} : { message: r.error.message }) });
      if (!r.ok) return r;
      if (expected === undefined) return ok(r.value);
      const cmp = compareChecksum(r.value.sha256, expected);
      if (!cmp.ok && cmp.error.code !== 'verify-mismatch') return cmp;
      return ok({ ...r.value, matches: cmp.ok });
    },
    'media:plan': async ({ id, iso, host, allHosts, scheme, password, targetBytes }) => {
      const draft = await s.workspace.load(id);
      if (!draft.ok) return draft;
      return withIso(iso, async (reader) => {
        const r = await planImage(reader, {
          site: draft.value.site,
          hosts: allHosts ? { kind: 'all' } : { kind: 'one', host },
          ...(password !== undefined ? { password } : { passwordHash: PLACEHOLDER_HASH }),
          scheme,
          targetBytes,
          versions: { sitekit: s.version },
          now: s.options.now?.(),
        });
        if (!r.ok) return r;
        const view = planView(r.value.plan);
        return ok(password !== undefined ? view : { ...view, kickstart: view.kickstart.replace(PLACEHOLDER_HASH, '<hash of the root password, made when the image is built>') });
      });
    },
    'media:build': async ({ id, iso, out, host, allHosts, scheme, password, isoSha256, targetBytes, includeReport, jobId }, ctx) => {
      const draft = await s.workspace.load(id);
      if (!draft.ok) return draft;
      const job = jobId ?? randomUUID();
      const reportHtml = includeReport ? (await s.report.build(draft.value.site).catch(() => undefined))?.html : undefined;
      const r = await buildStickImage({
        site: draft.value.site,
        isoPath: iso,
        outPath: out,
        hosts: allHosts ? { kind: 'all' } : { kind: 'one', host },
        password,
        scheme,
        targetBytes,
        isoSha256,
        versions: { sitekit: s.version, compatList: await compatVersion(s) },
        siteCommit: draft.value.site.records.commits.at(-1)?.sha,
        reportHtml,
        now: s.options.now?.(),
        onProgress: progressEmitter(ctx, job),
      });
      ctx.emit('job:done', { jobId: job, ok: r.ok, ...(r.ok ? {} : { message: r.error.message }) });
      if (!r.ok) {
        s.logger.warn('media build failed', { id, code: r.error.code });
        return r;
      }
      s.logger.info('media image built', { id, path: r.value.path, sha256: r.value.sha256 });
      return ok({ path: r.value.path, size: r.value.size, sha256: r.value.sha256, isoSha256: r.value.isoSha256, plan: r.value.plan });
    },
  };
}
