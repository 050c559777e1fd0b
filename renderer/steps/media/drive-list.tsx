/**
 * Where the image goes: sticks (ticked in the drive list, each with its findings, a typed confirmation for a
 * drive that is not obviously a USB stick, and its mounted file systems) and/or an image file. Where this
 * computer cannot write sticks (Windows, macOS), the list says so plainly and the image file is the target.
 */
import { confirmationName, describeDriveFinding } from '../../../main/core/drives/constraints';
import { Field } from '../../components/field';
import { FormGrid } from '../../components/form-grid';
import { PathField } from '../../components/path-field';
import { driveLabel } from './media-model';
import { PlatformNotice } from './platform-notice';
import type { MediaStepModel } from './use-media-step';

export function DriveList({ model, disabled }: { readonly model: MediaStepModel; readonly disabled: boolean }) {
  const { m, dispatch, drives, canWriteDevices, platform } = model;
  const chosen = drives.filter((d) => m.devices.includes(d.identity.device));
  const mounted = chosen.filter((d) => d.mountpoints.length > 0);
  return (
    <fieldset className="media-block" disabled={disabled}>
      <legend>Write to</legend>
      {platform && !platform.sticks ? (
        <PlatformNotice platform={platform} />
      ) : (
        <p className="muted">
          {drives.length === 0 ? 'No USB stick found — plug one in (the list updates by itself), or write an image file.' : `${drives.length} drive${drives.length === 1 ? '' : 's'} found; tick one or more.`}{' '}
          {!canWriteDevices && drives.length > 0 && 'Writing to a stick needs administrator rights: the desktop app asks for them; in the browser, write image files.'}
        </p>
      )}
      {drives.length > 0 && (
        <ul className="drive-list" aria-label="Drives">
          {drives.map((d) => {
            const on = m.devices.includes(d.identity.device);
            return (
              <li key={d.identity.device} className="drive">
                <label className="check">
                  <input type="checkbox" checked={on} onChange={(e) => dispatch({ type: 'device', device: d.identity.device, on: e.target.checked })} />
                  <span className="mono">{driveLabel(d)}</span>
                </label>
                {d.findings.length > 0 && (
                  <ul className="media-findings">
                    {d.findings.map((f, i) => (
                      <li key={i} className={f.severity === 'error' ? 'field-error' : ''}>
                        {describeDriveFinding(f)}
                      </li>
                    ))}
                  </ul>
                )}
                {on && d.needsTypedConfirmation && (
                  <FormGrid columns={2}>
                    <Field label={`Type ${confirmationName(d.identity.device)} to confirm`} hint={`Everything on ${d.identity.device} will be erased.`}>
                      {(p) => <input {...p} className="mono" spellCheck={false} value={m.typed[d.identity.device] ?? ''} onChange={(e) => dispatch({ type: 'typed', device: d.identity.device, text: e.target.value })} />}
                    </Field>
                  </FormGrid>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {mounted.length > 0 && (
        <div className="banner banner-warn">
          <strong className="banner-title">Mounted file systems on the chosen sticks:</strong>
          <ul>
            {mounted.flatMap((d) => d.mountpoints.map((mp) => <li key={`${d.identity.device}${mp}`} className="mono">{`${d.identity.device} → ${mp}`}</li>))}
          </ul>
          <label className="check">
            <input type="checkbox" checked={m.unmount} onChange={(e) => dispatch({ type: 'unmount', on: e.target.checked })} /> Unmount them (anything open on them is closed first by you)
          </label>
        </div>
      )}
      <label className="check">
        <input type="checkbox" checked={m.imageFile.enabled} onChange={(e) => dispatch({ type: 'image-file', enabled: e.target.checked })} /> Write an image file (to copy or flash later)
      </label>
      {m.imageFile.enabled && (
        <FormGrid columns={1}>
          <PathField
            label="Image file"
            value={m.imageFile.path}
            onChange={(p) => dispatch({ type: 'image-file', path: p })}
            filter="image"
            save
            chooserTitle="Where should the image file go?"
            defaultName={m.imageFile.path.split('/').pop()}
            hint="A new .img file; an existing one is replaced."
            disabled={disabled}
          />
        </FormGrid>
      )}
    </fieldset>
  );
}
