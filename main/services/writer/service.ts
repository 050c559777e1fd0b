/**
 * The stick service the handlers and the CLI use: drive list with hot-plug, write jobs (several sticks,
 * cancellable), verify and audit. Device writes run in this process when it is root, otherwise through
 * the privileged runner the desktop app supplies (main/app/elevate.ts); image files never need privilege.
 */
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { err, ok, type AppError, type Result } from '../../core/result';
import type { AuditReport, DriveInfo, StickOutcome, StickPlatform, VerifyOutcome, WriteTarget } from '../../core/drives/types';
import { describeStickPlatform, stickPlatform } from '../../core/drives/describe';
import type { Logger } from '../logger';
import { DriveWatcher, listDrives, type DriveEnumerator, type DriveListOptions } from '../drives/drives';
import { inProcessRunner, isRoot, type WriteJobRequest, type WriteRunner } from './runner';
import type { ProgressReport } from '../../core/progress';
import type { WritePhase } from '../../core/drives/types';
import { verifyStick } from './verify';
import { auditStick } from './audit';

export interface StickServiceOptions {
  readonly logger: Logger;
  /** Default folder for image-file targets. */
  readonly imageDir: string;
  readonly enumerator?: DriveEnumerator;
  /** Runs device writes with privilege when this process is not root (desktop app). */
  readonly privilegedRunner?: WriteRunner;
  /** The operating system (default: this process's); an input so a test can run the Windows and macOS branch. */
  readonly platform?: string;
}

interface RunningJob {
  readonly all: AbortController;
  readonly each: AbortController[];
}

const targetName = (t: WriteTarget) => (t.kind === 'device' ? t.identity.device : t.path);

/** The outcome of a stick that was never opened. */
const notWritten = (target: WriteTarget, error: AppError): StickOutcome => ({
  target: targetName(target),
  written: false,
  verified: false,
  bytes: 0,
  eject: { status: 'skipped' },
  safeToRemove: false,
  error,
});

export class StickService {
  private readonly jobs = new Map<string, RunningJob>();
  private watcher: DriveWatcher | undefined;

  constructor(private readonly options: StickServiceOptions) {}

  /** What this computer can do with sticks (Linux: everything; elsewhere image files only). */
  get platform(): StickPlatform {
    return stickPlatform(this.options.platform ?? process.platform);
  }

  get canWriteDevices(): boolean {
    return this.platform.sticks && (isRoot() || Boolean(this.options.privilegedRunner));
  }

  /** The drive list with the image folder and the platform statement's facts; `enumerator` overrides (CLI loop devices). */
  async list(options: Pick<DriveListOptions, 'imageSize' | 'includeHidden' | 'enumerator' | 'explainUnlisted' | 'listedBy'> = {}): Promise<Result<{ drives: DriveInfo[]; imageDir: string; canWriteDevices: boolean; platform: StickPlatform }>> {
    // The image folder is offered as a target in every list, so make sure it exists.
    await mkdir(this.options.imageDir, { recursive: true }).catch(() => undefined);
    const r = await listDrives({ ...options, enumerator: options.enumerator ?? this.options.enumerator, platform: this.platform.os });
    if (!r.ok) return r;
    return ok({ drives: r.value, imageDir: this.options.imageDir, canWriteDevices: this.canWriteDevices, platform: this.platform });
  }

  /** Starts polling for hot-plug (once); `onChange` gets every changed list. Nothing to poll where sticks are not listed. */
  watch(onChange: (drives: DriveInfo[]) => void): () => void {
    if (!this.platform.sticks) return () => undefined;
    this.watcher ??= new DriveWatcher({ enumerator: this.options.enumerator });
    this.watcher.on('change', onChange);
    this.watcher.start();
    return () => this.watcher?.off('change', onChange);
  }

  stopWatching(): void {
    this.watcher?.stop();
  }

  /** Writes every item in its own pipeline; resolves with one outcome per item, in order. */
  async write(jobId: string, request: WriteJobRequest, onProgress?: (index: number, p: ProgressReport<WritePhase>) => void): Promise<Result<StickOutcome[]>> {
    if (this.jobs.has(jobId)) return err('conflict', `A write job named ${jobId} is already running.`, { hint: 'Wait for it to finish or cancel it.' });
    const job: RunningJob = { all: new AbortController(), each: request.items.map(() => new AbortController()) };
    this.jobs.set(jobId, job);
    try {
      if (request.items.some((i) => i.target.kind === 'file')) await mkdir(this.options.imageDir, { recursive: true }).catch(() => undefined);
      const devices = request.items.map((item, index) => ({ item, index })).filter((x) => x.item.target.kind === 'device');
      const files = request.items.map((item, index) => ({ item, index })).filter((x) => x.item.target.kind === 'file');
      const outcomes: StickOutcome[] = new Array(request.items.length);
      const runGroup = async (group: typeof devices, runner: WriteRunner | undefined) => {
        if (group.length === 0) return;
        const unsupported = describeStickPlatform(this.platform);
        if (unsupported && group.some((g) => g.item.target.kind === 'device')) {
          // never try: the writer's device path (sysfs identity, O_DIRECT) is Linux's
          for (const g of group) outcomes[g.index] = notWritten(g.item.target, { code: 'unsupported', message: `${targetName(g.item.target)} was not written. ${unsupported}`, hint: 'Write an image file instead.' });
          return;
        }
        if (!runner) {
          for (const g of group)
            outcomes[g.index] = notWritten(g.item.target, {
              code: 'unauthorized',
              message: `Writing to ${targetName(g.item.target)} needs administrator rights, and this Sitekit cannot ask for them. Nothing was written.`,
              hint: 'Use the desktop app, or run `sudo sitekit media write`, or write to an image file.',
            });
          return;
        }
        try {
          const out = await runner(
            { ...request, items: group.map((g) => g.item) },
            { signal: job.all.signal, itemSignals: group.map((g) => job.each[g.index]!.signal), onProgress: (k, p) => onProgress?.(group[k]!.index, p) },
          );
          out.forEach((o, k) => (outcomes[group[k]!.index] = o));
        } catch (e) {
          for (const g of group)
            outcomes[g.index] = notWritten(g.item.target, {
              code: 'unauthorized',
              message: `The privileged writer could not run: ${(e as Error).message}. Nothing was written.`,
              hint: 'Accept the administrator prompt, or run `sudo sitekit media write`.',
            });
        }
      };
      await Promise.all([runGroup(devices, isRoot() ? inProcessRunner : this.options.privilegedRunner), runGroup(files, inProcessRunner)]);
      for (const o of outcomes) this.options.logger.info('stick written', { target: o.target, verified: o.verified, error: o.error?.code, eject: o.eject.status });
      return ok(outcomes);
    } finally {
      this.jobs.delete(jobId);
    }
  }

  /** Cancels `<jobId>` (every stick) or `<jobId>/<index>` (one stick). */
  cancel(id: string): boolean {
    const [jobId, index] = id.split('/');
    const job = this.jobs.get(jobId ?? '');
    if (!job) return false;
    if (index === undefined) job.all.abort();
    else job.each[Number(index)]?.abort();
    return true;
  }

  verify(image: string, target: WriteTarget, onBytes?: (bytes: number, total: number) => void): Promise<Result<VerifyOutcome>> {
    return verifyStick(image, target, onBytes);
  }

  audit(target: string): Promise<Result<AuditReport>> {
    return auditStick(target);
  }
}

/** The default image folder under the data dir. */
export const defaultImageDir = (dataDir: string) => join(dataDir, 'images');
