/** The wizard's steps in order. Pure data: the components are attached in steps/registry.ts. */
export const STEP_IDS = ['site', 'hardware', 'network', 'review', 'media', 'git', 'acceptance', 'report'] as const;
export type StepId = (typeof STEP_IDS)[number];

export interface StepInfo {
  readonly id: StepId;
  readonly title: string;
  readonly summary: string;
  /** Does this step need a saved site before it can be entered? */
  readonly needsSite: boolean;
}

export const STEPS: readonly StepInfo[] = [
  { id: 'site', title: 'Site', summary: 'Name, topology, hosts, management network, DNS and NTP', needsSite: false },
  { id: 'hardware', title: 'Hardware', summary: 'Host models and NICs checked against the compatibility list', needsSite: true },
  { id: 'network', title: 'Network & workloads', summary: 'vSwitches, port groups, VLANs, uplinks, VMs and the worker node', needsSite: true },
  { id: 'review', title: 'Review', summary: 'Generated GitOps manifests, lint findings and the topology picture', needsSite: true },
  { id: 'media', title: 'Boot media', summary: 'Installer ISO to a verified USB stick with each host\'s kickstart', needsSite: true },
  { id: 'git', title: 'Git', summary: 'Commit the site config; push now or when a network is there', needsSite: true },
  { id: 'acceptance', title: 'Acceptance', summary: 'Check each installed host from the laptop against the plan before leaving the site', needsSite: true },
  { id: 'report', title: 'Report', summary: 'Site handover report as PDF, HTML and JSON', needsSite: true },
];

export function stepInfo(id: StepId): StepInfo {
  const info = STEPS.find((s) => s.id === id);
  if (!info) throw new Error(`unknown step ${id}`);
  return info;
}
