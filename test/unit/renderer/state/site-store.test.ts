import { describe, expect, it } from 'vitest';
import { initialSiteStore, restoreSiteStore, siteStoreReducer, storableSiteStore } from '../../../../renderer/state/site-store';
import { formatRoute, parseRoute } from '../../../../renderer/state/route';
import { Site } from '../../../../main/core/site/schema';
import { minimalSite } from '../../../helpers/sites';

const site = Site.parse(minimalSite({ twoNode: true }));

describe('per-site store', () => {
  it('keeps the drafts of every step in one reducer and writes no secret to storage', () => {
    let s = initialSiteStore(site);
    s = siteStoreReducer(s, { slice: 'media', action: { type: 'iso', path: '/isos/esxi.iso' } });
    s = siteStoreReducer(s, { slice: 'media', action: { type: 'password', password: 'Vm-ware!2024', confirm: 'Vm-ware!2024' } });
    s = siteStoreReducer(s, { slice: 'media', action: { type: 'typed', device: '/dev/sdb', text: 'sdb' } });
    s = siteStoreReducer(s, { slice: 'git', action: { type: 'form', patch: { url: 'https://git.example.com/x.git', username: 'ana', secret: 'hunter2-token' } } });
    s = siteStoreReducer(s, { slice: 'git', action: { type: 'signing', on: true, armoredKey: '-----BEGIN PGP PRIVATE KEY BLOCK-----', passphrase: 'pp' } });
    const stored = storableSiteStore(s);
    expect(stored).toContain('/isos/esxi.iso');
    expect(stored).toContain('https://git.example.com/x.git');
    for (const secret of ['Vm-ware!2024', 'hunter2-token', 'PRIVATE KEY', '"pp"', '"sdb"']) expect(stored).not.toContain(secret);

    const back = restoreSiteStore(site, stored);
    expect(back.media.iso).toBe('/isos/esxi.iso');
    expect(back.media.password).toBe('');
    expect(back.git.form).toMatchObject({ url: 'https://git.example.com/x.git', username: 'ana', secret: '' });
    expect(back.git.signing).toBe(true);
    expect(back.git.armoredKey).toBe('');
  });

  it('falls back to the defaults for unreadable storage and a host that no longer exists', () => {
    expect(restoreSiteStore(site, '{not json')).toEqual(initialSiteStore(site));
    const stale = JSON.stringify({ media: { scope: 'esx09', devices: [1, '/dev/sdc'], scheme: 'weird' } });
    const r = restoreSiteStore(site, stale);
    expect(r.media.scope).toBe('esx01');
    expect(r.media.devices).toEqual(['/dev/sdc']);
    expect(r.media.scheme).toBe('mbr');
  });

  it('reset swaps in another site\'s drafts', () => {
    const other = initialSiteStore(Site.parse(minimalSite({ id: 'other-site' })));
    expect(siteStoreReducer(initialSiteStore(site), { slice: 'reset', store: other })).toBe(other);
  });
});

describe('hash route', () => {
  it('round-trips the open site and step, and reads anything else as the start screen', () => {
    expect(parseRoute(formatRoute({ siteId: 'store-0421', step: 'media' }))).toEqual({ siteId: 'store-0421', step: 'media' });
    expect(formatRoute({ step: 'site' })).toBe('#/');
    expect(parseRoute('')).toEqual({ step: 'site' });
    expect(parseRoute('#/sites/store-0421/nope')).toEqual({ siteId: 'store-0421', step: 'site' });
    expect(parseRoute('#/sites/../etc/git')).toEqual({ step: 'site' });
    expect(parseRoute('#/sites/UPPER/git')).toEqual({ step: 'site' });
  });
});
