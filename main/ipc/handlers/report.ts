/** Binds the report channels to the workspace (which site) and the report service (what to render). */
import { join } from 'node:path';
import { ok } from '../../core/result';
import type { reportChannels } from '../channels/report';
import type { HandlersFor } from '../dispatch';
import type { Services } from '../../services/index';

/** Where exports go when the technician does not pick a folder: next to the site's draft. */
export function defaultReportFolder(s: Services, id: string): string {
  return join(s.workspace.siteDir(id), 'reports');
}

export function reportHandlers(s: Services): HandlersFor<keyof typeof reportChannels> {
  return {
    'report:preview': async ({ id }) => {
      const draft = await s.workspace.load(id);
      if (!draft.ok) return draft;
      const { report, html } = await s.report.build(draft.value.site);
      return ok({ html, status: report.summary.status, openItems: report.summary.openItems, generatedAt: report.generatedAt, defaultFolder: defaultReportFolder(s, id) });
    },
    'report:export': async ({ id, folder, formats, paper }) => {
      const draft = await s.workspace.load(id);
      if (!draft.ok) return draft;
      const out = await s.report.export(draft.value.site, { folder: folder ?? defaultReportFolder(s, id), formats, paper });
      if (out.ok) s.logger.info('report exported', { id, files: out.value.files.map((f) => f.path) });
      else s.logger.warn('report export failed', { id, code: out.error.code });
      return out;
    },
  };
}
