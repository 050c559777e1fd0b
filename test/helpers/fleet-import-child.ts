/**
 * Child process for the fleet import kill -9 test: runs one real fleet import (the flow, real services, real
 * files) and stops dead at a chosen step so the parent can SIGKILL it exactly there. At the step it prints
 * `paused <step>` and blocks its only thread; it never gets past that point by itself.
 *
 *   node --import tsx fleet-import-child.ts DATA_DIR PLAN REPO STEP
 *   STEP: generate:<sites> | switch:staged | switch:journal | switch:moved:<n> | switch:cleaned
 * Without reaching STEP it exits 0 after the import (the parent then reports that the step never came).
 */
import { writeSync } from 'node:fs';
import { fleetImportFlow } from '../../main/flows/fleet-import';
import type { ProgressSample } from '../../main/core/progress';
import { createServices } from '../../main/services/index';
import '../../main/services/manifests/schema-models';

const [dataDir, plan, repo, step] = process.argv.slice(2) as [string, string, string, string];

/** The step name a progress update stands for (see fleetImportFlow's switchProgress). */
function stepOf(p: ProgressSample): string | undefined {
  if (p.phase === 'generate' && p.bytes > 0) return `generate:${p.bytes}`;
  if (p.phase !== 'switch') return undefined;
  if (p.message?.startsWith('Staged')) return 'switch:staged';
  if (p.message === 'Switch-over recorded') return 'switch:journal';
  if (p.message === 'Done') return 'switch:cleaned';
  return `switch:moved:${p.bytes}`;
}

const services = createServices({ dataDir, version: 'test' });
const progress = (p: ProgressSample): void => {
  if (stepOf(p) !== step) return;
  writeSync(1, `paused ${step}\n`);
  // Block this thread for good: the parent kills the process here.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
};
const r = await fleetImportFlow({ services, progress, now: () => new Date('2026-12-03T08:00:00Z') }, { plan, repo });
writeSync(1, `finished ${r.ok ? 'ok' : r.error.message}\n`);
