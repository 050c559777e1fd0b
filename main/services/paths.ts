/** Per-user data folder, following each OS's convention (the Electron app overrides it with app.getPath). */
import { homedir, platform } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SITEKIT_DATA_DIR) return env.SITEKIT_DATA_DIR;
  const home = homedir();
  switch (platform()) {
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Sitekit');
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Sitekit');
    default:
      return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'sitekit');
  }
}

/**
 * Folder of the shipped resources (samples, compatibility list): SITEKIT_RESOURCES, the packaged app's
 * resources folder, or the nearest `resources/` above this module (source tree and built `out/`).
 */
export async function resourcesDir(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const { access } = await import('node:fs/promises');
  const { dirname } = await import('node:path');
  const { fileURLToPath } = await import('node:url');
  const exists = (p: string) => access(p).then(() => true, () => false);
  if (env.SITEKIT_RESOURCES) return env.SITEKIT_RESOURCES;
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  if (packaged && (await exists(join(packaged, 'samples')))) return packaged;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (await exists(join(dir, 'resources', 'samples'))) return join(dir, 'resources');
    dir = dirname(dir);
  }
  throw new Error('the resources folder (samples, compatibility list) was not found next to Sitekit');
}
