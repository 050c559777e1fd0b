/**
 * /SITEKIT/MANIFEST.JSON: what is on a stick and how to check it later (docs/FIELD-NOTES.md "The stick manifest").
 *
 * This type is the contract with the stick audit (issue 8): read the FAT volume, hash every file listed in
 * `files` and compare; hash the image and compare with `image`.
 *
 One image hash: a file cannot contain the hash of the image it is part of, so the manifest does not
 * hold the image's SHA-256. It holds a digest with its own name, `image.sha256ManifestZeroed`: the SHA-256
 * of the whole image (byte 0 to `image.size`) with the manifest's own bytes (`image.manifestOffset` ..
 * `+ image.manifestSize`) read as zeros, which lets an audit check a stick without any other record. The
 * image SHA-256 — what `sha256sum` prints for the image file — is reported by the build, the write, the
 * audit (computed from the bytes) and the report (from the stick run record), always under that one name.
 * The manifest's own length never changes once planned: every hash is 64 hex characters and the JSON is
 * padded with spaces to `image.manifestSize`.
 */
import type { PartitionScheme } from './partition';

export const MANIFEST_PATH = '/SITEKIT/MANIFEST.JSON';
export const MANIFEST_FORMAT = 'sitekit-stick-manifest';
export const MANIFEST_VERSION = 1;
export const ZERO_SHA256 = '0'.repeat(64);

export interface ManifestFile {
  /** Absolute path on the stick as in the directory entries, e.g. "/EFI/BOOT/BOOT.CFG". */
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  /** iso: copied byte for byte; edited: BOOT.CFG with the kernelopt edit; generated: made by Sitekit. */
  readonly source: 'iso' | 'edited' | 'generated';
}

export interface ManifestHost {
  readonly name: string;
  readonly mac?: string;
  readonly network: string;
  readonly install: string;
}

export interface StickManifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly version: typeof MANIFEST_VERSION;
  readonly createdAt: string;
  readonly sitekit: { readonly version: string; readonly compatListVersion?: string };
  readonly site: { readonly id: string; readonly name: string; readonly commit?: string };
  readonly multiHost: boolean;
  readonly hosts: readonly ManifestHost[];
  /** `publishedMatch`: the ISO's SHA-256 was compared with the published checksum the technician entered, and matched. */
  readonly iso: { readonly name: string; readonly size: number; readonly sha256: string; readonly build?: string; readonly publishedMatch?: boolean };
  readonly partition: {
    readonly scheme: PartitionScheme;
    readonly startLba: number;
    readonly sectors: number;
    readonly mbrType: number;
    readonly diskId: string;
  };
  readonly volume: { readonly label: string; readonly volumeId: string; readonly clusterBytes: number };
  readonly files: readonly ManifestFile[];
  readonly image: {
    readonly size: number;
    /** SHA-256 of the image with the manifest bytes read as zeros (see the module comment); NOT the image SHA-256. */
    readonly sha256ManifestZeroed: string;
    readonly manifestOffset: number;
    readonly manifestSize: number;
  };
  /** Per host, what this stick carries for it (kernel options, drivers the ISO lists): the stick run record copies it. */
  readonly carried?: readonly {
    readonly host: string;
    readonly kernelOptions: readonly string[];
    readonly drivers: readonly { readonly vib: string; readonly nic?: string; readonly present: boolean | null }[];
    readonly driverOverride: boolean;
  }[];
  /** True when the installer ISO is Sitekit's sample, not ESXi. */
  readonly sampleIso?: boolean;
  /** The site report as HTML, when the caller supplied one. */
  readonly reportHtml?: string;
}

/** Renders the manifest as JSON padded with spaces to exactly `size` bytes (ASCII only; non-ASCII is \u-escaped). */
export function renderManifest(m: StickManifest, size?: number): Uint8Array {
  const json = JSON.stringify(m, null, 2).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
  const target = size ?? json.length;
  if (json.length > target) throw new Error(`manifest grew from ${target} to ${json.length} bytes`);
  const out = new Uint8Array(target).fill(0x20);
  for (let i = 0; i < json.length; i++) out[i] = json.charCodeAt(i);
  if (target > json.length) out[target - 1] = 0x0a;
  return out;
}

/** Parses a manifest read back from a stick; `undefined` when it is not one. */
export function parseManifest(text: string): StickManifest | undefined {
  try {
    const v = JSON.parse(text) as StickManifest & { image?: { sha256?: string } };
    if (!v || v.format !== MANIFEST_FORMAT || v.version !== MANIFEST_VERSION) return undefined;
    // Sticks written before the digest had its own name kept it as `image.sha256`.
    if (v.image && v.image.sha256ManifestZeroed === undefined && typeof v.image.sha256 === 'string') {
      const { sha256, ...rest } = v.image;
      return { ...v, image: { ...rest, sha256ManifestZeroed: sha256 } } as StickManifest;
    }
    return v;
  } catch {
    return undefined;
  }
}
