/**
 * Kubernetes objects checked against the schemas of a maintained package (kubernetes-models, generated from
 * the Kubernetes OpenAPI document), not hand-written field lists.
 *
 * The package's validators check types but not unknown fields (the OpenAPI schemas do not forbid extra
 * properties, while the API server's strict field validation, which Flux's server-side apply meets, does).
 * So a validator runs over a tracing proxy of the object: every property it reads is a field the schema
 * knows; an object the validator entered but whose key it never read is a field the kind does not have.
 * Objects whose keys the validator enumerates (labels, annotations, ConfigMap data) count as fully known.
 */
import { ConfigMap, Namespace, PersistentVolume, PersistentVolumeClaim, Pod, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import { DaemonSet, Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { CronJob, Job } from 'kubernetes-models/batch/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';

interface Validatable {
  prototype: { validate(): void };
}

/** The kinds checked, by `apiVersion|kind`. */
const MODELS: ReadonlyMap<string, Validatable> = new Map<string, Validatable>([
  ['v1|Namespace', Namespace],
  ['v1|Service', Service],
  ['v1|ConfigMap', ConfigMap],
  ['v1|Secret', Secret],
  ['v1|Pod', Pod],
  ['v1|PersistentVolume', PersistentVolume],
  ['v1|PersistentVolumeClaim', PersistentVolumeClaim],
  ['v1|ServiceAccount', ServiceAccount],
  ['apps/v1|Deployment', Deployment],
  ['apps/v1|DaemonSet', DaemonSet],
  ['apps/v1|StatefulSet', StatefulSet],
  ['batch/v1|Job', Job],
  ['batch/v1|CronJob', CronJob],
  ['networking.k8s.io/v1|Ingress', Ingress],
  ['rbac.authorization.k8s.io/v1|Role', Role],
  ['rbac.authorization.k8s.io/v1|RoleBinding', RoleBinding],
  ['rbac.authorization.k8s.io/v1|ClusterRole', ClusterRole],
  ['rbac.authorization.k8s.io/v1|ClusterRoleBinding', ClusterRoleBinding],
]);

export interface SchemaProblem {
  /** Dotted path with [i] for list items, e.g. `spec.template`. */
  readonly path: string;
  readonly problem: 'unknown-field' | 'type';
  /** For type problems: the type the schema expects. */
  readonly expected?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** True when the kind is one whose schema is checked. */
export function hasSchema(apiVersion: string, kind: string): boolean {
  return MODELS.has(`${apiVersion}|${kind}`);
}

/** Unknown fields and wrong types of one object; [] for kinds without a schema here. */
export function checkAgainstSchema(value: unknown, apiVersion: string, kind: string): SchemaProblem[] {
  const model = MODELS.get(`${apiVersion}|${kind}`);
  if (!model || !isObject(value)) return [];
  const read = new Map<object, Set<PropertyKey> | 'all'>();
  const proxies = new WeakMap<object, object>();
  const wrap = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    const cached = proxies.get(v);
    if (cached) return cached;
    const p = new Proxy(v, {
      get(target, key) {
        if (!Array.isArray(target)) {
          const seen = read.get(target);
          if (seen !== 'all') (seen ?? read.set(target, new Set()).get(target) as Set<PropertyKey>).add(key);
        }
        return wrap(Reflect.get(target, key));
      },
      has(target, key) {
        const seen = read.get(target);
        if (seen !== 'all' && !Array.isArray(target)) (seen ?? read.set(target, new Set()).get(target) as Set<PropertyKey>).add(key);
        return Reflect.has(target, key);
      },
      ownKeys(target) {
        read.set(target, 'all');
        return Reflect.ownKeys(target);
      },
    });
    proxies.set(v, p);
    return p;
  };
  const problems: SchemaProblem[] = [];
  try {
    model.prototype.validate.call(wrap(value));
  } catch (e) {
    for (const err of (e as { errors?: { instancePath: string; keyword: string; params?: { type?: string } }[] }).errors ?? []) {
      if (err.keyword !== 'type') continue;
      problems.push({ path: pointerToPath(err.instancePath), problem: 'type', expected: err.params?.type ?? '' });
    }
  }
  const visit = (v: unknown, path: string): void => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => visit(x, `${path}[${i}]`));
      return;
    }
    if (!isObject(v)) return;
    const seen = read.get(v);
    if (seen === undefined || seen === 'all') return; // not entered by the validator, or a free-form map
    for (const key of Object.keys(v)) {
      const p = path ? `${path}.${key}` : key;
      if (!seen.has(key)) problems.push({ path: p, problem: 'unknown-field' });
      else visit(v[key], p);
    }
  };
  visit(value, '');
  return problems;
}

/** `/spec/ports/0/port` → `spec.ports[0].port`. */
function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .filter(Boolean)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, s) => (/^\d+$/.test(s) ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), '');
}
