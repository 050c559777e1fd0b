/**
 * Runtime side of the contract: validate a request against its channel schema, call the handler, and turn
 * anything unexpected into a tagged error. Every transport (Electron IPC, loopback HTTP, tests) goes
 * through `dispatch`, so a malformed request never reaches a service.
 */
import { err, isAppError, type Result } from '../core/result';
import { issuesFromZod } from '../core/site/yaml';
import type { PathPolicy, PathRole } from '../services/path-policy';
import { channels, type ChannelName, type EventName, type ParsedRequestOf, type PayloadOf, type ResultOf } from './contract';

/** What a handler may use besides its request: how to emit events. */
export interface HandlerContext {
  readonly emit: <E extends EventName>(event: E, payload: PayloadOf<E>) => void;
  /** Which transport the call came through. */
  readonly transport: 'electron' | 'browser' | 'direct';
  /**
   * The path policy (services/path-policy.ts): when set, every path field declared in PATH_FIELDS is checked
   * and resolved before the handler runs. Browser mode always sets it; the CLI resolves paths itself.
   */
  readonly paths?: PathGate;
}

/** What dispatch needs of the path policy. */
export type PathGate = Pick<PathPolicy, 'check'>;

/**
 * Which request fields of which channels are local paths, and how they are used. `a[].b` walks arrays;
 * `a[]` is an array of paths.
 * The one place a new channel with a path field must be declared (a test checks every FilePath-like field).
 */
export const PATH_FIELDS: Partial<Record<ChannelName, readonly { readonly field: string; readonly role: PathRole }[]>> = {
  'iso:inspect': [{ field: 'path', role: 'read-file' }],
  'iso:hash': [{ field: 'path', role: 'read-file' }],
  'media:plan': [{ field: 'iso', role: 'read-file' }],
  'media:build': [{ field: 'iso', role: 'read-file' }, { field: 'out', role: 'write-image' }],
  'media:preflight': [{ field: 'iso', role: 'read-file' }],
  'script:save': [{ field: 'iso', role: 'read-file' }, { field: 'path', role: 'write-script' }],
  'media:run': [{ field: 'iso', role: 'read-file' }, { field: 'targets[].path', role: 'write-image' }],
  'media:write': [{ field: 'items[].image', role: 'read-file' }, { field: 'items[].target.path', role: 'write-image' }],
  'media:verify': [{ field: 'image', role: 'read-file' }, { field: 'target.path', role: 'read-file' }],
  'media:audit': [{ field: 'target', role: 'read-target' }],
  'manifests:generate': [{ field: 'outDir', role: 'write-folder' }],
  'manifests:lint': [{ field: 'dir', role: 'read-folder' }, { field: 'paths[]', role: 'read-folder' }, { field: 'base', role: 'browse' }],
  'manifests:import': [{ field: 'dir', role: 'read-folder' }],
  'report:export': [{ field: 'folder', role: 'write-folder' }],
  'git:connect': [{ field: 'dir', role: 'write-folder' }],
  'files:list': [{ field: 'dir', role: 'browse' }],
  'files:remember': [{ field: 'path', role: 'browse' }],
  'fleet:import': [{ field: 'plan', role: 'read-file' }, { field: 'repo', role: 'write-folder' }],
  'fleet:status': [{ field: 'repo', role: 'write-folder' }],
  'fleet:ci': [{ field: 'repo', role: 'write-folder' }],
};

/** Every (holder, key) pair a field path like `items[].target.path` names in `value`. */
function slots(value: unknown, field: string): { holder: Record<string, unknown>; key: string }[] {
  let level: unknown[] = [value];
  const parts = field.split('.');
  for (const [i, part] of parts.entries()) {
    const isArray = part.endsWith('[]');
    const key = isArray ? part.slice(0, -2) : part;
    if (i === parts.length - 1 && isArray) {
      // `paths[]`: every string of an array of paths.
      return level.flatMap((h) => {
        const list = typeof h === 'object' && h !== null ? (h as Record<string, unknown>)[key] : undefined;
        if (!Array.isArray(list)) return [];
        return list.flatMap((v, k) => (typeof v === 'string' ? [{ holder: list as unknown as Record<string, unknown>, key: String(k) }] : []));
      });
    }
    if (i === parts.length - 1 && !isArray) {
      return level.filter((h): h is Record<string, unknown> => typeof h === 'object' && h !== null && typeof (h as Record<string, unknown>)[key] === 'string').map((holder) => ({ holder, key }));
    }
    level = level.flatMap((h) => {
      const next = typeof h === 'object' && h !== null ? (h as Record<string, unknown>)[key] : undefined;
      return isArray ? (Array.isArray(next) ? next : []) : next === undefined ? [] : [next];
    });
  }
  return [];
}

/** Checks and resolves every declared path field of a parsed request in place; the first refusal wins. */
async function applyPathPolicy(name: ChannelName, request: unknown, gate: PathGate): Promise<Result<unknown> | undefined> {
  for (const { field, role } of PATH_FIELDS[name] ?? []) {
    for (const { holder, key } of slots(request, field)) {
      const r = await gate.check(role, holder[key] as string, field);
      if (!r.ok) return r;
      holder[key] = r.value;
    }
  }
  return undefined;
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
    if (ctx.paths) {
      const refused = await applyPathPolicy(name, parsed.data, ctx.paths);
      if (refused) return refused;
    }
    return await handler(parsed.data as never, ctx);
  } catch (e) {
    onError(name, e);
    if (isAppError((e as { error?: unknown })?.error)) return { ok: false, error: (e as { error: never }).error };
    return err('internal', `Sitekit hit an unexpected problem in ${name}: ${e instanceof Error ? e.message : String(e)}`, {
      hint: 'Nothing was changed by the failed step. The details are in the log file; please report it.',
    });
  }
}
