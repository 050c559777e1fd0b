/**
 * The one typed contract between the UI and the main side (docs/CONVENTIONS.md § Contract).
 *
 * Every channel is `noun:verb` with a runtime request schema and a result type; every event has a payload
 * type. The Electron handlers (main/app), the preload object (`window.sitekit`), the loopback bridge
 * (main/web) and the renderer client are all derived from these two tables. Feature files in `channels/`
 * declare their own channels; this file only merges them.
 */
import type { z } from 'zod';
import type { Result } from '../core/result';
import { event, type ChannelDef, type EventDef, type Progress } from './define';
import { siteChannels } from './channels/site';
import { appChannels } from './channels/app';
import { reportChannels } from './channels/report';
import { hardwareChannels } from './channels/hardware';
import { gitChannels } from './channels/git';
import { manifestsChannels } from './channels/manifests';
import { mediaChannels } from './channels/media';
import { bundleChannels } from './channels/bundle';
import { mediaJobChannels } from './channels/media-job';
import { filesChannels } from './channels/files';
import { fleetChannels } from './channels/fleet';
import { hostsChannels } from './channels/hosts';
import type { AcceptanceRecord } from '../core/site/acceptance-record';

export const channels = {
  ...appChannels,
  ...siteChannels,
  ...reportChannels,
  ...hardwareChannels,
  ...gitChannels,
  ...manifestsChannels,
  ...mediaChannels,
  ...bundleChannels,
  ...mediaJobChannels,
  ...filesChannels,
  ...fleetChannels,
  ...hostsChannels,
} as const;

export const events = {
  /** Progress of any long job (write, verify, push, build). */
  'job:progress': event<Progress>(),
  /** A job finished; `ok` false carries the error message. */
  'job:done': event<{ readonly jobId: string; readonly ok: boolean; readonly message?: string }>(),
  /** Removable drives changed (hot-plug). */
  'drives:changed': event<{ readonly count: number }>(),
  /** One host's acceptance record, as soon as that host answered (or failed). */
  'hosts:result': event<{ readonly jobId: string; readonly record: AcceptanceRecord }>(),
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type EventName = keyof typeof events;

type DefOf<C extends ChannelName> = Channels[C];
/** What the caller sends (before defaults). */
export type RequestOf<C extends ChannelName> = DefOf<C> extends ChannelDef<infer R, unknown> ? z.input<R> : never;
/** What the handler receives (after validation and defaults). */
export type ParsedRequestOf<C extends ChannelName> = DefOf<C> extends ChannelDef<infer R, unknown> ? z.output<R> : never;
export type ResultOf<C extends ChannelName> = DefOf<C> extends ChannelDef<z.ZodType, infer T> ? T : never;
export type PayloadOf<E extends EventName> = (typeof events)[E] extends EventDef<infer P> ? P : never;

type NounOf<C> = C extends `${infer N}:${string}` ? N : never;
type VerbOf<C, N extends string> = C extends `${N}:${infer V}` ? V : never;

/** The shape of `window.sitekit`: `sitekit.site.save({...})`, plus `on(event, cb)` returning an unsubscribe. */
export type SitekitApi = {
  readonly [N in NounOf<ChannelName>]: {
    readonly [C in ChannelName as VerbOf<C, N>]: (request: RequestOf<C>) => Promise<Result<ResultOf<C>>>;
  };
} & {
  readonly on: <E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void) => () => void;
};

/** Channel names as a runtime list, for the preload and the web client. */
export const channelNames = Object.keys(channels) as ChannelName[];
export const eventNames = Object.keys(events) as EventName[];

/** Splits `noun:verb`. */
export function splitChannel(name: string): { noun: string; verb: string } {
  const i = name.indexOf(':');
  return { noun: name.slice(0, i), verb: name.slice(i + 1) };
}
