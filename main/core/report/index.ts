/** The site handover report: model (pure), HTML and JSON renderers, and the published schema. */
export { buildReport, manifestObjects } from './model';
export { renderReportHtml, REPORT_SECTIONS } from './html';
export { renderReportJson } from './json';
export { SiteReport, reportJsonSchema, REPORT_FORMAT_VERSION, REPORT_SCHEMA_ID, type VerdictStatus } from './schema';
export type { ReportInput, VerdictInput, HostVerdictInput, DeviceVerdictInput, LintFindingInput, GitInput, FindingInput } from './inputs';
