/**
 * Building blocks of the IPC contract: a channel is a runtime request schema plus a phantom result type,
 * an event is a phantom payload type. Kept apart from `contract.ts` so feature channel files can import
 * it without a cycle.
 */
import type { z } from 'zod';

/** A request/response channel: `noun:verb`, request validated on the main side with `request`. */
export interface ChannelDef<Req extends z.ZodType, Res> {
  readonly request: Req;
  /** Phantom: never read at run time, carries the result type. */
  readonly result?: Res;
}

/** Declares a channel. Usage: `channel(z.object({ id: SiteId }))<SiteSummary>()`. */
export const channel =
  <Req extends z.ZodType>(request: Req) =>
  <Res>(): ChannelDef<Req, Res> => ({ request });

/** A main → renderer event (progress, hot-plug). */
export interface EventDef<P> {
  readonly payload?: P;
}
export const event = <P>(): EventDef<P> => ({});

/** Progress of a long job (`job:progress`): lives in core so flows and channels share one type. */
export type { Progress } from '../core/progress';
