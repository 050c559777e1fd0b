import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bootCfgPaths, editKernelopt, parseBootCfg, resolveBootPath } from '../../../../main/core/media/bootcfg';

const CFG = 'bootstate=0\ntitle=Loading ESXi installer\nprefix=\nkernel=/b.b00\nkernelopt=cdromBoot runweasel\nmodules=/jumpstrt.gz --- /s.v00 --- /imgpayld.tgz\nbuild=8.0.3-0.35.24280767\n';

describe('editKernelopt', () => {
  it('drops cdromBoot, keeps runweasel, appends ks=usb:/KS.CFG and the extra options', () => {
    const e = editKernelopt(CFG, ['cpuUniformityHardCheckPanic=FALSE']);
    expect(e.after).toBe('runweasel ks=usb:/KS.CFG cpuUniformityHardCheckPanic=FALSE');
    expect(e.before).toBe('cdromBoot runweasel');
    expect(e.text).toBe(CFG.replace('kernelopt=cdromBoot runweasel', 'kernelopt=runweasel ks=usb:/KS.CFG cpuUniformityHardCheckPanic=FALSE'));
  });

  it('keeps CRLF endings, comments and spacing, and edits only the last kernelopt line', () => {
    const text = 'kernelopt=old\r\nKERNELOPT=runweasel cdromBoot   # note\r\nmodules=/a --- /b\r\n';
    const e = editKernelopt(text);
    expect(e.text).toBe('kernelopt=old\r\nKERNELOPT=runweasel ks=usb:/KS.CFG   # note\r\nmodules=/a --- /b\r\n');
  });

  it('replaces an existing ks= and does not repeat an option already there (the needed value wins, reported)', () => {
    const e = editKernelopt('kernelopt=runweasel ks=cdrom:/KS_CUST.CFG foo=1 bar=3\n', ['foo=2', 'bar=3']);
    expect(e.after).toBe('runweasel foo=2 bar=3 ks=usb:/KS.CFG');
    expect(e.removed).toEqual(['ks=cdrom:/KS_CUST.CFG']);
    expect(e.changed).toEqual([{ from: 'foo=1', to: 'foo=2' }]);
  });

  it('adds a kernelopt line when the file has none', () => {
    expect(editKernelopt('kernel=/b.b00').text).toBe('kernel=/b.b00\nkernelopt=ks=usb:/KS.CFG\n');
  });

  it('never changes any other line (property)', () => {
    const line = fc.stringMatching(/^[a-z]{1,8}=[ -~]{0,30}$/).filter((l) => !/^kernelopt/i.test(l));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), fc.array(line, { maxLength: 6 }), fc.constantFrom('\n', '\r\n'), (a, b, eol) => {
        const text = [...a, 'kernelopt=cdromBoot runweasel', ...b, ''].join(eol);
        const out = editKernelopt(text).text.split(eol);
        const inp = text.split(eol);
        expect(out.length).toBe(inp.length);
        inp.forEach((l, i) => (l.startsWith('kernelopt=') ? expect(out[i]).toBe('kernelopt=runweasel ks=usb:/KS.CFG') : expect(out[i]).toBe(l)));
      }),
    );
  });
});

describe('parseBootCfg and paths', () => {
  it('reads keys case-insensitively, last one winning, modules split on ---', () => {
    const c = parseBootCfg('Kernel=/x\nkernel=/b.b00 # c\nMODULES=/a.v00 --- /b.v00 opt\n');
    expect(c.kernel).toBe('/b.b00');
    expect(c.modules).toEqual(['/a.v00', '/b.v00']);
  });

  it('resolves relative paths against prefix or the config directory', () => {
    expect(resolveBootPath('b.b00', {}, '/EFI/BOOT')).toBe('/EFI/BOOT/b.b00');
    expect(resolveBootPath('b.b00', { prefix: '/esx' }, '/EFI/BOOT')).toBe('/esx/b.b00');
    expect(resolveBootPath('/b.b00', { prefix: '/esx' }, '/EFI/BOOT')).toBe('/b.b00');
    expect(bootCfgPaths(CFG, '/EFI/BOOT')).toEqual(['/b.b00', '/jumpstrt.gz', '/s.v00', '/imgpayld.tgz']);
  });
});

describe('an ISO that brings its own kernelopt (ECS ISOs may): merge, never overwrite', () => {
  it('keeps every token the ISO has, changes a conflicting option in place and reports it', async () => {
    const { editKernelopt } = await import('../../../../main/core/media/bootcfg');
    const e = editKernelopt('kernel=/b.b00\nkernelopt=runweasel ecsToken=abc cpuUniformityHardCheckPanic=TRUE ks=cdrom:/ECS_KS.CFG\n', ['cpuUniformityHardCheckPanic=FALSE', 'ignoreMsrFaults=TRUE']);
    expect(e.after).toBe('runweasel ecsToken=abc cpuUniformityHardCheckPanic=FALSE ks=usb:/KS.CFG ignoreMsrFaults=TRUE');
    expect(e.changed).toEqual([{ from: 'cpuUniformityHardCheckPanic=TRUE', to: 'cpuUniformityHardCheckPanic=FALSE' }]);
    expect(e.removed).toEqual(['ks=cdrom:/ECS_KS.CFG']);
  });

  it('finds where the ISO keeps its own kickstart', async () => {
    const { kickstartSource } = await import('../../../../main/core/media/bootcfg');
    expect(kickstartSource('runweasel ks=cdrom:/KS_CUST.CFG')).toEqual({ kind: 'cdrom', token: 'ks=cdrom:/KS_CUST.CFG', path: '/KS_CUST.CFG' });
    expect(kickstartSource('ks=file://etc/vmware/weasel/ks.cfg runweasel')).toEqual({ kind: 'file', token: 'ks=file://etc/vmware/weasel/ks.cfg', path: '/etc/vmware/weasel/ks.cfg' });
    expect(kickstartSource('ks=http://10.0.0.1/ks.cfg')).toMatchObject({ kind: 'url', url: 'http://10.0.0.1/ks.cfg' });
    expect(kickstartSource('runweasel cdromBoot')).toBeUndefined();
  });
});
