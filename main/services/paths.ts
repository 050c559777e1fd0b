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
