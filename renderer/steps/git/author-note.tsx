/** One identity: the technician in Settings is the commit author; said here, with a way to change it. */
import type { Settings } from '../../../main/core/settings';

export function AuthorNote({ author, openSettings }: { readonly author: Settings['technician'] | undefined; readonly openSettings?: () => void }) {
  if (!author) return null;
  const complete = author.name.trim() && author.email.trim();
  return (
    <p className={complete ? 'muted author-note' : 'banner banner-warn author-note'} data-testid="git-author">
      {complete ? (
        <>
          Commits are made as <strong>{author.name}</strong> &lt;<span className="mono">{author.email}</span>&gt; — the technician in Settings.{' '}
        </>
      ) : (
        <>
          Commits are made as the technician in Settings{author.name.trim() ? ` (${author.name})` : ''}, who still needs {author.name.trim() ? 'an email address' : 'a name and an email address'}.{' '}
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
