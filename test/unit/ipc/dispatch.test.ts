import { describe, expect, it, vi } from 'vitest';
import { dispatch, type Handlers, type HandlerContext } from '../../../main/ipc/dispatch';
import { channelNames, channels } from '../../../main/ipc/contract';
import { buildApi } from '../../../main/ipc/api';
import { ok } from '../../../main/core/result';

const ctx: HandlerContext = { emit: () => undefined, transport: 'direct' };

/** Handlers that record what reached them. */
function spyHandlers() {
  const calls: [string, unknown][] = [];
  const handlers = Object.fromEntries(
    channelNames.map((name) => [
      name,
      async (req: unknown) => {
        calls.push([name, req]);
        return ok({ echoed: req });
      },
    ]),
  ) as unknown as Handlers;
  return { handlers, calls };
}

describe('contract runtime validation', () => {
  it('rejects a malformed request with a typed error before any service runs', async () => {
    const { handlers, calls } = spyHandlers();
    const r = await dispatch(handlers, 'site:load', { id: '../../etc/passwd' }, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid-request');
      expect(r.error.issues?.[0]?.path).toBe('id');
    }
    expect(calls).toEqual([]);
  });

  it('rejects unknown fields (strict requests) and unknown channels', async () => {
    const { handlers, calls } = spyHandlers();
    const extra = await dispatch(handlers, 'site:list', { sneaky: true }, ctx);
    expect(extra.ok).toBe(false);
    const unknown = await dispatch(handlers, 'shell:exec', {}, ctx);
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error.message).toContain('Unknown channel');
    const proto = await dispatch(handlers, '__proto__', {}, ctx);
    expect(proto.ok).toBe(false);
    expect(calls).toEqual([]);
  });

  it('passes a valid request through to its handler', async () => {
    const { handlers, calls } = spyHandlers();
    const r = await dispatch(handlers, 'site:load', { id: 'store-0421' }, ctx);
    expect(r).toEqual({ ok: true, value: { echoed: { id: 'store-0421' } } });
    expect(calls).toEqual([['site:load', { id: 'store-0421' }]]);
  });

  it('turns an exception inside a handler into an internal error and reports it', async () => {
    const { handlers } = spyHandlers();
    const broken = { ...handlers, 'site:list': async () => { throw new Error('disk on fire'); } } as Handlers;
    const sink = vi.fn();
    const r = await dispatch(broken, 'site:list', {}, ctx, sink);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('internal');
      expect(r.error.message).toContain('disk on fire');
    }
    expect(sink).toHaveBeenCalledOnce();
  });

  it('every channel has a request schema and a noun:verb name', () => {
    for (const name of channelNames) {
      expect(name).toMatch(/^[a-z]+:[a-zA-Z]+$/);
      expect(typeof channels[name].request.safeParse).toBe('function');
    }
  });

  it('the derived API has one function per channel and no generic invoke', async () => {
    const seen: string[] = [];
    const api = buildApi(async (ch) => { seen.push(ch); return ok(null); }, () => () => undefined) as unknown as Record<string, Record<string, (r: unknown) => Promise<unknown>>>;
    for (const name of channelNames) {
      const [noun, verb] = name.split(':') as [string, string];
      await api[noun]![verb]!({});
    }
    expect(seen).toEqual(channelNames);
    expect('invoke' in api).toBe(false);
    expect(Object.isFrozen(api)).toBe(true);
  });
});
