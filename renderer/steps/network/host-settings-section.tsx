/**
 * Settings every host of the site applies (written under base/): NFS datastores, advanced options, the
 * software acceptance level and account lockout. Shapes and sources: main/core/site/host-settings.ts.
 */
import { ACCEPTANCE_LEVELS, type HostSettings } from '../../../main/core/site/host-settings';
import { Field } from '../../components/field';
import type { DraftProps } from './draft-props';
import { numberValue, removeAt, replaceAt } from './network-form';

export function HostSettingsSection({ draft, edit, issue }: DraftProps) {
  const hs = draft.spec.hostSettings;
  const set = (fn: (h: HostSettings) => HostSettings) => edit((s) => ({ ...s, spec: { ...s.spec, hostSettings: fn(s.spec.hostSettings) } }));
  const p = 'spec.hostSettings';
  return (
    <section aria-labelledby="host-settings-title" className="host-settings">
      <h3 id="host-settings-title">Settings for every host</h3>

      <fieldset>
        <legend>NFS datastores</legend>
        {hs.nfsDatastores.length === 0 && <p className="muted">None. Each datastore is mounted on every host (NFS v3, as in VMware&apos;s example).</p>}
        {hs.nfsDatastores.map((d, i) => (
          <div key={i} className="grid-3 workload-card" role="group" aria-label={`NFS datastore ${d.name || i + 1}`}>
            <Field label={`Datastore ${i + 1} name`} error={issue(`${p}.nfsDatastores[${i}].name`)}>
              {(a) => <input {...a} value={d.name} onChange={(e) => set((h) => ({ ...h, nfsDatastores: replaceAt(h.nfsDatastores, i, { ...d, name: e.target.value }) }))} />}
            </Field>
            <Field label={`Datastore ${i + 1} NFS server`} error={issue(`${p}.nfsDatastores[${i}].server`)}>
              {(a) => <input {...a} value={d.server} onChange={(e) => set((h) => ({ ...h, nfsDatastores: replaceAt(h.nfsDatastores, i, { ...d, server: e.target.value }) }))} />}
            </Field>
            <Field label={`Datastore ${i + 1} export path`} error={issue(`${p}.nfsDatastores[${i}].share`)}>
              {(a) => <input {...a} value={d.share} onChange={(e) => set((h) => ({ ...h, nfsDatastores: replaceAt(h.nfsDatastores, i, { ...d, share: e.target.value }) }))} />}
            </Field>
            <label className="radio">
              <input type="checkbox" checked={d.readOnly} onChange={(e) => set((h) => ({ ...h, nfsDatastores: replaceAt(h.nfsDatastores, i, { ...d, readOnly: e.target.checked }) }))} /> Read only
            </label>
            <button type="button" className="btn btn-quiet" onClick={() => set((h) => ({ ...h, nfsDatastores: removeAt(h.nfsDatastores, i) }))}>
              Remove datastore {d.name}
            </button>
          </div>
        ))}
        <button type="button" className="btn" onClick={() => set((h) => ({ ...h, nfsDatastores: [...h.nfsDatastores, { name: `NFS${h.nfsDatastores.length + 1}`, server: '', share: '/', readOnly: false, connections: 1 }] }))}>
          Add NFS datastore
        </button>
      </fieldset>

      <fieldset>
        <legend>Advanced options</legend>
        <p className="muted">The key path comes from a community site repo, not VMware&apos;s examples: check an option on a test host first. One option per group.</p>
        {hs.advancedOptions.map((o, i) => (
          <div key={i} className="grid-3 workload-card" role="group" aria-label={`Advanced option ${o.name || i + 1}`}>
            <Field label={`Option ${i + 1} group`} hint="Lower case, e.g. mem" error={issue(`${p}.advancedOptions[${i}].group`)}>
              {(a) => <input {...a} value={o.group} onChange={(e) => set((h) => ({ ...h, advancedOptions: replaceAt(h.advancedOptions, i, { ...o, group: e.target.value }) }))} />}
            </Field>
            <Field label={`Option ${i + 1} name`} hint="e.g. ShareForceSalting" error={issue(`${p}.advancedOptions[${i}].name`)}>
              {(a) => <input {...a} value={o.name} onChange={(e) => set((h) => ({ ...h, advancedOptions: replaceAt(h.advancedOptions, i, { ...o, name: e.target.value }) }))} />}
            </Field>
            <Field label={`Option ${i + 1} value`} hint="A whole number is written as a number, anything else as text." error={issue(`${p}.advancedOptions[${i}].value`)}>
              {(a) => (
                <input
                  {...a}
                  value={String(o.value)}
                  onChange={(e) => set((h) => ({ ...h, advancedOptions: replaceAt(h.advancedOptions, i, { ...o, value: /^-?\d+$/.test(e.target.value.trim()) ? Number(e.target.value) : e.target.value }) }))}
                />
              )}
            </Field>
            <button type="button" className="btn btn-quiet" onClick={() => set((h) => ({ ...h, advancedOptions: removeAt(h.advancedOptions, i) }))}>
              Remove option {o.name}
            </button>
          </div>
        ))}
        <button type="button" className="btn" onClick={() => set((h) => ({ ...h, advancedOptions: [...h.advancedOptions, { group: '', name: '', value: 0 }] }))}>
          Add advanced option
        </button>
      </fieldset>

      <fieldset>
        <legend>Software and security</legend>
        <div className="grid-3">
          <Field label="Software acceptance level" hint="COMMUNITY is needed for Flings such as the USB NIC driver." error={issue(`${p}.acceptanceLevel`)}>
            {(a) => (
              <select {...a} value={hs.acceptanceLevel ?? ''} onChange={(e) => set((h) => ({ ...h, acceptanceLevel: (e.target.value || undefined) as HostSettings['acceptanceLevel'] }))}>
                <option value="">not set (leave the host as installed)</option>
                {ACCEPTANCE_LEVELS.map((l) => (
                  <option key={l} value={l}>
                    {l}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <label className="radio">
            <input type="checkbox" checked={hs.accountLockout !== undefined} onChange={(e) => set((h) => ({ ...h, accountLockout: e.target.checked ? { failures: 5, unlockSeconds: 900 } : undefined }))} /> Lock local accounts after failed logins
          </label>
          {hs.accountLockout && (
            <>
              <Field label="Failed logins before lock" error={issue(`${p}.accountLockout.failures`)}>
                {(a) => <input {...a} inputMode="numeric" value={Number.isNaN(hs.accountLockout?.failures) ? '' : String(hs.accountLockout?.failures)} onChange={(e) => set((h) => ({ ...h, accountLockout: h.accountLockout ? { ...h.accountLockout, failures: numberValue(e.target.value) } : h.accountLockout }))} />}
              </Field>
              <Field label="Seconds until unlock" error={issue(`${p}.accountLockout.unlockSeconds`)}>
                {(a) => <input {...a} inputMode="numeric" value={Number.isNaN(hs.accountLockout?.unlockSeconds) ? '' : String(hs.accountLockout?.unlockSeconds)} onChange={(e) => set((h) => ({ ...h, accountLockout: h.accountLockout ? { ...h.accountLockout, unlockSeconds: numberValue(e.target.value) } : h.accountLockout }))} />}
              </Field>
            </>
          )}
        </div>
      </fieldset>
    </section>
  );
}
