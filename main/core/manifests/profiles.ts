/**
 * HostConfiguration profiles built from the site model, one per concern.
 *
 * Every profile is a plain object that is later `JSON.stringify`'d: never hand-concatenated JSON. Key paths and
 * values follow the real manifests in corpus/ecs-example (docs/FIELD-NOTES.md "HostConfiguration profile shapes");
 * the object key order here is the order written to Git, so it is fixed and matches the examples. The same
 * builders are used by import to check that a HostConfiguration found in a repo is exactly what Sitekit would
 * write for the modelled values.
 */
import type { AdvancedOption, HostSettings, NfsDatastore, PtpAdapter } from '../site/host-settings';
import type { Host, Site, VSwitch } from '../site/schema';
import type { HostPlan, PlannedVSwitch } from '../host-plan/types';

/** A JSON value as written into `spec.profile`. */
export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

/** The module setting that makes ESXi scan the USB bus at boot so USB NICs (Fling) get their vusbN names. */
export const USB_NIC_SCAN = { module: 'vmkusb_nic_fling', options: 'usbBusFullScanOnBootEnabled=1' } as const;

/** A vSwitch with its uplinks decided: a planned one, or one read from a repo. */
export type SwitchWithUplinks = Omit<VSwitch, 'uplinks'> & { readonly uplinks: { readonly active: readonly string[]; readonly standby: readonly string[] } };

/** One vSphere standard switch, in the shape of edge-host-config/new-vswitch-and-portgroup.yaml. */
export function switchProfile(sw: SwitchWithUplinks): Json {
  const nics = [...sw.uplinks.active, ...sw.uplinks.standby];
  return {
    name: sw.name,
    policy: {
      nic_teaming: {
        policy: 'LOADBALANCE_SRCID',
        notify_switches: true,
        rolling_order: false,
        link_criteria_beacon: 'IGNORE',
        active_nics: [...sw.uplinks.active],
        standby_nics: [...sw.uplinks.standby],
      },
      security: {
        allow_promiscuous: sw.security.allowPromiscuous,
        mac_changes: sw.security.macChanges,
        forged_transmits: sw.security.forgedTransmits,
      },
      traffic_shaping: { enabled: false },
    },
    bridge: { link_discovery_protocol: { protocol: 'CDP', operation: 'LISTEN' }, nics },
    num_ports: 1024,
    mtu: sw.mtu,
    port_groups: sw.portGroups.map((pg) => ({ name: pg.name, vlan_id: pg.vlan })),
  };
}

export function vswitchesProfile(switches: readonly SwitchWithUplinks[]): Json {
  return { esx: { network_vss: { switches: switches.map(switchProfile) } } };
}

/** True when the host uses a USB NIC (vusbN uplink, a USB NIC in its hardware, or the Fling is required). */
export function hostUsesUsbNic(host: Host): boolean {
  if (host.requirements.usbNicFling) return true;
  if (host.hardware.nics.some((n) => n.bus === 'usb' && n.role === 'uplink')) return true;
  return host.vswitches.some((sw) => [...(sw.uplinks.active ?? []), ...sw.uplinks.standby].some((u) => u.startsWith('vusb')));
}

/** Module settings the host's manifests carry: the host plan's (the Fling's scan and names for a USB uplink, and the site's own). */
export function moduleSettingsFor(plan: HostPlan): { module: string; options: string }[] {
  return plan.moduleSettings.map((m) => ({ module: m.module, options: m.options }));
}

export function moduleSettingsProfile(settings: readonly { module: string; options: string }[]): Json {
  return { esx: { vmkernel: { module_settings: settings.map((m) => ({ module_name: m.module, options: m.options })) } } };
}

export function timeProfile(ntp: Site['spec']['ntp']): Json {
  if (ntp.protocol === 'PTP') return { esx: { system: { system_time: { enabled: true, protocol: 'PTP' } } } };
  return {
    esx: {
      system: {
        system_time: {
          enabled: true,
          protocol: 'NTP',
          ntp_config: { server: ntp.servers.map((hostname) => ({ hostname, command: 'SERVER' })) },
        },
      },
    },
  };
}

/**
 * The line of VMware's DCUI example that shows whoever stands at the console where to manage the host
 * (edge-host-config/dcui-welcome-message.yaml: "To manage this host, go to: https://{ip}/"). ESXi replaces
 * `{ip}` with the management address.
 */
export const DCUI_MANAGE_LINE = '{align:left}{color:yellow}To manage this host, go to: https://{ip}/{/color}{/align}';

/** The welcome text written: the site's text, followed by the management URL line unless it already has {ip}. */
export function welcomeText(custom: string): string {
  return custom.includes('{ip}') ? custom : `${custom}\n\n${DCUI_MANAGE_LINE}`;
}

/** The site's own text back from a written welcome message (inverse of welcomeText). */
export function welcomeCustom(message: string): string {
  const tail = `\n\n${DCUI_MANAGE_LINE}`;
  return message.endsWith(tail) ? message.slice(0, -tail.length) : message;
}

export function welcomeProfile(custom: string): Json {
  return { esx: { system: { welcome_message: { message: welcomeText(custom) } } } };
}

