import { describe, expect, it } from 'vitest';
import { startProblems, outcomeText, progressText, writeTargets, defaultImagePath, passwordRules, hostsMissingDriver } from '../../../../../renderer/steps/media/media-model';
import { initialMedia, mediaReducer, type MediaState } from '../../../../../renderer/steps/media/media-state';
import type { MediaPreflight } from '../../../../../renderer/steps/media/media-job-api';
import type { DriveInfo, StickOutcome } from '../../../../../main/core/drives/types';
import { checkRootPassword } from '../../../../../main/core/media/password';

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
const base: MediaState = { ...initialMedia(['esx01', 'esx02']), iso: '/isos/esxi.iso', password: 'Vm-ware!2024', confirm: 'Vm-ware!2024', devices: ['/dev/sdb'] };
const preflight = (blocking: boolean, extra: string[] = []): MediaPreflight => ({
  hosts: [{ host: 'esx02', status: 'supported', installNic: 'vusb0 (00:e0:4c:68:15:6a)', actions: [], driver: { answer: blocking ? 'no' : 'yes', blocking, lines: [] } }],
  blocking: extra,
});

describe('startProblems', () => {
  it('lets a complete state with a plain USB stick start', () => {
    expect(startProblems(base, [drive('/dev/sdb')], true)).toEqual([]);
  });
  it('asks for the ISO, the password and at least one target', () => {
    expect(startProblems(initialMedia(['esx01']), [], true)).toEqual(['Choose the installer ISO.', 'Enter the root password for the hosts.', 'Choose a stick, or write an image file.']);
  });
  it('refuses a password ESXi refuses, and two entries that differ', () => {
    expect(startProblems({ ...base, password: 'abc', confirm: 'abc' }, [drive('/dev/sdb')], true)).toEqual(["The root password does not meet ESXi's rules (see the list under it)."]);
    expect(startProblems({ ...base, confirm: 'Vm-ware!2025' }, [drive('/dev/sdb')], true)).toEqual(['Type the root password a second time, the same.']);
  });
  it('requires typing the name of a drive that is not obviously a USB stick, and agreeing to unmount', () => {
    const d = drive('/dev/sdb', { needsTypedConfirmation: true, mountpoints: ['/media/tech/STICK'], findings: [{ severity: 'confirm', code: 'not-usb', params: {} }] });
    const problems = startProblems(base, [d], true);
    expect(problems).toContain('Type "sdb" to confirm that /dev/sdb may be erased.');
    expect(problems.some((p) => p.includes('/media/tech/STICK'))).toBe(true);
    expect(startProblems({ ...base, typed: { '/dev/sdb': 'sdb' }, unmount: true }, [d], true)).toEqual([]);
  });
  it('refuses an unplugged stick, a read-only one, and devices without rights', () => {
    expect(startProblems(base, [], true)).toEqual(['/dev/sdb is no longer plugged in: plug it in again or untick it.']);
    const ro = drive('/dev/sdb', { findings: [{ severity: 'error', code: 'read-only', params: {} }] });
    expect(startProblems(base, [ro], true)[0]).toMatch(/read-only/);
    expect(startProblems(base, [drive('/dev/sdb')], false)[0]).toMatch(/administrator rights/);
  });
  it('accepts an image file without rights, but not an empty image path', () => {
    const file = { ...base, devices: [], imageFile: { enabled: true, path: '/tmp/x.img' } };
    expect(startProblems(file, [], false)).toEqual([]);
    expect(startProblems({ ...file, imageFile: { enabled: true, path: ' ' } }, [], false)).toEqual(['Choose where the image file goes.']);
  });
  it('needs the explicit override for a host whose NIC driver is missing; other blocking reasons stay', () => {
    expect(hostsMissingDriver(preflight(true))).toEqual(['esx02']);
    expect(startProblems(base, [drive('/dev/sdb')], true, preflight(true, ['esx02 needs a driver the ISO lacks.']))).toEqual([
      'The ISO has no network driver for esx02: add it to the ISO, or tick the override to record it as an open item.',
    ]);
    expect(startProblems({ ...base, driverOverride: true }, [drive('/dev/sdb')], true, preflight(true, ['esx02 needs a driver the ISO lacks.']))).toEqual([]);
    expect(startProblems(base, [drive('/dev/sdb')], true, preflight(false, ['The ISO is not an ESXi installer.']))).toEqual(['The ISO is not an ESXi installer.']);
  });
});

