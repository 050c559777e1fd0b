/** Sentences about audits, shared by the CLI and the Media step. */
import type { AuditReport } from './types';

/** One line for people: "site X, hosts Y, image SHA-256 Z, intact" or "… modified: A (content), B (missing)". */
export function describeAudit(r: AuditReport): string {
  const state = r.intact
    ? 'intact'
    : `modified${r.modified.length ? `: ${r.modified.map((m) => `${m.path} (${m.problem})`).join(', ')}` : ''}${r.image.matches ? '' : '; the raw image differs from the manifest'}`;
  return `site ${r.site.name} (${r.site.id}), hosts ${r.hosts.join(', ') || 'none'}, image SHA-256 ${r.image.sha256 ?? 'unreadable (the stick is shorter than the image)'}, ${r.filesChecked} files checked, ${state}`;
}
