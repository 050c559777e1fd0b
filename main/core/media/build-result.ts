/**
 * What building a stick image answers to every transport (the Boot media step, `sitekit media build`, the
 * demo): the image, its hash and plan, and per host what the stick carries and whether the ISO can install
 * it. The build flow makes it from its outcome (flows/build-media.ts, `buildResult`).
 */
import type { MediaPlanView } from './plan';
import type { HostDriverAnswer, InstallerContents } from './drivers';
import type { StickHostRecord } from '../site/schema';

export interface MediaBuildResult {
  readonly path: string;
  readonly size: number;
  /** The image SHA-256: what `sha256sum` prints for the image file. */
  readonly sha256: string;
  readonly isoSha256: string;
  readonly isoName: string;
  readonly plan: MediaPlanView;
  /** Hosts on this stick. */
  readonly hosts: readonly string[];
  /** Per host on the stick: what it carries (kernel options, drivers the ISO lists), as recorded with the stick run. */
  readonly carried: readonly StickHostRecord[];
  /** Per host on the stick: can this ISO install it. */
  readonly drivers: readonly HostDriverAnswer[];
  /** What the ISO's image database says it carries. */
  readonly installer: InstallerContents;
  /** The compatibility list the hardware check used. */
  readonly compatListVersion: string;
  /** Per host on the stick: its install NIC in words, from the host plan (the same line the Boot media step and the report show). */
  readonly installNics: readonly { readonly host: string; readonly text: string }[];
  /** The ISO matched the published checksum the technician gave (the build stops when it differs). */
  readonly isoChecksumMatched: boolean;
}
