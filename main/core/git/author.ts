/**
 * Who a commit is made as, decided in one place: the Git identity in Settings, else the technician in Settings,
 * else (for the name only) the site's technician. The Git step shows it and keeps Commit disabled until it is
 * complete, and the commit and push flows refuse without it, so the button never offers a commit that fails.
 */
import type { Settings } from '../settings';

/** The commit author as far as Settings and the site give one; `missing` names what is not set yet. */
export interface CommitAuthor {
  readonly name: string;
  readonly email: string;
  readonly missing?: 'name' | 'email' | 'name and email';
}

export function resolveCommitAuthor(settings: Pick<Settings, 'git' | 'technician'>, siteTechnician?: string): CommitAuthor {
  const name = settings.git.name.trim() || settings.technician.name.trim() || siteTechnician?.trim() || '';
  const email = settings.git.email.trim() || settings.technician.email.trim();
  const missing = !name && !email ? 'name and email' : !name ? 'name' : !email ? 'email' : undefined;
  return { name, email, ...(missing ? { missing } : {}) };
}
