/** One identity: who commits are made as (from Settings), said here with a way to change it. */
import type { CommitAuthor } from '../../../main/core/git/types';

export function AuthorNote({ author, openSettings }: { readonly author: CommitAuthor | undefined; readonly openSettings?: () => void }) {
  if (!author) return null;
  return (
    <p className={author.missing ? 'banner banner-warn author-note' : 'muted author-note'} data-testid="git-author">
      {author.missing ? (
        <>
          Commits need an author, and your {author.missing} {author.missing === 'name and email' ? 'are' : 'is'} not set in Settings{author.name ? ` (name: ${author.name})` : ''}.
          Commit stays off until then.{' '}
        </>
      ) : (
        <>
          Commits are made as <strong>{author.name}</strong> &lt;<span className="mono">{author.email}</span>&gt; — the technician in Settings.{' '}
        </>
      )}
      {openSettings && (
        <button type="button" className="btn-link" onClick={openSettings}>
          Change the technician in Settings
        </button>
      )}
    </p>
  );
}
