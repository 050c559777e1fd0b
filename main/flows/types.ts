/**
 * The shape every flow shares (docs/CONVENTIONS.md § Flows own jobs): services in, a progress sink and a cancel
 * signal in, a typed outcome out, and what it did recorded in the site through main/core/site/records.ts.
 *
 * Flows are the only place a job (check, build media, write, commit, push, export) is assembled. IPC
 * handlers, the loopback bridge, the CLI and the demo parse, call a flow through the contract, and format.
 */
import type { ProgressSink } from '../core/progress';
import type { Services } from '../services/index';

/** A flow reports progress samples through core's one `ProgressSink`; flows/progress.ts meters them for a job id. */
export type { ProgressSink };

export interface FlowContext {
  readonly services: Services;
  readonly progress: ProgressSink;
  readonly signal?: AbortSignal;
  readonly now: () => Date;
}

/** A sink that drops everything, for flows called where nobody watches. */
export const noProgress: ProgressSink = () => undefined;
