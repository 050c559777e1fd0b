/**
 * The BIOS/firmware checklist, one per host model, to tick on paper before installing.
 *
 * General items come from ESXi's own requirements (hardware.md §3.1: NX/XD, VT-x; KB 313152: UEFI) and
 * from the media design (bootmedia.md §2.3–2.4: Secure Boot, boot order); model items come from the
 * compatibility list through the hardware verdict (VMD off, E-cores) and from the host's recorded
 * requirements. Each item says why, so a person can judge it on a machine that differs.
 */
import type { Host, Site } from '../site/schema';
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
export function buildChecklists(site: Site, verdicts: ReadonlyMap<string, HostVerdictInput>): ReportChecklist[] {
  const groups = new Map<string, { hosts: string[]; specific: Map<string, ChecklistItem> }>();
  for (const host of site.spec.hosts) {
    const v = verdicts.get(host.name);
    const label = modelLabel(host, v);
    const g = groups.get(label) ?? { hosts: [], specific: new Map<string, ChecklistItem>() };
    g.hosts.push(host.name);
    for (const b of v?.bios ?? []) {
      const key = b.setting.trim().toLowerCase();
      if (key && !g.specific.has(key)) g.specific.set(key, { id: `model-${slug(b.setting)}`, text: b.setting.trim(), why: b.why, source: b.source });
    }
    for (const s of host.requirements.biosSettings) {
      const key = s.trim().toLowerCase();
      if (key && !g.specific.has(key)) g.specific.set(key, { id: `model-${slug(s)}`, text: s.trim(), why: 'Asked for by the hardware check of this host.' });
    }
    groups.set(label, g);
  }
  return [...groups.entries()].map(([model, g]) => ({
    model,
    hosts: g.hosts,
    items: [...generalItems(site), ...g.specific.values(), ...FINAL_ITEMS],
  }));
}
