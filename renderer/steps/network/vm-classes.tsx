/** VM classes of the site: size, reservation, latency sensitivity, passthrough devices and extra VMX options. */
import type { Site } from '../../../main/core/site/schema';
import { Field } from '../../components/field';
import type { DraftProps } from './draft-props';
import { formatKeyValues, formatPciIds, numberValue, parseKeyValues, parsePciIds, removeAt, replaceAt } from './network-form';

type Workloads = Site['spec']['workloads'];

export function VmClasses({ draft, edit, issue }: DraftProps) {
  const wl = draft.spec.workloads;
  const setWl = (fn: (w: Workloads) => Workloads) => edit((s) => ({ ...s, spec: { ...s.spec, workloads: fn(s.spec.workloads) } }));
  const p = 'spec.workloads';
  return (
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
  );
}
