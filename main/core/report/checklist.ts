/**
 * The BIOS/firmware checklist, one per host model, to tick on paper before installing.
 *
 * General items come from ESXi's own requirements (docs/FIELD-NOTES.md "ESXi hardware requirements": NX/XD, VT-x;
 * KB 313152: UEFI) and from the media design (docs/FIELD-NOTES.md "BIOS checklist items": Secure Boot, boot
 * order); model items come from the compatibility list through the hardware verdict (VMD off, E-cores) and from
 * the host's recorded requirements. Each item says why, so a person can judge it on a machine that differs. Kernel
 * options the host needs end the list with exactly what to do at the first boot of the installed host
 * (firstBootItems).
 */
import type { Host, Site } from '../site/schema';
import type { HostPlan, SitePlan } from '../host-plan/types';
import { usbConsoleStep } from '../host-plan/words';
import type { HostVerdictInput } from './inputs';
import type { ChecklistItem, ReportChecklist } from './schema';

const KB_LEGACY = 'Broadcom KB 313152';

function generalItems(site: Site): ChecklistItem[] {
  const eight = !site.spec.release.startsWith('7.');
  return [
    {
      id: 'uefi',
      text: 'Boot mode: UEFI only (CSM / legacy boot off)',
      why: eight
        ? 'Legacy BIOS boot is deprecated from ESXi 8.0; the Sitekit stick boots by UEFI only.'
        : 'The Sitekit stick boots by UEFI only.',
      source: KB_LEGACY,
    },
    site.spec.secureBoot
      ? {
          id: 'secure-boot',
          text: 'Secure Boot: Enabled',
          why: 'The site is planned with Secure Boot on; host settings come from Git, not from %firstboot scripts.',
          source: 'ESXi 7.0U3 installation guide',
        }
      : {
          id: 'secure-boot',
          text: 'Secure Boot: Disabled',
          why: 'The site is planned with Secure Boot off (its kickstart may use %firstboot, which Secure Boot would skip).',
          source: 'ESXi 7.0U3 installation guide',
        },
    {
      id: 'virtualization',
      text: 'Intel VT-x / AMD-V and VT-d / AMD-Vi: Enabled',
      why: 'Virtual machines and the worker node need hardware virtualisation.',
      source: 'ESXi 8.0 hardware requirements',
    },
    {
      id: 'nx',
      text: 'Execute Disable (NX/XD): Enabled',
      why: 'Required by ESXi.',
      source: 'ESXi 8.0 hardware requirements',
    },
  ];
}

const FINAL_ITEMS: readonly ChecklistItem[] = [
  {
    id: 'boot-order',
    text: 'Boot order: USB stick once for the install, then the internal disk first',
    why: 'Pull the stick when the installer reboots, or the host installs again.',
    source: 'Sitekit media design',
  },
  {
    id: 'power-restore',
    text: 'After power loss: Power On',
    why: 'An edge host should come back by itself after an outage (recommended).',
  },
];

const VIRTEN = 'virten.net: ESXi on hybrid Intel CPUs (Shift+O, esxcli system settings kernel set)';
const LAM = 'William Lam: disable the E-cores in the Intel NUC BIOS instead of the boot option (williamlam.com)';
const FIRSTBOOT_SB = 'ESXi 7.0U3/8.0 installation guide: %firstboot scripts do not run with Secure Boot on';

/** What each kernel option the engine asks for is for, and when it bites. */
const KERNEL_OPTION_WHY: Readonly<Record<string, string>> = {
  cpuUniformityHardCheckPanic:
    'Without it a hybrid P+E-core CPU halts every boot with "Fatal CPU mismatch". The installer got it from the stick, but the installed host does not inherit the installer\'s boot options.',
  ignoreMsrFaults: 'Without it, powering on a VM on a 13th-generation CPU can crash the host ("GP Exception 13").',
};

/**
 * First-boot steps for kernel options (issue 15 research): the installed host's boot.cfg does not carry the
 * installer's kernelopt, so the first boot needs the option typed at the boot loader (Shift+O), and
 * `esxcli system settings kernel set` makes it stay. With Secure Boot on, %firstboot does not run, so the
 * technician runs esxcli by hand; with it off, the kickstart's %firstboot runs the same command.
 */
