/** The core's IPv4 vocabulary: what counts as an address, a subnet and a pool range, and the arithmetic on them. */
import { describe, expect, it } from 'vitest';
import {
  addressKind,
  hasHostBits,
  inCidr,
  intToIp,
  ipToInt,
  isIpv4,
  lastOf,
  maskOf,
  netmaskOf,
  parseCidr,
  parseRange,
  sizeOf,
} from '../../../main/core/ipv4';

const ip = (text: string): number => {
  const n = ipToInt(text);
  if (n === undefined) throw new Error(`${text} did not parse`);
  return n;
};

describe('ipToInt', () => {
  it('reads every octet at its place value, up to 255.255.255.255', () => {
    expect(ipToInt('0.0.0.0')).toBe(0);
    expect(ipToInt('0.0.0.1')).toBe(1);
    expect(ipToInt('0.0.1.0')).toBe(256);
    expect(ipToInt('0.1.0.0')).toBe(65536);
    expect(ipToInt('1.0.0.0')).toBe(16777216);
    expect(ipToInt('192.168.10.11')).toBe(0xc0a80a0b);
    expect(ipToInt('255.255.255.255')).toBe(0xffffffff);
  });

  it('refuses an octet over 255 in any place, and anything that is not four decimal octets', () => {
    for (const bad of ['256.0.0.1', '10.256.0.1', '10.0.256.1', '10.0.0.256', '10.0.0', '10.0.0.1.5', '10.0.0.-1', 'a.b.c.d', '', '10.0.0.1/24', '0x0a.0.0.1']) {
      expect(ipToInt(bad), bad).toBeUndefined();
    }
  });

  it('refuses leading zeros (010 is octal 8 to some tools, 10 to others) and surrounding spaces', () => {
    for (const bad of ['010.0.0.1', '10.00.0.1', '10.0.0.01', ' 10.0.0.1', '10.0.0.1 ', '10.0.0.1\n']) {
      expect(ipToInt(bad), JSON.stringify(bad)).toBeUndefined();
      expect(isIpv4(bad), JSON.stringify(bad)).toBe(false);
    }
    expect(isIpv4('10.0.0.1')).toBe(true);
  });

  it('round-trips with intToIp', () => {
    for (const text of ['0.0.0.0', '10.0.0.1', '172.31.255.254', '192.168.10.11', '255.255.255.255']) expect(intToIp(ip(text))).toBe(text);
  });
});

describe('masks', () => {
  it('maskOf and netmaskOf give the netmask of every prefix, /0 and /32 included', () => {
    expect(maskOf(0)).toBe(0);
    expect(maskOf(1)).toBe(0x80000000);
    expect(maskOf(8)).toBe(0xff000000);
    expect(maskOf(24)).toBe(0xffffff00);
    expect(maskOf(31)).toBe(0xfffffffe);
    expect(maskOf(32)).toBe(0xffffffff);
    expect(netmaskOf(0)).toBe('0.0.0.0');
    expect(netmaskOf(20)).toBe('255.255.240.0');
    expect(netmaskOf(24)).toBe('255.255.255.0');
    expect(netmaskOf(32)).toBe('255.255.255.255');
  });

  it('sizeOf counts the addresses of a prefix', () => {
    expect(sizeOf(32)).toBe(1);
    expect(sizeOf(31)).toBe(2);
    expect(sizeOf(24)).toBe(256);
    expect(sizeOf(0)).toBe(2 ** 32);
  });
});

