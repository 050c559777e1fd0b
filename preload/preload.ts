/**
 * The preload is a gate (docs/CONVENTIONS.md § Preload gate): it exposes exactly one frozen object,
 * `window.sitekit`, with one function per contract channel and `on(event, cb)` returning an unsubscribe. No
 * generic invoke, no Node, no `process`. Bundled to a single CommonJS file so the renderer's sandbox holds.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildApi } from '../main/ipc/api';
import { eventNames, type EventName } from '../main/ipc/contract';

const allowedEvents = new Set<string>(eventNames);

const api = buildApi(
  (channel, request) => ipcRenderer.invoke(channel, request),
  (event: EventName, listener) => {
    if (!allowedEvents.has(event)) throw new Error(`unknown event ${String(event)}`);
    const handler = (_e: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(event, handler);
    return () => {
      ipcRenderer.removeListener(event, handler);
    };
  },
);

contextBridge.exposeInMainWorld('sitekit', api);
