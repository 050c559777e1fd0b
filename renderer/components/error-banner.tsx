/**
 * Shows an AppError: what happened, what was kept, what to do next
 * (docs/CONVENTIONS.md § Errors say what happened, what was kept, what next).
 */
import type { AppError } from '../../main/core/result';

export function ErrorBanner({ error, onDismiss }: { readonly error: AppError; readonly onDismiss?: () => void }) {
  return (
    <div className="banner banner-error" role="alert">
      <strong className="banner-title">
        <span aria-hidden="true">⚠ </span>
        {error.message}
      </strong>
      {error.issues && error.issues.length > 0 && (
        <ul className="banner-issues">
          {error.issues.slice(0, 12).map((i, n) => (
            <li key={n}>
              {i.line !== undefined && <span className="mono">line {i.line}: </span>}
              {i.path && <span className="mono">{i.path} </span>}
              {i.message}
            </li>
          ))}
        </ul>
      )}
      {error.kept && <p className="banner-kept">Kept safe: {error.kept}</p>}
      {error.hint && <p className="banner-hint">Next: {error.hint}</p>}
      {onDismiss && (
        <button type="button" className="btn btn-quiet" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}
