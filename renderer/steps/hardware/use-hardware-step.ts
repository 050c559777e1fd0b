/**
 * The Hardware step's state: the draft of the site being edited, the host plan made from it live (the same
 * pure plan the main side uses), and saving. Components stay views over this.
 */
import { useEffect, useMemo, useState } from 'react';
import type { AppError } from '../../../main/core/result';
import type { Host, Site } from '../../../main/core/site/schema';
import { applyPlanToSite, planSite } from '../../../main/core/host-plan/plan';
import type { SitePlan } from '../../../main/core/host-plan/types';
import { reloadCatalogue, useCatalogue } from '../../state/catalogue';
import { useUnsavedGuard } from '../../state/unsaved';
import type { StepProps } from '../types';
import { withHost } from './hardware-draft';

export function useHardwareStep({ site, dispatch, saveSite }: Pick<StepProps, 'site' | 'dispatch' | 'saveSite'>) {
  const { catalogue, error: listError } = useCatalogue();
  const [error, setError] = useState<AppError | undefined>();
  const [draft, setDraft] = useState<Site | undefined>(site);
  const [saving, setSaving] = useState(false);
  const [note, setNote] = useState('');

  useEffect(() => setDraft(site), [site]);
  const plan = useMemo<SitePlan | undefined>(() => (draft && catalogue ? planSite(draft, catalogue.list) : undefined), [draft, catalogue]);

  const editHost = (host: string, fn: (h: Host) => Host) => {
    setDraft((d) => (d ? withHost(d, host, fn) : d));
    setNote('');
    dispatch({ type: 'edited' });
  };

  /** Saves the draft with the plan's requirements; false when it was not saved (the step's banner says why). */
  const applyAndSave = async (): Promise<boolean> => {
    if (!draft || !plan) return false;
    setSaving(true);
    const failure = await saveSite(applyPlanToSite(draft, plan));
    setSaving(false);
    setError(failure);
    if (!failure) setNote(`Saved. Actions for ${plan.hosts.filter((h) => h.verdict.actions.length).length} host(s) are now part of the site; Network, Boot media and the report follow this plan.`);
    return !failure;
  };
  // Save and Discard from the shell's unsaved-changes bar and leave dialog (issue 28).
  useUnsavedGuard({ save: applyAndSave, discard: () => setDraft(site) });

  return { catalogue, draft, plan, error: error ?? listError, setError, saving, note, editHost, applyAndSave, reloadList: reloadCatalogue };
}

export type HardwareStepModel = ReturnType<typeof useHardwareStep>;
