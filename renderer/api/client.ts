/**
 * The renderer's only door to the main side. In the desktop app the preload provides `window.sitekit`;
 * in browser mode the same object is built over HTTP. Steps cannot tell which one they have.
 */
import type { SitekitApi } from '../../main/ipc/contract';
import { createWebClient, takeToken } from './web-client';

declare global {
  interface Window {
    readonly sitekit?: SitekitApi;
  }
}

export const sitekit: SitekitApi = window.sitekit ?? createWebClient(takeToken());
