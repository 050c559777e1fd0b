/** One NIC of a host in the Hardware step: verdict, driver, role, MAC (typed or from an inventory), install NIC mark. */
import { useEffect, useState } from 'react';
import { describeAction, describeEvidence, describeNicIds } from '../../../main/core/hardware/messages';
import type { DeviceVerdict } from '../../../main/core/hardware/verdict';
import type { NicPlan } from '../../../main/core/host-plan/types';
import { driverWords } from '../../../main/core/host-plan/words';
import type { Nic } from '../../../main/core/site/schema';
import { isMac } from './hardware-draft';
import { FindingItem, Sources, StatusBadge } from './status';

export interface DeviceRowProps {
  readonly host: string;
  readonly device: DeviceVerdict;
  readonly nic: NicPlan;
  readonly onRole: (r: Nic['role']) => void;
  readonly onMac: (text: string) => void;
  readonly onRemove: () => void;
}

export function DeviceRow({ host, device: d, nic, onRole, onMac, onRemove }: DeviceRowProps) {
  const [mac, setMac] = useState(nic.mac ?? '');
  useEffect(() => setMac(nic.mac ?? ''), [nic.mac]);
  const bad = mac.trim() !== '' && !isMac(mac);
  const macId = `${host}-${d.nic}-mac`;
  return (
    <tr className={`hw-row hw-row-${d.status}`}>
      <th scope="row" className="mono">
        {d.nic}
        {nic.install && (
          <span className="pill pill-ok hw-install" title="The host is installed and managed through this NIC">
            install
          </span>
        )}
      </th>
      <td>
        <span className="mono">
          {d.bus.toUpperCase()} {describeNicIds(d)}
        </span>{' '}
        {d.label}
        {nic.fromModel && <span className="muted"> (the model's onboard NIC)</span>}
        <div className="muted hw-driver">Driver: {driverWords(nic)}</div>
        <details className="hw-details">
          <summary>Why</summary>
          <ul className="hw-findings">
            {d.findings.map((f, i) => (
              <FindingItem key={i} finding={f} />
            ))}
          </ul>
          {d.actions.length > 0 && (
            <ul aria-label="Actions">
              {d.actions.map((a, i) => (
                <li key={i}>{describeAction(a)}</li>
              ))}
            </ul>
          )}
          {d.evidence && <p className="muted">Evidence: {describeEvidence(d.evidence)}</p>}
          <Sources sources={d.sources} />
        </details>
      </td>
      <td>
        <StatusBadge status={d.status} />
        {d.countsAsUplink && <span className="muted"> · uplink OK</span>}
      </td>
      <td className="hw-mac">
        <select aria-label={`${host} ${d.nic} role`} value={d.role} onChange={(e) => onRole(e.target.value as Nic['role'])}>
          <option value="uplink">uplink</option>
          <option value="unused">unused</option>
          <option value="bmc">BMC virtual NIC</option>
        </select>
        <label className="sr-only" htmlFor={macId}>
          {host} {d.nic} MAC
        </label>
        <input
          id={macId}
          className="mono"
          value={mac}
          placeholder="aa:bb:cc:dd:ee:ff"
          aria-invalid={bad || undefined}
          aria-describedby={bad ? `${macId}-error` : `${macId}-source`}
          onChange={(e) => {
            setMac(e.target.value);
            if (e.target.value.trim() === '' || isMac(e.target.value)) onMac(e.target.value);
          }}
        />
        {bad ? (
          <span id={`${macId}-error`} className="field-error">
            Not a MAC address: six pairs of hex digits, e.g. 00:e0:4c:68:15:6a.
          </span>
        ) : (
          <span id={`${macId}-source`} className="muted hw-mac-source">
            {nic.mac ? (nic.macSource === 'inventory' ? 'from the inventory' : nic.macSource === 'entered' ? 'typed' : 'in the site file') : 'not known'}
          </span>
        )}
      </td>
      <td>
        <button type="button" className="btn btn-quiet" onClick={onRemove} aria-label={`Remove ${d.nic} from ${host}`}>
          Remove
        </button>
      </td>
    </tr>
  );
}
