/**
 * Wizard state: a reducer over a tagged union (docs/CONVENTIONS.md § Wizard state is a reducer).
 *
 * `session` is either no site open (the start screen), or a site open. A step's unsaved edits are a draft
 * kept apart from the confirmed site; leaving a step with unsaved edits needs an explicit choice: any attempt
 * to leave (the sidebar, Next, Back, Close site) is kept in `leaving` and the shell asks Save or Discard, and
 * goes there once the edits are saved or discarded (issue 28). `canAdvance` and `nextStep` are pure and
 * unit-tested.
 */
import type { Site } from '../../main/core/site/schema';
import type { Route } from './route';
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
  /** Where the technician asked to go while the step had unsaved edits: the shell asks Save or Discard. */
  readonly leaving?: Route;
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
  | { readonly type: 'back' }
  /** Asked to go to another site or to the start screen (Close site, the address); kept while edits are unsaved. */
  | { readonly type: 'leave'; readonly to: Route }
  /** The technician chose to stay with the unsaved edits. */
  | { readonly type: 'stay' };

export const initialWizard: WizardState = { step: 'site', session: { kind: 'none' }, dirty: false, visited: ['site'] };

/** Why a step cannot be entered at all now (no site open), or undefined when it can. */
export function blockedReason(state: WizardState, step: StepId): string | undefined {
  if (stepInfo(step).needsSite && state.session.kind !== 'open') return 'Create or open a site first.';
  return undefined;
}

/** True when going to `step` first needs a choice: the current step has unsaved edits. */
export function needsLeaveChoice(state: WizardState, step: StepId): boolean {
  return state.dirty && step !== state.step;
}

/** Can the wizard move to the next step right away (no site missing, no unsaved edits)? */
export function canAdvance(state: WizardState): boolean {
  const next = nextStep(state.step);
  return next !== undefined && blockedReason(state, next) === undefined && !needsLeaveChoice(state, next);
}

const openSiteId = (state: WizardState): string | undefined => (state.session.kind === 'open' ? state.session.site.metadata.id : undefined);

/** Goes to `step`, or, with unsaved edits, remembers it as where the technician wants to go. */
function goTo(state: WizardState, step: StepId): WizardState {
  if (blockedReason(state, step) !== undefined) return state;
  if (needsLeaveChoice(state, step)) return { ...state, leaving: { siteId: openSiteId(state), step } };
  return visit(state, step);
}

/** Edits saved or discarded: a wish to go to another step of this site is followed now; others by the shell. */
function settled(state: WizardState): WizardState {
  const to = state.leaving;
  if (!to || to.siteId !== openSiteId(state) || to.siteId === undefined) return state;
  return visit({ ...state, leaving: undefined }, to.step);
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
      return { ...state, session: { kind: 'open', site: action.site, path: action.path, savedAt: action.savedAt, revision: action.revision }, dirty: false, leaving: undefined };
    case 'site-saved':
      return settled({ ...state, session: { kind: 'open', site: action.site, path: action.path, savedAt: action.savedAt, revision: action.revision }, dirty: false });
    case 'site-closed':
      return initialWizard;
    case 'edited':
      return state.dirty ? state : { ...state, dirty: true };
    case 'discarded':
      return settled({ ...state, dirty: false });
    case 'go':
      return goTo(state, action.step);
    case 'next': {
      const next = nextStep(state.step);
      return next ? goTo(state, next) : state;
    }
    case 'back': {
      const prev = previousStep(state.step);
      return prev ? goTo(state, prev) : state;
    }
    case 'leave':
      return state.dirty ? { ...state, leaving: action.to } : state;
    case 'stay':
      return state.leaving ? { ...state, leaving: undefined } : state;
  }
}

export { STEPS };
