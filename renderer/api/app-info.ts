/** The app's info (version, transport), asked once and shared: steps ask it to choose the native dialogs. */
import type { AppInfo } from '../../main/ipc/channels/app';
import { sitekit } from './client';

let pending: Promise<AppInfo | undefined> | undefined;

export function appInfo(): Promise<AppInfo | undefined> {
  pending ??= sitekit.app.info({}).then((r) => (r.ok ? r.value : undefined));
  return pending;
}
