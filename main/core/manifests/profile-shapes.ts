/**
 * Keys and value types of HostConfiguration profiles, as VMware's examples and real site repos write them.
 *
 * No maintained schema of the ECS profile document is published
 * (docs/FIELD-NOTES.md "HostConfiguration profile shapes": it looks like the vSphere Configuration Profiles
 * document, unconfirmed), so this table is the union of what the sources show, each branch with its source:
 * ECSExample edge-host-config/*.yaml [V], Sitekit's own generator (which follows them), and
 * darrylcauldwell/keswick sites/bakewell/sec.yaml [C] for esx_update, advanced_options, security and syslog. A key
 * outside it is a note (it may well be valid); a value of another type is an error.
 */

type Leaf = 'string' | 'integer' | 'boolean' | 'number';
export type Shape = Leaf | readonly [Shape] | { readonly [key: string]: Shape };

const S: Leaf = 'string';
const I: Leaf = 'integer';
const B: Leaf = 'boolean';

const SWITCH: Shape = {
  name: S,
  policy: {
    nic_teaming: { policy: S, notify_switches: B, rolling_order: B, link_criteria_beacon: S, active_nics: [S], standby_nics: [S] },
    security: { allow_promiscuous: B, mac_changes: B, forged_transmits: B },
    traffic_shaping: { enabled: B },
  },
  bridge: { link_discovery_protocol: { protocol: S, operation: S }, nics: [S] },
  num_ports: I,
  mtu: I,
  port_groups: [{ name: S, vlan_id: I }],
};

/** The `esx` object of a profile. */
export const ESX_PROFILE: Shape = {
  // [V] ntp.yaml, ptp.yaml, dcui-welcome-message.yaml
  system: {
    system_time: { enabled: B, protocol: S, ntp_config: { server: [{ hostname: S, command: S }] } },
    welcome_message: { message: S },
  },
  // [V] new-vswitch-and-portgroup.yaml, ptp.yaml
  network_vss: { switches: [SWITCH] },
  // [V] ptp.yaml
  network: {
    vmknics: [
      {
        device: S,
        ip: { dhcp: B, dhcp_dns: B, ipv6: { dhcp: B, auto_configuration_enabled: B, dhcp_dns: B }, ipv6_enabled: B },
        net_stack_instance_key: S,
        port_connection_type: S,
        port_group: S,
        mac_mode: S,
        mtu: I,
        enabled: B,
        enabled_services: { management: B, precision_time_protocol: B },
      },
    ],
    net_stacks: [{ key: S, name: S }],
  },
  // [V] usb-nic-scan-on-boot.yaml
  vmkernel: { module_settings: [{ module_name: S, options: S }] },
  // [V] read-only-account.yaml
  authentication: { user_accounts: [{ name: S, password_hash: S, description: S }] },
  authorization: { permissions: [{ principal: S, is_group: B, access_mode: S }] },
  // [V] nfs.yaml
  storage: { nfs_v3_datastores: [{ volume_name: S, hostname: S, remote_share: S, connections: I, read_only: B }] },
  // [C] keswick sec.yaml
  syslog: { global_settings: { remote_logging: { log_host: [{ protocol: S, address: S }] }, remote_host_max_msg_len: I } },
  esx_update: { software: { acceptance_level: { level: S } } },
  advanced_options: { '*': { option_name: S, integer_value: I, string_value: S } },
  security: { settings: { account_unlock_time: I, account_lock_failures: I } },
};

export interface ShapeProblem {
  readonly path: string;
  readonly problem: 'unknown-key' | 'type';
  readonly expected?: string;
  readonly found?: string;
}

const typeName = (v: unknown): string => (Array.isArray(v) ? 'list' : v === null ? 'null' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v === 'object' ? 'object' : typeof v);
const expectedName = (s: Shape): string => (typeof s === 'string' ? s : Array.isArray(s) ? 'list' : 'object');

/** Keys the sources do not show, and values of another type, under `base` (the path of `esx`). */
export function checkProfileShape(value: unknown, base: string, shape: Shape = ESX_PROFILE): ShapeProblem[] {
  const out: ShapeProblem[] = [];
  const walk = (v: unknown, s: Shape, path: string): void => {
    if (typeof s === 'string') {
      const t = typeName(v);
      const ok = t === s || (s === 'number' && t === 'integer');
      if (!ok) out.push({ path, problem: 'type', expected: s, found: t });
      return;
    }
    if (Array.isArray(s)) {
      if (!Array.isArray(v)) {
        out.push({ path, problem: 'type', expected: 'list', found: typeName(v) });
        return;
      }
      v.forEach((x, i) => walk(x, s[0] as Shape, `${path}[${i}]`));
      return;
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      out.push({ path, problem: 'type', expected: 'object', found: typeName(v) });
      return;
    }
    const obj = s as { readonly [key: string]: Shape };
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const sub = obj[k] ?? obj['*'];
      if (sub === undefined) out.push({ path: `${path}.${k}`, problem: 'unknown-key' });
      else walk(x, sub, `${path}.${k}`);
    }
  };
  walk(value, shape, base);
  return out.map((p) => (p.problem === 'type' ? { ...p, expected: p.expected ?? expectedName(shape) } : p));
}
