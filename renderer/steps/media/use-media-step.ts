/**
 * The Boot media step's hook: the per-site store slice (what was chosen and typed) plus what main tells us
 * (drives, the preflight, live progress), and the step's actions. The job itself is main's (`media:run`);
 * this hook only starts it and mirrors its events.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DriveInfo, StickPlatform } from '../../../main/core/drives/types';
import type { AppError } from '../../../main/core/result';
import type { Site } from '../../../main/core/site/schema';
import type { AuditReport } from '../../../main/core/drives/types';
import type { Progress } from '../../../main/ipc/define';
import { sitekit } from '../../api/client';
import { useMediaStore } from '../../state/site-store-context';
import { preflight as askPreflight, runMedia, type MediaPreflight } from './media-job-api';
import { defaultImagePath, imagePathForScope, startProblems, writeTargets } from './media-model';
import { ALL_HOSTS } from './media-state';

export interface RunProgress {
  readonly build?: Progress;
  readonly sticks: Readonly<Record<number, Progress>>;
  readonly targets: readonly string[];
}

export function useMediaStep(site: Site) {
  const siteId = site.metadata.id;
  const hosts = useMemo(() => site.spec.hosts.map((h) => h.name), [site]);
  const [m, dispatch] = useMediaStore();
  const [drives, setDrives] = useState<readonly DriveInfo[]>([]);
  const [imageDir, setImageDir] = useState('');
  const [canWriteDevices, setCanWriteDevices] = useState(false);
  const [platform, setPlatform] = useState<StickPlatform | undefined>();
  const offeredImage = useRef(false);
  const [pre, setPre] = useState<MediaPreflight | undefined>();
  const [preError, setPreError] = useState<AppError | undefined>();
  const [checking, setChecking] = useState(false);
  const [hashing, setHashing] = useState(false);
  const [error, setError] = useState<AppError | undefined>();
  const [running, setRunning] = useState<RunProgress | undefined>();
  const [audit, setAudit] = useState<AuditReport | undefined>();
  const [auditError, setAuditError] = useState<AppError | undefined>();
  const jobRef = useRef<string | undefined>(undefined);

  const refreshDrives = useCallback(async () => {
    const r = await sitekit.drives.list({});
    if (!r.ok) return setError(r.error);
    setDrives(r.value.drives);
    setImageDir(r.value.imageDir);
    setCanWriteDevices(r.value.canWriteDevices);
    setPlatform(r.value.platform);
  }, []);

  // Where sticks cannot be written (Windows, macOS) the image file is the target: tick it once, the technician may still untick it.
  useEffect(() => {
    if (platform && !platform.sticks && !offeredImage.current) {
      offeredImage.current = true;
      if (!m.imageFile.enabled) dispatch({ type: 'image-file', enabled: true });
    }
  }, [platform, m.imageFile.enabled, dispatch]);

  useEffect(() => {
    void refreshDrives();
    return sitekit.on('drives:changed', () => void refreshDrives());
  }, [refreshDrives]);

  // The image file's default place, once main has said where images go; a default name follows "Stick for".
  useEffect(() => {
    if (imageDir && !m.imageFile.path) dispatch({ type: 'image-file', path: defaultImagePath(imageDir, siteId, m.scope) });
    else if (m.imageFile.path) {
      const next = imagePathForScope(m.imageFile.path, siteId, hosts, m.scope);
      if (next !== m.imageFile.path) dispatch({ type: 'image-file', path: next });
    }
  }, [imageDir, m.imageFile.path, m.scope, siteId, hosts, dispatch]);

  const scopeRequest = useMemo(() => (m.scope === ALL_HOSTS ? { allHosts: true } : hosts.length > 1 ? { host: m.scope } : {}), [m.scope, hosts.length]);

  const runPreflight = useCallback(
    async (iso: string) => {
      setChecking(true);
      const r = await askPreflight({ siteId, ...(iso.trim() ? { iso: iso.trim() } : {}), ...scopeRequest });
      setChecking(false);
      if (r.ok) {
        setPre(r.value);
        setPreError(undefined);
      } else {
        setPre(undefined);
        setPreError(r.error);
      }
    },
    [siteId, scopeRequest],
  );

  // Every required action is listed before anything is built: on entry, and whenever the ISO or host changes.
  useEffect(() => {
    const t = setTimeout(() => void runPreflight(m.iso), m.iso ? 500 : 0);
    return () => clearTimeout(t);
  }, [m.iso, runPreflight]);

  useEffect(
    () =>
      sitekit.on('job:progress', (p) => {
        const id = jobRef.current;
        if (!id) return;
        if (p.jobId === id) setRunning((r) => (r ? { ...r, build: p } : r));
        else if (p.jobId.startsWith(`${id}/`)) {
          const index = Number(p.jobId.slice(id.length + 1));
          setRunning((r) => (r ? { ...r, sticks: { ...r.sticks, [index]: p } } : r));
        }
      }),
    [],
  );

  const computeHash = async () => {
    setHashing(true);
    const iso = m.iso.trim();
    const r = await sitekit.iso.hash({ path: iso, ...(m.expected.trim() ? { expected: m.expected.trim() } : {}) });
    setHashing(false);
    if (r.ok) dispatch({ type: 'iso-hashed', path: iso, sha256: r.value.sha256, ...(r.value.matches !== undefined ? { matches: r.value.matches } : {}) });
    else setError(r.error);
  };

  const problems = startProblems(m, drives, canWriteDevices, pre);

  const start = async () => {
    if (problems.length > 0 || running) return;
    const jobId = `media-${Date.now().toString(36)}`;
    jobRef.current = jobId;
    const targets = writeTargets(m, drives);
    setError(undefined);
    setRunning({ sticks: {}, targets: targets.map((t) => (t.kind === 'device' ? t.identity.device : t.path)) });
    const typedNames = Object.fromEntries(m.devices.filter((d) => m.typed[d]).map((d) => [d, m.typed[d]!.trim()]));
    const r = await runMedia({
      jobId,
      siteId,
      iso: m.iso.trim(),
      password: m.password,
      ...scopeRequest,
      scheme: m.scheme,
      ...(m.isoHash && m.isoHash.path === m.iso.trim() ? { isoSha256: m.isoHash.sha256 } : {}),
      // The published checksum goes to the build, which compares it on the bytes it reads and records a match.
      ...(m.expected.trim() ? { publishedSha256: m.expected.trim() } : {}),
      targets,
      confirm: { ...(Object.keys(typedNames).length ? { typedNames } : {}), ...(m.unmount ? { unmount: true } : {}), ...(m.driverOverride ? { driverOverride: true } : {}) },
    });
    jobRef.current = undefined;
    setRunning(undefined);
    const at = new Date().toISOString();
    if (r.ok) {
      const { path, size, sha256, isoSha256 } = r.value.build;
      dispatch({ type: 'finished', last: { at, scope: m.scope, build: { path, size, sha256, isoSha256 }, sticks: r.value.sticks, recorded: r.value.recorded } });
    }
    else {
      dispatch({ type: 'finished', last: { at, scope: m.scope, sticks: [], error: r.error } });
      setError(r.error);
    }
    void refreshDrives();
    // The site's records changed (stick runs): the step shows them from the reloaded site.
    const d = await sitekit.site.load({ id: siteId });
    return d.ok ? d.value : undefined;
  };

  const cancel = async () => {
    if (jobRef.current) await sitekit.media.cancel({ jobId: jobRef.current });
  };

  const runAudit = async () => {
    setAudit(undefined);
    setAuditError(undefined);
    const r = await sitekit.media.audit({ target: m.auditTarget.trim() });
    if (r.ok) setAudit(r.value);
    else setAuditError(r.error);
  };

  return { m, dispatch, hosts, scopeRequest, drives, imageDir, canWriteDevices, platform, pre, preError, checking, hashing, error, setError, running, problems, audit, auditError, computeHash, runPreflight, start, cancel, runAudit };
}

export type MediaStepModel = ReturnType<typeof useMediaStep>;
