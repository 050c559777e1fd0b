/**
 * Turns a host's checked actions into the site model's `host.requirements` (what site.yaml keeps of the host
 * plan, main/core/host-plan: `applyPlanToSite`).
 *
 * Requirements are replaced, not merged: running the check again after a hardware change must also remove
 * what is no longer needed. Kernel options the technician added by hand are kept when the engine says
 * nothing about the same option name.
 */
import type { HostRequirements } from '../site/schema';
import type { Action } from './verdict';

/** Options the engine owns; anything else already in `kernelOptions` was added by hand and is kept. */
const ENGINE_KERNEL_OPTIONS = new Set(['cpuUniformityHardCheckPanic', 'ignoreMsrFaults']);
/** Modules whose settings the engine owns (the USB NIC Fling's); settings of other modules (from an imported repo) are kept. */
const ENGINE_MODULES = new Set(['vmkusb_nic_fling']);

/** The requirements a set of actions implies. */
export function requirementsFromActions(actions: readonly Action[], previous?: HostRequirements): HostRequirements {
  const kernelOptions: string[] = [];
  const biosSettings: string[] = [];
  const moduleSettings: { module: string; options: string }[] = [];
  const driverPackages: string[] = [];
  let usbNicFling: string | undefined;
  for (const a of actions) {
    switch (a.kind) {
      case 'inject-usb-fling':
        usbNicFling = a.file;
        break;
      case 'inject-driver':
        if (!driverPackages.includes(a.package)) driverPackages.push(a.package);
        break;
      case 'kernel-option':
        if (!kernelOptions.includes(a.option)) kernelOptions.push(a.option);
        break;
      case 'bios':
        if (!biosSettings.includes(a.setting)) biosSettings.push(a.setting);
        break;
      case 'module-setting':
        moduleSettings.push({ module: a.module, options: a.options });
        break;
      default:
        break;
    }
  }
  const names = new Set(kernelOptions.map((o) => o.split('=')[0]));
  const kept = (previous?.kernelOptions ?? []).filter((o) => {
    const name = o.split('=')[0] ?? '';
    return !ENGINE_KERNEL_OPTIONS.has(name) && !names.has(name);
  });
  const keptModules = (previous?.moduleSettings ?? []).filter((m) => !ENGINE_MODULES.has(m.module) && !moduleSettings.some((x) => x.module === m.module));
  return {
    ...(usbNicFling ? { usbNicFling } : {}),
    kernelOptions: [...kernelOptions, ...kept],
    biosSettings,
    moduleSettings: [...moduleSettings, ...keptModules.map((m) => ({ module: m.module, options: m.options }))],
    ...(driverPackages.length ? { driverPackages } : {}),
  };
}

