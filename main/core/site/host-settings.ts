/**
 * Blocks of the site model for what real ECS site repos configure beyond the basics (issue 16 §6): NFS
 * datastores, advanced options, the software acceptance level, account lockout, PTP on a VMkernel adapter,
 * VM class configSpec and passthrough devices, MetalLB address pools.
 *
 * Each block maps to one HostConfiguration or Kubernetes object whose shape comes from a real repo:
 * VMware's ECSExample (edge-host-config/nfs.yaml, ptp.yaml, virtualmachine/VMClass/*.yaml) or, where VMware has
 * no example, a community site repo (darrylcauldwell/keswick sites/bakewell/sec.yaml: esx_update,
 * advanced_options, security.settings). The generator (main/core/manifests/profiles.ts) names the source in a
 * comment of every file it writes from these blocks.
 */
import { z } from 'zod';
import { parseRange } from '../ipv4';
import { HostOrIp } from './address-fields';
import { addProblem } from './problem';
const HEX4 = /^(0x)?[0-9a-fA-F]{1,4}$/;

/** An NFS v3 datastore, as `esx.storage.nfs_v3_datastores[]` in ECSExample edge-host-config/nfs.yaml. */
export const NfsDatastore = z.object({
  /** Datastore name on the host (volume_name). */
  name: z.string().min(1, 'the datastore needs a name').max(42, 'at most 42 characters'),
  server: HostOrIp,
  share: z.string().regex(/^\//, 'must be an absolute export path such as /data/NFS'),
  readOnly: z.boolean().default(false),
  connections: z.number().int().min(1).max(8).default(1),
});
export type NfsDatastore = z.infer<typeof NfsDatastore>;

/** One ESXi advanced option (`esx.advanced_options.<group>` as in the community repo; one option per group). */
export const AdvancedOption = z.object({
  /** Option group, lower case as in the profile, e.g. `mem` for Mem.ShareForceSalting. */
  group: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be the lower-case group such as mem'),
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9_.]*$/, 'must be the option name such as ShareForceSalting'),
  value: z.union([z.number().int(), z.string().min(1)]),
});
export type AdvancedOption = z.infer<typeof AdvancedOption>;

/** ESXi image acceptance levels, lowest trust last. */
export const ACCEPTANCE_LEVELS = ['VMWARE_CERTIFIED', 'VMWARE_ACCEPTED', 'PARTNER', 'COMMUNITY'] as const;

/** Settings every host of the site applies (written under base/). */
export const HostSettings = z
  .object({
    nfsDatastores: z.array(NfsDatastore).default(() => []),
    advancedOptions: z.array(AdvancedOption).default(() => []),
    /** Lowest VIB acceptance level the host installs; COMMUNITY is needed for Flings such as the USB NIC driver. */
    acceptanceLevel: z.enum(ACCEPTANCE_LEVELS).optional(),
    /** Local account lockout: failed logins before lock, and seconds until unlock. */
    accountLockout: z
      .object({ failures: z.number().int().min(0).max(100), unlockSeconds: z.number().int().min(0).max(86400) })
      .optional(),
  })
  .superRefine((s, ctx) => {
    const groups = new Set<string>();
    s.advancedOptions.forEach((o, i) => {
      // The profile shape keeps one option object per group, so two options in one group cannot be written.
      if (groups.has(o.group)) addProblem(ctx, `only one advanced option per group can be written; "${o.group}" is used twice`, ['advancedOptions', i, 'group']);
      groups.add(o.group);
    });
    const names = new Set<string>();
    s.nfsDatastores.forEach((d, i) => {
      if (names.has(d.name)) addProblem(ctx, `datastore name "${d.name}" is used twice`, ['nfsDatastores', i, 'name']);
      names.add(d.name);
    });
  });
export type HostSettings = z.infer<typeof HostSettings>;

/** PTP on a VMkernel adapter of one host (ECSExample edge-host-config/ptp.yaml); time.protocol PTP uses it. */
export const PtpAdapter = z.object({
  device: z.string().regex(/^vmk[1-9]\d?$/, 'must be a VMkernel adapter other than vmk0, such as vmk1').default('vmk1'),
  /** The port group the adapter connects to (a port group of one of the host's vSwitches). */
  portGroup: z.string().min(1, 'pick the port group of the PTP network'),
  mtu: z.number().int().min(1280).max(9000).default(1500),
});
export type PtpAdapter = z.infer<typeof PtpAdapter>;

/** A PCI device passed through to VMs of a class (`spec.hardware.devices.dynamicDirectPathIODevices[]`). */
export const PassthroughDevice = z.object({
  // Stryker disable Regex: equivalent mutants — HEX4 lets "0x" only at the start, so an unanchored /0x/i removes the same.
  vendorId: z.string().regex(HEX4, 'must be a PCI vendor ID such as 0x10de').transform((s) => `0x${s.replace(/^0x/i, '').toLowerCase().padStart(4, '0')}`),
  deviceId: z.string().regex(HEX4, 'must be a PCI device ID such as 0x25b6').transform((s) => `0x${s.replace(/^0x/i, '').toLowerCase().padStart(4, '0')}`),
  // Stryker restore Regex
  label: z.string().max(80).optional(),
});
export type PassthroughDevice = z.infer<typeof PassthroughDevice>;

/** Fields a VM class may add (ECSExample virtualmachine/VMClass/*.yaml). */
export const VmClassExtras = {
  /** configSpec.latencySensitivity.level; `high` needs a full memory reservation (guaranteed). */
  latencySensitivity: z.enum(['normal', 'low', 'medium', 'high']).optional(),
  /** configSpec.extraConfig (VMX options such as pciPassthru.use64bitMMIO). */
  extraConfig: z.array(z.object({ key: z.string().min(1), value: z.string() })).default(() => []),
  passthroughDevices: z.array(PassthroughDevice).default(() => []),
};

/** A MetalLB address pool (metallb.io/v1beta1 IPAddressPool, announced by an L2Advertisement). */
export const MetallbPool = z.object({
  name: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'must be a lower-case DNS label'),
  /** Ranges `a.b.c.d-a.b.c.e` or CIDRs, read as MetalLB reads them (core/ipv4.ts parseRange). */
  addresses: z
    .array(z.string().refine((t) => parseRange(t) !== undefined, 'must be a range such as 192.168.4.240-192.168.4.254 (first address not after the last) or a CIDR such as 192.168.4.240/28'))
    .min(1, 'a pool needs at least one address range'),
  autoAssign: z.boolean().default(true),
});
export type MetallbPool = z.infer<typeof MetallbPool>;

/** Powers of two for the worker's CPU count (ECSExample 84a13e4 first-boot sample: "Must be power of 2"). */
export const isPowerOfTwo = (n: number): boolean => Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
