/** Sentences about audits and the platform's stick support, shared by the CLI and the Media step. */
import type { AuditReport, StickPlatform } from './types';

const OS_NAMES: Readonly<Record<string, string>> = { win32: 'Windows', darwin: 'macOS', linux: 'Linux' };

/** What a platform can do with sticks: Linux lists, writes and reads them back; other systems write image files. */
export function stickPlatform(os: string): StickPlatform {
  return { os, sticks: os === 'linux' };
}

/**
 * The plain statement the drive list and the write step show where sticks cannot be written (what happened, what
 * to do instead), or undefined on Linux.
 */
export function describeStickPlatform(p: StickPlatform): string | undefined {
  if (p.sticks) return undefined;
  const name = OS_NAMES[p.os] ?? p.os;
  return `Writing and reading back USB sticks works on Linux only in this version of Sitekit (it uses Linux's block-device interfaces); this computer runs ${name}, so no sticks are listed. Write an image file instead and flash it with a tool such as balenaEtcher, or write the stick on a Linux computer with Sitekit, which also verifies it.`;
}

/** One line for people: "site X, hosts Y, image SHA-256 Z, intact" or "… modified: A (content), B (missing)". */
export function describeAudit(r: AuditReport): string {
  const state = r.intact
    ? 'intact'
    : `modified${r.modified.length ? `: ${r.modified.map((m) => `${m.path} (${m.problem})`).join(', ')}` : ''}${r.image.matches ? '' : '; the raw image differs from the manifest'}`;
  return `site ${r.site.name} (${r.site.id}), hosts ${r.hosts.join(', ') || 'none'}, image SHA-256 ${r.image.sha256 ?? 'unreadable (the stick is shorter than the image)'}, ${r.filesChecked} files checked, ${state}`;
}
