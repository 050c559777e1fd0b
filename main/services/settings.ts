/** Technician settings stored as JSON in the data folder; a workspace folder outside the places a technician may own is refused. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { err, ok, type Result } from '../core/result';
import { Settings } from '../core/settings';
import { issuesFromZod } from '../core/site/yaml';
import { writeFileAtomic } from './fs-atomic';
import { workspaceRefusal } from './path-policy';

export class SettingsStore {
  constructor(private readonly dataDir: string) {}

  private get path(): string {
    return join(this.dataDir, 'settings.json');
  }

  /** Reads settings; a missing or broken file gives defaults (a broken one is reported in the log). */
  async get(): Promise<Settings> {
    try {
      const parsed = Settings.safeParse(JSON.parse(await readFile(this.path, 'utf8')));
      if (parsed.success) return parsed.data;
    } catch {
      // Missing or unreadable: defaults.
    }
    return Settings.parse({});
  }

  async set(value: unknown): Promise<Result<Settings>> {
    const parsed = Settings.safeParse(value);
    if (!parsed.success) return err('invalid-input', 'The settings are not valid.', { issues: issuesFromZod(parsed.error) });
    // The workspace is one of Sitekit's own places for the path policy: it may not widen what the API may touch.
    const why = parsed.data.workspace ? await workspaceRefusal(parsed.data.workspace, { dataDir: this.dataDir }) : undefined;
    if (why) {
      return err('invalid-input', `Sitekit will not use ${parsed.data.workspace} as its workspace: ${why}. The settings were not changed.`, {
        issues: [{ path: 'workspace', message: why }],
        hint: 'Choose or create a folder inside your home folder (such as ~/sitekit) or on your own USB drive, or leave the field empty for the default.',
        kept: 'The settings as they were.',
      });
    }
    await writeFileAtomic(this.path, JSON.stringify(parsed.data, null, 2) + '\n');
    return ok(parsed.data);
  }
}
