/**
 * Workloads, part of the Network & workloads step: VM classes, VMs (with cloud-init or Sysprep user data from
 * a ConfigMap or Secret), the Kubernetes worker node and apps as plain manifests. Existing manifests can be
 * imported from a folder: what Sitekit models fills these fields, everything else becomes an app, verbatim.
 */
import { useState } from 'react';
import type { AppError } from '../../../main/core/result';
import { Site, type Vm } from '../../../main/core/site/schema';
import { sitekit } from '../../api/client';
import { ErrorBanner } from '../../components/error-banner';
import { Field } from '../../components/field';
import type { DraftProps } from './draft-props';
import { formatKeyValues, formatPciIds, isUnknownClass, numberValue, parseKeyValues, parsePciIds, portGroupChoices, removeAt, replaceAt, splitList, unknownNetworks, vmClassChoices } from './network-form';

type Workloads = Site['spec']['workloads'];

const USER_DATA = {
  none: 'No user data',
  'CloudInit/ConfigMap': 'cloud-init from a ConfigMap',
  'CloudInit/Secret': 'cloud-init from a Secret',
  'Sysprep/Secret': 'Sysprep (unattend.xml) from a Secret',
} as const;
type UserDataChoice = keyof typeof USER_DATA;

export function WorkloadsSection({ draft, edit, issue }: DraftProps) {
  const wl = draft.spec.workloads;
  const setWl = (fn: (w: Workloads) => Workloads) => edit((s) => ({ ...s, spec: { ...s.spec, workloads: fn(s.spec.workloads) } }));
  const setVm = (i: number, fn: (v: Vm) => Vm) => setWl((w) => ({ ...w, vms: replaceAt(w.vms, i, fn(w.vms[i]!)) }));
  const classNames = wl.vmClasses.map((c) => c.name);
  const classChoices = vmClassChoices(draft);
  const p = 'spec.workloads';

  return (
    <section aria-labelledby="workloads-title" className="workloads">
      <h3 id="workloads-title">Workloads</h3>
      <ImportManifests draft={draft} edit={edit} issue={issue} />

      <fieldset>
        <legend>Kubernetes worker node</legend>
        <div className="grid-3">
          <label className="radio">
            <input type="checkbox" checked={wl.worker.enabled} onChange={(e) => setWl((w) => ({ ...w, worker: { ...w.worker, enabled: e.target.checked } }))} /> Run the worker node
          </label>
          <Field label="Worker vCPUs" hint="A power of two (1, 2, 4, 8…), as VMware's worker sample requires." error={issue(`${p}.worker.cpus`)}>
            {(a) => <input {...a} inputMode="numeric" value={Number.isNaN(wl.worker.cpus) ? '' : String(wl.worker.cpus)} onChange={(e) => setWl((w) => ({ ...w, worker: { ...w.worker, cpus: numberValue(e.target.value) } }))} />}
          </Field>
          <Field label="Worker memory (GiB)" error={issue(`${p}.worker.memoryGiB`)}>
            {(a) => <input {...a} inputMode="numeric" value={Number.isNaN(wl.worker.memoryGiB) ? '' : String(wl.worker.memoryGiB)} onChange={(e) => setWl((w) => ({ ...w, worker: { ...w.worker, memoryGiB: numberValue(e.target.value) } }))} />}
          </Field>
          <Field label="Worker power state" hint="VMware's examples declare poweredOff: the ECS worker controller powers the worker.">
            {(a) => (
              <select {...a} value={wl.worker.powerState} onChange={(e) => setWl((w) => ({ ...w, worker: { ...w.worker, powerState: e.target.value as 'poweredOn' | 'poweredOff' } }))}>
                <option value="poweredOff">poweredOff (as VMware's examples)</option>
                <option value="poweredOn">poweredOn</option>
              </select>
            )}
          </Field>
          <Field label="Worker address" hint="A static address goes into the worker-config ConfigMap.">
            {(a) => (
              <select {...a} value={wl.worker.network.mode} onChange={(e) => setWl((w) => ({ ...w, worker: { ...w.worker, network: { ...w.worker.network, mode: e.target.value as 'dhcp' | 'static' } } }))}>
                <option value="dhcp">DHCP</option>
                <option value="static">Static</option>
              </select>
            )}
          </Field>
          {wl.worker.network.mode === 'static' && (
            <>
              <Field label="Worker IP" error={issue(`${p}.worker.network.ip`)}>
                {(a) => <input {...a} value={wl.worker.network.ip ?? ''} onChange={(e) => setWl((w) => ({ ...w, worker: { ...w.worker, network: { ...w.worker.network, ip: e.target.value || undefined } } }))} />}
              </Field>
              <Field label="Worker prefix length" error={issue(`${p}.worker.network.prefix`)}>
                {(a) => <input {...a} inputMode="numeric" value={Number.isNaN(wl.worker.network.prefix) ? '' : String(wl.worker.network.prefix)} onChange={(e) => setWl((w) => ({ ...w, worker: { ...w.worker, network: { ...w.worker.network, prefix: numberValue(e.target.value) } } }))} />}
              </Field>
              <Field label="Worker gateway" error={issue(`${p}.worker.network.gateway`)}>
                {(a) => <input {...a} value={wl.worker.network.gateway ?? ''} onChange={(e) => setWl((w) => ({ ...w, worker: { ...w.worker, network: { ...w.worker.network, gateway: e.target.value || undefined } } }))} />}
              </Field>
              <Field label="Worker DNS servers" hint="Comma-separated; empty uses the site's DNS." error={issue(`${p}.worker.network.dns`)}>
                {(a) => <input {...a} value={wl.worker.network.dns.join(', ')} onChange={(e) => setWl((w) => ({ ...w, worker: { ...w.worker, network: { ...w.worker.network, dns: splitList(e.target.value) } } }))} />}
              </Field>
            </>
          )}
        </div>
      </fieldset>

      <fieldset>
        <legend>VM classes</legend>
        {wl.vmClasses.length === 0 && <p className="muted">No classes of your own; VMs can use the built-in best-effort-* and guaranteed-* classes.</p>}
        {wl.vmClasses.map((c, i) => (
          <div key={i} className="grid-3 workload-card" role="group" aria-label={`VM class ${c.name || i + 1}`}>
            <Field label={`Class ${i + 1} name`} error={issue(`${p}.vmClasses[${i}].name`)}>
              {(a) => <input {...a} value={c.name} onChange={(e) => setWl((w) => ({ ...w, vmClasses: replaceAt(w.vmClasses, i, { ...c, name: e.target.value }) }))} />}
            </Field>
            <Field label={`Class ${i + 1} vCPUs`} error={issue(`${p}.vmClasses[${i}].cpus`)}>
              {(a) => <input {...a} inputMode="numeric" value={Number.isNaN(c.cpus) ? '' : String(c.cpus)} onChange={(e) => setWl((w) => ({ ...w, vmClasses: replaceAt(w.vmClasses, i, { ...c, cpus: numberValue(e.target.value) }) }))} />}
            </Field>
            <Field label={`Class ${i + 1} memory (MiB)`} error={issue(`${p}.vmClasses[${i}].memoryMiB`)}>
              {(a) => <input {...a} inputMode="numeric" value={Number.isNaN(c.memoryMiB) ? '' : String(c.memoryMiB)} onChange={(e) => setWl((w) => ({ ...w, vmClasses: replaceAt(w.vmClasses, i, { ...c, memoryMiB: numberValue(e.target.value) }) }))} />}
            </Field>
            <Field label={`Class ${i + 1} reservation`}>
              {(a) => (
                <select {...a} value={c.reservation} onChange={(e) => setWl((w) => ({ ...w, vmClasses: replaceAt(w.vmClasses, i, { ...c, reservation: e.target.value as 'best-effort' | 'guaranteed' }) }))}>
                  <option value="best-effort">best effort (no reservation)</option>
                  <option value="guaranteed">guaranteed (CPU and memory reserved)</option>
                </select>
              )}
            </Field>
            <Field label={`Class ${i + 1} latency sensitivity`} hint="high needs the guaranteed reservation (VMware's latency example).">
              {(a) => (
                <select {...a} value={c.latencySensitivity ?? ''} onChange={(e) => setWl((w) => ({ ...w, vmClasses: replaceAt(w.vmClasses, i, { ...c, latencySensitivity: (e.target.value || undefined) as typeof c.latencySensitivity }) }))}>
                  <option value="">not set</option>
                  <option value="normal">normal</option>
                  <option value="low">low</option>
                  <option value="medium">medium</option>
                  <option value="high">high</option>
                </select>
              )}
            </Field>
            <Field label={`Class ${i + 1} passthrough devices`} hint="PCI vendor:device per line, as lspci -nn shows them (e.g. 10de:25b6 for an NVIDIA A2)." error={issue(`${p}.vmClasses[${i}].passthroughDevices`)}>
              {(a) => <textarea {...a} rows={2} spellCheck={false} defaultValue={formatPciIds(c.passthroughDevices)} onBlur={(e) => setWl((w) => ({ ...w, vmClasses: replaceAt(w.vmClasses, i, { ...c, passthroughDevices: parsePciIds(e.target.value) }) }))} />}
            </Field>
            <Field label={`Class ${i + 1} extra VMX options`} hint="key=value per line (configSpec.extraConfig), e.g. pciPassthru.use64bitMMIO=true" error={issue(`${p}.vmClasses[${i}].extraConfig`)}>
              {(a) => <textarea {...a} rows={2} spellCheck={false} defaultValue={formatKeyValues(c.extraConfig)} onBlur={(e) => setWl((w) => ({ ...w, vmClasses: replaceAt(w.vmClasses, i, { ...c, extraConfig: parseKeyValues(e.target.value) }) }))} />}
            </Field>
            <button type="button" className="btn btn-quiet" onClick={() => setWl((w) => ({ ...w, vmClasses: removeAt(w.vmClasses, i) }))}>
              Remove class {c.name}
            </button>
          </div>
        ))}
        <button type="button" className="btn" onClick={() => setWl((w) => ({ ...w, vmClasses: [...w.vmClasses, { name: `class-${w.vmClasses.length + 1}`, cpus: 2, memoryMiB: 4096, reservation: 'best-effort', extraConfig: [], passthroughDevices: [] }] }))}>
          Add VM class
        </button>
      </fieldset>

      <fieldset>
        <legend>Virtual machines</legend>
        <datalist id="vm-class-names">
          {classChoices.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        {wl.vms.map((vm, i) => {
          const vp = `${p}.vms[${i}]`;
          const ud: UserDataChoice = vm.userData ? (`${vm.userData.transport}/${vm.userData.source}` as UserDataChoice) : 'none';
          return (
            <div key={i} className="workload-card" role="group" aria-label={`VM ${vm.name || i + 1}`}>
              <div className="grid-3">
                <Field label={`VM ${i + 1} name`} error={issue(`${vp}.name`)}>
                  {(a) => <input {...a} value={vm.name} onChange={(e) => setVm(i, (v) => ({ ...v, name: e.target.value }))} />}
                </Field>
                <Field label={`VM ${i + 1} namespace`} error={issue(`${vp}.namespace`)}>
                  {(a) => <input {...a} value={vm.namespace} onChange={(e) => setVm(i, (v) => ({ ...v, namespace: e.target.value }))} />}
                </Field>
                <Field
                  label={`VM ${i + 1} class`}
                  error={issue(`${vp}.className`)}
                  hint={isUnknownClass(draft, vm.className) ? `⚠ No class "${vm.className}" is defined on this site or built in; the Review step will flag it.` : 'Pick a class of this site or a built-in one, or type another name.'}
                >
                  {(a) => <input {...a} list="vm-class-names" value={vm.className} onChange={(e) => setVm(i, (v) => ({ ...v, className: e.target.value }))} />}
                </Field>
                <Field label={`VM ${i + 1} image`} hint="OVA location without http(s)://, e.g. 192.168.10.5:8000/app.ova" error={issue(`${vp}.image`)}>
                  {(a) => <input {...a} value={vm.image} onChange={(e) => setVm(i, (v) => ({ ...v, image: e.target.value }))} />}
                </Field>
                <Field label={`VM ${i + 1} power state`}>
                  {(a) => (
                    <select {...a} value={vm.powerState} onChange={(e) => setVm(i, (v) => ({ ...v, powerState: e.target.value as Vm['powerState'] }))}>
                      <option value="poweredOn">powered on</option>
                      <option value="poweredOff">powered off</option>
                    </select>
                  )}
                </Field>
                <VmNetworks draft={draft} vm={vm} index={i} setVm={(fn) => setVm(i, fn)} error={issue(`${vp}.networks`)} />
                {draft.spec.hosts.length > 1 && (
                  <Field label={`VM ${i + 1} host`}>
                    {(a) => (
                      <select {...a} value={vm.host ?? draft.spec.hosts[0]?.name} onChange={(e) => setVm(i, (v) => ({ ...v, host: e.target.value === draft.spec.hosts[0]?.name ? undefined : e.target.value }))}>
                        {draft.spec.hosts.map((h) => (
                          <option key={h.name} value={h.name}>
                            {h.name}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                )}
                <Field label={`VM ${i + 1} user data`}>
                  {(a) => (
                    <select
                      {...a}
                      value={ud}
                      onChange={(e) => {
                        const choice = e.target.value as UserDataChoice;
                        setVm(i, (v) => {
                          if (choice === 'none') return { ...v, userData: undefined };
                          const [transport, source] = choice.split('/') as ['CloudInit' | 'Sysprep', 'ConfigMap' | 'Secret'];
                          return { ...v, userData: { transport, source, content: v.userData?.content ?? (transport === 'Sysprep' ? '<unattend xmlns="urn:schemas-microsoft-com:unattend"/>\n' : '#cloud-config\n') } };
                        });
                      }}
                    >
                      {(Object.keys(USER_DATA) as UserDataChoice[]).map((k) => (
                        <option key={k} value={k}>
                          {USER_DATA[k]}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              </div>
              {vm.userData && (
                <Field label={`VM ${i + 1} user data content`} hint="Never put plain passwords here: use $6$ hashes or SSH keys. The Review step flags plain ones." error={issue(`${vp}.userData.content`)}>
                  {(a) => <textarea {...a} spellCheck={false} value={vm.userData?.content ?? ''} onChange={(e) => setVm(i, (v) => ({ ...v, userData: v.userData ? { ...v.userData, content: e.target.value } : v.userData }))} />}
                </Field>
              )}
              <button type="button" className="btn btn-quiet" onClick={() => setWl((w) => ({ ...w, vms: removeAt(w.vms, i) }))}>
                Remove VM {vm.name}
              </button>
            </div>
          );
        })}
        <button
          type="button"
          className="btn"
          onClick={() => setWl((w) => ({ ...w, vms: [...w.vms, { name: `vm-${w.vms.length + 1}`, namespace: 'default', className: classNames[0] ?? 'best-effort-small', image: '', powerState: 'poweredOn', networks: ['VM Network'] }] }))}
        >
          Add VM
        </button>
      </fieldset>

      <MetallbPools draft={draft} edit={edit} issue={issue} />

      <fieldset>
        <legend>Kubernetes apps (plain manifests)</legend>
        {wl.apps.map((app, i) => (
          <div key={i} className="workload-card" role="group" aria-label={`App ${app.name || i + 1}`}>
            <Field label={`App ${i + 1} name`} error={issue(`${p}.apps[${i}].name`)}>
              {(a) => <input {...a} value={app.name} onChange={(e) => setWl((w) => ({ ...w, apps: replaceAt(w.apps, i, { ...app, name: e.target.value }) }))} />}
            </Field>
            <Field label={`App ${i + 1} manifest`} hint="Kept verbatim, comments included; linted in the Review step." error={issue(`${p}.apps[${i}].manifest`)}>
              {(a) => <textarea {...a} spellCheck={false} value={app.manifest} onChange={(e) => setWl((w) => ({ ...w, apps: replaceAt(w.apps, i, { ...app, manifest: e.target.value }) }))} />}
            </Field>
            <button type="button" className="btn btn-quiet" onClick={() => setWl((w) => ({ ...w, apps: removeAt(w.apps, i) }))}>
              Remove app {app.name}
            </button>
          </div>
        ))}
        <button type="button" className="btn" onClick={() => setWl((w) => ({ ...w, apps: [...w.apps, { name: `app-${w.apps.length + 1}`, manifest: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: my-app\n' }] }))}>
          Add app
        </button>
      </fieldset>
    </section>
  );
}

/**
 * A VM's networks: the port groups its host defines as checkboxes, plus free text for any other name (with a
 * warning, since the Review step flags a network no port group defines).
 */
function VmNetworks({ draft, vm, index, setVm, error }: { readonly draft: Site; readonly vm: Vm; readonly index: number; readonly setVm: (fn: (v: Vm) => Vm) => void; readonly error?: string }) {
  const choices = portGroupChoices(draft, vm.host);
  const others = unknownNetworks(draft, vm.host, vm.networks);
  const toggle = (name: string, on: boolean) => setVm((v) => ({ ...v, networks: on ? [...v.networks.filter((n) => n !== name), name] : v.networks.filter((n) => n !== name) }));
  return (
    <div className="field vm-networks" role="group" aria-label={`VM ${index + 1} networks`}>
      <span className="label">VM {index + 1} networks</span>
      {choices.map((g) => (
        <label key={g} className="radio">
          <input type="checkbox" checked={vm.networks.includes(g)} onChange={(e) => toggle(g, e.target.checked)} /> {g}
        </label>
      ))}
      <Field
        label={`VM ${index + 1} other networks`}
        hint={others.length > 0 ? `⚠ ${others.join(', ')}: no port group of that name on ${vm.host ?? draft.spec.hosts[0]?.name ?? 'the host'}; the Review step will flag it.` : 'Other port group names, comma-separated (optional).'}
        error={error}
      >
        {(a) => <input {...a} value={others.join(', ')} onChange={(e) => setVm((v) => ({ ...v, networks: [...v.networks.filter((n) => choices.includes(n)), ...splitList(e.target.value)] }))} />}
      </Field>
    </div>
  );
}

/** MetalLB address pools (IPAddressPool + L2Advertisement, MetalLB 0.13+); MetalLB itself is an app. */
function MetallbPools({ draft, edit, issue }: DraftProps) {
  const pools = draft.spec.workloads.metallbPools;
  const set = (fn: (p: typeof pools) => typeof pools) => edit((s) => ({ ...s, spec: { ...s.spec, workloads: { ...s.spec.workloads, metallbPools: fn(s.spec.workloads.metallbPools) } } }));
  const p = 'spec.workloads.metallbPools';
  return (
    <fieldset>
      <legend>MetalLB address pools</legend>
      {pools.length === 0 && <p className="muted">No pools. Add one when a Service of type LoadBalancer needs an address on the site network.</p>}
      {pools.map((pool, i) => (
        <div key={i} className="grid-3 workload-card" role="group" aria-label={`Address pool ${pool.name || i + 1}`}>
          <Field label={`Pool ${i + 1} name`} error={issue(`${p}[${i}].name`)}>
            {(a) => <input {...a} value={pool.name} onChange={(e) => set((l) => replaceAt(l, i, { ...pool, name: e.target.value }))} />}
          </Field>
          <Field label={`Pool ${i + 1} addresses`} hint="Ranges or CIDRs, comma-separated, e.g. 192.168.10.240-192.168.10.250" error={issue(`${p}[${i}].addresses`) ?? issue(`${p}[${i}].addresses[0]`)}>
            {(a) => <input {...a} value={pool.addresses.join(', ')} onChange={(e) => set((l) => replaceAt(l, i, { ...pool, addresses: splitList(e.target.value) }))} />}
          </Field>
          <label className="radio">
            <input type="checkbox" checked={pool.autoAssign} onChange={(e) => set((l) => replaceAt(l, i, { ...pool, autoAssign: e.target.checked }))} /> Assign automatically
          </label>
          <button type="button" className="btn btn-quiet" onClick={() => set((l) => removeAt(l, i))}>
            Remove pool {pool.name}
          </button>
        </div>
      ))}
      <button type="button" className="btn" onClick={() => set((l) => [...l, { name: l.length === 0 ? 'default' : `pool-${l.length + 1}`, addresses: [], autoAssign: true }])}>
        Add address pool
      </button>
    </fieldset>
  );
}

/** Imports a folder of existing manifests (a site repo or loose files) into the draft. */
function ImportManifests({ draft, edit }: DraftProps) {
  const [dir, setDir] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | undefined>();
  const [summary, setSummary] = useState('');
  const run = async () => {
    setBusy(true);
    setError(undefined);
    const r = await sitekit.manifests.import({ dir, base: draft });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    const parsed = Site.safeParse(r.value.site);
    if (!parsed.success) {
      return setError({ code: 'schema-error', message: 'The imported manifests do not make a valid site with this draft.', issues: r.value.issues, hint: 'Nothing was changed. Fix the fields listed in the site, then import again.' });
    }
    // The open site stays the open site: a site.yaml in the folder may carry another id or name.
    edit(() => ({ ...parsed.data, metadata: draft.metadata, records: draft.records }));
    const modelled = r.value.items.filter((i) => i.outcome === 'modeled').length;
    const kept = new Set(r.value.items.filter((i) => i.outcome === 'verbatim').map((i) => i.file)).size;
    setSummary(`Imported ${modelled} document(s) into the fields below; ${kept} file(s) kept verbatim as apps. Review and save.`);
  };
  return (
    <div className="import-box">
      <Field label="Import existing manifests from a folder" hint="A site repository or a folder of YAML files on this computer.">
        {(a) => <input {...a} value={dir} placeholder="/home/tech/site-repo" onChange={(e) => setDir(e.target.value)} />}
      </Field>
      <button type="button" className="btn" disabled={!dir.trim() || busy} onClick={() => void run()}>
        {busy ? 'Importing…' : 'Import manifests'}
      </button>
      <span className="muted" role="status" aria-live="polite">
        {summary}
      </span>
      {error && <ErrorBanner error={error} onDismiss={() => setError(undefined)} />}
    </div>
  );
}
