import { describe, expect, it } from 'vitest';
import { startProblems, outcomeText, progressText, toWriteTarget, defaultImagePath, type MediaDraft } from '../../../../renderer/steps/media/media-model';
import type { DriveInfo, StickOutcome } from '../../../../main/core/drives/types';

const drive = (device: string, extra: Partial<DriveInfo> = {}): DriveInfo => ({
  identity: { device, size: 32e9, model: 'Ultra', serial: 'S1', byId: null },
  description: 'SanDisk Ultra',
  bus: 'USB',
  isUSB: true,
  isRemovable: true,
  isReadOnly: false,
  mountpoints: [],
  findings: [],
  needsTypedConfirmation: false,
  ...extra,
});
const base: MediaDraft = { iso: '/isos/esxi.iso', password: 'Vm-ware!2024', targets: { esx01: { kind: 'drive', device: '/dev/sdb' } }, typed: {} };

describe('startProblems', () => {
  it('lets a complete draft with a plain USB stick start', () => {
    expect(startProblems(base, [drive('/dev/sdb')], true)).toEqual([]);
  });
  it('asks for the ISO, the password and at least one target', () => {
    expect(startProblems({ iso: '', password: '', targets: { esx01: { kind: 'none' } }, typed: {} }, [], true)).toEqual([
      'Choose the installer ISO.',
      'Enter the root password for the hosts.',
      'Choose a stick or an image file for at least one host.',
    ]);
  });
  it('requires typing the name of a drive that is not obviously a USB stick', () => {
    const d = drive('/dev/sdb', { needsTypedConfirmation: true, findings: [{ severity: 'confirm', code: 'not-usb', params: {} }] });
    expect(startProblems(base, [d], true)).toEqual(['Type "sdb" to confirm that /dev/sdb may be erased.']);
    expect(startProblems({ ...base, typed: { '/dev/sdb': 'sdb' } }, [d], true)).toEqual([]);
  });
  it('refuses the same stick twice, an unplugged stick, a read-only one, and devices without rights', () => {
    const two: MediaDraft = { ...base, targets: { a: { kind: 'drive', device: '/dev/sdb' }, b: { kind: 'drive', device: '/dev/sdb' } } };
    expect(startProblems(two, [drive('/dev/sdb')], true)).toContain('/dev/sdb is chosen for two hosts: one stick per host.');
    expect(startProblems(base, [], true)).toEqual(['/dev/sdb is no longer plugged in: choose again.']);
    const ro = drive('/dev/sdb', { findings: [{ severity: 'error', code: 'read-only', params: {} }] });
    expect(startProblems(base, [ro], true)[0]).toMatch(/read-only/);
    expect(startProblems(base, [drive('/dev/sdb')], false)[0]).toMatch(/administrator rights/);
  });
  it('accepts an image file without rights', () => {
    expect(startProblems({ ...base, targets: { esx01: { kind: 'file', path: '/tmp/x.img' } } }, [], false)).toEqual([]);
  });
});

describe('results and progress', () => {
  const ok: StickOutcome = { target: '/dev/sdb', written: true, verified: true, bytes: 1, eject: { status: 'done' }, safeToRemove: true };
  it('never calls a verified stick with a failed eject a failed flash', () => {
    const r = outcomeText({ ...ok, eject: { status: 'failed', message: 'Written and verified; eject failed (busy). It is safe to unplug /dev/sdb after closing any window that shows it.' } });
    expect(r.tone).toBe('warn');
    expect(r.text).toMatch(/^Written and verified; eject failed/);
    expect(outcomeText(ok)).toEqual({ tone: 'ok', text: 'Written, verified and ejected. Safe to remove.' });
    expect(outcomeText({ ...ok, eject: { status: 'skipped' } }).text).toBe('Written and verified. Safe to remove.');
    expect(outcomeText({ ...ok, target: '/home/tech/esx01.img', eject: { status: 'skipped' } }).text).toBe('Written and verified.');
    expect(outcomeText({ ...ok, verified: false, error: { code: 'device-error', message: 'The stick was removed or failed.' } }).tone).toBe('error');
  });
  it('formats progress and pins the target by identity', () => {
    expect(progressText({ phase: 'writing', bytes: 50, total: 200, speed: 23.4e6, eta: 11.2 })).toBe('Writing — 25% — 23.4 MB/s — 12 s left');
    expect(toWriteTarget({ kind: 'drive', device: '/dev/sdb' }, [drive('/dev/sdb')])).toEqual({ kind: 'device', identity: drive('/dev/sdb').identity });
    expect(defaultImagePath('/data/images/', 'store-1', 'esx01')).toBe('/data/images/store-1-esx01.img');
  });
});
