/**
 * BOOT.CFG as mboot reads it, at its edges: spacing and case of keys and values, blank and comment lines,
 * empty modules between `---`, prefixes written with backslashes or without a leading slash, `.` and `..`;
 * the kernelopt edit on files without a kernelopt line, with CRLF, with an option first on the line; and where
 * an ISO keeps its own kickstart.
 */
import { describe, expect, it } from 'vitest';
import { bootCfgPaths, editKernelopt, kickstartSource, parseBootCfg, resolveBootPath } from '../../../../main/core/media/bootcfg';

describe('parseBootCfg', () => {
  it('reads every key mboot knows, trimmed, whitespace collapsed, keys in any case, blank and comment lines skipped', () => {
    const text = '\n# ESXi installer\nbootstate=0\n  TITLE =  Loading   ESXi installer \nKERNEL = /b.b00  extra\nkernelopt =  cdromBoot \t runweasel  \n\nmodules=/a.v00 --- /b.v00 opt --- --- /c.v00 ---\nBuild= 8.0.3-0.35.24280767\nnonsense line\n';
    expect(parseBootCfg(text)).toEqual({ kernel: '/b.b00', kernelopt: 'cdromBoot runweasel', modules: ['/a.v00', '/b.v00', '/c.v00'], prefix: undefined, build: '8.0.3-0.35.24280767', title: 'Loading ESXi installer' });
  });

  it('a file without a kernel, modules or prefix: nothing invented', () => {
    expect(parseBootCfg('title=x\nprefix=\n')).toEqual({ kernel: undefined, kernelopt: undefined, modules: [], prefix: undefined, build: undefined, title: 'x' });
    expect(parseBootCfg('prefix=/esx\nkernel=\n')).toMatchObject({ kernel: undefined, prefix: '/esx' });
  });

  it('the last line of a file without a final line break is read too', () => {
    expect(parseBootCfg('kernel=/a\r\nkernel=/b.b00').kernel).toBe('/b.b00');
  });
});

describe('paths mboot loads', () => {
  it('backslashes are slashes, in the path and in the prefix; a prefix without a leading slash is from the root', () => {
    expect(resolveBootPath('\\EFI\\BOOT\\b.b00', {}, '/')).toBe('/EFI/BOOT/b.b00');
    expect(resolveBootPath('b.b00', { prefix: '\\esx\\mods' }, '/EFI/BOOT')).toBe('/esx/mods/b.b00');
    expect(resolveBootPath('b.b00', { prefix: 'esx' }, '/EFI/BOOT')).toBe('/esx/b.b00');
    expect(resolveBootPath('b.b00', { prefix: 'esx/' }, '/EFI/BOOT')).toBe('/esx/b.b00');
  });

  it('"." and ".." and doubled slashes are resolved; a URL-like path is taken as absolute', () => {
    expect(resolveBootPath('./mods/../b.b00', {}, '/EFI/BOOT')).toBe('/EFI/BOOT/b.b00');
    expect(resolveBootPath('../../../b.b00', {}, '/EFI/BOOT')).toBe('/b.b00');
    expect(resolveBootPath('a//b.b00', {}, '/')).toBe('/a/b.b00');
    expect(resolveBootPath('tftp://10.0.0.1/b.b00', { prefix: '/esx' }, '/EFI/BOOT')).toBe('/tftp:/10.0.0.1/b.b00');
  });

  it('a config without a kernel lists only its modules; with a prefix, all under it', () => {
    expect(bootCfgPaths('modules=/a.v00 --- b.v00\n', '/EFI/BOOT')).toEqual(['/a.v00', '/EFI/BOOT/b.v00']);
    expect(bootCfgPaths('prefix=/esx\nkernel=b.b00\nmodules=a.v00\n', '/')).toEqual(['/esx/b.b00', '/esx/a.v00']);
  });
});

