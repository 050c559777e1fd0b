/**
 * Wizard state: a reducer over a tagged union (STYLE.md §7).
 *
 * `session` is either no site open (the start screen), or a site open. A step's unsaved edits are a draft
 * kept apart from the confirmed site; leaving a step with unsaved edits needs an explicit choice.
 * `canAdvance` and `nextStep` are pure and unit-tested.
 */
import type { Site } from '../../main/core/site/schema';
import { STEPS, STEP_IDS, stepInfo, type StepId } from './steps';

export type Session =
  | { readonly kind: 'none' }
  | { readonly kind: 'open'; readonly site: Site; readonly path: string; readonly savedAt: string; readonly revision?: string };

export interface WizardState {
  readonly step: StepId;
  readonly session: Session;
  /** The current step has edits not yet saved. */
  readonly dirty: boolean;
  /** Steps the technician has seen, for the sidebar. */
  readonly visited: readonly StepId[];
}

export type WizardAction =
  /** `revision`: the saved file's revision this copy is (sent with the next save; see site:save). */
  | { readonly type: 'site-opened'; readonly site: Site; readonly path: string; readonly savedAt: string; readonly revision?: string }
  | { readonly type: 'site-saved'; readonly site: Site; readonly path: string; readonly savedAt: string; readonly revision?: string }
  | { readonly type: 'site-closed' }
  | { readonly type: 'edited' }
  | { readonly type: 'discarded' }
  | { readonly type: 'go'; readonly step: StepId }
  | { readonly type: 'next' }
  | { readonly type: 'back' };

export const initialWizard: WizardState = { step: 'site', session: { kind: 'none' }, dirty: false, visited: ['site'] };

/** Why a step cannot be entered now, or undefined when it can. */
export function blockedReason(state: WizardState, step: StepId): string | undefined {
  if (stepInfo(step).needsSite && state.session.kind !== 'open') return 'Create or open a site first.';
  if (state.dirty && step !== state.step) return 'Save or discard the changes on this step first.';
  return undefined;
}

/** Can the wizard move to the next step from here? */
export function canAdvance(state: WizardState): boolean {
  const next = nextStep(state.step);
  return next !== undefined && blockedReason(state, next) === undefined;
}

/** The step after `step`, or undefined at the end. */
export function nextStep(step: StepId): StepId | undefined {
  return STEP_IDS[STEP_IDS.indexOf(step) + 1];
}

export function previousStep(step: StepId): StepId | undefined {
  const i = STEP_IDS.indexOf(step);
  return i > 0 ? STEP_IDS[i - 1] : undefined;
}

function visit(state: WizardState, step: StepId): WizardState {
  return { ...state, step, visited: state.visited.includes(step) ? state.visited : [...state.visited, step] };
}

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'site-opened':
      return { ...state, session: { kind: 'open', site: action.site, path: action.path, savedAt: action.savedAt, revision: action.revision }, dirty: false };
    case 'site-saved':
      return { ...state, session: { kind: 'open', site: action.site, path: action.path, savedAt: action.savedAt, revision: action.revision }, dirty: false };
    case 'site-closed':
      return initialWizard;
    case 'edited':
      return state.dirty ? state : { ...state, dirty: true };
    case 'discarded':
      return { ...state, dirty: false };
    case 'go':
      return blockedReason(state, action.step) === undefined ? visit(state, action.step) : state;
    case 'next': {
      const next = nextStep(state.step);
      return next && canAdvance(state) ? visit(state, next) : state;
    }
    case 'back': {
      const prev = previousStep(state.step);
      return prev && !state.dirty ? visit(state, prev) : state;
    }
  }
}

export { STEPS };
