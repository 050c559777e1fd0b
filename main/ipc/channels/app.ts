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
  /** Plain http:// Git remotes on this computer are allowed (SITEKIT_ALLOW_LOOPBACK_HTTP=1); the Git step says so. */
  readonly allowLoopbackHttp: boolean;
}

export const appChannels = {
  'app:info': channel(z.object({}).strict())<AppInfo>(),
  'settings:get': channel(z.object({}).strict())<Settings>(),
  'settings:set': channel(z.object({ settings: z.unknown() }).strict())<Settings>(),
};
