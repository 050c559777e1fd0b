/**
 * One host in the Hardware step: model and sizes, its NICs (role, MAC, driver, verdict), the install NIC, NICs
 * from the catalogue, an inventory reader, and the host plan's problems, notes and actions.
 */
import { useMemo, useState } from 'react';
import type { AppError } from '../../../main/core/result';
import type { Host, HostHardware } from '../../../main/core/site/schema';
import { describeAction } from '../../../main/core/hardware/messages';
import type { HostPlan } from '../../../main/core/host-plan/types';
import { findModel } from '../../../main/core/hardware/matching';
import { installNicWords } from '../../../main/core/host-plan/words';
import type { HardwareCatalogue } from '../../../main/ipc/channels/hardware';
import { Field } from '../../components/field';
import { addNic, catalogueNics, removeNic, searchModels, searchNics, setInstallNic, setNicMac, setNicRole, setSize, withModel } from './hardware-draft';
import { DeviceRow } from './device-row';
import { InventoryReader } from './inventory-reader';
import { FindingItem, StatusBadge } from './status';

export interface HostCardProps {
  readonly host: Host;
  readonly plan: HostPlan;
  readonly catalogue: HardwareCatalogue;
  readonly onChange: (fn: (h: Host) => Host) => void;
  readonly onError: (e: AppError) => void;
}

