/** One changed file of the preview, with its unified diff folded out on request. */
import type { FileChange } from '../../../main/core/git/types';
import { diffLineClass } from './git-model';

const KIND_PILL: Record<FileChange['kind'], string> = { added: 'pill-ok', modified: 'pill-info', deleted: 'pill-bad' };

export function FileDiff({ file }: { readonly file: FileChange }) {
  return (
    <li>
      <details>
        <summary>
          <span className={`pill ${KIND_PILL[file.kind]}`}>{file.kind}</span>
          <span className="mono">{file.path}</span>
          <span className="git-counts muted">
            <span className="add">+{file.added}</span> <span className="del">−{file.removed}</span>
          </span>
        </summary>
        {file.diff ? (
          <pre className="git-diff mono" aria-label={`Changes in ${file.path}`} tabIndex={0}>
            {file.diff
              .replace(/\n$/, '')
              .split('\n')
              .map((line, i) => (
                <span key={i} className={diffLineClass(line)}>
                  {line || ' '}
                </span>
              ))}
          </pre>
        ) : (
          <p className="muted">This file is too large to show line by line.</p>
        )}
      </details>
    </li>
  );
}
