/**
 * Lint rules: small named functions, each returning the problems it sees
 * (docs/CONVENTIONS.md § Rules return codes, words live in messages).
 *
 * Three shapes: document rules look at one document; scope rules look at everything one host applies (what a
 * host's kustomization reaches, or every file when there is none, as Flux would); site rules look at the
 * whole set once, with the site model when there is one.
 */
import { parse as parseYaml } from 'yaml';
import type { Host, Site } from '../site/schema';
import type { SitePlan } from '../host-plan/types';
import { isStickRun, verifiedRunsFor } from '../site/records';
import { workerAddressProblems } from '../site/worker-addresses';
import { formatPath } from '../site/yaml';
import type { RawFinding } from './findings';
import { withArticle } from './messages';
import { ipToInt, inCidr, parseCidr, parseRange } from '../ipv4';
import { asArray, asRecord, CLUSTER_SCOPED, get, type ManifestDoc } from './manifest-docs';
import { deepEqual } from './profiles';
import { checkAgainstSchema } from './k8s-schema';
import { checkProfileShape } from './profile-shapes';
import { decodeBase64, findSecretsInText, isCredentialName, isHarmlessValue, URL_CREDENTIALS } from './secrets';

export interface RuleContext {
  readonly site?: Site;
  /** Path of the site.yaml in the set, for findings about the model ('' when none). */
  readonly siteFile: string;
  /** The site's host plan, when lint was given the compatibility list (install NIC, uplinks, drivers). */
  readonly plan?: SitePlan;
}

export type DocRule = (d: ManifestDoc, ctx: RuleContext) => RawFinding[];
export type ScopeRule = (docs: readonly ManifestDoc[], ctx: RuleContext) => RawFinding[];

const at = (d: ManifestDoc, path: string, code: RawFinding['code'], params: RawFinding['params'] = {}, severity?: RawFinding['severity']): RawFinding => ({
  code,
  file: d.file,
  path,
  docIndex: d.docIndex,
  params,
  ...(severity ? { severity } : {}),
});

// ---------------------------------------------------------------------------------------------------------
// HostConfiguration profiles

export interface ParsedProfile {
  /** The `esx` object (inside an extra `profile` wrapper when there is one). */
  readonly esx: Record<string, unknown>;
  /** Path prefix of `esx` inside the document. */
  readonly base: string;
  readonly wrapped: boolean;
}

const profileCache = new WeakMap<ManifestDoc, ParsedProfile | string | undefined>();

/** Parses `spec.profile` of a HostConfiguration: the profile, an error message, or undefined when absent. */
export function readProfile(d: ManifestDoc): ParsedProfile | string | undefined {
  if (profileCache.has(d)) return profileCache.get(d);
  let result: ParsedProfile | string | undefined;
  const text = get(d.value, 'spec.profile');
  if (typeof text === 'string') {
    try {
      const json = asRecord(JSON.parse(text));
      const wrapped = 'profile' in json && !('esx' in json);
      const esx = asRecord(wrapped ? asRecord(json.profile).esx : json.esx);
      result = { esx, base: wrapped ? 'spec.profile.profile.esx' : 'spec.profile.esx', wrapped };
    } catch (e) {
      result = (e as Error).message;
    }
  }
  profileCache.set(d, result);
  return result;
}

const isHc = (d: ManifestDoc): boolean => d.kind === 'HostConfiguration';

export const hostConfigurationShape: DocRule = (d) => {
  if (!isHc(d)) return [];
  const out: RawFinding[] = [];
  if (d.namespace !== 'esx-system') out.push(at(d, 'metadata.namespace', 'hc-namespace', { name: d.name, namespace: d.namespace || '(none)' }));
  const layer = get(d.value, 'spec.layertype');
  const p = readProfile(d);
  if (get(d.value, 'spec.profile') === undefined && layer === undefined && get(d.value, 'spec') !== undefined) {
    // A different spec shape (e.g. the commented metrics-collection example); nothing to check inside.
    return out;
  }
  if (layer !== 'Incremental') out.push(at(d, 'spec.layertype', 'layertype-unknown', { name: d.name, value: String(layer ?? '(none)') }));
  if (p === undefined) out.push(at(d, 'spec.profile', 'profile-missing', { name: d.name }));
  else if (typeof p === 'string') out.push(at(d, 'spec.profile', 'profile-json', { name: d.name, error: p }));
  else if (p.wrapped) out.push(at(d, 'spec.profile.profile', 'profile-wrapped', { name: d.name }));
  else if (Object.keys(p.esx).length === 0) out.push(at(d, 'spec.profile', 'profile-no-esx', { name: d.name }));
  return out;
};

