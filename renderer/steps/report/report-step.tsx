/**
 * The Report step: previews the site handover report and exports it as HTML, PDF and JSON.
 *
 * The preview is the exact HTML that is exported and printed, shown in an iframe with `srcdoc` and an
 * empty `sandbox`: no script, no forms, no navigation, and the app's CSP still applies, so the report can
 * never act on the app even if a site held hostile text (it is escaped as well; belt and braces).
 */
import { useCallback, useEffect, useState } from 'react';
import type { AppError } from '../../../main/core/result';
import type { ReportExport, ReportPreview } from '../../../main/ipc/channels/report';
import { sitekit } from '../../api/client';
import { ErrorBanner } from '../../components/error-banner';
import { Field } from '../../components/field';
import { PathField } from '../../components/path-field';
import { FormGrid } from '../../components/form-grid';
import type { StepProps } from '../types';
import './report-step.css';

type Format = 'html' | 'pdf' | 'json';
const FORMATS: readonly { readonly id: Format; readonly label: string; readonly hint: string }[] = [
  { id: 'pdf', label: 'PDF', hint: 'to print and sign' },
  { id: 'html', label: 'HTML', hint: 'opens in any browser' },
  { id: 'json', label: 'JSON', hint: 'for tools, with a published schema' },
];

export function ReportStep({ site }: StepProps) {
  const id = site?.metadata.id;
  const [preview, setPreview] = useState<ReportPreview | undefined>();
  const [error, setError] = useState<AppError | undefined>();
  const [loading, setLoading] = useState(false);
  const [formats, setFormats] = useState<ReadonlySet<Format>>(new Set(['pdf', 'html', 'json']));
  const [paper, setPaper] = useState<'A4' | 'Letter'>('A4');
  const [folder, setFolder] = useState('');
  const [exporting, setExporting] = useState(false);
  const [exported, setExported] = useState<ReportExport | undefined>();

  const refresh = useCallback(async () => {
    if (!id) return;
    setLoading(true);
    const r = await sitekit.report.preview({ id });
    setLoading(false);
    if (r.ok) {
      setPreview(r.value);
      setFolder((f) => f || r.value.defaultFolder);
      setError(undefined);
    } else setError(r.error);
  }, [id]);

  useEffect(() => {
    void refresh();
  }, [refresh, site]);

  const toggle = (f: Format) =>
    setFormats((s) => {
      const next = new Set(s);
      if (next.has(f)) next.delete(f);
      else next.add(f);
      return next;
    });

  const doExport = async () => {
    if (!id || formats.size === 0) return;
    setExporting(true);
    setExported(undefined);
    const r = await sitekit.report.export({ id, folder: folder.trim() || undefined, formats: FORMATS.map((f) => f.id).filter((f) => formats.has(f)), paper });
    setExporting(false);
    if (r.ok) {
      setExported(r.value);
      setError(undefined);
    } else setError(r.error);
  };

  if (!site) return null;
  return (
    <section className="panel" aria-labelledby="report-title">
      <div className="panel-head">
        <h2 id="report-title">Handover report — {site.metadata.name}</h2>
        <button type="button" className="btn btn-quiet" onClick={() => void refresh()} disabled={loading}>
          {loading ? 'Refreshing…' : 'Refresh preview'}
        </button>
      </div>
      {error && <ErrorBanner error={error} onDismiss={() => setError(undefined)} />}
      {preview && (
        <div className={`banner ${preview.status === 'ready' ? 'banner-ok' : 'banner-warn'}`} role="status">
          <strong className="banner-title">
            <span aria-hidden="true">{preview.status === 'ready' ? '✓ ' : '⚠ '}</span>
            {preview.status === 'ready' ? 'Ready for handover: nothing is open.' : `${preview.openItems.length} open item${preview.openItems.length === 1 ? '' : 's'} — the report lists them on its first page.`}
          </strong>
          {preview.openItems.length > 0 && (
            <ul className="report-open">
              {preview.openItems.map((i) => (
                <li key={i}>{i}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="report-layout">
        <div>
          {preview ? (
            <iframe className="report-preview" title={`Report preview for ${site.metadata.name}`} sandbox="" srcDoc={preview.html} />
          ) : (
            <p className="muted">{loading ? 'Building the report…' : 'No preview yet.'}</p>
          )}
        </div>
        <form
          className="report-export"
          aria-labelledby="export-title"
          onSubmit={(e) => {
            e.preventDefault();
            void doExport();
          }}
        >
          <h3 id="export-title">Export</h3>
          <fieldset>
            <legend>Formats</legend>
            {FORMATS.map((f) => (
              <label key={f.id} className="check">
                <input type="checkbox" checked={formats.has(f.id)} onChange={() => toggle(f.id)} />
                <span>
                  {f.label} <span className="muted">— {f.hint}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <FormGrid columns={1}>
            <Field label="Paper size" hint="For the PDF; the HTML prints on either.">
              {(a) => (
                <select {...a} value={paper} onChange={(e) => setPaper(e.target.value as 'A4' | 'Letter')}>
                  <option value="A4">A4</option>
                  <option value="Letter">Letter</option>
                </select>
              )}
            </Field>
            <PathField label="Folder" value={folder} onChange={setFolder} filter="folder" chooserTitle="Choose the folder for the report" hint="A folder on this computer or on a mounted stick." />
          </FormGrid>
          <div className="actions">
            <button type="submit" className="btn btn-primary" disabled={exporting || formats.size === 0 || !preview}>
              {exporting ? 'Exporting…' : 'Export report'}
            </button>
          </div>
          {formats.size === 0 && <p className="field-error">Choose at least one format.</p>}
          {exported && (
            <div className="banner banner-ok" role="status">
              <strong className="banner-title">
                <span aria-hidden="true">✓ </span>Exported {exported.files.length} file{exported.files.length === 1 ? '' : 's'}.
              </strong>
              <ul className="report-files" aria-label="Exported files">
                {exported.files.map((f) => (
                  <li key={f.path}>
                    <span className="pill pill-info">{f.format.toUpperCase()}</span> <span className="mono">{f.path}</span>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </form>
      </div>
    </section>
  );
}
