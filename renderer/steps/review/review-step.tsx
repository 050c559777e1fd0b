/**
 * The Review step: the generated repository tree and each file, the lint findings (each linked to the step
 * that fixes it, and acceptable with who and why), and the topology picture that also goes into the report.
 */
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import type { Finding } from '../../../main/core/manifests/findings';
import { findingFix, findingMessage } from '../../../main/core/manifests/messages';
import type { GeneratedFile } from '../../../main/core/manifests/generate';
import type { AppError } from '../../../main/core/result';
import { sitekit } from '../../api/client';
import { ErrorBanner } from '../../components/error-banner';
import { PathField } from '../../components/path-field';
import { Field } from '../../components/field';
import { FormActions, FormGrid, GridAction } from '../../components/form-grid';
import type { StepProps } from '../types';
import { fileTree, findingsByFile, stepTitle } from './review-model';
import './review-step.css';

const SEVERITY_PILL = { error: 'pill-bad', warning: 'pill-warn', info: 'pill-info' } as const;

export function ReviewStep({ site, dispatch }: StepProps) {
  const [files, setFiles] = useState<readonly GeneratedFile[] | undefined>();
  const [findings, setFindings] = useState<readonly Finding[]>([]);
  const [svg, setSvg] = useState('');
  const [selected, setSelected] = useState<string | undefined>();
  const [error, setError] = useState<AppError | undefined>();
  const [accepting, setAccepting] = useState<Finding | undefined>();

  const refresh = useCallback(async () => {
    if (!site) return;
    const [g, t] = await Promise.all([sitekit.manifests.generate({ site }), sitekit.manifests.topology({ site })]);
    if (!g.ok) return setError(g.error);
    if (!t.ok) return setError(t.error);
    setFiles(g.value.files);
    setFindings(g.value.findings);
    setSvg(t.value.svg);
    setSelected((s) => s ?? g.value.files.find((f) => f.path.endsWith('/README.md'))?.path);
  }, [site]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const marks = useMemo(() => findingsByFile(findings), [findings]);
  if (!site) return <p className="panel">Open a site first.</p>;
  const open = findings.filter((f) => !f.accepted);
  const counts = { error: open.filter((f) => f.severity === 'error').length, warning: open.filter((f) => f.severity === 'warning').length, accepted: findings.length - open.length };
  const file = files?.find((f) => f.path === selected);
  const title = svg.match(/<title[^>]*>([^<]*)<\/title>/)?.[1] ?? 'Topology';
  const desc = svg.match(/<desc[^>]*>([^<]*)<\/desc>/)?.[1] ?? '';
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

  return (
    <section className="panel review-step" aria-labelledby="review-title">
      <div className="panel-head">
        <h2 id="review-title" tabIndex={-1}>
          Review — {site.metadata.name}
        </h2>
        <button type="button" className="btn" onClick={() => void refresh()}>
          Regenerate
        </button>
      </div>
      {error && <ErrorBanner error={error} onDismiss={() => setError(undefined)} />}
      {files === undefined && !error && <p className="muted">Generating the site files…</p>}
      {files && (
        <p className={`banner ${counts.error > 0 ? 'banner-error' : counts.warning > 0 ? 'banner-warn' : 'banner-ok'}`} role="status">
          {files.length} files generated · {counts.error} error{counts.error === 1 ? '' : 's'} · {counts.warning} warning{counts.warning === 1 ? '' : 's'}
          {counts.accepted > 0 ? ` · ${counts.accepted} accepted` : ''}
        </p>
      )}

      <section aria-labelledby="findings-title">
        <h3 id="findings-title">Lint findings</h3>
        {files && findings.length === 0 && <p className="muted">No findings: the files are consistent.</p>}
        <ul className="findings" aria-label="Lint findings">
          {findings.map((f, i) => (
            <li key={i} className={`finding finding-${f.severity}${f.accepted ? ' finding-accepted' : ''}`}>
              <span className={`pill ${f.accepted ? 'pill-ok' : SEVERITY_PILL[f.severity]}`}>{f.accepted ? 'accepted' : f.severity}</span>{' '}
              <span className="finding-message">{findingMessage(f)}</span>
              <div className="finding-where">
                {f.file ? (
                  <button type="button" className="btn btn-quiet mono" onClick={() => setSelected(f.file)}>
                    {f.file.split('/').slice(-2).join('/')}
                    {f.line !== undefined ? `:${f.line}` : ''}
                  </button>
                ) : null}
                {f.path && <span className="mono muted"> {f.path}</span>}
                <span className="muted"> ({f.code})</span>
              </div>
              <div className="finding-fix">
                Fix: {findingFix(f)}{' '}
                {f.fix.step !== 'review' && (
                  <button type="button" className="btn btn-quiet" onClick={() => dispatch({ type: 'go', step: f.fix.step })}>
                    Go to {stepTitle(f.fix.step)}
                  </button>
                )}
                {!f.accepted && (
                  <button type="button" className="btn btn-quiet" onClick={() => setAccepting(f)}>
                    Accept…
                  </button>
                )}
                {f.accepted && (
                  <span className="muted">
                    {' '}
                    Accepted by {f.accepted.by} on {f.accepted.at.slice(0, 10)}
                    {f.accepted.reason ? `: ${f.accepted.reason}` : ''}
                  </span>
                )}
              </div>
              {accepting === f && (
                <AcceptForm
                  finding={f}
                  siteId={site.metadata.id}
                  defaultBy={site.metadata.technician ?? ''}
                  onCancel={() => setAccepting(undefined)}
                  onDone={(saved) => {
                    setAccepting(undefined);
                    dispatch({ type: 'site-saved', site: saved.site, path: saved.path, savedAt: saved.updatedAt, revision: saved.revision });
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      </section>

      {files && (
        <section aria-labelledby="files-title" className="files">
          <h3 id="files-title">Generated files</h3>
          <div className="files-layout">
            <ul className="file-tree" aria-label="Generated files">
              {fileTree(files.map((f) => f.path)).map((e) => {
                const mark = marks.get(e.path);
                return (
                  <li key={e.path} style={{ paddingLeft: `${e.depth * 0.9}rem` }}>
                    {e.dir ? (
                      <span className="tree-dir">{e.name}/</span>
                    ) : (
                      <button type="button" className={`tree-file${selected === e.path ? ' selected' : ''}`} aria-current={selected === e.path ? 'true' : undefined} onClick={() => setSelected(e.path)}>
                        {e.name}
                        {mark && mark.errors > 0 && <span className="pill pill-bad">{mark.errors} error{mark.errors === 1 ? '' : 's'}</span>}
                        {mark && mark.errors === 0 && mark.warnings > 0 && <span className="pill pill-warn">{mark.warnings} warning{mark.warnings === 1 ? '' : 's'}</span>}
                      </button>
                    )}
                  </li>
                );
              })}
            </ul>
            <figure className="file-view">
              <figcaption className="mono">{file?.path ?? 'Pick a file'}</figcaption>
              <pre tabIndex={0} aria-label={file ? `Contents of ${file.path}` : 'No file selected'}>
                {file?.content ?? ''}
              </pre>
            </figure>
          </div>
          <ExportFiles site={site} />
        </section>
      )}

      {svg && (
        <section aria-labelledby="topology-heading">
          <h3 id="topology-heading">Topology</h3>
          <TopologyPicture svg={svg} alt={`${unescape(title)}. ${unescape(desc)}`} />
        </section>
      )}
      <div className="actions">
        <button type="button" className="btn" onClick={() => dispatch({ type: 'go', step: 'network' })}>
          Back: Network &amp; workloads
        </button>
        <button type="button" className="btn btn-primary" onClick={() => dispatch({ type: 'next' })}>
          Next: Boot media
        </button>
      </div>
    </section>
  );
}

function AcceptForm({ finding, siteId, defaultBy, onCancel, onDone }: { readonly finding: Finding; readonly siteId: string; readonly defaultBy: string; readonly onCancel: () => void; readonly onDone: (d: { site: import('../../../main/core/site/schema').Site; path: string; updatedAt: string; revision: string }) => void }) {
  const [by, setBy] = useState(defaultBy);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<AppError | undefined>();
  const [tried, setTried] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!by.trim() || !reason.trim()) return;
    const r = await sitekit.manifests.accept({ id: siteId, code: finding.code, file: finding.file || undefined, path: finding.path || undefined, by: by.trim(), reason: reason.trim() });
    if (!r.ok) return setError(r.error);
    onDone(r.value);
  };
  return (
    <form className="accept-form" aria-label={`Accept finding ${finding.code}`} onSubmit={(e) => void submit(e)} noValidate>
      {error && <ErrorBanner error={error} onDismiss={() => setError(undefined)} />}
      <FormGrid columns={2}>
        <Field label="Accepted by" error={tried && !by.trim() ? 'say who accepts it' : undefined}>
          {(a) => <input {...a} value={by} onChange={(e) => setBy(e.target.value)} />}
        </Field>
        <Field label="Why is this acceptable?" error={tried && !reason.trim() ? 'give the reason; it goes into the site report' : undefined}>
          {(a) => <input {...a} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
      </FormGrid>
      <FormActions>
        <button type="submit" className="btn btn-primary">
          Accept finding
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </FormActions>
    </form>
  );
}

function ExportFiles({ site }: { readonly site: NonNullable<StepProps['site']> }) {
  const [dir, setDir] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<AppError | undefined>();
  const run = async () => {
    setError(undefined);
    const r = await sitekit.manifests.generate({ site, outDir: dir });
    if (!r.ok) return setError(r.error);
    const w = r.value.write;
    setNote(`Wrote ${w?.written.length ?? 0} file(s), ${w?.unchanged.length ?? 0} unchanged, under ${w?.outDir ?? dir}.`);
  };
  return (
    <div className="export-box">
      <FormGrid columns="field-action">
        <PathField label="Write the files into a folder" value={dir} onChange={setDir} filter="folder" chooserTitle="Choose the folder to write the files into" hint="For example a clone of the site repository; comments people added to these files are kept." />
        <GridAction>
          <button type="button" className="btn" disabled={!dir.trim()} onClick={() => void run()}>
            Write files
          </button>
        </GridAction>
      </FormGrid>
      <span className="muted" role="status" aria-live="polite">
        {note}
      </span>
      {error && <ErrorBanner error={error} onDismiss={() => setError(undefined)} />}
    </div>
  );
}

const ZOOMS = [1, 1.5, 2, 3] as const;

/**
 * The topology picture: fitted to its box by default (a two-node site is never cut off), and zoomable for
 * reading labels; zoomed, the box scrolls.
 */
function TopologyPicture({ svg, alt }: { readonly svg: string; readonly alt: string }) {
  const [zoom, setZoom] = useState<'fit' | (typeof ZOOMS)[number]>('fit');
  const width = Number(svg.match(/<svg[^>]*\swidth="([\d.]+)"/)?.[1] ?? svg.match(/viewBox="[\d.-]+ [\d.-]+ ([\d.]+)/)?.[1] ?? 0);
  const i = zoom === 'fit' ? -1 : ZOOMS.indexOf(zoom);
  return (
    <>
      <div className="topology-tools" role="group" aria-label="Zoom the topology picture">
        <button type="button" className="btn" disabled={zoom === 'fit'} onClick={() => setZoom(i <= 0 ? 'fit' : ZOOMS[i - 1]!)}>
          Zoom out
        </button>
        <button type="button" className="btn" aria-pressed={zoom === 'fit'} onClick={() => setZoom('fit')}>
          Fit
        </button>
        <button type="button" className="btn" disabled={i === ZOOMS.length - 1} onClick={() => setZoom(ZOOMS[i + 1]!)}>
          Zoom in
        </button>
        <span className="muted" aria-live="polite">
          {zoom === 'fit' ? 'Fitted to the box' : `${Math.round(zoom * 100)}%`}
        </span>
      </div>
      <figure className={`topology${zoom === 'fit' ? ' topology-fit' : ''}`} tabIndex={0} aria-label="Topology picture">
        <img
          src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
          alt={alt}
          style={zoom === 'fit' || !width ? undefined : { width: `${width * zoom}px`, maxWidth: 'none' }}
        />
      </figure>
    </>
  );
}
