/**
 * A labelled form control with its error and hint, wired for screen readers. Three parts (label, control,
 * notes) so a FormGrid lines up the rows of neighbouring fields.
 */
import { useId, type ReactNode } from 'react';

export interface FieldProps {
  readonly label: string;
  readonly error?: string;
  readonly hint?: ReactNode;
  readonly children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
}

export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  const describedBy = [error ? `${id}-err` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="field-control">{children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy })}</div>
      <div className="field-notes">
        {hint && (
          <small id={`${id}-hint`} className="field-hint">
            {hint}
          </small>
        )}
        {error && (
          <small id={`${id}-err`} className="field-error" role="status">
            <span aria-hidden="true">✕ </span>
            {error}
          </small>
        )}
      </div>
    </div>
  );
}