export function HostCard({ host, plan, catalogue, onChange, onError }: HostCardProps) {
  const hw = host.hardware;
  const verdict = plan.verdict;
  const [modelQuery, setModelQuery] = useState('');
  const [nicQuery, setNicQuery] = useState('');
  const [nicPick, setNicPick] = useState('');
  const allNics = useMemo(() => catalogueNics(catalogue.list), [catalogue]);
  const models = useMemo(() => searchModels(catalogue.list, modelQuery), [catalogue, modelQuery]);
  const nicHits = useMemo(() => searchNics(allNics, nicQuery, 40), [allNics, nicQuery]);
  const headingId = `hw-host-${host.name}`;
  const setHw = (fn: (hw: HostHardware) => HostHardware) => onChange((h) => ({ ...h, hardware: fn(h.hardware) }));
  const problems = verdict.findings.filter((f) => f.severity !== 'info').sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const notes = verdict.findings.filter((f) => f.severity === 'info');
  const installable = plan.nics.filter((n) => n.role !== 'bmc');
  // The model the plan found (by id or by the product name an inventory read): its onboard NICs are implied.
  const model = findModel(catalogue.list, hw.model) ?? findModel(catalogue.list, hw.productName);

  return (
    <fieldset className="hw-host" aria-labelledby={headingId}>
      <legend id={headingId}>
        {host.name} <StatusBadge status={verdict.status} />
      </legend>
      <div className="grid-3">
        <Field label={`${host.name} model search`} hint="Vendor, model, codename or CPU.">
          {(a) => <input {...a} type="search" value={modelQuery} onChange={(e) => setModelQuery(e.target.value)} placeholder="e.g. NUC 13" />}
        </Field>
        <Field label={`${host.name} model`}>
          {(a) => (
            <select {...a} value={hw.model ?? ''} onChange={(e) => setHw((x) => withModel(x, catalogue.list.hostModels.find((m) => m.id === e.target.value)))}>
              <option value="">(not set)</option>
              {[...new Set([...(hw.model ? catalogue.list.hostModels.filter((m) => m.id === hw.model) : []), ...models])].map((m) => (
                <option key={m.id} value={m.id}>
                  {m.vendor} {m.model} — {m.cpu}
                  {m.hybridCores ? ' (hybrid)' : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="grid-3 hw-sizes">
          <Field label={`${host.name} RAM (GiB)`}>{(a) => <input {...a} inputMode="decimal" defaultValue={hw.ramGiB ?? ''} onChange={(e) => setHw((x) => setSize(x, 'ramGiB', e.target.value))} />}</Field>
          <Field label={`${host.name} boot disk (GB)`}>{(a) => <input {...a} inputMode="decimal" defaultValue={hw.bootDiskGB ?? ''} onChange={(e) => setHw((x) => setSize(x, 'bootDiskGB', e.target.value))} />}</Field>
          <Field label={`${host.name} cores`}>{(a) => <input {...a} inputMode="numeric" defaultValue={hw.cores ?? ''} onChange={(e) => setHw((x) => setSize(x, 'cores', e.target.value))} />}</Field>
        </div>
      </div>
      {plan.cpu.source === 'inventory' && plan.cpu.text && (
        <p className="muted hw-cpu">
          CPU: {plan.cpu.text}
          {plan.cpu.cores !== undefined ? ` · ${plan.cpu.cores} cores${plan.cpu.threads !== undefined ? `, ${plan.cpu.threads} threads` : ''}` : ''}
          {plan.cpu.hybrid === undefined ? '' : plan.cpu.hybrid ? ' · P- and E-cores' : ' · no E-cores'} (the box's CPU decides its kernel options)
        </p>
      )}

      <table className="hw-devices">
        <caption className="sr-only">Network adapters of {host.name}</caption>
        <thead>
          <tr>
            <th scope="col">NIC</th>
            <th scope="col">Device and driver</th>
            <th scope="col">Verdict</th>
            <th scope="col">Role and MAC</th>
            <th scope="col">
              <span className="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {verdict.devices.map((d) => {
            const nic = plan.nics.find((n) => n.name === d.nic)!;
            return (
              <DeviceRow
                key={d.nic}
                host={host.name}
                device={d}
                nic={nic}
                onRole={(role) => setHw((x) => setNicRole(x, d.nic, role, model))}
                onMac={(text) => setHw((x) => setNicMac(x, d.nic, text, model))}
                onRemove={() => setHw((x) => removeNic(x, d.nic, model))}
              />
            );
          })}
          {verdict.devices.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                No NICs yet: pick a model, add NICs from the catalogue, or read an inventory.
              </td>
            </tr>
          )}
        </tbody>
      </table>

      <div className="grid-3 hw-install">
        <Field label={`${host.name} install NIC`} hint="The NIC the installer configures and the host is managed through (kickstart network --device). vSwitch0 starts with it.">
          {(a) => (
            <select {...a} value={host.management.device ?? ''} onChange={(e) => onChange((h) => setInstallNic(h, e.target.value))}>
              <option value="">Automatic ({plan.install.source === 'default' && plan.install.nic ? plan.install.nic : 'none found'}): the first uplink with a driver</option>
              {host.management.device && !installable.some((n) => n.name === host.management.device) && <option value={host.management.device}>{host.management.device} (not a NIC of this host)</option>}
              {installable.map((n) => (
                <option key={n.name} value={n.name}>
                  {n.name} — {n.label}
                  {n.role !== 'uplink' ? ` (marked ${n.role})` : !n.usable ? ' (no driver on this release)' : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
        <p className="hw-install-now" data-testid={`install-nic-${host.name}`}>
          Install NIC: {installNicWords(plan)}
        </p>
      </div>

      <div className="grid-3 hw-add">
        <Field label={`${host.name} NIC search`} hint="Name, chip or VID:PID, e.g. I226, RTL8156, 0bda:8153.">
          {(a) => <input {...a} type="search" value={nicQuery} onChange={(e) => setNicQuery(e.target.value)} />}
        </Field>
        <Field label={`${host.name} NIC from catalogue`}>
          {(a) => (
            <select {...a} value={nicPick} onChange={(e) => setNicPick(e.target.value)}>
              <option value="">(choose)</option>
              {nicHits.map((n) => (
                <option key={n.key} value={n.key}>
                  {n.bus.toUpperCase()} {n.vendorId}:{n.deviceId} {n.label} — {n.detail}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="field">
          <span className="label" aria-hidden="true">
            &nbsp;
          </span>
          <button
            type="button"
            className="btn"
            disabled={!nicPick}
            onClick={() => {
              const entry = allNics.find((n) => n.key === nicPick);
              if (entry) setHw((x) => addNic(x, entry, model));
              setNicPick('');
            }}
          >
            Add NIC to {host.name}
          </button>
        </div>
      </div>

      <InventoryReader host={host} onApply={(next) => setHw(() => next)} onError={onError} />

      {/* Errors and warnings are always in view: a problem must never hide in a collapsed section. */}
      {problems.length > 0 && (
        <ul className="hw-findings hw-problems" aria-label={`Problems for ${host.name}`}>
          {problems.map((f, i) => (
            <FindingItem key={i} finding={f} />
          ))}
        </ul>
      )}
      {notes.length > 0 && (
        <details className="hw-details">
          <summary>
            Notes for {host.name} ({notes.length})
          </summary>
          <ul className="hw-findings">
            {notes.map((f, i) => (
              <FindingItem key={i} finding={f} />
            ))}
          </ul>
        </details>
      )}
      {verdict.actions.length > 0 && (
        <div className="hw-actions">
          <h3 id={`${headingId}-actions`}>Actions for {host.name}</h3>
          <ul aria-labelledby={`${headingId}-actions`}>
            {verdict.actions.map((a, i) => (
              <li key={i}>
                {describeAction(a)}
                {a.kind === 'kernel-option' && a.basis === 'cpu' && <span className="muted"> (the box's CPU asks for it)</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
    </fieldset>
  );
}
