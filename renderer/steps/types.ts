/** What every step component receives. */
import type { Dispatch } from 'react';
import type { AppError } from '../../main/core/result';
import type { Site, SiteInput } from '../../main/core/site/schema';
import type { WizardAction, WizardState } from '../state/wizard';

export interface StepProps {
  readonly state: WizardState;
  /** The saved site; undefined only on the Site step's start screen. */
  readonly site: Site | undefined;
  readonly dispatch: Dispatch<WizardAction>;
  /** Validates and saves a new version of the site, updating the wizard; resolves to the error, if any. */
  readonly saveSite: (site: Site | SiteInput) => Promise<AppError | undefined>;
  /** Shows the Settings page (e.g. "change the Git author"); the step's drafts are kept meanwhile. */
  readonly openSettings?: () => void;
}
