/**
 * The shape every flow shares (STYLE.md §14): services in, a progress sink and a cancel signal in, a typed
 * outcome out, and what it did recorded in the site through main/core/site/records.ts.
 *
 * Flows are the only place a job (check, build media, write, commit, push, export) is assembled. IPC
 * handlers, the loopback bridge, the CLI and the demo parse, call a flow through the contract, and format.
 */
import type { Services } from '../services/index';

/** One progress observation; the reporter (progress.ts) adds speed and ETA and throttles. */
export interface ProgressUpdate {
  readonly phase: string;
  readonly bytes: number;
  readonly total: number;
  readonly message?: string;
}

export type ProgressSink = (p: ProgressUpdate) => void;

export interface FlowContext {
  readonly services: Services;
  readonly progress: ProgressSink;
  readonly signal?: AbortSignal;
  readonly now: () => Date;
}

/** A sink that drops everything, for flows called where nobody watches. */
export const noProgress: ProgressSink = () => undefined;
