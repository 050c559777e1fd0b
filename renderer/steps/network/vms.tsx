/** Virtual machines of the site: class, image, power state, networks, host and user data. */
import { Site, type Vm } from '../../../main/core/site/schema';
import { Field } from '../../components/field';
import type { DraftProps } from './draft-props';
import { isUnknownClass, portGroupChoices, removeAt, replaceAt, splitList, unknownNetworks, vmClassChoices } from './network-form';

type Workloads = Site['spec']['workloads'];

const USER_DATA = {
  none: 'No user data',
  'CloudInit/ConfigMap': 'cloud-init from a ConfigMap',
  'CloudInit/Secret': 'cloud-init from a Secret',
  'Sysprep/Secret': 'Sysprep (unattend.xml) from a Secret',
} as const;
type UserDataChoice = keyof typeof USER_DATA;

export function VirtualMachines({ draft, edit, issue }: DraftProps) {
  const wl = draft.spec.workloads;
  const setWl = (fn: (w: Workloads) => Workloads) => edit((s) => ({ ...s, spec: { ...s.spec, workloads: fn(s.spec.workloads) } }));
  const p = 'spec.workloads';
  const setVm = (i: number, fn: (v: Vm) => Vm) => setWl((w) => ({ ...w, vms: replaceAt(w.vms, i, fn(w.vms[i]!)) }));
  const classNames = wl.vmClasses.map((c) => c.name);
  const classChoices = vmClassChoices(draft);
  return (
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
