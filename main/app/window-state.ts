/** Remembers the window's size, position and maximised state between launches. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../services/fs-atomic';

export interface WindowState {
  readonly x?: number;
  readonly y?: number;
  readonly width: number;
  readonly height: number;
  readonly maximized: boolean;
}

const DEFAULT: WindowState = { width: 1280, height: 800, maximized: false };

export async function loadWindowState(dataDir: string): Promise<WindowState> {
  try {
    const s = JSON.parse(await readFile(join(dataDir, 'window-state.json'), 'utf8')) as Partial<WindowState>;
    if (typeof s.width === 'number' && typeof s.height === 'number' && s.width >= 800 && s.height >= 560) {
      return { ...DEFAULT, ...s } as WindowState;
    }
  } catch {
    // First launch or unreadable: defaults.
  }
  return DEFAULT;
}

export async function saveWindowState(dataDir: string, state: WindowState): Promise<void> {
  await writeFileAtomic(join(dataDir, 'window-state.json'), JSON.stringify(state));
}
