/**
 * The Media step: installer ISO (checked and hashed), the root password, one stick or image file per
 * host, a typed confirmation for drives that are not obviously USB sticks, then build + write + verify
 * with live progress per stick, and a per-stick result that says when it is safe to remove.
 * Long jobs are owned by main; this component mirrors them through `job:progress` events.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AppError } from '../../../main/core/result';
import type { DriveInfo, StickOutcome } from '../../../main/core/drives/types';
import type { IsoHashResult, IsoInspectionView } from '../../../main/ipc/channels/bundle';
import type { Progress } from '../../../main/ipc/define';
import { confirmationName, describeDriveFinding } from '../../../main/core/drives/constraints';
import { describeAudit } from '../../../main/core/drives/describe';
import type { AuditReport } from '../../../main/core/drives/types';
import { sitekit } from '../../api/client';
import { ErrorBanner } from '../../components/error-banner';
import { Field } from '../../components/field';
import type { StepProps } from '../types';
import { defaultImagePath, driveLabel, outcomeText, progressText, startProblems, toWriteTarget, type MediaDraft, type TargetChoice } from './media-model';
import './media-step.css';

interface HostRun {
  readonly host: string;
  progress?: Progress;
  outcome?: StickOutcome;
  error?: AppError;
}

export function MediaStep({ site }: StepProps) {
  const hosts = useMemo(() => site?.spec.hosts.map((h) => h.name) ?? [], [site]);
  const [draft, setDraft] = useState<MediaDraft>({ iso: '', password: '', targets: {}, typed: {} });
  const [drives, setDrives] = useState<readonly DriveInfo[]>([]);
  const [imageDir, setImageDir] = useState('');
  const [canWriteDevices, setCanWriteDevices] = useState(false);
  const [iso, setIso] = useState<IsoInspectionView | undefined>();
  const [hash, setHash] = useState<IsoHashResult | undefined>();
  const [expected, setExpected] = useState('');
  const [busy, setBusy] = useState<'inspect' | 'hash' | 'run' | undefined>();
  const [error, setError] = useState<AppError | undefined>();
  const [runs, setRuns] = useState<HostRun[]>([]);
  const [jobId, setJobId] = useState<string | undefined>();
  const [auditTarget, setAuditTarget] = useState('');
  const [audit, setAudit] = useState<AuditReport | undefined>();
  const [auditError, setAuditError] = useState<AppError | undefined>();

  const refreshDrives = useCallback(async () => {
    const r = await sitekit.drives.list({});
    if (r.ok) {
      setDrives(r.value.drives);
      setImageDir(r.value.imageDir);
      setCanWriteDevices(r.value.canWriteDevices);
    } else setError(r.error);
  }, []);

  useEffect(() => {
    void refreshDrives();
    return sitekit.on('drives:changed', () => void refreshDrives());
  }, [refreshDrives]);

  // Default: every host goes to an image file until the technician picks a stick.
  useEffect(() => {
    if (!site || !imageDir) return;
    setDraft((d) => {
      const targets: Record<string, TargetChoice> = { ...d.targets };
      for (const h of hosts) targets[h] ??= { kind: 'file', path: defaultImagePath(imageDir, site.metadata.id, h) };
      return { ...d, targets };
    });
  }, [hosts, imageDir, site]);

  useEffect(
    () =>
      sitekit.on('job:progress', (p) => {
        if (!jobId) return;
        const buildHost = p.jobId.startsWith(`${jobId}-build-`) ? p.jobId.slice(`${jobId}-build-`.length) : undefined;
        const index = p.jobId.startsWith(`${jobId}/`) ? Number(p.jobId.slice(jobId.length + 1)) : undefined;
        if (buildHost === undefined && index === undefined) return;
        setRuns((rs) => rs.map((r, i) => (r.host === buildHost || i === index ? { ...r, progress: p } : r)));
      }),
    [jobId],
  );

  const inspect = async () => {
    setBusy('inspect');
    setHash(undefined);
    const r = await sitekit.iso.inspect({ path: draft.iso.trim() });
    setBusy(undefined);
    if (r.ok) {
      setIso(r.value);
      setError(undefined);
    } else {
      setIso(undefined);
      setError(r.error);
    }
  };

  const computeHash = async () => {
    setBusy('hash');
    const r = await sitekit.iso.hash({ path: draft.iso.trim(), expected: expected.trim() || undefined });
    setBusy(undefined);
    if (r.ok) {
      setHash(r.value);
      setDraft((d) => ({ ...d, isoSha256: r.value.sha256 }));
    } else setError(r.error);
  };

  const chosenHosts = hosts.filter((h) => (draft.targets[h]?.kind ?? 'none') !== 'none');
  const problems = startProblems(draft, drives, canWriteDevices);

  const start = async () => {
    if (!site || problems.length) return;
    const id = `media-${Date.now().toString(36)}`;
    setJobId(id);
    setBusy('run');
    setError(undefined);
    const plan: HostRun[] = chosenHosts.map((host) => ({ host }));
    setRuns(plan);
    // 1. Build one image per host (in the workspace's image folder), 2. write them all at once.
    const built: { host: string; path: string; sha256: string }[] = [];
    for (const host of chosenHosts) {
      const r = await sitekit.media.build({
        id: site.metadata.id,
        iso: draft.iso.trim(),
        out: defaultImagePath(imageDir, site.metadata.id, `${host}-build`),
        host: hosts.length > 1 ? host : undefined,
        password: draft.password,
        isoSha256: draft.isoSha256,
        jobId: `${id}-build-${host}`,
      });
      if (!r.ok) {
        setRuns((rs) => rs.map((x) => (x.host === host ? { ...x, error: r.error } : x)));
        continue;
      }
      built.push({ host, path: r.value.path, sha256: r.value.sha256 });
    }
    const items = built.flatMap((b) => {
      const target = toWriteTarget(draft.targets[b.host] ?? { kind: 'none' }, drives);
      return target ? [{ host: b.host, image: b.path, sha256: b.sha256, target }] : [];
    });
    setRuns((rs) => [...rs.filter((r) => r.error), ...items.map((it) => rs.find((r) => r.host === it.host)!)]);
    if (items.length) {
      const w = await sitekit.media.write({ jobId: id, items: items.map(({ image, sha256, target }) => ({ image, sha256, target })), confirmLarge: true });
      if (w.ok) setRuns((rs) => rs.map((r) => ({ ...r, outcome: w.value.outcomes[items.findIndex((it) => it.host === r.host)] ?? r.outcome })));
      else setError(w.error);
    }
    setBusy(undefined);
    void refreshDrives();
  };

  const runAudit = async () => {
    setAudit(undefined);
    setAuditError(undefined);
    const r = await sitekit.media.audit({ target: auditTarget.trim() });
    if (r.ok) setAudit(r.value);
    else setAuditError(r.error);
  };

  const cancel = async () => {
    if (jobId) await sitekit.media.cancel({ jobId });
  };

  const setTarget = (host: string, value: string) =>
    setDraft((d) => ({
      ...d,
      targets: {
        ...d.targets,
        [host]: value === 'none' ? { kind: 'none' } : value === 'file' ? { kind: 'file', path: defaultImagePath(imageDir, site?.metadata.id ?? 'site', host) } : { kind: 'drive', device: value },
      },
    }));

  if (!site) return null;
  return (
    <section className="panel" aria-labelledby="media-title">
      <div className="panel-head">
        <h2 id="media-title">Boot media — {site.metadata.name}</h2>
      </div>
      {error && <ErrorBanner error={error} onDismiss={() => setError(undefined)} />}

      <fieldset className="media-block" disabled={busy === 'run'}>
        <legend>Installer ISO</legend>
        <div className="media-row">
          <Field label="ISO file path" hint="The ESXi installer ISO downloaded from the orchestrator.">
            {(p) => <input {...p} className="mono" value={draft.iso} onChange={(e) => setDraft({ ...draft, iso: e.target.value, isoSha256: undefined })} />}
          </Field>
          <button type="button" className="btn" onClick={() => void inspect()} disabled={!draft.iso.trim() || busy !== undefined}>
            {busy === 'inspect' ? 'Checking…' : 'Check ISO'}
          </button>
        </div>
        {iso && (
          <div className={`banner ${iso.isInstaller ? 'banner-ok' : 'banner-warn'}`} role="status">
            <strong className="banner-title">
              {iso.isInstaller ? '✓ ' : '⚠ '}
              {iso.name} — {iso.title ?? iso.volumeId}
              {iso.build ? `, build ${iso.build}` : ''}
            </strong>
            {iso.findings.length > 0 && (
              <ul>
                {iso.findings.map((f, i) => (
                  <li key={i}>{f.code}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        <div className="media-row">
          <Field label="Expected SHA-256 (optional)" hint="Paste the checksum published with the ISO to compare.">
            {(p) => <input {...p} className="mono" value={expected} onChange={(e) => setExpected(e.target.value)} />}
          </Field>
          <button type="button" className="btn" onClick={() => void computeHash()} disabled={!draft.iso.trim() || busy !== undefined}>
            {busy === 'hash' ? 'Hashing…' : 'Compute SHA-256'}
          </button>
        </div>
        {hash && (
          <p role="status" className={hash.matches === false ? 'field-error' : ''}>
            SHA-256 <span className="mono" data-testid="iso-sha256">{hash.sha256}</span>
            {hash.matches === true && ' — matches the published checksum.'}
            {hash.matches === false && ' — does NOT match the published checksum: download the ISO again.'}
          </p>
        )}
      </fieldset>

      <fieldset className="media-block" disabled={busy === 'run'}>
        <legend>Root password for the hosts</legend>
        <Field label="Root password" hint="Goes into KS.CFG only as a SHA-512 crypt hash.">
          {(p) => <input {...p} type="password" autoComplete="new-password" value={draft.password} onChange={(e) => setDraft({ ...draft, password: e.target.value })} />}
        </Field>
      </fieldset>

      <fieldset className="media-block" disabled={busy === 'run'}>
        <legend>Sticks</legend>
        <p className="muted">
          {drives.length === 0 ? 'No USB stick found — plug one in (the list updates by itself), or write an image file.' : `${drives.length} drive${drives.length === 1 ? '' : 's'} found.`}{' '}
          {!canWriteDevices && drives.length > 0 && 'Writing to a stick needs administrator rights: the desktop app asks for them; in the browser, write image files.'}
        </p>
        {hosts.map((host) => {
          const choice = draft.targets[host] ?? { kind: 'none' };
          const value = choice.kind === 'drive' ? choice.device : choice.kind;
          const drive = choice.kind === 'drive' ? drives.find((d) => d.identity.device === choice.device) : undefined;
          return (
            <div key={host} className="media-host">
              <Field label={`Target for ${host}`}>
                {(p) => (
                  <select {...p} value={value} onChange={(e) => setTarget(host, e.target.value)}>
                    <option value="none">No stick for this host</option>
                    <option value="file">Image file</option>
                    {drives.map((d) => (
                      <option key={d.identity.device} value={d.identity.device}>
                        {driveLabel(d)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              {choice.kind === 'file' && (
                <Field label={`Image file for ${host}`}>
                  {(p) => (
                    <input {...p} className="mono" value={choice.path} onChange={(e) => setDraft({ ...draft, targets: { ...draft.targets, [host]: { kind: 'file', path: e.target.value } } })} />
                  )}
                </Field>
              )}
              {drive && drive.findings.length > 0 && (
                <ul className="media-findings">
                  {drive.findings.map((f, i) => (
                    <li key={i} className={f.severity === 'error' ? 'field-error' : ''}>
                      {describeDriveFinding(f)}
                    </li>
                  ))}
                </ul>
              )}
              {drive?.needsTypedConfirmation && (
                <Field label={`Type ${confirmationName(drive.identity.device)} to confirm`} hint={`Everything on ${drive.identity.device} will be erased.`}>
                  {(p) => (
                    <input {...p} className="mono" value={draft.typed[drive.identity.device] ?? ''} onChange={(e) => setDraft({ ...draft, typed: { ...draft.typed, [drive.identity.device]: e.target.value } })} />
                  )}
                </Field>
              )}
            </div>
          );
        })}
      </fieldset>

      <div className="media-actions">
        {busy === 'run' ? (
          <button type="button" className="btn btn-danger" onClick={() => void cancel()}>
            Cancel
          </button>
        ) : (
          <button type="button" className="btn btn-primary" onClick={() => void start()} disabled={problems.length > 0 || busy !== undefined}>
            Build and write {chosenHosts.length > 1 ? `${chosenHosts.length} sticks` : 'the stick'}
          </button>
        )}
        {problems.length > 0 && busy !== 'run' && (
          <ul className="media-problems" aria-label="Before you can start">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
      </div>

      {runs.length > 0 && (
        <ul className="media-runs" aria-label="Sticks">
          {runs.map((r) => {
            const res = r.outcome ? outcomeText(r.outcome) : undefined;
            return (
              <li key={r.host} className="media-run" data-testid={`run-${r.host}`}>
                <strong>{r.host}</strong>
                {r.outcome ? <span className="mono"> → {r.outcome.target}</span> : null}
                {!r.outcome && !r.error && r.progress && (
                  <>
                    <progress max={r.progress.total || 1} value={r.progress.bytes} aria-label={`Progress for ${r.host}`} />
                    <span>{progressText(r.progress)}</span>
                  </>
                )}
                {r.error && <ErrorBanner error={r.error} />}
                {res && (
                  <div className={`banner banner-${res.tone === 'ok' ? 'ok' : res.tone === 'warn' ? 'warn' : 'error'}`} role="status">
                    <strong className="banner-title">{res.text}</strong>
                    {r.outcome?.imageSha256 && (
                      <p>
                        Image SHA-256 <span className="mono">{r.outcome.imageSha256}</span>
                      </p>
                    )}
                    {r.outcome?.error?.hint && <p className="banner-hint">Next: {r.outcome.error.hint}</p>}
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}

      <fieldset className="media-block">
        <legend>Audit a stick written earlier</legend>
        <div className="media-row">
          <Field label="Stick or image file to audit" hint="A device such as /dev/sdb, or an image file. Read without mounting.">
            {(p) => <input {...p} className="mono" value={auditTarget} onChange={(e) => setAuditTarget(e.target.value)} />}
          </Field>
          <button type="button" className="btn" onClick={() => void runAudit()} disabled={!auditTarget.trim()}>
            Audit
          </button>
        </div>
        {auditError && <ErrorBanner error={auditError} />}
        {audit && (
          <div className={`banner ${audit.intact ? 'banner-ok' : 'banner-error'}`} role="status" data-testid="audit-result">
            <strong className="banner-title">{audit.intact ? '✓ Intact' : '⚠ Modified'}</strong>
            <p>{describeAudit(audit)}</p>
          </div>
        )}
      </fieldset>
    </section>
  );
}
