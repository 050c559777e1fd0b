/**
 * The acceptance record: what one acceptance run read from one installed host, and its verdict (issue 25).
 *
 * Kept in `records.acceptance` of the site (schema.ts), written only by the acceptance flow through
 * records.ts. The report's "Acceptance on site" section, its headline and `sitekit fleet status` are derived
 * from these records and nothing else
 * (docs/CONVENTIONS.md § Records prove reports). A record never holds a password: there is no field for
 * one, and the flow's test greps every file a run writes for it.
 */
import { z } from 'zod';

/** How a run ended for one host. Only `accepted` means the host is as planned. */
export const ACCEPTANCE_VERDICTS = [
  'accepted',
  'differences',
  'untrusted',
  'thumbprint-mismatch',
  'unreachable',
  'tls-error',
  'not-esxi',
  'login-failed',
  'malformed',
  'failed',
] as const;
export const AcceptanceVerdict = z.enum(ACCEPTANCE_VERDICTS);
export type AcceptanceVerdict = z.infer<typeof AcceptanceVerdict>;

const Params = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

/** A coded fact for people (a difference or a fault): the sentence is made from it in acceptance/messages.ts. */
export const AcceptanceItem = z.object({ code: z.string(), params: Params.default(() => ({})) });
export type AcceptanceItem = z.infer<typeof AcceptanceItem>;

/** What was read from the host's vSphere API in one round (docs/FIELD-NOTES.md "The vSphere properties read"). */
export const HostFacts = z.object({
  product: z.object({
    name: z.string().optional(),
    version: z.string(),
    build: z.string(),
    apiVersion: z.string().optional(),
    apiType: z.string().optional(),
  }),
  hostName: z.string().optional(),
  domainName: z.string().optional(),
  vmk0: z.object({ ip: z.string().optional(), netmask: z.string().optional(), portGroup: z.string().optional(), dhcp: z.boolean().optional() }).optional(),
  /** Physical NICs; `speedMb` is absent when the link is down (ESXi leaves linkSpeed out). */
  nics: z.array(z.object({ device: z.string(), driver: z.string().optional(), mac: z.string().optional(), speedMb: z.number().optional() })).default(() => []),
  vswitches: z.array(z.object({ name: z.string(), uplinks: z.array(z.string()).default(() => []), mtu: z.number().optional() })).default(() => []),
  portGroups: z.array(z.object({ name: z.string(), vlan: z.number(), vswitch: z.string() })).default(() => []),
  dns: z.object({ servers: z.array(z.string()).default(() => []), searchDomains: z.array(z.string()).default(() => []) }).prefault({}),
  /** `running` is the ntpd service's state; absent when the host does not list the service. */
  ntp: z.object({ servers: z.array(z.string()).default(() => []), running: z.boolean().optional() }).prefault({}),
  vms: z.array(z.object({ name: z.string(), powerState: z.string() })).default(() => []),
  connectionState: z.string().optional(),
  inMaintenanceMode: z.boolean().optional(),
  lockdownMode: z.string().optional(),
});
export type HostFacts = z.infer<typeof HostFacts>;

/**
 * One host in one acceptance run. `trust` says why the certificate was trusted in this run (absent when it
 * was not): `pinned` the technician gave the thumbprint, `recorded` it matched the one trusted in an earlier
 * run, `confirmed` it was new, shown, and the technician confirmed it (trust on first use, explicitly).
 */
export const AcceptanceRecord = z.object({
  at: z.string(),
  /** Run id: the records of one run share it. */
  run: z.string(),
  host: z.string(),
  address: z.string(),
  port: z.number().int(),
  user: z.string(),
  /** SHA-256 thumbprint of the certificate the host presented (colon-separated upper-case hex). */
  thumbprint: z.string().optional(),
  trust: z.enum(['pinned', 'recorded', 'confirmed']).optional(),
  verdict: AcceptanceVerdict,
  /** What was read; absent when nothing could be read. */
  read: HostFacts.optional(),
  differences: z.array(AcceptanceItem).default(() => []),
  fault: AcceptanceItem.optional(),
  /** The ISO build the comparison expected (from the host's stick run), when one was recorded. */
  expectedBuild: z.string().optional(),
  seconds: z.number().optional(),
});
export type AcceptanceRecord = z.infer<typeof AcceptanceRecord>;
