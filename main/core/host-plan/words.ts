/**
 * The host plan in words that several places show (the Boot media step, the report, the CLI), made once so they
 * agree line for line: the install NIC, and the steps the technician does at a host's console (issue 24, case 4).
 *
 * With Secure Boot on, `%firstboot` does not run, so the USB NIC Fling's settings (the boot-time bus scan and
 * the persistent vusbN names, exactly the module settings the plan carries) cannot come from the kickstart;
 * for a host whose every uplink is a USB NIC, GitOps cannot deliver them either, over the uplink they keep
 * alive. They are set at the console before the first reboot.
 */
import type { Site } from '../site/schema';
import type { HostPlan, NicPlan } from './types';

export interface ConsoleStep {
  readonly id: string;
  readonly text: string;
  readonly why: string;
}

const FLING_MODULE = 'vmkusb_nic_fling';

/** The console step for the USB NIC Fling's settings, when the host needs one (Secure Boot on, a USB uplink). */
export function usbConsoleStep(site: Site, plan: HostPlan): ConsoleStep | undefined {
  if (site.spec.secureBoot === false) return undefined;
  const fling = plan.moduleSettings.find((m) => m.module === FLING_MODULE);
  if (!fling) return undefined;
  const usb = plan.nics.filter((n) => n.bus === 'usb' && n.role === 'uplink');
  const missingMac = usb.filter((n) => !n.mac).map((n) => n.name);
  const names = usb.map((n) => n.name).join(', ') || 'the USB NIC';
  return {
    id: `first-boot-usb-nic-${plan.host.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
    text:
      `First boot of ${plan.host}, before any reboot (at the console: Alt+F1, or the ESXi Shell from the DCUI): ` +
      `esxcli system module parameters set -m ${FLING_MODULE} -p "${fling.options}"; then reboot once and check that esxcli network nic list shows ${names} Up` +
      (missingMac.length ? ` (add ${missingMac.map((n) => `${n}_mac=<its MAC>`).join(' ')} to the -p text: Sitekit does not know ${missingMac.length > 1 ? 'those MACs' : 'that MAC'})` : ''),
    why: plan.usbOnly
      ? `Every uplink of ${plan.host} is a USB NIC. Secure Boot is on, so the kickstart's %firstboot (which would set this) does not run, and GitOps cannot deliver it over the uplink it keeps alive: without it the host can lose its only uplink at the next reboot.`
      : `Secure Boot is on, so the kickstart's %firstboot (which would set this) does not run; GitOps sets it too, but only after the host has pulled the site repo, and applying it reboots the host.`,
  };
}

/** The install NIC in words: "vusb0 (00:e0:4c:68:15:6a)", and whether the technician or the plan chose it. */
export function installNicWords(plan: HostPlan): string {
  const i = plan.install;
  if (i.nic) return `${i.nic}${i.mac ? ` (${i.mac})` : ', MAC not known'}${i.source === 'default' ? ' — the first uplink with a driver' : ''}`;
  if (i.mac) return `MAC ${i.mac} (no NIC of the host has it)`;
  if (i.entered) return `${i.entered} (the host has no such NIC)`;
  return 'not known: the installer takes the first NIC it finds';
}

/** What drives a NIC on the release, and the oldest Fling build that lists it (the Hardware step's driver column, `sitekit hw check`). */
export function driverWords(n: NicPlan): string {
  const d = n.driver;
  switch (d.kind) {
    case 'inbox':
      return `inbox ${d.module ?? 'driver'}`;
    case 'package':
      return `${d.vib ?? d.package}${d.minBuild ? ` ${d.minBuild.vibVersion}+` : ''} in the ISO`;
    case 'none':
      return 'no driver on this release';
    case 'bmc':
      return 'BMC virtual NIC';
    default:
      return 'not known';
  }
}
