/**
 * What the Boot media step is told before anything is built (the preflight flow and `media:preflight` share
 * it), decided from the host plan so the step, the kickstart and the report agree line for line: the install
 * NIC, each driver and whether the chosen ISO (or a stick already written) carries a build that drives the NIC,
 * and every other required action with who takes care of it.
 */
import { describeAction } from '../hardware/messages';
import type { Action } from '../hardware/verdict';
import type { HostPlan } from '../host-plan/types';
import { usbConsoleStep } from '../host-plan/words';

export { installNicWords } from '../host-plan/words';
import type { Site } from '../site/schema';
import { isStickRun, verifiedRunsFor } from '../site/records';
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
  /** The record that proves it is done already (a verified stick run), when there is one. */
  readonly record?: string;
}

export interface PreflightHost {
  readonly host: string;
  readonly status: string;
  /** The install NIC as the kickstart gets it, in words (host-plan). */
  readonly installNic: string;
  readonly actions: readonly RequiredActionView[];
  readonly driver?: { readonly answer: HostDriverAnswer['answer']; readonly blocking: boolean; readonly lines: readonly string[] };
}

export interface MediaPreflight {
  readonly hosts: readonly PreflightHost[];
  readonly iso?: IsoInspectionView;
  readonly installer?: InstallerContents;
  /** Why a stick cannot be built as things stand (each a sentence). */
  readonly blocking: readonly string[];
  /** The PowerCLI Image Builder script for a custom ISO, when a driver is missing. */
  readonly script?: string;
}

const runCite = (site: Site, host: string, pick: (drivers: readonly { vib: string; nic?: string; present: boolean | null }[], kernel: readonly string[]) => boolean): string | undefined => {
  const runs = verifiedRunsFor(site, host).filter((m) => {
    const c = m.carried?.find((x) => x.host === host);
    return c !== undefined && pick(c.drivers, c.kernelOptions);
  });
  const run = runs.filter(isStickRun).at(-1) ?? runs.at(-1);
  return run ? `${isStickRun(run) ? 'stick run' : 'image file run'} ${run.at}, ${run.target}, image SHA-256 ${run.imageSha256}` : undefined;
};

/**
 * Each required action of a host with its state. A driver is satisfied when the chosen ISO carries a build that
 * lists every adapter the action is for (the plan made with the ISO's contents), or, without an ISO chosen, when
 * a verified stick run records that its ISO did. The USB NIC Fling's settings with Secure Boot on are the
 * technician's, at the console (host-plan/console.ts).
 */
export function requiredActions(site: Site, plan: HostPlan, isoCompared: boolean): RequiredActionView[] {
  const views: RequiredActionView[] = [];
  const usbConsole = usbConsoleStep(site, plan);
  const forAction = (a: Action) =>
    plan.nics.filter((n) => (n.install || n.role === 'uplink') && n.driver.kind === 'package' && (a.kind === 'inject-usb-fling' ? n.bus === 'usb' : a.kind === 'inject-driver' ? n.bus === 'pci' && (n.driver.package === a.package || n.driver.module === a.driver) : false));
  for (const a of plan.verdict.actions) {
    const text = describeAction(a);
    switch (a.kind) {
      case 'kernel-option': {
        const record = runCite(site, plan.host, (_d, k) => k.includes(a.option));
        views.push({ kind: a.kind, text, satisfied: true, how: 'stick', ...(record ? { record } : {}) });
        break;
      }
      case 'module-setting':
        // A USB-only host with Secure Boot: GitOps cannot deliver the Fling's settings over the uplink they keep
        // alive, so the console step below (the same options) is how they get there, not GitOps.
        if (usbConsole && plan.usbOnly && a.module === 'vmkusb_nic_fling') break;
        views.push({ kind: a.kind, text, satisfied: true, how: 'gitops' });
        break;
      case 'inject-usb-fling':
      case 'inject-driver': {
        const nics = forAction(a);
        if (isoCompared) {
          const satisfied = nics.length > 0 && nics.every((n) => n.driver.carried?.state === 'yes');
          views.push({ kind: a.kind, text, satisfied, how: satisfied ? 'stick' : 'open' });
        } else {
          const record = nics.length ? runCite(site, plan.host, (d) => nics.every((n) => d.some((x) => x.nic === n.name && x.present === true))) : undefined;
          views.push({ kind: a.kind, text, satisfied: record !== undefined, how: record ? 'stick' : 'open', ...(record ? { record } : {}) });
        }
        break;
      }
      case 'bios':
        views.push({ kind: a.kind, text, satisfied: false, how: 'technician' });
        break;
      default:
        views.push({ kind: a.kind, text, satisfied: false, how: 'open' });
    }
  }
  if (usbConsole) views.push({ kind: 'console', text: usbConsole.text, satisfied: false, how: 'technician' });
  return views;
}
