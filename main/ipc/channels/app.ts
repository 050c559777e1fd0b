/** Application-wide channels: version info and settings. */
import { z } from 'zod';
import { channel } from '../define';
import type { Settings } from '../../core/settings';

export interface AppInfo {
  readonly version: string;
  /** `electron` in the desktop app, `browser` through the loopback bridge. */
  readonly transport: 'electron' | 'browser';
  readonly platform: string;
  readonly workspace: string;
  readonly isRoot: boolean;
}

export const appChannels = {
  'app:info': channel(z.object({}).strict())<AppInfo>(),
  'settings:get': channel(z.object({}).strict())<Settings>(),
  'settings:set': channel(z.object({ settings: z.unknown() }).strict())<Settings>(),
};
