/**
 * The contract over the loopback bridge (browser mode). The per-launch token arrives once in the page URL;
 * it is kept in sessionStorage for reloads and removed from the address bar.
 */
import { buildApi, type Invoke, type Subscribe } from '../../main/ipc/api';
import type { EventName, SitekitApi } from '../../main/ipc/contract';
import type { Result } from '../../main/core/result';

const KEY = 'sitekit.token';

export function takeToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(KEY) ?? '';
}

export function createWebClient(token: string): SitekitApi {
  const invoke: Invoke = async (channel, request) => {
    try {
      const res = await fetch(`/api/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Sitekit-Token': token },
        body: JSON.stringify(request),
      });
      const body = (await res.json()) as Result<unknown>;
      return body;
    } catch (e) {
      return { ok: false, error: { code: 'network-unreachable', message: `Sitekit's background service did not answer: ${(e as Error).message}`, hint: 'Check that `npm start` is still running, then reload.' } };
    }
  };
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  let started = false;
  const start = (): void => {
    if (started) return;
    started = true;
    void (async () => {
      for (;;) {
        try {
          const res = await fetch('/api/events', { headers: { 'X-Sitekit-Token': token } });
          if (!res.body) return;
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          let buf = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buf += value;
            let i: number;
            while ((i = buf.indexOf('\n')) >= 0) {
              const line = buf.slice(0, i);
              buf = buf.slice(i + 1);
              if (!line) continue;
              const { event, payload } = JSON.parse(line) as { event: EventName; payload: unknown };
              listeners.get(event)?.forEach((l) => l(payload));
            }
          }
        } catch {
          // Reconnect below.
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
    })();
  };
  const subscribe: Subscribe = (event, listener) => {
    start();
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => set.delete(listener);
  };
  return buildApi(invoke, subscribe);
}
