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

  it('replaces an existing ks= and does not repeat an option already there', () => {
    const e = editKernelopt('kernelopt=runweasel ks=cdrom:/KS_CUST.CFG foo=1\n', ['foo=2']);
    expect(e.after).toBe('runweasel foo=1 ks=usb:/KS.CFG');
    expect(e.removed).toEqual(['ks=cdrom:/KS_CUST.CFG']);
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
