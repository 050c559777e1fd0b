/**
 * The composition root every transport uses: the desktop app, browser mode and the CLI call
 * `createRuntime`, which reads Settings (the workspace folder among them), builds the services and the
 * handlers, and offers `call`: a request through the contract's dispatch (validated), with its events.
 */
import { join } from 'node:path';
import type { Result } from '../core/result';
import { createServices, type ServiceOptions, type Services } from '../services/index';
import { LOOPBACK_HTTP_ENV, loopbackHttpAllowed } from '../core/git/remote-rule';
import { SettingsStore } from '../services/settings';
import { workspaceRefusal } from '../services/path-policy';
import { createHandlers } from '../ipc/handlers/index';
import { dispatch, type HandlerContext, type Handlers } from '../ipc/dispatch';
import type { ChannelName, EventName, PayloadOf, RequestOf, ResultOf } from '../ipc/contract';

export type EventListener = <E extends EventName>(event: E, payload: PayloadOf<E>) => void;

export interface RuntimeOptions extends Omit<ServiceOptions, 'workspaceDir'> {
  /** Overrides the workspace folder from Settings (tests, the demo). */
  readonly workspaceDir?: string;
  readonly transport: HandlerContext['transport'];
  /** Handlers a transport answers itself (the desktop app's native file dialog). */
  readonly handlerOverrides?: Partial<Handlers>;
}

export interface Runtime {
  readonly services: Services;
  readonly handlers: Handlers;
  /** A typed call through the contract (validated like every other transport's). */
  call<C extends ChannelName>(channel: C, request: RequestOf<C>, options?: { readonly onEvent?: EventListener }): Promise<Result<ResultOf<C>>>;
  /** An untyped call, for transports that receive channel names and bodies from outside. */
  dispatch(channel: string, request: unknown, ctx: HandlerContext): Promise<Result<unknown>>;
  dispose(): void;
  /** What the technician should be told about the start (a setting that was not honoured), one sentence each. */
  readonly notices: readonly string[];
}

/**
 * Builds the runtime; the workspace folder comes from Settings unless given. A workspace in the settings file
 * that Settings would refuse today (`/`, a system or hidden folder, another user's home: the file was edited by
 * hand or by an older Sitekit) is not honoured: the default is used and a notice says so.
 */
export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const notices: string[] = [];
  let fromSettings = (await new SettingsStore(options.dataDir).get()).workspace;
  const unsafe = fromSettings && !options.workspaceDir ? await workspaceRefusal(fromSettings, { dataDir: options.dataDir }) : undefined;
  if (unsafe) {
    notices.push(`The workspace folder in the settings (${fromSettings}) is not used: ${unsafe}. Sitekit uses ${join(options.dataDir, 'workspace')} instead; choose another folder in Settings.`);
    options.logger?.warn('workspace setting refused', { workspace: fromSettings, why: unsafe });
    fromSettings = '';
  }
  const workspaceDir = options.workspaceDir || fromSettings || join(options.dataDir, 'workspace');
  // Plain http:// to this computer only when asked for explicitly (core/git/remote-rule.ts); the UI and the CLI say so.
  const allowLoopbackHttp = options.allowLoopbackHttp ?? loopbackHttpAllowed(process.env[LOOPBACK_HTTP_ENV]);
  const services = createServices({ ...options, workspaceDir, allowLoopbackHttp });
  // Start-up housekeeping for every transport: temp files left by saves a crash interrupted are removed.
  await services.workspace.start();
  return { ...runtimeFor(services, options.transport, options.handlerOverrides), notices };
}

/** A runtime over services built already (tests, and callers that build services themselves). */
export function runtimeFor(services: Services, transport: HandlerContext['transport'] = 'direct', overrides: Partial<Handlers> = {}): Runtime {
  const options = { transport };
  const handlers: Handlers = { ...createHandlers(services), ...overrides };
  const onError = (channel: string, e: unknown): void => services.logger.error('handler failed', { channel, error: String((e as Error)?.stack ?? e) });
  const run = (channel: string, request: unknown, ctx: HandlerContext) => dispatch(handlers, channel, request, ctx, onError);
  return {
    services,
    handlers,
    call: (channel, request, callOptions) =>
      run(channel, request, {
        transport: options.transport,
        emit: (event, payload) => callOptions?.onEvent?.(event, payload),
      }) as never,
    dispatch: run,
    dispose: () => {
      services.git.dispose();
      services.sticks.stopWatching();
    },
    notices: [],
  };
}
