/**
 * Turns a host verdict's actions into the site model's `host.requirements`, so the media and manifests steps
 * honour them (inject the Fling, add kernel options, module settings) without re-running the check.
 *
 * Requirements are replaced, not merged: running the check again after a hardware change must also remove
 * what is no longer needed. Kernel options the technician added by hand are kept when the engine says
 * nothing about the same option name.
 */
import type { Host, HostRequirements, Site } from '../site/schema';
import type { Action, HostVerdict, SiteVerdict } from './verdict';

/** Options the engine owns; anything else already in `kernelOptions` was added by hand and is kept. */
const ENGINE_KERNEL_OPTIONS = new Set(['cpuUniformityHardCheckPanic', 'ignoreMsrFaults']);

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
  return {
    ...(usbNicFling ? { usbNicFling } : {}),
    kernelOptions: [...kernelOptions, ...kept],
    biosSettings,
    moduleSettings,
    ...(driverPackages.length ? { driverPackages } : {}),
  };
}

/** The requirements of one host verdict. */
export function requirementsFromVerdict(verdict: HostVerdict, previous?: HostRequirements): HostRequirements {
  return requirementsFromActions(verdict.actions, previous);
}

/** Returns the site with every checked host's requirements replaced by what its verdict asks for. */
export function applyVerdictToSite(site: Site, verdict: SiteVerdict): Site {
  const byHost = new Map(verdict.hosts.map((h) => [h.host, h]));
  const hosts: Host[] = site.spec.hosts.map((h) => {
    const v = byHost.get(h.name);
    return v ? { ...h, requirements: requirementsFromVerdict(v, h.requirements) } : h;
  });
  return { ...site, spec: { ...site.spec, hosts } };
}