function firstBootItems(site: Site, hosts: readonly Host[], hybrid: boolean, plans: ReadonlyMap<string, HostPlan>): ChecklistItem[] {
  const byOption = new Map<string, string[]>();
  for (const h of hosts) for (const o of kernelOptionsOf(h, plans)) byOption.set(o, [...(byOption.get(o) ?? []), h.name]);
  if (byOption.size === 0) return usbConsoleItems(site, hosts, plans);
  const secure = site.spec.secureBoot !== false;
  const all = [...byOption.keys()];
  const names = [...new Set([...byOption.values()].flat())].join(', ');
  const items: ChecklistItem[] = [
    {
      id: 'first-boot-shift-o',
      text: `First boot after the install (${names}): when the ESXi boot screen shows "Shift+O: Edit boot options", press Shift+O, type a space and ${all.join(' ')} at the end of the line, press Enter`,
      why: `${all.map((o) => KERNEL_OPTION_WHY[o.split('=')[0]!] ?? `${o} was asked for by the hardware check.`).join(' ')} Typed at the boot loader it holds for this one boot only.`,
      source: VIRTEN,
    },
  ];
  for (const [opt, hs] of byOption) {
    const [name, value] = opt.split('=') as [string, string];
    items.push({
      id: `first-boot-kernel-${slug(name)}`,
      text: secure
        ? `Once ${hs.join(', ')} is up (ESXi Shell or SSH): esxcli system settings kernel set -s ${name} -v ${value}; check with esxcli system settings kernel list -o ${name} (Configured: ${value})`
        : `Once ${hs.join(', ')} is up: check esxcli system settings kernel list -o ${name} shows Configured ${value} (the kickstart's %firstboot sets it; if not, run esxcli system settings kernel set -s ${name} -v ${value})`,
      why: secure
        ? `Makes ${opt} stay for every later boot. Secure Boot is on, so the kickstart's %firstboot (which would set it) does not run.`
        : `Makes ${opt} stay for every later boot. Secure Boot is off, so the kickstart's %firstboot sets it.`,
      source: secure ? `${VIRTEN}; ${FIRSTBOOT_SB}` : VIRTEN,
    });
  }
  if (hybrid && byOption.has('cpuUniformityHardCheckPanic=FALSE')) {
    items.push({
      id: 'bios-e-cores',
      text: 'Alternative to the two steps above: disable the E-cores in the BIOS (then cpuUniformityHardCheckPanic is not needed)',
      why: 'Recommended for Intel NUCs over the boot option; the host then runs on its P-cores only.',
      source: LAM,
    });
  }
  return [...items, ...usbConsoleItems(site, hosts, plans)];
}

const kernelOptionsOf = (h: Host, plans: ReadonlyMap<string, HostPlan>): readonly string[] => plans.get(h.name)?.kernelOptions.map((k) => k.option) ?? h.requirements.kernelOptions;

const FLING_NOTES = 'USB NIC Fling notes and community fixes: without usbBusFullScanOnBootEnabled=1 USB NIC uplinks drop after a reboot';

/** Secure Boot on and a USB uplink (issue 24, case 4): the Fling's settings at the console (host-plan/console.ts). */
function usbConsoleItems(site: Site, hosts: readonly Host[], plans: ReadonlyMap<string, HostPlan>): ChecklistItem[] {
  const items: ChecklistItem[] = [];
  for (const h of hosts) {
    const plan = plans.get(h.name);
    const step = plan ? usbConsoleStep(site, plan) : undefined;
    if (step) items.push({ id: step.id, text: step.text, why: step.why, source: `${FIRSTBOOT_SB}; ${FLING_NOTES}` });
  }
  return items;
}

const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'setting';

/** The model name a checklist is grouped by. */
export function modelLabel(host: Host, verdict?: HostVerdictInput): string {
  const hw = host.hardware;
  const product = [hw.vendor, hw.productName].filter(Boolean).join(' ');
  return verdict?.modelLabel ?? (product || hw.model || 'Unidentified model');
}

/** One checklist per distinct host model, items in a fixed order, model-specific items in the middle. */
export function buildChecklists(site: Site, verdicts: ReadonlyMap<string, HostVerdictInput>, plan?: SitePlan): ReportChecklist[] {
  const plans = new Map((plan?.hosts ?? []).map((p) => [p.host, p]));
  const groups = new Map<string, { hosts: string[]; members: Host[]; hybrid: boolean; specific: Map<string, ChecklistItem> }>();
  for (const host of site.spec.hosts) {
    const v = verdicts.get(host.name);
    const label = modelLabel(host, v);
    const g = groups.get(label) ?? { hosts: [], members: [], hybrid: false, specific: new Map<string, ChecklistItem>() };
    g.hosts.push(host.name);
    g.members.push(host);
    if (kernelOptionsOf(host, plans).some((o) => o.startsWith('cpuUniformityHardCheckPanic='))) g.hybrid = true;
    for (const b of v?.bios ?? []) {
      const key = b.setting.trim().toLowerCase();
      if (key && !g.specific.has(key)) g.specific.set(key, { id: `model-${slug(b.setting)}`, text: b.setting.trim(), why: b.why, source: b.source });
    }
    for (const s of plans.get(host.name)?.biosSettings ?? host.requirements.biosSettings) {
      const key = s.trim().toLowerCase();
      if (key && !g.specific.has(key)) g.specific.set(key, { id: `model-${slug(s)}`, text: s.trim(), why: 'Asked for by the hardware check of this host.' });
    }
    groups.set(label, g);
  }
  return [...groups.entries()].map(([model, g]) => ({
    model,
    hosts: g.hosts,
    items: [...generalItems(site), ...g.specific.values(), ...FINAL_ITEMS, ...firstBootItems(site, g.members, g.hybrid, plans)],
  }));
}