/** Switches of a HostConfiguration with their path in the document. */
export function switchesOf(d: ManifestDoc): { sw: Record<string, unknown>; path: string }[] {
  if (!isHc(d)) return [];
  const p = readProfile(d);
  if (!p || typeof p === 'string') return [];
  return asArray(get(p.esx, 'network_vss.switches')).map((sw, i) => ({ sw: asRecord(sw), path: `${p.base}.network_vss.switches[${i}]` }));
}

const nicsOf = (sw: Record<string, unknown>): { active: string[]; standby: string[]; bridge: string[] } => ({
  active: asArray(get(sw, 'policy.nic_teaming.active_nics')).map(String),
  standby: asArray(get(sw, 'policy.nic_teaming.standby_nics')).map(String),
  bridge: asArray(get(sw, 'bridge.nics')).map(String),
});

export const switchSettings: DocRule = (d) => {
  const out: RawFinding[] = [];
  for (const { sw, path } of switchesOf(d)) {
    const name = String(sw.name ?? '');
    const mtu = sw.mtu;
    if (mtu !== undefined && (typeof mtu !== 'number' || mtu < 1280 || mtu > 9000)) out.push(at(d, `${path}.mtu`, 'mtu-range', { switch: name, mtu: String(mtu) }));
    asArray(sw.port_groups).forEach((pg, j) => {
      const vlan = asRecord(pg).vlan_id;
      const pgName = String(asRecord(pg).name ?? '');
      if (vlan === undefined) return;
      if (typeof vlan !== 'number' || !Number.isInteger(vlan) || vlan < 0 || vlan > 4095) out.push(at(d, `${path}.port_groups[${j}].vlan_id`, 'vlan-range', { portGroup: pgName, vlan: String(vlan) }));
      else if (vlan === 4095) out.push(at(d, `${path}.port_groups[${j}].vlan_id`, 'vlan-trunk', { portGroup: pgName }));
    });
    const nics = nicsOf(sw);
    if (get(sw, 'bridge.nics') !== undefined) {
      [...nics.active.map((n, i) => ({ n, p: `active_nics[${i}]` })), ...nics.standby.map((n, i) => ({ n, p: `standby_nics[${i}]` }))]
        .filter(({ n }) => !nics.bridge.includes(n))
        .forEach(({ n, p }) => out.push(at(d, `${path}.policy.nic_teaming.${p}`, 'uplink-not-bridged', { switch: name, uplink: n })));
    }
  }
  return out;
};

/** VMkernel adapters: the port group must exist on a switch the scope applies, and the MTU must fit that switch. */
export const vmknicPortGroups: ScopeRule = (docs) => {
  const out: RawFinding[] = [];
  const switches = docs.flatMap((d) => switchesOf(d));
  for (const d of docs) {
    if (!isHc(d)) continue;
    const p = readProfile(d);
    if (!p || typeof p === 'string') continue;
    asArray(get(p.esx, 'network.vmknics')).forEach((v, i) => {
      const vmk = asRecord(v);
      const pg = String(vmk.port_group ?? '');
      const owner = switches.find(({ sw }) => asArray(sw.port_groups).some((g) => asRecord(g).name === pg));
      if (!owner) {
        if (pg && !DEFAULT_PORT_GROUPS.has(pg)) out.push(at(d, `${p.base}.network.vmknics[${i}].port_group`, 'portgroup-missing', { vmknic: String(vmk.device ?? ''), portGroup: pg }));
        return;
      }
      if (typeof vmk.mtu === 'number' && typeof owner.sw.mtu === 'number' && vmk.mtu > owner.sw.mtu) {
        out.push(at(d, `${p.base}.network.vmknics[${i}].mtu`, 'vmk-mtu-exceeds-switch', { vmknic: String(vmk.device ?? ''), mtu: vmk.mtu, switch: String(owner.sw.name), switchMtu: owner.sw.mtu }));
      }
    });
  }
  return out;
};

/** Port groups every ESXi host has after install (vSwitch0). */
const DEFAULT_PORT_GROUPS = new Set(['Management Network', 'VM Network']);

export const rebootOnApply: DocRule = (d) => {
  if (!isHc(d)) return [];
  const p = readProfile(d);
  if (!p || typeof p === 'string') return [];
  const modules = asArray(get(p.esx, 'vmkernel.module_settings')).map((m) => String(asRecord(m).module_name ?? '?'));
  return modules.length > 0 ? [at(d, `${p.base}.vmkernel.module_settings`, 'reboot-on-apply', { name: d.name, modules: modules.join(', ') })] : [];
};

