/**
 * The one layout for forms: fields on a grid whose rows line up (label row, control row, notes row, via CSS
 * subgrid), so a field with a hint or a two-line label never pushes its neighbour's input out of line, and a
 * button placed next to a field sits on the control row. `FormActions` is the row of buttons under a form:
 * constructive actions first, a destructive one set apart at the far end.
 */
import type { ReactNode } from 'react';

export interface FormGridProps {
  /** Number of equal columns, or `field-action`: one wide field and a button beside it. */
  readonly columns?: 1 | 2 | 3 | 4 | 'field-action';
  readonly children: ReactNode;
  readonly className?: string;
}

export function FormGrid({ columns = 2, children, className }: FormGridProps) {
  return <div className={`form-grid form-grid-${columns}${className ? ` ${className}` : ''}`}>{children}</div>;
}

/** A button (or a few) placed in a grid cell, aligned with the controls of the row. */
export function GridAction({ children }: { readonly children: ReactNode }) {
  return (
    <div className="form-grid-action">
      <span aria-hidden="true" />
      <div className="form-grid-action-buttons">{children}</div>
      <span aria-hidden="true" />
    </div>
  );
}

/** A cell spanning the whole row (a checkbox, a note) that keeps the grid's rhythm. */
export function GridWide({ children }: { readonly children: ReactNode }) {
  return <div className="form-grid-wide">{children}</div>;
}

export interface FormActionsProps {
  readonly children: ReactNode;
  /** Destructive actions (remove, cancel a write, discard), shown apart at the far end. */
  readonly danger?: ReactNode;
  /** A short live status next to the buttons ("Saved."). */
  readonly status?: ReactNode;
}

export function FormActions({ children, danger, status }: FormActionsProps) {
  return (
    <div className="form-actions">
      {children}
      {status !== undefined && (
        <span className="muted form-actions-status" role="status" aria-live="polite">
          {status}
        </span>
      )}
      {danger && <span className="form-actions-danger">{danger}</span>}
    </div>
  );
}
