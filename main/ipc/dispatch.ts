/**
 * Runtime side of the contract: validate a request against its channel schema, call the handler, and turn
 * anything unexpected into a tagged error. Every transport (Electron IPC, loopback HTTP, tests) goes
 * through `dispatch`, so a malformed request never reaches a service.
 */
import { err, isAppError, type Result } from '../core/result';
import { issuesFromZod } from '../core/site/yaml';
import { channels, type ChannelName, type EventName, type ParsedRequestOf, type PayloadOf, type ResultOf } from './contract';

/** What a handler may use besides its request: how to emit events. */
export interface HandlerContext {
  readonly emit: <E extends EventName>(event: E, payload: PayloadOf<E>) => void;
  /** Which transport the call came through. */
  readonly transport: 'electron' | 'browser' | 'direct';
}

export type Handler<C extends ChannelName> = (request: ParsedRequestOf<C>, ctx: HandlerContext) => Promise<Result<ResultOf<C>>>;
/** Handlers for a subset of channels; feature modules export one of these. */
export type HandlersFor<C extends ChannelName> = { readonly [K in C]: Handler<K> };
export type Handlers = HandlersFor<ChannelName>;

/** Logs unexpected failures; injected so tests and the CLI can route it. */
export type ErrorSink = (channel: string, error: unknown) => void;

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name);
}

/** Validates `raw` for `name` and runs its handler. Never throws. */
export async function dispatch(
  handlers: Handlers,
  name: string,
  raw: unknown,
  ctx: HandlerContext,
  onError: ErrorSink = () => undefined,
): Promise<Result<unknown>> {
  if (!isChannelName(name)) return err('invalid-request', `Unknown channel "${name}".`);
  const def = channels[name];
  const parsed = def.request.safeParse(raw ?? {});
  if (!parsed.success) {
    return err('invalid-request', `The request to ${name} is malformed.`, { issues: issuesFromZod(parsed.error) });
  }
  const handler = handlers[name] as Handler<typeof name>;
  try {
    return await handler(parsed.data as never, ctx);
  } catch (e) {
    onError(name, e);
    if (isAppError((e as { error?: unknown })?.error)) return { ok: false, error: (e as { error: never }).error };
    return err('internal', `Sitekit hit an unexpected problem in ${name}: ${e instanceof Error ? e.message : String(e)}`, {
      hint: 'Nothing was changed by the failed step. The details are in the log file; please report it.',
    });
  }
}