export const hashCommentMisleading: DocRule = (d) => {
  if (!isHc(d) || d.docIndex !== 0) return [];
  const p = readProfile(d);
  if (!p || typeof p === 'string') return [];
  const hashes = asArray(get(p.esx, 'authentication.user_accounts')).filter((u) => /^\$6\$/.test(String(asRecord(u).password_hash ?? '')));
  if (hashes.length === 0) return [];
  // Only now look at the comments (reading them may need the YAML document).
  const contents = d.doc.contents as { commentBefore?: string | null; items?: { key?: { commentBefore?: string | null } }[] } | null;
  const comment = [d.doc.commentBefore, contents?.commentBefore, contents?.items?.[0]?.key?.commentBefore].filter(Boolean).join('\n');
  return /base ?64/i.test(comment) ? [at(d, '', 'hash-comment-misleading', { name: d.name })] : [];
};

// ---------------------------------------------------------------------------------------------------------
// Kubernetes objects

export const notAManifest: DocRule = (d) => {
  if (d.value === null || d.value === undefined) return [];
  if (typeof d.value !== 'object' || Array.isArray(d.value) || !d.apiVersion || !d.kind) return [at(d, '', 'not-a-manifest', {})];
  return [];
};

export const nodePortRange: DocRule = (d) => {
  if (d.kind !== 'Service') return [];
  return asArray(get(d.value, 'spec.ports')).flatMap((port, i) => {
    const np = asRecord(port).nodePort;
    if (np === undefined) return [];
    return typeof np === 'number' && np >= 30000 && np <= 32767 ? [] : [at(d, `spec.ports[${i}].nodePort`, 'nodeport-range', { service: d.name, port: String(np) })];
  });
};

const POD_TEMPLATE_KINDS = new Set(['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Job']);

/** Pod spec of a workload document and its path. */
function podSpecOf(d: ManifestDoc): { spec: Record<string, unknown>; path: string } | undefined {
  if (POD_TEMPLATE_KINDS.has(d.kind)) return { spec: asRecord(get(d.value, 'spec.template.spec')), path: 'spec.template.spec' };
  if (d.kind === 'CronJob') return { spec: asRecord(get(d.value, 'spec.jobTemplate.spec.template.spec')), path: 'spec.jobTemplate.spec.template.spec' };
  if (d.kind === 'Pod') return { spec: asRecord(get(d.value, 'spec')), path: 'spec' };
  return undefined;
}

