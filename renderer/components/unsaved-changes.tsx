/**
 * Unsaved edits, said where the technician is looking (issue 28): a bar pinned to the top of the step with Save
 * and Discard, and, when they try to leave the step (the sidebar, Next, the browser's Back, Close site), a
 * dialog that says what would be lost and offers Save, Discard or Stay.
 */
import { useEffect, useRef } from 'react';

export interface UnsavedBarProps {
  readonly stepTitle: string;
  /** Undefined when the step has no Save the shell can call (then only Discard is offered). */
  readonly onSave?: () => void;
  readonly onDiscard: () => void;
  readonly busy: boolean;
  /** Why the last save from here did not happen. */
  readonly note?: string;
}

export function UnsavedBar({ stepTitle, onSave, onDiscard, busy, note }: UnsavedBarProps) {
  return (
    <div className="unsaved-bar" role="region" aria-label="Unsaved changes">
      <p className="unsaved-text">
        <strong>Unsaved changes on {stepTitle}.</strong> <span className="muted">{note || 'Save them before you go to another step, or discard them.'}</span>
      </p>
      <div className="unsaved-actions">
        {onSave && (
          <button type="button" className="btn btn-primary" disabled={busy} onClick={onSave}>
            {busy ? 'Saving…' : 'Save changes'}
          </button>
        )}
        <button type="button" className="btn btn-danger-quiet" disabled={busy} onClick={onDiscard}>
          Discard changes
        </button>
      </div>
    </div>
  );
}

export interface LeaveDialogProps {
  readonly stepTitle: string;
  /** Where the technician wanted to go, in words: "Review", "the list of sites", "site store-0421". */
  readonly destination: string;
  readonly onSave?: () => void;
  readonly onDiscard: () => void;
  readonly onStay: () => void;
  readonly busy: boolean;
}

export function LeaveDialog({ stepTitle, destination, onSave, onDiscard, onStay, busy }: LeaveDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className="leave-dialog"
      aria-labelledby="leave-title"
      aria-describedby="leave-text"
      onCancel={(e) => {
        e.preventDefault();
        onStay();
      }}
    >
      <h2 id="leave-title" className="leave-title">
        Unsaved changes on {stepTitle}
      </h2>
      <p id="leave-text">
        Your edits on {stepTitle} are not saved yet. Save them before going to {destination}, or discard them. Nothing is saved or lost until you choose.
      </p>
      <div className="form-actions">
        {onSave && (
          <button type="button" className="btn btn-primary" disabled={busy} onClick={onSave}>
            {busy ? 'Saving…' : `Save and go to ${destination}`}
          </button>
        )}
        <button type="button" className="btn btn-danger-quiet" disabled={busy} onClick={onDiscard}>
          Discard and go to {destination}
        </button>
        <button type="button" className="btn" disabled={busy} onClick={onStay}>
          Stay on {stepTitle}
        </button>
      </div>
    </dialog>
  );
}
