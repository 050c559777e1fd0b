/** Application info and settings. */
import { ok } from '../../core/result';
import type { appChannels } from '../channels/app';
import type { HandlersFor } from '../dispatch';
import type { Services } from '../../services/index';

export function appHandlers(s: Services): HandlersFor<keyof typeof appChannels> {
  return {
    'app:info': async (_req, ctx) =>
      ok({
        version: s.version,
        transport: ctx.transport === 'electron' ? 'electron' : 'browser',
        platform: process.platform,
        workspace: s.workspace.root,
        isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
        allowLoopbackHttp: s.git.remotes.allowLoopbackHttp,
      }),
    'settings:get': async () => ok(await s.settings.get()),
    'settings:set': async ({ settings }) => s.settings.set(settings),
  };
}