/** Every string value of a document that passes `test`, with its path (the path is only built for those). */
function eachString(v: unknown, test: (text: string) => boolean, fn: (text: string, path: string) => void, trail: (string | number)[] = []): void {
  if (typeof v === 'string') {
    if (test(v)) fn(v, trail.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${k}` : k), ''));
  } else if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      trail.push(i);
      eachString(v[i], test, fn, trail);
      trail.pop();
    }
  } else if (v && typeof v === 'object') {
    for (const k in v) {
      trail.push(k);
      eachString((v as Record<string, unknown>)[k], test, fn, trail);
      trail.pop();
    }
  }
}

/**
 * The secrets family: one code, `plaintext-password`, whose `kind` param says what was seen and sets the
 * severity (findings.ts SECRET_SEVERITY): credentials inside a URL in any string, env values whose name says
 * PASSWORD/TOKEN/SECRET/KEY, cloud-init and Sysprep passwords in user data, password lines in config text,
 * and data of a Secret (stored as plain text in Git). Each is reported at its own path, never with the value.
 */
export const plaintextPasswords: DocRule = (d) => {
  const out: RawFinding[] = [];
  const object = `${d.kind || 'document'} ${d.name}`.trim();
  const flag = (path: string, kind: string, extra: Record<string, string> = {}): void => {
    out.push(at(d, path, 'plaintext-password', { kind, object, ...extra }));
  };
  eachString(d.value, (text) => text.includes('://') && URL_CREDENTIALS.test(text), (_text, path) => flag(path, 'url-credentials'));
  const scan = (text: string, path: string): boolean => {
    const kinds = findSecretsInText(text).filter((k) => k !== 'url-credentials');
    for (const kind of kinds) flag(path, kind);
    return kinds.length > 0 || URL_CREDENTIALS.test(text);
  };
  if (d.kind === 'ConfigMap') {
    for (const [k, v] of Object.entries(asRecord(get(d.value, 'data')))) if (typeof v === 'string') scan(v, `data.${k}`);
  }
  if (d.kind === 'Secret') {
    for (const [k, v] of Object.entries(asRecord(get(d.value, 'stringData')))) {
      if (typeof v !== 'string') continue;
      if (!scan(v, `stringData.${k}`) && !isHarmlessValue(v)) flag(`stringData.${k}`, 'secret-data');
    }
    for (const [k, v] of Object.entries(asRecord(get(d.value, 'data')))) {
      const text = typeof v === 'string' ? decodeBase64(v) : undefined;
      if (text === undefined) continue;
      if (URL_CREDENTIALS.test(text)) flag(`data.${k}`, 'url-credentials');
      if (!scan(text, `data.${k}`) && !isHarmlessValue(text)) flag(`data.${k}`, 'secret-data');
    }
  }
  const pod = podSpecOf(d);
  if (pod) {
    for (const group of ['initContainers', 'containers'] as const) {
      asArray(pod.spec[group]).forEach((c, ci) => {
        asArray(asRecord(c).env).forEach((e, ei) => {
          const env = asRecord(e);
          if (typeof env.name === 'string' && isCredentialName(env.name) && typeof env.value === 'string' && !isHarmlessValue(env.value)) {
            flag(`${pod.path}.${group}[${ci}].env[${ei}].value`, 'env-password', { variable: env.name });
          }
        });
      });
    }
  }
  return out;
};

/** Fields the kind does not have, and values of the wrong type, from the Kubernetes schemas (k8s-schema.ts). */
export const kubernetesSchema: DocRule = (d) =>
  checkAgainstSchema(d.value, d.apiVersion, d.kind).map((p) =>
    p.problem === 'unknown-field'
      ? at(d, p.path, 'unknown-field', { kind: d.kind, name: d.name, field: p.path })
      : at(d, p.path, 'schema-type', { kind: d.kind, name: d.name, field: p.path, problem: `must be ${withArticle(p.expected || 'value')}` }),
  );

/** HostConfiguration profile keys and types against what VMware's examples and real repos show. */
export const profileShape: DocRule = (d) => {
  if (!isHc(d)) return [];
  const p = readProfile(d);
  if (!p || typeof p === 'string' || p.wrapped) return [];
  return checkProfileShape(p.esx, p.base).map((x) =>
    x.problem === 'unknown-key'
      ? at(d, x.path, 'profile-unknown-key', { name: d.name, key: x.path.replace(/^spec\.profile\./, '') })
      : at(d, x.path, 'profile-type', { name: d.name, key: x.path.replace(/^spec\.profile\./, ''), expected: x.expected ?? '', found: x.found ?? '' }),
  );
};

/** `:latest` (or no tag) with imagePullPolicy Always: every start needs the registry, which an offline site lacks. */
export const latestAlwaysPull: DocRule = (d) => {
  const pod = podSpecOf(d);
  if (!pod) return [];
  const out: RawFinding[] = [];
  for (const group of ['initContainers', 'containers'] as const) {
    asArray(pod.spec[group]).forEach((c, ci) => {
      const ct = asRecord(c);
      const image = typeof ct.image === 'string' ? ct.image : '';
      const latest = /:latest$/.test(image) || (!/@sha256:/.test(image) && !/:[^/]+$/.test(image));
      if (image && latest && ct.imagePullPolicy === 'Always') {
        out.push(at(d, `${pod.path}.${group}[${ci}].imagePullPolicy`, 'latest-always-pull', { container: String(ct.name ?? ci), object: `${d.kind} ${d.name}`, image }));
      }
    });
  }
  return out;
};

/** A profile that writes vSwitch0 rewrites the Management Network and its uplinks (ECSExample 720eae7). */
export const vswitch0Rewritten: DocRule = (d) =>
  switchesOf(d)
    .filter(({ sw }) => sw.name === 'vSwitch0')
    .map(({ sw, path }) => at(d, path, 'vswitch0-rewritten', { name: d.name, uplinks: [...nicsOf(sw).active, ...nicsOf(sw).standby].join(', ') }));

export const metallbLegacyConfig: DocRule = (d) =>
  d.kind === 'ConfigMap' && d.namespace === 'metallb-system' && d.name === 'config' && /address-pools/.test(String(get(d.value, 'data.config') ?? ''))
    ? [at(d, 'data.config', 'metallb-legacy-config', {})]
    : [];

/** A note, not a problem: VMware's examples declare the ec worker poweredOff (ECSExample since 50213bc). */
export const workerPoweredOff: DocRule = (d) =>
  d.kind === 'VirtualMachine' && d.name === 'ec-worker' && get(d.value, 'spec.powerState') === 'poweredOff' ? [at(d, 'spec.powerState', 'worker-powered-off', {})] : [];

/** DNS search domains of the site: no kickstart option or known HostConfiguration key applies them. */
export const searchDomainsManual: ScopeRule = (_docs, ctx) => {
  const domains = ctx.site?.spec.dns.searchDomains ?? [];
  return domains.length > 0 ? [{ code: 'search-domains-manual', file: ctx.siteFile, path: 'spec.dns.searchDomains', docIndex: ctx.siteFile ? 0 : -1, params: { domains: domains.join(', ') } }] : [];
};

/**
 * Two hosts' workers on one address. Each host's scope holds only its own worker netplan, so the per-scope
 * address rule cannot see this; the site model can (site/worker-addresses.ts).
 */
export const workerAddressShared: ScopeRule = (_docs, ctx) =>
  ctx.site
    ? workerAddressProblems(ctx.site)
        .filter((p) => p.code === 'worker-address-shared')
        .map((p) => ({ code: 'worker-address-shared', file: ctx.siteFile, path: formatPath(p.path), docIndex: ctx.siteFile ? 0 : -1, params: { ...p.params } }))
    : [];

// ---------------------------------------------------------------------------------------------------------
// Scope rules: what one host applies

/** Identity Kubernetes uses for an object: kind + namespace (when namespaced) + name. */
export function identity(d: ManifestDoc): string {
  const group = d.apiVersion.includes('/') ? d.apiVersion.slice(0, d.apiVersion.indexOf('/')) : '';
  const ns = CLUSTER_SCOPED.has(d.kind) ? '' : d.namespace || (d.kind === 'HostConfiguration' ? '' : 'default');
  return `${group}|${d.kind}|${ns}|${d.name}`;
}

/** First path where two values differ ('' when equal). */
function firstDifference(a: unknown, b: unknown, path: string): string | undefined {
  if (deepEqual(a, b)) return undefined;
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
      if (d !== undefined) return d;
    }
  }
  return path;
}

export const duplicateNames: ScopeRule = (docs) => {
  const out: RawFinding[] = [];
  const first = new Map<string, ManifestDoc>();
  for (const d of docs) {
    if (!d.kind || !d.name) continue;
    const id = identity(d);
    const prev = first.get(id);
    if (!prev) {
      first.set(id, d);
      continue;
    }
    out.push(at(d, 'metadata.name', 'duplicate-name', { kind: d.kind, name: d.name, namespace: d.namespace, other: prev.file }));
    if (d.kind === 'VirtualMachineClass') {
      const field = firstDifference(get(prev.value, 'spec'), get(d.value, 'spec'), 'spec');
      if (field !== undefined) {
        out.push(at(d, field, 'class-conflict', { name: d.name, other: prev.file, field, here: JSON.stringify(get(d.value, field)) ?? 'absent', there: JSON.stringify(get(prev.value, field)) ?? 'absent' }));
      }
    }
  }
  return out;
};

export const nodePortDuplicates: ScopeRule = (docs) => {
  const out: RawFinding[] = [];
  const seen = new Map<number, ManifestDoc>();
  for (const d of docs) {
    if (d.kind !== 'Service') continue;
    asArray(get(d.value, 'spec.ports')).forEach((port, i) => {
      const np = asRecord(port).nodePort;
      if (typeof np !== 'number') return;
      const prev = seen.get(np);
      if (prev && prev !== d) out.push(at(d, `spec.ports[${i}].nodePort`, 'nodeport-duplicate', { port: np, service: `${d.namespace || 'default'}/${d.name}`, other: `${prev.namespace || 'default'}/${prev.name}`, otherFile: prev.file }));
      else seen.set(np, d);
    });
  }
  return out;
};

export const hostPathShared: ScopeRule = (docs) => {
  const out: RawFinding[] = [];
  const seen = new Map<string, ManifestDoc>();
  const visit = (d: ManifestDoc, path: string, hostPath: unknown): void => {
    if (typeof hostPath !== 'string' || !hostPath) return;
    const key = hostPath.replace(/\/+$/, '');
    const prev = seen.get(key);
    if (prev) out.push(at(d, path, 'hostpath-shared', { hostPath: key, object: `${d.kind} ${d.name}`, other: `${prev.kind} ${prev.name}`, otherFile: prev.file }));
    else seen.set(key, d);
  };
  for (const d of docs) {
    if (d.kind === 'PersistentVolume') visit(d, 'spec.hostPath.path', get(d.value, 'spec.hostPath.path'));
    const pod = podSpecOf(d);
    if (pod) asArray(pod.spec.volumes).forEach((v, i) => visit(d, `${pod.path}.volumes[${i}].hostPath.path`, get(v, 'hostPath.path')));
  }
  return out;
};

/**
 * Class names VM Service provides without a definition in the repo
 * (docs/FIELD-NOTES.md "Built-in VM classes", presumed built-in).
 */
export const BUILTIN_CLASS = /^(best-effort|guaranteed)-(xsmall|small|medium|large|xlarge|\d+xlarge)$/;

export const vmReferences: ScopeRule = (docs) => {
  const out: RawFinding[] = [];
  const classes = new Set(docs.filter((d) => d.kind === 'VirtualMachineClass').map((d) => d.name));
  const has = (kind: string, ns: string, name: string): boolean => docs.some((d) => d.kind === kind && d.name === name && (d.namespace || 'default') === ns);
  for (const d of docs) {
    if (d.kind !== 'VirtualMachine') continue;
    const ns = d.namespace || 'default';
    const cls = get(d.value, 'spec.className');
    if (typeof cls === 'string' && !classes.has(cls)) {
      out.push(at(d, 'spec.className', BUILTIN_CLASS.test(cls) ? 'vm-class-builtin' : 'vm-class-undefined', { vm: d.name, className: cls }));
    }
    const cm = get(d.value, 'spec.vmMetadata.configMapName');
    if (typeof cm === 'string' && !has('ConfigMap', ns, cm)) out.push(at(d, 'spec.vmMetadata.configMapName', 'vm-configmap-missing', { vm: d.name, name: cm, namespace: ns }));
    const secret = get(d.value, 'spec.vmMetadata.secretName');
    if (typeof secret === 'string' && !has('Secret', ns, secret)) out.push(at(d, 'spec.vmMetadata.secretName', 'vm-secret-missing', { vm: d.name, name: secret, namespace: ns }));
  }
  return out;
};

export const uplinkShared: ScopeRule = (docs) => {
  const out: RawFinding[] = [];
  const owner = new Map<string, string>();
  for (const d of docs) {
    for (const { sw, path } of switchesOf(d)) {
      const name = String(sw.name ?? '');
      const nics = nicsOf(sw);
      [...new Set([...nics.active, ...nics.standby, ...nics.bridge])].forEach((nic) => {
        const prev = owner.get(nic);
        if (prev !== undefined && prev !== name) out.push(at(d, `${path}.bridge.nics`, 'uplink-shared', { uplink: nic, switch: name, other: prev }));
        else owner.set(nic, name);
      });
    }
  }
  return out;
};

// ---------------------------------------------------------------------------------------------------------
// Site rules: the whole set once, with the model when there is one

/** The host a file belongs to, from a `hosts/<name>/` folder in its path. */
export function hostOfFile(file: string, site: Site | undefined): Host | undefined {
  if (!site || !file.includes('hosts/')) return undefined;
  const m = /(?:^|\/)hosts\/([^/]+)\//.exec(file);
  return m ? site.spec.hosts.find((h) => h.name === m[1]) : undefined;
}

export const uplinkMissing: ScopeRule = (docs, ctx) => {
  const site = ctx.site;
  if (!site) return [];
  const out: RawFinding[] = [];
  // The host's NICs as the plan knows them (the model's onboard ones included), else as the site lists them.
  const nicNames = (h: Host): string[] => ctx.plan?.hosts.find((p) => p.host === h.name)?.nics.filter((n) => n.role !== 'bmc').map((n) => n.name) ?? h.hardware.nics.filter((n) => n.role !== 'bmc').map((n) => n.name);
  for (const d of docs) {
    const fileHost = hostOfFile(d.file, site);
    const hosts = fileHost ? [fileHost] : site.spec.hosts;
    for (const { sw, path } of switchesOf(d)) {
      const nics = nicsOf(sw);
      for (const nic of new Set([...nics.active, ...nics.standby, ...nics.bridge])) {
        for (const h of hosts) {
          const known = nicNames(h);
          if (known.length > 0 && !known.includes(nic)) out.push(at(d, `${path}.bridge.nics`, 'uplink-missing', { uplink: nic, host: h.name, switch: String(sw.name ?? ''), present: known.join(', ') }));
        }
      }
    }
  }
  return out;
};

export const mtuAcrossHosts: ScopeRule = (docs) => {
  const out: RawFinding[] = [];
  const seen = new Map<string, { mtu: number; host: string; file: string }>();
  for (const d of docs) {
    const host = /(?:^|\/)hosts\/([^/]+)\//.exec(d.file)?.[1];
    if (!host) continue;
    for (const { sw, path } of switchesOf(d)) {
      if (typeof sw.mtu !== 'number') continue;
      const name = String(sw.name ?? '');
      const prev = seen.get(name);
      if (!prev) seen.set(name, { mtu: sw.mtu, host, file: d.file });
      else if (prev.host !== host && prev.mtu !== sw.mtu) out.push(at(d, `${path}.mtu`, 'mtu-mismatch', { switch: name, mtu: sw.mtu, host, otherMtu: prev.mtu, otherHost: prev.host }));
    }
  }
  return out;
};

export const vmNetworks: ScopeRule = (docs, ctx) => {
  const site = ctx.site;
  if (!site) return [];
  const out: RawFinding[] = [];
  const groupsOf = new Map<Host | undefined, Set<string>>();
  const portGroups = (host: Host | undefined): Set<string> => {
    let set = groupsOf.get(host);
    if (!set) {
      set = new Set((host ? [host] : site.spec.hosts).flatMap((h) => h.vswitches.flatMap((s) => s.portGroups.map((p) => p.name))));
      groupsOf.set(host, set);
    }
    return set;
  };
  for (const d of docs) {
    if (d.kind !== 'VirtualMachine' || d.name === 'ec-worker') continue;
    const groups = portGroups(hostOfFile(d.file, site));
    asArray(get(d.value, 'spec.networkInterfaces')).forEach((n, i) => {
      const net = asRecord(n).networkName;
      if (typeof net === 'string' && !groups.has(net)) out.push(at(d, `spec.networkInterfaces[${i}].networkName`, 'vm-network-missing', { vm: d.name, network: net }));
    });
  }
  return out;
};

interface AddressUse {
  readonly ip: number;
  readonly text: string;
  readonly what: string;
  readonly file: string;
  readonly path: string;
  readonly docIndex: number;
  readonly subnetCheck: boolean;
}

/** Static addresses in worker netplan ConfigMaps, with gateway checks. */
function netplanAddresses(d: ManifestDoc, out: RawFinding[]): AddressUse[] {
  if (d.kind !== 'ConfigMap') return [];
  const uses: AddressUse[] = [];
  for (const [key, text] of Object.entries(asRecord(get(d.value, 'data')))) {
    if (typeof text !== 'string' || !/ethernets\s*:/.test(text)) continue;
    let plan: unknown;
    try {
      plan = parseYaml(text);
    } catch {
      continue;
    }
    for (const [iface, cfg] of Object.entries(asRecord(get(plan, 'ethernets')))) {
      const cidrs = asArray(asRecord(cfg).addresses).map((a) => parseCidr(String(a))).filter((c) => c !== undefined);
      for (const c of cidrs) {
        uses.push({ ip: c.address, text: String(asArray(asRecord(cfg).addresses).find((a) => parseCidr(String(a))?.address === c.address)).split('/')[0] ?? '', what: `${d.name} ${iface}`, file: d.file, path: `data.${key}`, docIndex: d.docIndex, subnetCheck: true });
      }
      const gateways = [...asArray(asRecord(cfg).routes).map((r) => asRecord(r).via), asRecord(cfg).gateway4].filter((g): g is string => typeof g === 'string');
      for (const g of gateways) {
        const gi = ipToInt(g);
        if (gi !== undefined && cidrs.length > 0 && !cidrs.some((c) => inCidr(gi, c))) out.push(at(d, `data.${key}`, 'gateway-outside-subnet', { gateway: g, interface: iface, object: `ConfigMap ${d.name}` }));
      }
    }
  }
  return uses;
}

/** MetalLB address pools (legacy ConfigMap or IPAddressPool CRD). */
function poolRanges(d: ManifestDoc): { from: number; to: number; text: string; path: string }[] {
  const texts: { text: string; path: string }[] = [];
  if (d.kind === 'IPAddressPool') asArray(get(d.value, 'spec.addresses')).forEach((a, i) => texts.push({ text: String(a), path: `spec.addresses[${i}]` }));
  if (d.kind === 'ConfigMap' && d.namespace === 'metallb-system') {
    try {
      const cfg = parseYaml(String(get(d.value, 'data.config') ?? ''));
      asArray(get(cfg, 'address-pools')).forEach((p) => asArray(asRecord(p).addresses).forEach((a) => texts.push({ text: String(a), path: 'data.config' })));
    } catch {
      // not YAML: nothing to read
    }
  }
  return texts.flatMap((t) => {
    const r = parseRange(t.text);
    return r ? [{ ...r, ...t }] : [];
  });
}

export const addresses: ScopeRule = (docs, ctx) => {
  const out: RawFinding[] = [];
  const uses: AddressUse[] = [];
  const site = ctx.site;
  if (site) {
    site.spec.hosts.forEach((h, i) => {
      const ip = h.management.mode === 'static' && h.management.ip ? ipToInt(h.management.ip) : undefined;
      if (ip !== undefined) uses.push({ ip, text: h.management.ip ?? '', what: `host ${h.name}`, file: ctx.siteFile, path: `spec.hosts[${i}].management.ip`, docIndex: ctx.siteFile ? 0 : -1, subnetCheck: true });
    });
    const gw = ipToInt(site.spec.managementNetwork.gateway);
    if (gw !== undefined) uses.push({ ip: gw, text: site.spec.managementNetwork.gateway, what: 'the gateway', file: ctx.siteFile, path: 'spec.managementNetwork.gateway', docIndex: ctx.siteFile ? 0 : -1, subnetCheck: true });
  }
  for (const d of docs) uses.push(...netplanAddresses(d, out));
  const seen = new Map<number, AddressUse>();
  for (const u of uses) {
    const prev = seen.get(u.ip);
    if (prev && prev.what !== u.what) out.push({ code: 'ip-conflict', file: u.file, path: u.path, docIndex: u.docIndex, params: { ip: u.text, what: u.what, other: prev.what } });
    else seen.set(u.ip, u);
  }
  const subnet = site ? parseCidr(site.spec.managementNetwork.subnet) : undefined;
  if (subnet) {
    for (const u of uses) {
      if (u.subnetCheck && !inCidr(u.ip, subnet)) out.push({ code: 'ip-outside-subnet', file: u.file, path: u.path, docIndex: u.docIndex, params: { ip: u.text, what: u.what, subnet: site?.spec.managementNetwork.subnet ?? '' } });
    }
  }
  for (const d of docs) {
    for (const r of poolRanges(d)) {
      for (const u of uses) {
        if (u.ip >= r.from && u.ip <= r.to) out.push(at(d, r.path, 'ip-conflict', { ip: u.text, what: `address pool ${r.text}`, other: u.what }));
      }
    }
  }
  return out;
};

/** The Management Network port group a host's vSwitches profile sets must carry the management VLAN. */
export const managementVlan: ScopeRule = (docs, ctx) => {
  const site = ctx.site;
  if (!site) return [];
  const out: RawFinding[] = [];
  for (const d of docs) {
    const host = hostOfFile(d.file, site);
    if (!host) continue;
    for (const { sw, path } of switchesOf(d)) {
      asArray(sw.port_groups).forEach((pg, j) => {
        const g = asRecord(pg);
        if (g.name === 'Management Network' && typeof g.vlan_id === 'number' && g.vlan_id !== host.management.vlan) {
          out.push(at(d, `${path}.port_groups[${j}].vlan_id`, 'management-vlan-mismatch', { host: host.name, vlan: g.vlan_id, managementVlan: host.management.vlan }));
        }
      });
    }
  }
  return out;
};

export const DOC_RULES: readonly DocRule[] = [
  notAManifest,
  hostConfigurationShape,
  switchSettings,
  rebootOnApply,
  hashCommentMisleading,
  nodePortRange,
  plaintextPasswords,
  metallbLegacyConfig,
  workerPoweredOff,
  kubernetesSchema,
  profileShape,
  latestAlwaysPull,
  vswitch0Rewritten,
];

/** Rules over what one host applies. */
export const SCOPE_RULES: readonly ScopeRule[] = [duplicateNames, nodePortDuplicates, hostPathShared, vmReferences, uplinkShared, vmknicPortGroups];

/** The host plan's errors about the install NIC, uplinks and drivers (they make the manifests useless on the host). */
const PLAN_CODES = new Set(['install-nic-missing', 'install-nic-not-uplink', 'install-nic-no-driver', 'uplink-role-unused', 'uplink-unsupported', 'bmc-nic-as-uplink', 'driver-not-carried', 'driver-wrong-build']);

/**
 * What the host plan says is wrong with the install NIC, the uplinks and their drivers, as lint errors (issue
 * 24: Review said 0 errors for a vSwitch on a NIC without a driver), and a stick already written for the host
 * that does not carry a driver its install NIC or an uplink needs.
 */
export const hostPlanProblems: ScopeRule = (docs, ctx) => {
  const site = ctx.site;
  if (!site || !ctx.plan) return [];
  const out: RawFinding[] = [];
  for (const h of ctx.plan.hosts) {
    const vsFile = docs.find((d) => hostOfFile(d.file, site)?.name === h.host && switchesOf(d).length > 0);
    const where = vsFile ? { file: vsFile.file, docIndex: vsFile.docIndex } : { file: ctx.siteFile, docIndex: -1 };
    for (const f of h.verdict.findings) {
      if (f.severity !== 'error' || !PLAN_CODES.has(f.code)) continue;
      out.push({ code: 'host-plan', ...where, path: '', params: { ...f.params, host: h.host, finding: f.code } });
    }
    const run = verifiedRunsFor(site, h.host).filter((m) => m.carried?.some((c) => c.host === h.host)).at(-1);
    const carried = run?.carried?.find((c) => c.host === h.host);
    for (const d of carried?.drivers ?? []) {
      const nic = h.nics.find((n) => n.name === d.nic);
      if (d.present !== false || !nic || !(nic.install || nic.role === 'uplink')) continue;
      out.push({ code: 'stick-lacks-driver', ...where, path: '', params: { host: h.host, nic: nic.name, vib: d.vib, at: run!.at, medium: isStickRun(run!) ? 'stick' : 'image file', role: nic.install ? 'install NIC' : 'uplink' } });
    }
  }
  return out;
};

/** Rules over the whole set once. */
export const SITE_RULES: readonly ScopeRule[] = [hostPlanProblems, uplinkMissing, mtuAcrossHosts, vmNetworks, addresses, managementVlan, searchDomainsManual, workerAddressShared];
