/** Binds the report channels: preview from the draft's records, export through the export flow (recorded). */
import { ok } from '../../core/result';
import { defaultReportFolder, exportReportFlow } from '../../flows/export-report';
import type { reportChannels } from '../channels/report';
import type { HandlersFor } from '../dispatch';
import type { Services } from '../../services/index';
import { flowContext } from './flow-context';

export function reportHandlers(s: Services): HandlersFor<keyof typeof reportChannels> {
  return {
    'report:preview': async ({ id }, ctx) => {
      const draft = await s.workspace.load(id);
      if (!draft.ok) return draft;
      const { report, html } = await s.report.build(draft.value.site);
      return ok({ html, status: report.summary.status, openItems: report.summary.openItems, generatedAt: report.generatedAt, defaultFolder: defaultReportFolder(flowContext(s, ctx, 'report'), id) });
    },
    'report:export': async ({ id, folder, formats, paper, baseName }, ctx) => exportReportFlow(flowContext(s, ctx, `report-export:${id}`), { siteId: id, folder, formats, paper, baseName }),
  };
}
