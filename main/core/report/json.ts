/** The report's JSON form: the model itself, validated against the published schema before it is written. */
import { err, ok, type Result } from '../result';
import { REPORT_SCHEMA_ID, SiteReport } from './schema';

/** Serialises a report as pretty JSON with a trailing newline; refuses a model that does not match the schema. */
export function renderReportJson(report: SiteReport): Result<string> {
  const checked = SiteReport.safeParse(report);
  if (!checked.success) {
    return err('internal', 'The report model does not match its published schema, so no JSON was written.', {
      issues: checked.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      hint: 'This is a Sitekit bug; the HTML and PDF forms are not affected.',
    });
  }
  return ok(`${JSON.stringify({ $schema: REPORT_SCHEMA_ID, ...checked.data }, null, 2)}\n`);
}
