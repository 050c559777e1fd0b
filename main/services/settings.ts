/** Technician settings stored as JSON in the data folder. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { err, ok, type Result } from '../core/result';
import { Settings } from '../core/settings';
import { issuesFromZod } from '../core/site/yaml';
import { writeFileAtomic } from './fs-atomic';

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
    await writeFileAtomic(this.path, JSON.stringify(parsed.data, null, 2) + '\n');
    return ok(parsed.data);
  }
}
