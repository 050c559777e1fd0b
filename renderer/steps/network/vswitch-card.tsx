/** One vSwitch of a host: name, MTU, security, uplinks (following Hardware's roles until chosen here), port groups. */
import type { Host } from '../../../main/core/site/schema';
import type { HostPlan } from '../../../main/core/host-plan/types';
import { isInstallDefaultVSwitch0 } from '../../../main/core/manifests/profiles';
import { Field } from '../../components/field';
import type { DraftProps } from './draft-props';
import { followHostPlan, numberValue, removeAt, replaceAt, setUplinkRole, updateHost, updateSwitch, uplinkRole, type UplinkRole } from './network-form';

export interface VSwitchCardProps extends Pick<DraftProps, 'edit' | 'issue'> {
  readonly host: Host;
  readonly plan?: HostPlan;
  /** The host's index in the site. */
  readonly index: number;
  /** The switch's index on the host. */
  readonly si: number;
  /** Uplink names offered (host-plan NICs and names in use). */
  readonly choices: readonly string[];
}

export function VSwitchCard({ host, plan, index, si, choices, edit, issue }: VSwitchCardProps) {
  const sw = host.vswitches[si]!;
  const base = `spec.hosts[${index}]`;
  const setHost = (fn: (h: Host) => Host) => edit((s) => updateHost(s, index, fn));
  const sp = `${base}.vswitches[${si}]`;
  const setSw = (fn: (s: typeof sw) => typeof sw) => edit((s) => updateSwitch(s, index, si, fn));
  const planned = plan?.vswitches[si];
  return (
    <fieldset key={si} className="vswitch" aria-label={`${host.name} ${sw.name}`}>
      <legend>
        {sw.name} on {host.name}
      </legend>
      {sw.name === 'vSwitch0' && plan && planned && (
        <p className={isInstallDefaultVSwitch0(plan, planned, host.management.vlan) ? 'muted' : 'banner banner-warn'} role="note">
          {isInstallDefaultVSwitch0(plan, planned, host.management.vlan)
            ? 'vSwitch0 is as ESXi installs it, so Sitekit does not write it (as in VMware\'s examples).'
            : 'Changing vSwitch0 rewrites the Management Network and its uplinks when the host applies it: a wrong uplink cuts the host off. The Review step warns about it.'}
        </p>
      )}
      <div className="grid-3">
        <Field label={`${host.name} ${sw.name} name`} error={issue(`${sp}.name`)}>
          {(a) => <input {...a} value={sw.name} onChange={(e) => setSw((s) => ({ ...s, name: e.target.value }))} />}
        </Field>
        <Field label={`${host.name} ${sw.name} MTU`} error={issue(`${sp}.mtu`)} hint="1500, or up to 9000 for jumbo frames.">
          {(a) => <input {...a} inputMode="numeric" value={Number.isNaN(sw.mtu) ? '' : String(sw.mtu)} onChange={(e) => setSw((s) => ({ ...s, mtu: numberValue(e.target.value) }))} />}
        </Field>
        <div className="field">
          <span className="label">Security</span>
          {(
            [
              ['allowPromiscuous', 'Promiscuous mode'],
              ['macChanges', 'MAC address changes'],
              ['forgedTransmits', 'Forged transmits'],
            ] as const
          ).map(([k, label]) => (
            <label key={k} className="radio">
              <input type="checkbox" checked={sw.security[k]} onChange={(e) => setSw((s) => ({ ...s, security: { ...s.security, [k]: e.target.checked } }))} /> {label}
            </label>
          ))}
        </div>
      </div>
      <div className="uplinks" role="group" aria-label={`${host.name} ${sw.name} uplinks`}>
        <span className="label">Uplinks (teaming)</span>
        {planned?.uplinksFrom === 'plan' && (
          <p className="muted uplinks-from" data-testid={`uplinks-from-${host.name}-${sw.name}`}>
            Following Hardware&apos;s roles: {planned.uplinks.active.length ? `${planned.uplinks.active.join(', ')} (the install NIC)` : 'no uplink yet'}. Change one below to choose them yourself.
          </p>
        )}
        {planned?.uplinksFrom === 'site' && sw.name === 'vSwitch0' && (
          <button type="button" className="btn btn-quiet" onClick={() => setHost((h) => followHostPlan(h, si))}>
            Follow Hardware&apos;s roles (install NIC {plan?.install.nic ?? 'not known'})
          </button>
        )}
        {choices.map((u) => (
          <Field key={u} label={`${host.name} ${sw.name} uplink ${u}`}>
            {(a) => (
              <select {...a} value={uplinkRole(planned ?? sw, u)} onChange={(e) => setHost((h) => setUplinkRole(h, si, u, e.target.value as UplinkRole, plan?.vswitches))}>
                <option value="unused">not used</option>
                <option value="active">active</option>
                <option value="standby">standby</option>
              </select>
            )}
          </Field>
        ))}
      </div>
      <table className="pg-table">
        <caption>Port groups of {sw.name}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">VLAN ID</th>
            <th scope="col">
              <span className="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sw.portGroups.map((pg, pi) => (
            <tr key={pi}>
              <td>
                <Field label={`${host.name} ${sw.name} port group ${pi + 1} name`} error={issue(`${sp}.portGroups[${pi}].name`)}>
                  {(a) => <input {...a} value={pg.name} onChange={(e) => setSw((s) => ({ ...s, portGroups: replaceAt(s.portGroups, pi, { ...pg, name: e.target.value }) }))} />}
                </Field>
              </td>
              <td>
                <Field label={`${host.name} ${sw.name} port group ${pi + 1} VLAN`} error={issue(`${sp}.portGroups[${pi}].vlan`)}>
                  {(a) => <input {...a} inputMode="numeric" value={Number.isNaN(pg.vlan) ? '' : String(pg.vlan)} onChange={(e) => setSw((s) => ({ ...s, portGroups: replaceAt(s.portGroups, pi, { ...pg, vlan: numberValue(e.target.value) }) }))} />}
                </Field>
              </td>
              <td>
                <button type="button" className="btn btn-quiet" onClick={() => setSw((s) => ({ ...s, portGroups: removeAt(s.portGroups, pi) }))}>
                  Remove {pg.name || 'port group'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" className="btn" onClick={() => setSw((s) => ({ ...s, portGroups: [...s.portGroups, { name: '', vlan: 0 }] }))}>
          Add port group to {sw.name}
        </button>
        <button type="button" className="btn btn-danger" onClick={() => setHost((h) => ({ ...h, vswitches: removeAt(h.vswitches, si) }))}>
          Remove {sw.name}
        </button>
      </div>
    </fieldset>
  );
}
