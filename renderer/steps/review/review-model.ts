/** Pure helpers of the Review step: the file tree and the finding groups. */
import type { Finding } from '../../../main/core/manifests/findings';

export interface TreeEntry {
  readonly path: string;
  readonly name: string;
  readonly depth: number;
  readonly dir: boolean;
}

/** Folders and files in display order (folders before their contents, depth for indentation). */
export function fileTree(paths: readonly string[]): TreeEntry[] {
  const out: TreeEntry[] = [];
  const seen = new Set<string>();
  for (const p of [...paths].sort()) {
    const parts = p.split('/');
    for (let i = 0; i < parts.length - 1; i++) {
      const dir = parts.slice(0, i + 1).join('/');
      if (!seen.has(dir)) {
        seen.add(dir);
        out.push({ path: dir, name: parts[i] ?? '', depth: i, dir: true });
      }
    }
    out.push({ path: p, name: parts[parts.length - 1] ?? p, depth: parts.length - 1, dir: false });
  }
  return out;
}

/** Findings per file, for markers in the tree. */
export function findingsByFile(findings: readonly Finding[]): Map<string, { errors: number; warnings: number }> {
  const m = new Map<string, { errors: number; warnings: number }>();
  for (const f of findings) {
    if (f.accepted || !f.file) continue;
    const e = m.get(f.file) ?? { errors: 0, warnings: 0 };
    if (f.severity === 'error') e.errors++;
    if (f.severity === 'warning') e.warnings++;
    m.set(f.file, e);
  }
  return m;
}

const STEP_TITLE: Record<Finding['fix']['step'], string> = { site: 'Site', hardware: 'Hardware', network: 'Network & workloads', review: 'Review' };
export const stepTitle = (step: Finding['fix']['step']): string => STEP_TITLE[step];
