/** The installer ISO: chosen (no typing needed), what is inside it as read, and its SHA-256. */
import { Field } from '../../components/field';
import { FormGrid, GridAction } from '../../components/form-grid';
import { PathField } from '../../components/path-field';
import type { MediaStepModel } from './use-media-step';

export function IsoSection({ model, disabled }: { readonly model: MediaStepModel; readonly disabled: boolean }) {
  const { m, dispatch, pre, checking, hashing } = model;
  const iso = pre?.iso;
  const c = pre?.installer;
  const hash = m.isoHash && m.isoHash.path === m.iso.trim() ? m.isoHash : undefined;
  const tone = !iso ? '' : c?.sample ? 'banner-warn' : iso.isInstaller && c?.readable !== false ? 'banner-ok' : 'banner-warn';
  return (
    <fieldset className="media-block" disabled={disabled}>
      <legend>Installer ISO</legend>
      <FormGrid columns="field-action">
        <PathField
          label="Installer ISO"
          value={m.iso}
          onChange={(p) => dispatch({ type: 'iso', path: p })}
          filter="iso"
          chooserTitle="Choose the installer ISO"
          hint="The ESXi installer ISO downloaded from the orchestrator."
        />
        <GridAction>
          <button type="button" className="btn" onClick={() => void model.runPreflight(m.iso)} disabled={!m.iso.trim() || checking}>
            {checking ? 'Checking…' : 'Check ISO'}
          </button>
        </GridAction>
      </FormGrid>
      {iso && (
        <div className={`banner ${tone}`} role="status" data-testid="iso-contents">
          <strong className="banner-title">
            <span aria-hidden="true">{tone === 'banner-ok' ? '✓ ' : '⚠ '}</span>
            {iso.name} — {c?.sample ? 'a SAMPLE made by Sitekit, not a real ESXi installer' : (iso.title ?? iso.volumeId)}
          </strong>
          <dl className="iso-facts">
            <dt>Release</dt>
            <dd>{c?.readable === false || !c?.release ? 'unknown' : c.release}</dd>
            <dt>Build</dt>
            <dd>{c?.readable === false ? 'unknown' : (c?.build ?? iso.build ?? 'unknown')}</dd>
            <dt>Image profile</dt>
            <dd>{c?.readable === false || !c?.profile ? 'unknown' : `${c.profile.name}${c.profile.acceptance ? ` (${c.profile.acceptance})` : ''}`}</dd>
            <dt>Driver VIBs</dt>
            <dd>
              {!c || c.readable === false ? (
                `unknown${c?.reason ? ` (${c.reason})` : ' (the ISO\'s package list could not be read)'}`
              ) : c.vibs.length === 0 ? (
                'none listed'
              ) : (
                <ul className="iso-vibs">
                  {c.vibs.map((v) => (
                    <li key={`${v.name}-${v.version}`}>
                      <span className="mono">{v.name}</span> {v.version} <span className="muted">({v.vendor}, {v.acceptance})</span>
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </dl>
          {iso.findings.length > 0 && (
            <ul>
              {iso.findings.map((f, i) => (
                <li key={i}>{f.code}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <FormGrid columns="field-action">
        <Field label="Published SHA-256 (optional)" hint="Paste the checksum published with the ISO to compare.">
          {(p) => <input {...p} className="mono" spellCheck={false} value={m.expected} onChange={(e) => dispatch({ type: 'expected', text: e.target.value })} />}
        </Field>
        <GridAction>
          <button type="button" className="btn" onClick={() => void model.computeHash()} disabled={!m.iso.trim() || hashing}>
            {hashing ? 'Hashing…' : 'Compute SHA-256'}
          </button>
        </GridAction>
      </FormGrid>
      {hash && (
        <p role="status" className={hash.matches === false ? 'field-error' : ''}>
          ISO SHA-256 <span className="mono" data-testid="iso-sha256">{hash.sha256}</span>
          {hash.matches === true && ' — matches the published checksum.'}
          {hash.matches === false && ' — does NOT match the published checksum: download the ISO again.'}
        </p>
      )}
    </fieldset>
  );
}
