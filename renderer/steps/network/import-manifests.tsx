/** Imports a folder of existing manifests into the draft (what Sitekit models fills fields, the rest becomes apps). */
import { useState } from 'react';
import type { AppError } from '../../../main/core/result';
import { Site } from '../../../main/core/site/schema';
import { sitekit } from '../../api/client';
import { ErrorBanner } from '../../components/error-banner';
import { Field } from '../../components/field';
import type { DraftProps } from './draft-props';

/** Imports a folder of existing manifests (a site repo or loose files) into the draft. */
export function ImportManifests({ draft, edit }: DraftProps) {
  const [dir, setDir] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | undefined>();
  const [summary, setSummary] = useState('');
  const run = async () => {
    setBusy(true);
    setError(undefined);
    const r = await sitekit.manifests.import({ dir, base: draft });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    const parsed = Site.safeParse(r.value.site);
    if (!parsed.success) {
      return setError({ code: 'schema-error', message: 'The imported manifests do not make a valid site with this draft.', issues: r.value.issues, hint: 'Nothing was changed. Fix the fields listed in the site, then import again.' });
    }
    // The open site stays the open site: a site.yaml in the folder may carry another id or name.
    edit(() => ({ ...parsed.data, metadata: draft.metadata, records: draft.records }));
    const modelled = r.value.items.filter((i) => i.outcome === 'modeled').length;
    const kept = new Set(r.value.items.filter((i) => i.outcome === 'verbatim').map((i) => i.file)).size;
    setSummary(`Imported ${modelled} document(s) into the fields below; ${kept} file(s) kept verbatim as apps. Review and save.`);
  };
  return (
    <div className="import-box">
      <Field label="Import existing manifests from a folder" hint="A site repository or a folder of YAML files on this computer.">
        {(a) => <input {...a} value={dir} placeholder="/home/tech/site-repo" onChange={(e) => setDir(e.target.value)} />}
      </Field>
      <button type="button" className="btn" disabled={!dir.trim() || busy} onClick={() => void run()}>
        {busy ? 'Importing…' : 'Import manifests'}
      </button>
      <span className="muted" role="status" aria-live="polite">
        {summary}
      </span>
      {error && <ErrorBanner error={error} onDismiss={() => setError(undefined)} />}
    </div>
  );
}
