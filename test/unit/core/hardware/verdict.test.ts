/** Verdict shapes: the worst status wins, and actions asking for the same thing are one action. */
import { describe, expect, it } from 'vitest';
import { actionKey, worstStatus, type Action } from '../../../../main/core/hardware/verdict';

describe('worstStatus', () => {
  it('ranks unsupported over unknown over supported-with-actions over supported, in any order', () => {
    expect(worstStatus([])).toBe('supported');
    expect(worstStatus(['supported'])).toBe('supported');
    expect(worstStatus(['supported-with-actions', 'supported'])).toBe('supported-with-actions');
    expect(worstStatus(['unknown', 'supported-with-actions'])).toBe('unknown');
    expect(worstStatus(['supported-with-actions', 'unknown', 'supported'])).toBe('unknown');
    expect(worstStatus(['unsupported', 'unknown'])).toBe('unsupported');
    expect(worstStatus(['unknown', 'unsupported', 'supported'])).toBe('unsupported');
  });
});

describe('actionKey', () => {
  const all: Action[] = [
    { kind: 'inject-usb-fling', build: 'b', file: 'f.zip', vibVersion: '1' },
    { kind: 'inject-driver', package: 'p', driver: 'd' },
    { kind: 'kernel-option', option: 'p=1' },
    { kind: 'bios', setting: 'p' },
    { kind: 'module-setting', module: 'p', options: 'x=1' },
    { kind: 'pick-another-uplink', nic: 'p' },
    { kind: 'verify', what: 'p' },
    { kind: 'change-release', to: 'p' },
  ];

  it('gives different kinds of action different keys, even when their values read the same', () => {
    expect(new Set(all.map(actionKey)).size).toBe(all.length);
  });

  it('one kernel option name is one action whatever its value; one module is one setting; one package is one injection', () => {
    expect(actionKey({ kind: 'kernel-option', option: 'ignoreMsrFaults=TRUE' })).toBe(actionKey({ kind: 'kernel-option', option: 'ignoreMsrFaults=FALSE', quirk: 'x' }));
    expect(actionKey({ kind: 'kernel-option', option: 'ignoreMsrFaults=TRUE' })).not.toBe(actionKey({ kind: 'kernel-option', option: 'cpuUniformityHardCheckPanic=FALSE' }));
    expect(actionKey({ kind: 'kernel-option', option: 'ignoreMsrFaults=TRUE' })).not.toBe(actionKey({ kind: 'kernel-option', option: 'iovDisableIR=TRUE' }));
    expect(actionKey({ kind: 'module-setting', module: 'm', options: 'a=1' })).toBe(actionKey({ kind: 'module-setting', module: 'm', options: 'b=2' }));
    expect(actionKey({ kind: 'inject-driver', package: 'if-re.zip', driver: 'if_re' })).not.toBe(actionKey({ kind: 'inject-driver', package: 'net-community.zip', driver: 'if_re' }));
    expect(actionKey({ kind: 'inject-usb-fling', build: '703', file: 'a.zip', vibVersion: '1' })).not.toBe(actionKey({ kind: 'inject-usb-fling', build: '803', file: 'a.zip', vibVersion: '1' }));
    for (const a of all.filter((x) => x.kind !== 'kernel-option' && x.kind !== 'module-setting' && x.kind !== 'inject-usb-fling' && x.kind !== 'inject-driver')) {
      const other = JSON.parse(JSON.stringify(a).replace('"p"', '"q"')) as Action;
      expect(actionKey(other), a.kind).not.toBe(actionKey(a));
    }
  });
});
