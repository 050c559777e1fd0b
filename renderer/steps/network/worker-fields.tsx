/** The Kubernetes worker node's fields (Network & workloads step). */
import type { Site } from '../../../main/core/site/schema';
import { Field } from '../../components/field';
import type { DraftProps } from './draft-props';
import { numberValue, setWorkerIp, splitList, workerIpFields } from './network-form';

type Workloads = Site['spec']['workloads'];

export function WorkerFields({ draft, edit, issue }: DraftProps) {
  const wl = draft.spec.workloads;
  const setWl = (fn: (w: Workloads) => Workloads) => edit((s) => ({ ...s, spec: { ...s.spec, workloads: fn(s.spec.workloads) } }));
  const p = 'spec.workloads';
  return (
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
          {/* One address per host on a two-node site: every host runs its own worker. */}
          {workerIpFields(draft).map((f, i, all) => (
            <Field key={f.host} label={all.length > 1 ? `Worker IP on ${f.host}` : 'Worker IP'} hint={f.suggestion ? `Free in the management subnet: ${f.suggestion}` : undefined} error={f.issuePaths.map(issue).find(Boolean)}>
              {(a) => <input {...a} value={f.value} placeholder={f.suggestion} onChange={(e) => edit((s) => setWorkerIp(s, i, e.target.value || undefined))} />}
            </Field>
          ))}
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
  );
}
