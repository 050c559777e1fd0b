import { describe, expect, it } from 'vitest';
import { connectRequest, diffLineClass, progressPercent, queueText, withReason, type ConnectForm } from '../../../../../renderer/steps/git/git-model';

const form: ConnectForm = { mode: 'clone', url: 'https://git.example.com/org/sites.git', dir: '', branch: 'main', basePath: 'sites', username: 'alice', secret: 'pw', secretKind: 'password', remember: false };

describe('connectRequest', () => {
  it('builds a clone request with password credentials', () => {
    expect(connectRequest('store-0421', form)).toEqual({
      errors: {},
      request: { siteId: 'store-0421', mode: 'clone', url: form.url, branch: 'main', basePath: 'sites', credentials: { username: 'alice', password: 'pw' }, remember: false },
    });
  });
  it('sends a token as a token, and no credentials when none were typed', () => {
    expect(connectRequest('s', { ...form, secretKind: 'token', username: '', secret: 'glpat-x' }).request?.credentials).toEqual({ token: 'glpat-x' });
    expect(connectRequest('s', { ...form, secret: '' }).request?.credentials).toBeUndefined();
  });
  it('refuses credentials in the URL, a missing URL, a bad branch and a base path leaving the repo', () => {
    expect(connectRequest('s', { ...form, url: 'https://a:b@git.example.com/x.git' }).errors.url).toMatch(/Leave the user name and password out/);
    expect(connectRequest('s', { ...form, url: '' }).errors.url).toMatch(/HTTPS address/);
    expect(connectRequest('s', { ...form, branch: 'a..b' }).errors.branch).toBeDefined();
    expect(connectRequest('s', { ...form, basePath: '../x' }).errors.basePath).toBeDefined();
    expect(connectRequest('s', { ...form, mode: 'open', dir: '' }).errors.dir).toBeDefined();
  });
  it('checks only the chosen mode: a bad URL left behind does not block opening a clone, a folder does not block cloning', () => {
    const open = connectRequest('s', { ...form, url: 'not an address', mode: 'open', dir: '/data/sites' });
    expect(open.errors).toEqual({});
    expect(open.request?.url).toBeUndefined();
    const clone = connectRequest('s', { ...form, dir: 'left over' });
    expect(clone.errors).toEqual({});
    expect(clone.request?.dir).toBeUndefined();
    expect(connectRequest('s', { ...form, mode: 'init', url: '' }).errors).toEqual({});
  });
  it('asks for HTTPS; plain http to this computer only when main says it is allowed', () => {
    const allow = { allowLoopbackHttp: true };
    expect(connectRequest('s', { ...form, url: 'http://git.example.com/org/sites.git' }, allow).errors.url).toMatch(/HTTPS only/);
    expect(connectRequest('s', { ...form, url: 'http://127.0.0.1:8080/fleet.git' }).errors.url).toMatch(/HTTPS only.*SITEKIT_ALLOW_LOOPBACK_HTTP=1/);
    expect(connectRequest('s', { ...form, url: 'http://127.0.0.1:8080/fleet.git' }, allow).errors).toEqual({});
    expect(connectRequest('s', { ...form, url: 'http://localhost:8080/fleet.git' }, allow).errors).toEqual({});
    expect(connectRequest('s', { ...form, url: 'http://127.0.0.1.example.com/fleet.git' }, allow).errors.url).toMatch(/HTTPS only/);
  });
  it('opening a clone sends the folder and no URL', () => {
    const r = connectRequest('s', { ...form, mode: 'open', dir: '/data/sites' }).request;
    expect(r).toMatchObject({ mode: 'open', dir: '/data/sites' });
    expect(r?.url).toBeUndefined();
    expect(r?.credentials).toBeUndefined();
  });
});

describe('texts and helpers', () => {
  it('says how many commits wait', () => {
    expect(queueText(0)).toBe('Nothing waiting to push');
    expect(queueText(1)).toBe('1 commit waiting to push');
    expect(queueText(3)).toBe('3 commits waiting to push');
  });
  it('shows the typed reason in the message preview', () => {
    expect(withReason('s: add\n\nWhy: regenerated from site.yaml\n', ' new NIC ')).toBe('s: add\n\nWhy: new NIC\n');
    expect(withReason('s: add\n\nWhy: x\n', '')).toBe('s: add\n\nWhy: regenerated from site.yaml\n');
  });
  it('classifies diff lines and computes progress', () => {
    expect(['--- a/x', '+++ b/x', '@@ -1 +1 @@', '+a', '-b', ' c', '\\ No newline at end of file'].map(diffLineClass)).toEqual(['diff-file', 'diff-file', 'diff-hunk', 'diff-add', 'diff-del', 'diff-ctx', 'diff-note']);
    expect(progressPercent({ bytes: 5, total: 10 })).toBe(50);
    expect(progressPercent({ bytes: 5, total: 0 })).toBeUndefined();
  });
});
