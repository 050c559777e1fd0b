/**
 * A local-users HostConfiguration passes the same gate as every other one before its accounts are read: the
 * namespace and layer Sitekit writes, no field beside apiVersion/kind/metadata/spec, a readable, unwrapped
 * profile. Anything else is kept byte for byte with the reason the technician sees, so that regenerating the
 * repo cannot drop what a person wrote (a `status:` block, a priority in spec).
 */
import { describe, expect, it } from 'vitest';
import { importFiles, type ImportResult } from '../../../../main/core/manifests/import';
import { Site, type SiteInput } from '../../../../main/core/site/schema';
import { hostConfigurationText as hc, type HostConfigurationText } from '../../../helpers/host-configuration';
import { oneNodeSite } from '../../../helpers/manifest-sites';

const HASH = '$6$vocvaTDqp5Cg.$Q6q7pshtoHi59oeU9O9zJN4FQ4gjtobSvA1RKG1FbSeIhNIdYwrXCcYPMm8NUTb8GtkFSSjstdkQj2IYld2Qx/';
const USERS = {
  esx: {
    authentication: { user_accounts: [{ name: 'ops', password_hash: HASH }] },
    authorization: { permissions: [{ principal: 'ops', is_group: false, access_mode: 'Admin' }] },
  },
};

const base = (): SiteInput => JSON.parse(JSON.stringify(oneNodeSite())) as SiteInput;
const importOne = (profile: unknown, o: HostConfigurationText = {}): { r: ImportResult; content: string } => {
  const content = hc('store-users', profile, o);
  return { r: importFiles([{ path: 'users.yaml', content }], { base: base() }), content };
};
const fate = (r: ImportResult) => r.items.filter((i) => i.file === 'users.yaml').map((i) => `${i.outcome} ${i.outcome === 'modeled' ? i.into : i.reason}`);

describe('local users: the gate every HostConfiguration passes', () => {
  it('the plain document is modelled into spec.users', () => {
    const { r } = importOne(USERS);
    expect(fate(r)).toEqual(['modeled spec.users']);
    expect(Site.parse(r.site).spec.users.map((u) => `${u.name} ${u.access}`)).toEqual(['ops Admin']);
  });

  it('a status block or an extra spec field keeps the file as written, users untouched', () => {
    for (const o of [{ extra: 'status:\n  applied: true\n' }, { specExtra: '  priority: 1\n' }]) {
      const { r, content } = importOne(USERS, o);
      expect(fate(r)).toEqual(['verbatim extra-fields']);
      const s = Site.parse(r.site);
      expect(s.spec.users).toEqual(base().spec.users ?? []);
      expect(s.spec.workloads.apps.find((a) => a.name === 'users')?.manifest).toBe(content);
    }
  });

  it('another namespace or a full layer: the same reason as any HostConfiguration', () => {
    expect(fate(importOne(USERS, { namespace: 'default' }).r)).toEqual(['verbatim not-incremental-esx-system']);
    expect(fate(importOne(USERS, { layertype: 'Full' }).r)).toEqual(['verbatim not-incremental-esx-system']);
  });

  it('a users profile wrapped in {"profile": …} says so, as every wrapped profile does', () => {
    expect(fate(importOne({ profile: USERS }).r)).toEqual(['verbatim profile-wrapped']);
    expect(fate(importOne({ profile: { esx: { system: {} } } }).r)).toEqual(['verbatim profile-wrapped']);
  });
});