describe('editKernelopt at the edges', () => {
  it('an empty file gets just the kernelopt line; a file ending in a line break gets no blank line', () => {
    expect(editKernelopt('').text).toBe('kernelopt=ks=usb:/KS.CFG\n');
    expect(editKernelopt('kernel=/b.b00\n').text).toBe('kernel=/b.b00\nkernelopt=ks=usb:/KS.CFG\n');
  });

  it('a CRLF file without kernelopt gets a CRLF line, with the extra options', () => {
    const e = editKernelopt('kernel=/b.b00\r\nbuild=1', ['ignoreMsrFaults=TRUE']);
    expect(e).toEqual({ text: 'kernel=/b.b00\r\nbuild=1\r\nkernelopt=ks=usb:/KS.CFG ignoreMsrFaults=TRUE\r\n', after: 'ks=usb:/KS.CFG ignoreMsrFaults=TRUE', removed: [], added: ['ks=usb:/KS.CFG', 'ignoreMsrFaults=TRUE'], changed: [] });
  });

  it('an empty kernelopt value, and one spread with blanks', () => {
    expect(editKernelopt('kernelopt=\n')).toEqual({ text: 'kernelopt=ks=usb:/KS.CFG\n', before: '', after: 'ks=usb:/KS.CFG', removed: [], added: ['ks=usb:/KS.CFG'], changed: [] });
    const e = editKernelopt('kernelopt=cdromBoot   runweasel\t\tfoo=1\n');
    expect([e.before, e.after, e.text]).toEqual(['cdromBoot runweasel foo=1', 'runweasel foo=1 ks=usb:/KS.CFG', 'kernelopt=runweasel foo=1 ks=usb:/KS.CFG\n']);
  });

  it('an option first on the line with another value is changed in place, not added twice', () => {
    const e = editKernelopt('kernelopt=ignoreMsrFaults=FALSE runweasel\n', ['ignoreMsrFaults=TRUE']);
    expect([e.after, e.changed, e.added]).toEqual(['ignoreMsrFaults=TRUE runweasel ks=usb:/KS.CFG', [{ from: 'ignoreMsrFaults=FALSE', to: 'ignoreMsrFaults=TRUE' }], ['ks=usb:/KS.CFG']]);
  });

  it('only a token that is ks= is an old kickstart; one that merely ends in ks= stays', () => {
    const e = editKernelopt('kernelopt=noks=1 KS=cdrom:/A.CFG\n');
    expect([e.after, e.removed]).toEqual(['noks=1 ks=usb:/KS.CFG', ['KS=cdrom:/A.CFG']]);
  });

  it('blank, comment and other lines around the kernelopt line are kept as they were', () => {
    const text = '# installer\n\nkernel=/b.b00\nkernelopt=runweasel\n\n';
    expect(editKernelopt(text).text).toBe('# installer\n\nkernel=/b.b00\nkernelopt=runweasel ks=usb:/KS.CFG\n\n');
    expect(editKernelopt('\nkernelopt=a\n').text).toBe('\nkernelopt=a ks=usb:/KS.CFG\n');
  });
});

describe('kickstartSource', () => {
  it('no kernelopt, or no ks= token: none', () => {
    expect(kickstartSource(undefined)).toBeUndefined();
    expect(kickstartSource('noks=1 runweasel')).toBeUndefined();
  });

  it('the ks= token among others, in any case; file:/// is a path from the root', () => {
    expect(kickstartSource('runweasel  noks=1\tKS=USB:/ECS_KS.CFG')).toEqual({ kind: 'usb', token: 'KS=USB:/ECS_KS.CFG', path: '/ECS_KS.CFG' });
    expect(kickstartSource('ks=file:///etc/vmware/weasel/ks.cfg')).toEqual({ kind: 'file', token: 'ks=file:///etc/vmware/weasel/ks.cfg', path: '/etc/vmware/weasel/ks.cfg' });
  });

  it('a URL that merely contains usb:/ or file:// is a URL', () => {
    expect(kickstartSource('ks=http://10.0.0.1/usb:/ks.cfg')).toEqual({ kind: 'url', token: 'ks=http://10.0.0.1/usb:/ks.cfg', url: 'http://10.0.0.1/usb:/ks.cfg' });
    expect(kickstartSource('ks=http://10.0.0.1/file://ks.cfg')).toEqual({ kind: 'url', token: 'ks=http://10.0.0.1/file://ks.cfg', url: 'http://10.0.0.1/file://ks.cfg' });
  });
});
