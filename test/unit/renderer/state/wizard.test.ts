import { describe, expect, it } from 'vitest';
import { canAdvance, initialWizard, nextStep, previousStep, wizardReducer, blockedReason, type WizardState } from '../../../../renderer/state/wizard';
import { STEP_IDS } from '../../../../renderer/state/steps';
import { Site } from '../../../../main/core/site/schema';
import { minimalSite } from '../../../helpers/sites';

const site = Site.parse(minimalSite());
const opened: WizardState = wizardReducer(initialWizard, { type: 'site-opened', site, path: '/x/site.yaml', savedAt: '2026-11-25T00:00:00Z' });

describe('wizard reducer', () => {
  it('orders all seven steps', () => {
    expect(STEP_IDS).toEqual(['site', 'hardware', 'network', 'review', 'media', 'git', 'acceptance', 'report']);
    expect(nextStep('site')).toBe('hardware');
    expect(nextStep('report')).toBeUndefined();
    expect(previousStep('site')).toBeUndefined();
    expect(previousStep('hardware')).toBe('site');
  });

  it('cannot advance past the Site step without a site', () => {
    expect(canAdvance(initialWizard)).toBe(false);
    expect(blockedReason(initialWizard, 'hardware')).toBe('Create or open a site first.');
    expect(wizardReducer(initialWizard, { type: 'next' })).toBe(initialWizard);
    expect(wizardReducer(initialWizard, { type: 'go', step: 'report' }).step).toBe('site');
  });

  it('advances once a site is open and records visited steps', () => {
    expect(canAdvance(opened)).toBe(true);
    const s = wizardReducer(opened, { type: 'next' });
    expect(s.step).toBe('hardware');
    expect(s.visited).toEqual(['site', 'hardware']);
    expect(wizardReducer(s, { type: 'back' }).step).toBe('site');
  });

  it('keeps unsaved edits: no leaving the step until saved or discarded', () => {
    const dirty = wizardReducer(opened, { type: 'edited' });
    expect(canAdvance(dirty)).toBe(false);
    expect(wizardReducer(dirty, { type: 'go', step: 'review' }).step).toBe('site');
    expect(wizardReducer(dirty, { type: 'next' }).step).toBe('site');
    const saved = wizardReducer(dirty, { type: 'site-saved', site, path: '/x', savedAt: 'now' });
    expect(saved.dirty).toBe(false);
    expect(wizardReducer(saved, { type: 'go', step: 'review' }).step).toBe('review');
    expect(wizardReducer(dirty, { type: 'discarded' }).dirty).toBe(false);
  });

  it('remembers where the technician asked to go with unsaved edits, and goes there once they are saved or discarded', () => {
    const atNetwork = wizardReducer(wizardReducer(opened, { type: 'go', step: 'network' }), { type: 'edited' });
    // The sidebar, Next and Back all ask instead of doing nothing.
    expect(wizardReducer(atNetwork, { type: 'go', step: 'review' }).leaving).toEqual({ siteId: 'store-0421', step: 'review' });
    expect(wizardReducer(atNetwork, { type: 'next' }).leaving).toEqual({ siteId: 'store-0421', step: 'review' });
    expect(wizardReducer(atNetwork, { type: 'back' }).leaving).toEqual({ siteId: 'store-0421', step: 'hardware' });
    // Stay: still there, still unsaved.
    const asked = wizardReducer(atNetwork, { type: 'go', step: 'review' });
    const stayed = wizardReducer(asked, { type: 'stay' });
    expect([stayed.step, stayed.dirty, stayed.leaving]).toEqual(['network', true, undefined]);
    // Discard, or a save: then it goes where it was asked to.
    const discarded = wizardReducer(asked, { type: 'discarded' });
    expect([discarded.step, discarded.dirty, discarded.leaving]).toEqual(['review', false, undefined]);
    const saved = wizardReducer(asked, { type: 'site-saved', site, path: '/x', savedAt: 'now' });
    expect([saved.step, saved.leaving]).toEqual(['review', undefined]);
    // Closing the site (or another site) is left to the shell, which follows `leaving` once nothing is unsaved.
    const closing = wizardReducer(atNetwork, { type: 'leave', to: { step: 'site' } });
    expect(closing.leaving).toEqual({ step: 'site' });
    expect(wizardReducer(closing, { type: 'discarded' }).leaving).toEqual({ step: 'site' });
    // Without unsaved edits nothing needs asking.
    expect(wizardReducer(opened, { type: 'leave', to: { step: 'site' } })).toBe(opened);
    expect(wizardReducer(opened, { type: 'go', step: 'git' }).leaving).toBeUndefined();
  });

  it('can jump to any step once a site is open, and closing returns to the start', () => {
    const s = wizardReducer(opened, { type: 'go', step: 'git' });
    expect(s.step).toBe('git');
    expect(wizardReducer(s, { type: 'site-closed' })).toEqual(initialWizard);
  });

  it('at the last step there is nowhere to advance', () => {
    const last = wizardReducer(opened, { type: 'go', step: 'report' });
    expect(canAdvance(last)).toBe(false);
    expect(wizardReducer(last, { type: 'next' }).step).toBe('report');
  });
});
