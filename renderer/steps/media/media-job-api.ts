/**
 * The two channels of the media job (issue 14, main/ipc/channels/media-job.ts): `media:preflight` lists
 * every required action before anything is built; `media:run` builds, writes, verifies and records in main.
 * The step never assembles build → write itself.
 */
import type { MediaPreflight, MediaRunOutcomeView } from '../../../main/ipc/channels/media-job';
import type { RequestOf } from '../../../main/ipc/contract';
import { sitekit } from '../../api/client';

export type { MediaPreflight, MediaRunOutcomeView };
export type PreflightHost = MediaPreflight['hosts'][number];

export const preflight = (r: RequestOf<'media:preflight'>) => sitekit.media.preflight(r);
export const runMedia = (r: RequestOf<'media:run'>) => sitekit.media.run(r);
