/** One host in the Network & workloads step: management address, its NICs and install NIC from the plan, vSwitches, PTP. */
import type { Host } from '../../../main/core/site/schema';
import type { HostPlan } from '../../../main/core/host-plan/types';
import { installNicWords } from '../../../main/core/host-plan/words';
import { describeFinding } from '../../../main/core/hardware/messages';
import { Field } from '../../components/field';
import type { DraftProps } from './draft-props';
import { newSwitch, numberValue, updateHost, uplinkChoices } from './network-form';
import { VSwitchCard } from './vswitch-card';

/** Host plan findings the Network step shows where the uplinks are chosen (install NIC, uplinks against roles). */
const NETWORK_CODES = new Set(['uplink-role-unused', 'uplink-missing', 'uplink-unsupported', 'bmc-nic-as-uplink', 'install-nic-missing', 'install-nic-not-uplink', 'install-nic-no-driver']);

export function HostNetwork({ host, plan, index, draft, edit, issue }: DraftProps & { readonly host: Host; readonly plan?: HostPlan; readonly index: number }) {
  const base = `spec.hosts[${index}]`;
  const choices = uplinkChoices(host, plan);
  const problems = (plan?.verdict.findings ?? []).filter((f) => f.severity === 'error' && NETWORK_CODES.has(f.code));
  const setHost = (fn: (h: Host) => Host) => edit((s) => updateHost(s, index, fn));
  void draft;
  return (
    <fieldset className="host-net" aria-labelledby={`host-${index}-legend`}>
      <legend id={`host-${index}-legend`}>Host {host.name}</legend>
      <div className="grid-3">
        <Field label={`${host.name} management address`} hint="Static (recommended) or DHCP.">
          {(a) => (
            <select {...a} value={host.management.mode} onChange={(e) => setHost((h) => ({ ...h, management: { ...h.management, mode: e.target.value as 'static' | 'dhcp' } }))}>
              <option value="static">Static</option>
              <option value="dhcp">DHCP</option>
            </select>
          )}
        </Field>
        <Field label={`${host.name} management IP`} error={issue(`${base}.management.ip`)}>
          {(a) => <input {...a} value={host.management.ip ?? ''} disabled={host.management.mode === 'dhcp'} onChange={(e) => setHost((h) => ({ ...h, management: { ...h.management, ip: e.target.value || undefined } }))} />}
        </Field>
        <Field label={`${host.name} management VLAN`} error={issue(`${base}.management.vlan`)} hint="0 = untagged.">
          {(a) => <input {...a} inputMode="numeric" value={Number.isNaN(host.management.vlan) ? '' : String(host.management.vlan)} onChange={(e) => setHost((h) => ({ ...h, management: { ...h.management, vlan: numberValue(e.target.value) } }))} />}
        </Field>
      </div>
      <p className="muted nic-list">
        NICs from the Hardware step:{' '}
        {!plan || plan.nics.length === 0
          ? 'none recorded, so uplink names are not checked against the host.'
          : plan.nics.map((n) => `${n.name} (${n.bus.toUpperCase()}, ${n.role === 'bmc' ? 'BMC — never an uplink' : n.role}${n.install ? ', install NIC' : ''}${n.driver.kind === 'none' ? ', no driver' : ''})`).join(', ')}
        {plan && (
          <>
            {' '}
            · Install NIC: {installNicWords(plan)} (set in Hardware)
          </>
        )}
      </p>
      {problems.length > 0 && (
        <ul className="banner banner-error hw-findings" aria-label={`Uplink problems of ${host.name}`}>
          {problems.map((f, i) => (
            <li key={i}>{describeFinding(f)}</li>
          ))}
        </ul>
      )}
      {host.vswitches.map((sw, si) => (
        <VSwitchCard key={si} host={host} plan={plan} index={index} si={si} choices={choices} edit={edit} issue={issue} />
      ))}
      <button type="button" className="btn" onClick={() => setHost((h) => ({ ...h, vswitches: [...h.vswitches, newSwitch(h)] }))}>
        Add vSwitch to {host.name}
      </button>
      <PtpAdapterFields host={host} base={base} setHost={setHost} issue={issue} />
    </fieldset>
  );
}

/** PTP on a VMkernel adapter (ECSExample edge-host-config/ptp.yaml): off, or a port group of this host. */
function PtpAdapterFields({ host, base, setHost, issue }: { readonly host: Host; readonly base: string; readonly setHost: (fn: (h: Host) => Host) => void; readonly issue: DraftProps['issue'] }) {
  const groups = host.vswitches.flatMap((s) => s.portGroups.map((p) => p.name)).filter((n) => n && n !== 'Management Network');
  return (
    <div className="grid-3 ptp-fields" role="group" aria-label={`${host.name} PTP`}>
      <label className="radio">
        <input
          type="checkbox"
          checked={host.ptp !== undefined}
          onChange={(e) => setHost((h) => ({ ...h, ptp: e.target.checked ? { device: 'vmk1', portGroup: groups[0] ?? '', mtu: 1500 } : undefined }))}
        />{' '}
        PTP on a VMkernel adapter of {host.name}
      </label>
      {host.ptp && (
        <>
          <Field label={`${host.name} PTP port group`} error={issue(`${base}.ptp.portGroup`)} hint="The adapter gets its address by DHCP, as in VMware's example.">
            {(a) => (
              <select {...a} value={host.ptp?.portGroup ?? ''} onChange={(e) => setHost((h) => ({ ...h, ptp: h.ptp ? { ...h.ptp, portGroup: e.target.value } : h.ptp }))}>
                {!groups.includes(host.ptp?.portGroup ?? '') && <option value={host.ptp?.portGroup ?? ''}>{host.ptp?.portGroup || '(pick a port group)'}</option>}
                {groups.map((g) => (
                  <option key={g} value={g}>
                    {g}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={`${host.name} PTP adapter`} error={issue(`${base}.ptp.device`)}>
            {(a) => <input {...a} value={host.ptp?.device ?? ''} onChange={(e) => setHost((h) => ({ ...h, ptp: h.ptp ? { ...h.ptp, device: e.target.value } : h.ptp }))} />}
          </Field>
        </>
      )}
    </div>
  );
}
