/**
 * The ordered step registry: step info (renderer/state/steps.ts) plus the component that renders it.
 * A step without a component is shown as "not built yet" — plainly, never faked.
 */
import type { ComponentType } from 'react';
import { STEPS, type StepId, type StepInfo } from '../state/steps';
import type { StepProps } from './types';
import { SiteStep } from './site/site-step';
import { ReportStep } from './report/report-step';
import { NetworkStep } from './network/network-step';
import { ReviewStep } from './review/review-step';
import { HardwareStep } from './hardware/hardware-step';
import { MediaStep } from './media/media-step';
import { GitStep } from './git/git-step';
import { AcceptanceStep } from './acceptance/acceptance-step';

const COMPONENTS: Partial<Record<StepId, ComponentType<StepProps>>> = {
  site: SiteStep,
  report: ReportStep,
  network: NetworkStep,
  review: ReviewStep,
  hardware: HardwareStep,
  media: MediaStep,
  git: GitStep,
  acceptance: AcceptanceStep,
};

export interface StepEntry extends StepInfo {
  readonly component?: ComponentType<StepProps>;
}

export const STEP_REGISTRY: readonly StepEntry[] = STEPS.map((s) => ({ ...s, component: COMPONENTS[s.id] }));
