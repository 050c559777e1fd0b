/**
 * /SITEKIT/MANIFEST.JSON, the contract with the stick audit: its length never changes once planned, it is
 * ASCII, and a stick written before the digest had its own name still reads.
 */
import { describe, expect, it } from 'vitest';
import { MANIFEST_FORMAT, MANIFEST_PATH, MANIFEST_VERSION, parseManifest, renderManifest, ZERO_SHA256, type StickManifest } from '../../../../main/core/media/manifest';

const manifest = (over: Partial<StickManifest> = {}): StickManifest => ({
  format: MANIFEST_FORMAT,
  version: MANIFEST_VERSION,
  createdAt: '2026-11-25T06:40:00Z',
  sitekit: { version: '1.2.3' },
  site: { id: 'store-0421', name: 'Café Zürich — 0421' },
  multiHost: false,
  hosts: [{ name: 'esx01', network: 'network --bootproto=dhcp', install: 'install --firstdisk=local' }],
  iso: { name: 'ESXi.iso', size: 1, sha256: ZERO_SHA256 },
  partition: { scheme: 'mbr', startLba: 2048, sectors: 4096, mbrType: 0x0c, diskId: '12345678' },
  volume: { label: 'ESXI', volumeId: '1234-ABCD', clusterBytes: 4096 },
  files: [{ path: '/BOOT.CFG', size: 10, sha256: ZERO_SHA256, source: 'edited' }],
  image: { size: 1 << 20, sha256ManifestZeroed: ZERO_SHA256, manifestOffset: 4096, manifestSize: 2048 },
  ...over,
});

describe('renderManifest', () => {
  it('is the JSON, ASCII only (other characters \\u-escaped), padded with spaces to the size asked and ending in a newline', () => {
    const bytes = renderManifest(manifest(), 4096);
    expect(bytes.length).toBe(4096);
    expect(bytes.every((b) => b < 0x80)).toBe(true);
    const text = new TextDecoder().decode(bytes);
    expect(text.endsWith(' \n')).toBe(true);
    expect(text).toContain('"name": "Caf\\u00e9 Z\\u00fcrich \\u2014 0421"');
    expect(text).toMatch(/^\{\n {2}"format": "sitekit-stick-manifest",/);
    expect(JSON.parse(text)).toEqual(manifest());
    expect(text.trimEnd().length).toBe(JSON.stringify(manifest(), null, 2).replace(/[\u007f-\uffff]/g, 'xxxxxx').length);
  });

  it('without a size is exactly as long as the JSON and its newline', () => {
    const bytes = renderManifest(manifest());
    const text = new TextDecoder().decode(bytes);
    expect(text.endsWith('}\n')).toBe(true);
    expect(renderManifest(manifest(), bytes.length)).toEqual(bytes);
  });

  it('refuses to grow past the planned size (the image layout is fixed once planned)', () => {
    const size = renderManifest(manifest()).length;
    expect(() => renderManifest(manifest({ site: { id: 'store-0421', name: 'a much longer store name than planned' } }), size)).toThrow(`manifest grew from ${size} to `);
  });

  it('DEL (0x7f) is escaped too', () => {
    expect(new TextDecoder().decode(renderManifest(manifest({ site: { id: 's', name: 'a\u007fb' } })))).toContain('a\\u007fb');
  });
});

describe('parseManifest', () => {
  it('reads back what was rendered, padding and all', () => {
    expect(parseManifest(new TextDecoder().decode(renderManifest(manifest(), 8192)))).toEqual(manifest());
  });

  it('is undefined for anything that is not a manifest of this format and version', () => {
    expect(parseManifest('not json')).toBeUndefined();
    expect(parseManifest('null')).toBeUndefined();
    expect(parseManifest(JSON.stringify({ ...manifest(), format: 'other' }))).toBeUndefined();
    expect(parseManifest(JSON.stringify({ ...manifest(), version: 2 }))).toBeUndefined();
  });

  it('reads a stick written before the digest had its own name (image.sha256)', () => {
    const { sha256ManifestZeroed: _, ...oldImage } = manifest().image;
    const old = { ...manifest(), image: { ...oldImage, sha256: 'ab'.repeat(32) } };
    expect(parseManifest(JSON.stringify(old))?.image).toEqual({ ...oldImage, sha256ManifestZeroed: 'ab'.repeat(32) });
    // A current manifest that also carries an old field keeps its own digest.
    const both = { ...manifest(), image: { ...manifest().image, sha256: 'cd'.repeat(32) } };
    expect(parseManifest(JSON.stringify(both))?.image.sha256ManifestZeroed).toBe(ZERO_SHA256);
  });

  it('stays at /SITEKIT/MANIFEST.JSON, where the sticks already written have it', () => {
    expect(MANIFEST_PATH).toBe('/SITEKIT/MANIFEST.JSON');
  });
});
