/** Audit a stick (or image file) written earlier: read without mounting, checked against its manifest. */
import { describeAudit } from '../../../main/core/drives/describe';
import { ErrorBanner } from '../../components/error-banner';
import { FormGrid, GridAction } from '../../components/form-grid';
import { PathField } from '../../components/path-field';
import type { MediaStepModel } from './use-media-step';

export function AuditSection({ model }: { readonly model: MediaStepModel }) {
  const { m, dispatch, audit, auditError } = model;
  return (
    <fieldset className="media-block">
      <legend>Audit a stick written earlier</legend>
      <FormGrid columns="field-action">
        <PathField
          label="Stick or image file to audit"
          value={m.auditTarget}
          onChange={(p) => dispatch({ type: 'audit-target', path: p })}
          filter="image"
          chooserTitle="Choose an image file to audit"
          hint="A device such as /dev/sdb, or an image file. Read without mounting."
        />
        <GridAction>
          <button type="button" className="btn" onClick={() => void model.runAudit()} disabled={!m.auditTarget.trim()}>
            Audit
          </button>
        </GridAction>
      </FormGrid>
      {auditError && <ErrorBanner error={auditError} />}
      {audit && (
        <div className={`banner ${audit.intact ? 'banner-ok' : 'banner-error'}`} role="status" data-testid="audit-result">
          <strong className="banner-title">{audit.intact ? '✓ Intact' : '⚠ Modified'}</strong>
          <p>{describeAudit(audit)}</p>
        </div>
      )}
    </fieldset>
  );
}