describe('passwordRules', () => {
  it('judges nothing before typing, then says which rule is broken, with the build\'s own code', () => {
    expect(passwordRules('', '').every((r) => r.state === 'pending')).toBe(true);
    const short = passwordRules('a', '');
    expect(short.find((r) => r.id === 'length')?.state).toBe('bad');
    expect(passwordRules('password123!X', 'x').find((r) => r.id === 'word')?.state).toBe('bad');
    expect(passwordRules('qwertyuiop1A', '').find((r) => r.id === 'sequence')?.text).toMatch(/found "qwertyuiop"/);
    const good = passwordRules('Vm-ware!2024', 'Vm-ware!2024');
    expect(good.every((r) => r.state === 'ok')).toBe(true);
    // The same verdict as the build's check.
    for (const pw of ['a', 'abcdefgh', 'Vm-ware!2024', 'Password1!', 'zxcvbnm12#']) {
      const rules = passwordRules(pw, pw).filter((r) => r.id !== 'match');
      expect(rules.some((r) => r.state === 'bad')).toBe(checkRootPassword(pw).length > 0);
    }
    expect(passwordRules('Vm-ware!2024', 'Vm-ware!2025').find((r) => r.id === 'match')?.state).toBe('bad');
  });
});

describe('media state', () => {
  it('forgets confirmations after a run and keeps the result; a new ISO path drops its old hash', () => {
    let s = mediaReducer(base, { type: 'typed', device: '/dev/sdb', text: 'sdb' });
    s = mediaReducer(s, { type: 'unmount', on: true });
    s = mediaReducer(s, { type: 'driver-override', on: true });
    s = mediaReducer(s, { type: 'finished', last: { at: 'now', scope: 'esx01', sticks: [] } });
    expect(s).toMatchObject({ typed: {}, unmount: false, driverOverride: false, last: { scope: 'esx01' } });
    s = mediaReducer(s, { type: 'iso-hashed', path: '/isos/esxi.iso', sha256: 'a'.repeat(64), matches: true });
    expect(mediaReducer(s, { type: 'iso', path: '/isos/other.iso' }).isoHash).toBeUndefined();
    expect(mediaReducer(s, { type: 'expected', text: 'x' }).isoHash).toEqual({ path: '/isos/esxi.iso', sha256: 'a'.repeat(64) });
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
  it('formats progress and pins the targets by identity', () => {
    expect(progressText({ phase: 'writing', bytes: 50, total: 200, speed: 23.4e6, eta: 11.2 })).toBe('Writing — 25% — 23.4 MB/s — 12 s left');
    expect(writeTargets({ ...base, imageFile: { enabled: true, path: ' /tmp/a.img ' } }, [drive('/dev/sdb')])).toEqual([
      { kind: 'device', identity: drive('/dev/sdb').identity },
      { kind: 'file', path: '/tmp/a.img' },
    ]);
    expect(writeTargets(base, [])).toEqual([]);
    expect(defaultImagePath('/data/images/', 'store-1', 'esx01')).toBe('/data/images/store-1-esx01.img');
    expect(defaultImagePath('/data/images', 'store-1', '*')).toBe('/data/images/store-1-all-hosts.img');
  });
});

describe('imagePathForScope (issue 24, case 9)', () => {
  it('a default name follows "Stick for"; a name the technician chose stays', async () => {
    const { imagePathForScope } = await import('../../../../../renderer/steps/media/media-model');
    const hosts = ['esx01', 'esx02'];
    expect(imagePathForScope('/img/store-0421-esx01.img', 'store-0421', hosts, 'esx02')).toBe('/img/store-0421-esx02.img');
    expect(imagePathForScope('/img/store-0421-esx02.img', 'store-0421', hosts, '*')).toBe('/img/store-0421-all-hosts.img');
    expect(imagePathForScope('C:\\img\\store-0421-all-hosts.img', 'store-0421', hosts, 'esx01')).toBe('C:\\img\\store-0421-esx01.img');
    expect(imagePathForScope('/img/leeds-backup.img', 'store-0421', hosts, 'esx02')).toBe('/img/leeds-backup.img');
  });
});
