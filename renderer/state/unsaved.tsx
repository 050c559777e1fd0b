/**
 * How the shell saves or discards a step's unsaved edits from where the technician is looking (issue 28): the
 * bar at the top of the step and the "leave this step?" dialog. A step with a draft registers what Save and
 * Discard mean for it with `useUnsavedGuard`; the shell calls them. The wizard state (wizard.ts) keeps only
 * whether there are edits and where the technician wants to go.
 */
import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';

/** What Save and Discard do for the current step's draft. */
export interface StepGuard {
  /** Saves the draft the way the step's own Save button does; resolves false when it was not saved (the step shows why). */
  readonly save: () => Promise<boolean>;
  /** Drops the draft: the step shows the saved site again. */
  readonly discard: () => void;
}

type Register = (guard: StepGuard | undefined) => void;

const GuardContext = createContext<Register>(() => undefined);

export function UnsavedGuardProvider({ register, children }: { readonly register: Register; readonly children: ReactNode }) {
  return <GuardContext.Provider value={register}>{children}</GuardContext.Provider>;
}

/** Registers the current step's Save and Discard with the shell while the step is shown. */
export function useUnsavedGuard(guard: StepGuard): void {
  const register = useContext(GuardContext);
  const latest = useRef(guard);
  latest.current = guard;
  useEffect(() => {
    register({ save: () => latest.current.save(), discard: () => latest.current.discard() });
    return () => register(undefined);
  }, [register]);
}