export function usersProfile(users: Site['spec']['users']): Json {
  return {
    esx: {
      authentication: {
        user_accounts: users.map((u) => ({
          name: u.name,
          password_hash: u.passwordHash,
          ...(u.description !== undefined ? { description: u.description } : {}),
        })),
      },
      authorization: {
        permissions: users.map((u) => ({ principal: u.name, is_group: false, access_mode: u.access })),
      },
    },
  };
}

/**
 * Remote syslog. The key path comes from a third-party site repo
 * (docs/FIELD-NOTES.md "HostConfiguration profile shapes": darrylcauldwell/keswick), not from VMware's examples;
 * the generated file says so in a comment.
 */
export function syslogProfile(syslog: Site['spec']['syslog']): Json {
  return {
    esx: {
      syslog: {
        global_settings: {
          remote_logging: {
            // The form real repos use: the bare address (keswick sites/bakewell/sec.yaml); a port only when it is not 514.
            log_host: syslog.map((s) => ({ protocol: s.protocol, address: s.port === 514 ? s.address : `${s.address}:${s.port}` })),
          },
        },
      },
    },
  };
}

/**
 * The vSwitch0 ESXi makes at install: the install NIC as its one uplink, MTU 1500, no security exceptions, and
 * the Management Network (on the management VLAN) and VM Network port groups. VMware removed vSwitch0 from its
 * example (ECSExample 720eae7) because rewriting it rewrites the Management Network's uplinks; Sitekit writes
 * it only when the site changes it.
 */
export function isInstallDefaultVSwitch0(plan: HostPlan, sw: PlannedVSwitch, managementVlan: number): boolean {
  if (sw.name !== 'vSwitch0') return false;
  const uplinkOk = sw.uplinksFrom === 'plan' || (sw.uplinks.standby.length === 0 && sw.uplinks.active.length === 1 && (plan.install.nic ? sw.uplinks.active[0] === plan.install.nic : true));
  const pgs = sw.portGroups.map((p) => `${p.name}|${p.vlan}`).sort();
  return (
    uplinkOk &&
    sw.mtu === 1500 &&
    !sw.security.allowPromiscuous &&
    !sw.security.macChanges &&
    !sw.security.forgedTransmits &&
    pgs.join(',') === [`Management Network|${managementVlan}`, 'VM Network|0'].sort().join(',')
  );
}

/** The host's switches that generation writes: all but an unchanged vSwitch0. */
export function switchesToWrite(plan: HostPlan, host: Host): PlannedVSwitch[] {
  return plan.vswitches.filter((sw) => !isInstallDefaultVSwitch0(plan, sw, host.management.vlan));
}

/** NFS v3 datastores, key order as ECSExample edge-host-config/nfs.yaml. */
export function nfsProfile(list: readonly NfsDatastore[]): Json {
  return {
    esx: {
      storage: {
        nfs_v3_datastores: list.map((d) => ({ volume_name: d.name, hostname: d.server, remote_share: d.share, connections: d.connections, read_only: d.readOnly })),
      },
    },
  };
}

/** Advanced options, in the community repo's shape `{<group>: {option_name, integer_value | string_value}}`. */
export function advancedOptionsProfile(list: readonly AdvancedOption[]): Json {
  const groups: Record<string, Json> = {};
  for (const o of list) groups[o.group] = { option_name: o.name, ...(typeof o.value === 'number' ? { integer_value: o.value } : { string_value: o.value }) };
  return { esx: { advanced_options: groups } };
}

export function acceptanceLevelProfile(level: NonNullable<HostSettings['acceptanceLevel']>): Json {
  return { esx: { esx_update: { software: { acceptance_level: { level } } } } };
}

export function accountLockoutProfile(lock: NonNullable<HostSettings['accountLockout']>): Json {
  return { esx: { security: { settings: { account_unlock_time: lock.unlockSeconds, account_lock_failures: lock.failures } } } };
}

/** A DHCP VMkernel adapter with the PTP service, in the shape of ECSExample edge-host-config/ptp.yaml. */
export function ptpProfile(ptp: PtpAdapter): Json {
  return {
    esx: {
      network: {
        vmknics: [
          {
            device: ptp.device,
            ip: { dhcp: true, dhcp_dns: false, ipv6: { dhcp: false, auto_configuration_enabled: false, dhcp_dns: false }, ipv6_enabled: true },
            net_stack_instance_key: 'defaultTcpipStack',
            port_connection_type: 'VSS_PORT_GROUP',
            port_group: ptp.portGroup,
            mac_mode: 'AUTO_GENERATED',
            mtu: ptp.mtu,
            enabled: true,
            enabled_services: { management: true, precision_time_protocol: true },
          },
        ],
        net_stacks: [{ key: 'defaultTcpipStack', name: 'defaultTcpipStack' }],
      },
    },
  };
}

/** Serialises a profile: two-space JSON with a trailing newline, so YAML writes it as a `|` block. */
export function profileText(profile: Json): string {
  return JSON.stringify(profile, null, 2) + '\n';
}

/** Structural equality of JSON-like values, ignoring object key order. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => deepEqual(ao[k], bo[k]));
}
