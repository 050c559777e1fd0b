/**
 * Builds the `window.sitekit` object from the contract for any transport: the preload passes Electron's
 * invoke/subscribe, the web client passes fetch-based ones. One function per channel, grouped by noun; no
 * generic invoke is exposed (docs/CONVENTIONS.md § Preload gate).
 */
import type { Result } from '../core/result';
import { channelNames, splitChannel, type EventName, type SitekitApi } from './contract';

export type Invoke = (channel: string, request: unknown) => Promise<Result<unknown>>;
export type Subscribe = (event: EventName, listener: (payload: unknown) => void) => () => void;

export function buildApi(invoke: Invoke, subscribe: Subscribe): SitekitApi {
  const api: Record<string, Record<string, (req: unknown) => Promise<Result<unknown>>>> = {};
  for (const name of channelNames) {
    const { noun, verb } = splitChannel(name);
    const group = (api[noun] ??= {});
    group[verb] = (request: unknown) => invoke(name, request ?? {});
  }
  for (const group of Object.values(api)) Object.freeze(group);
  const on = (event: EventName, listener: (payload: unknown) => void) => subscribe(event, listener);
  return Object.freeze({ ...api, on }) as unknown as SitekitApi;
}
