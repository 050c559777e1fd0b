/** Which host an inventory file describes: HOST=FILE, the file name's host prefix, or the only host. */
import { describe, expect, it } from 'vitest';
import { assignInventories, hostForFileName } from '../../../../main/core/site/inventory-assign';

const byHost = (r: ReturnType<typeof assignInventories>) => ('error' in r ? r.error : Object.fromEntries(r.byHost));

describe('hostForFileName', () => {
  it('takes the host the file name starts with, followed by - _ or .', () => {
    const hosts = ['esx01', 'esx02'];
    expect(hostForFileName('esx01-lspci.txt', hosts)).toBe('esx01');
    expect(hostForFileName('inv/ESX02_lsusb.txt', hosts)).toBe('esx02');
    expect(hostForFileName('C:\\inv\\esx02.dmidecode', hosts)).toBe('esx02');
    expect(hostForFileName('esx01lspci.txt', hosts)).toBeUndefined();
    expect(hostForFileName('my-esx01-lspci.txt', hosts)).toBeUndefined();
    expect(hostForFileName('lspci.txt', hosts)).toBeUndefined();
  });

  it('prefers the longest host name that matches (esx and esx-1)', () => {
    expect(hostForFileName('esx-1-lspci.txt', ['esx', 'esx-1'])).toBe('esx-1');
    expect(hostForFileName('esx-1-lspci.txt', ['esx-1', 'esx'])).toBe('esx-1');
    expect(hostForFileName('esx-lspci.txt', ['esx', 'esx-1'])).toBe('esx');
    expect(hostForFileName('esx10-lspci.txt', ['esx1', 'esx10'])).toBe('esx10');
  });
});

describe('assignInventories', () => {
  it('HOST=FILE, comma lists and prefixed names land on their hosts, in order', () => {
    const r = assignInventories(['esx02=a.txt, esx01-b.txt', ' esx01-c.txt ,', 'esx02-d.txt'], ['esx01', 'esx02']);
    expect(byHost(r)).toEqual({ esx02: ['a.txt', 'esx02-d.txt'], esx01: ['esx01-b.txt', 'esx01-c.txt'] });
  });

  it('a one-node site takes any file; a name before = that is no host is part of the file name', () => {
    expect(byHost(assignInventories(['lspci.txt', 'x=y.txt'], ['esx01']))).toEqual({ esx01: ['lspci.txt', 'x=y.txt'] });
    expect(byHost(assignInventories(['esx01=lspci.txt'], ['esx01']))).toEqual({ esx01: ['lspci.txt'] });
  });

  it('a file named like a host plus more letters belongs to no host', () => {
    expect(byHost(assignInventories(['esx01a'], ['esx01', 'esx02']))).toMatch(/^cannot tell which host "esx01a" belongs to/);
  });

  it('says which file has no host and how to name it', () => {
    expect(byHost(assignInventories(['lspci.txt'], ['esx01', 'esx02']))).toBe(
      'cannot tell which host "lspci.txt" belongs to; name it <host>-….txt or write HOST=lspci.txt (hosts: esx01, esx02).',
    );
    expect(byHost(assignInventories(['=lspci.txt'], ['esx01', 'esx02']))).toMatch(/^cannot tell which host "=lspci\.txt" belongs to/);
  });

  it('nothing given is nothing assigned', () => {
    expect(byHost(assignInventories([], ['esx01']))).toEqual({});
    expect(byHost(assignInventories([' , '], ['esx01', 'esx02']))).toEqual({});
  });
});
