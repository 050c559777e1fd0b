/** What the Boot media step is told before anything is built (the preflight flow and `media:preflight` share it). */
import type { HostDriverAnswer, InstallerContents } from './drivers';
import type { IsoInspectionView } from './iso-inspection';

/** One action the hardware check requires of a host, and whether it is (or will be) satisfied. */
export interface RequiredActionView {
  readonly kind: string;
  readonly text: string;
  /** True when the stick or the manifests take care of it (or the ISO carries the driver). */
  readonly satisfied: boolean;
  /** Who does it: the stick, GitOps (the manifests), the technician (BIOS, first boot), or nobody yet. */
  readonly how: 'stick' | 'gitops' | 'technician' | 'open';
}

export interface MediaPreflight {
  readonly hosts: readonly {
    readonly host: string;
    readonly status: string;
    readonly actions: readonly RequiredActionView[];
    readonly driver?: { readonly answer: HostDriverAnswer['answer']; readonly blocking: boolean; readonly lines: readonly string[] };
  }[];
  readonly iso?: IsoInspectionView;
  readonly installer?: InstallerContents;
  /** Why a stick cannot be built as things stand (each a sentence). */
  readonly blocking: readonly string[];
  /** The PowerCLI Image Builder script for a custom ISO, when a driver is missing. */
  readonly script?: string;
}
