/** MetalLB address pools of the site. */
import { Field } from '../../components/field';
import type { DraftProps } from './draft-props';
import { removeAt, replaceAt, splitList } from './network-form';

/** MetalLB address pools (IPAddressPool + L2Advertisement, MetalLB 0.13+); MetalLB itself is an app. */
export function MetallbPools({ draft, edit, issue }: DraftProps) {
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