describe('parseCidr and inCidr', () => {
  it('parses a subnet, keeping the address as written and the network it names', () => {
    expect(parseCidr('192.168.10.0/24')).toEqual({ network: ip('192.168.10.0'), prefix: 24, address: ip('192.168.10.0') });
    expect(parseCidr('192.168.10.77/24')).toEqual({ network: ip('192.168.10.0'), prefix: 24, address: ip('192.168.10.77') });
    expect(parseCidr('10.1.2.3/32')).toEqual({ network: ip('10.1.2.3'), prefix: 32, address: ip('10.1.2.3') });
    expect(parseCidr('200.1.2.3/0')).toEqual({ network: 0, prefix: 0, address: ip('200.1.2.3') });
  });

  it('refuses text that is not a subnet', () => {
    for (const bad of ['192.168.10.0', '192.168.10.0/33', '192.168.10.0/-1', '192.168.10.0/024', '192.168.10.0/2.5', '192.168.10.256/24', '010.0.0.0/8', '192.168.10.0/', '/24', ' 10.0.0.0/8']) {
      expect(parseCidr(bad), bad).toBeUndefined();
    }
  });

  it('knows host bits', () => {
    expect(hasHostBits(parseCidr('192.168.10.5/24')!)).toBe(true);
    expect(hasHostBits(parseCidr('192.168.10.0/24')!)).toBe(false);
    expect(hasHostBits(parseCidr('192.168.10.5/32')!)).toBe(false);
  });

  it('inCidr includes the first and last address and nothing beyond', () => {
    const c = parseCidr('192.168.10.0/24')!;
    expect(inCidr(ip('192.168.10.0'), c)).toBe(true);
    expect(inCidr(ip('192.168.10.255'), c)).toBe(true);
    expect(inCidr(ip('192.168.9.255'), c)).toBe(false);
    expect(inCidr(ip('192.168.11.0'), c)).toBe(false);
    expect(inCidr(ip('10.0.0.1'), parseCidr('0.0.0.0/0')!)).toBe(true);
    expect(inCidr(ip('255.255.255.255'), parseCidr('128.0.0.0/1')!)).toBe(true);
    expect(inCidr(ip('127.255.255.255'), parseCidr('128.0.0.0/1')!)).toBe(false);
    expect(lastOf(c)).toBe(ip('192.168.10.255'));
    expect(lastOf(parseCidr('10.0.0.8/30')!)).toBe(ip('10.0.0.11'));
  });
});

describe('parseRange (MetalLB pool entries)', () => {
  it('a CIDR covers its first through its last address, no more', () => {
    expect(parseRange('192.168.10.32/28')).toEqual({ from: ip('192.168.10.32'), to: ip('192.168.10.47') });
    expect(parseRange('192.168.10.40/32')).toEqual({ from: ip('192.168.10.40'), to: ip('192.168.10.40') });
    expect(parseRange('10.0.0.0/8')).toEqual({ from: ip('10.0.0.0'), to: ip('10.255.255.255') });
  });

  it('a dash range is inclusive at both ends; spaces around the dash are allowed, as MetalLB allows them', () => {
    expect(parseRange('192.168.10.240-192.168.10.250')).toEqual({ from: ip('192.168.10.240'), to: ip('192.168.10.250') });
    expect(parseRange('192.168.10.240 - 192.168.10.240')).toEqual({ from: ip('192.168.10.240'), to: ip('192.168.10.240') });
  });

  it('refuses a reversed range, a bad end, and other text (MetalLB refuses them too)', () => {
    for (const bad of ['192.168.10.250-192.168.10.240', '192.168.10.240-192.168.10.256', '192.168.10.240-', '1.1.1.1-2.2.2.2-3.3.3.3', '192.168.10.0/33', 'pool', '']) {
      expect(parseRange(bad), bad).toBeUndefined();
    }
  });
});

describe('addressKind', () => {
  it('only unicast addresses can be a host, a gateway or a server', () => {
    const kind = (t: string) => addressKind(ip(t));
    expect(kind('0.0.0.0')).toBe('this-network');
    expect(kind('0.255.255.255')).toBe('this-network');
    expect(kind('1.0.0.0')).toBe('unicast');
    expect(kind('126.255.255.255')).toBe('unicast');
    expect(kind('127.0.0.1')).toBe('loopback');
    expect(kind('127.255.255.255')).toBe('loopback');
    expect(kind('128.0.0.0')).toBe('unicast');
    expect(kind('223.255.255.255')).toBe('unicast');
    expect(kind('224.0.0.0')).toBe('multicast');
    expect(kind('239.255.255.255')).toBe('multicast');
    expect(kind('240.0.0.0')).toBe('reserved');
    expect(kind('255.255.255.254')).toBe('reserved');
    expect(kind('255.255.255.255')).toBe('broadcast');
    expect(kind('192.168.10.11')).toBe('unicast');
  });
});
