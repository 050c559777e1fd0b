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
interface Validatable {
  prototype: { validate(): void };
}

/**
 * The kinds checked, by `apiVersion|kind`: the kubernetes-models module of each (one module per kind, not the
 * API group indexes, which load every model of the group). A model is loaded the first time a document of
 * its kind is checked, through the loader main's services provide (`provideSchemaModels`): loading all of
 * them up front took about 0.4 s of every `sitekit` start, and a Sitekit site repo has none of these kinds.
 */
const SCHEMA_MODULES: ReadonlyMap<string, string> = new Map([
  ['v1|Namespace', 'kubernetes-models/v1/Namespace'],
  ['v1|Service', 'kubernetes-models/v1/Service'],
  ['v1|ConfigMap', 'kubernetes-models/v1/ConfigMap'],
  ['v1|Secret', 'kubernetes-models/v1/Secret'],
  ['v1|Pod', 'kubernetes-models/v1/Pod'],
  ['v1|PersistentVolume', 'kubernetes-models/v1/PersistentVolume'],
  ['v1|PersistentVolumeClaim', 'kubernetes-models/v1/PersistentVolumeClaim'],
  ['v1|ServiceAccount', 'kubernetes-models/v1/ServiceAccount'],
  ['apps/v1|Deployment', 'kubernetes-models/apps/v1/Deployment'],
  ['apps/v1|DaemonSet', 'kubernetes-models/apps/v1/DaemonSet'],
  ['apps/v1|StatefulSet', 'kubernetes-models/apps/v1/StatefulSet'],
  ['batch/v1|Job', 'kubernetes-models/batch/v1/Job'],
  ['batch/v1|CronJob', 'kubernetes-models/batch/v1/CronJob'],
  ['networking.k8s.io/v1|Ingress', 'kubernetes-models/networking.k8s.io/v1/Ingress'],
  ['rbac.authorization.k8s.io/v1|Role', 'kubernetes-models/rbac.authorization.k8s.io/v1/Role'],
  ['rbac.authorization.k8s.io/v1|RoleBinding', 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding'],
  ['rbac.authorization.k8s.io/v1|ClusterRole', 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole'],
  ['rbac.authorization.k8s.io/v1|ClusterRoleBinding', 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding'],
]);

/** Loads a module synchronously (Node's require); core does no I/O of its own, so main hands it in. */
export type ModuleLoader = (specifier: string) => unknown;

let loadModule: ModuleLoader | undefined;
const loaded = new Map<string, Validatable>();

/** Installs the loader of the kubernetes-models modules (main/services/manifests/schema-models.ts). */
export function provideSchemaModels(loader: ModuleLoader): void {
  loadModule = loader;
}

function modelFor(key: string): Validatable | undefined {
  const specifier = SCHEMA_MODULES.get(key);
  if (!specifier) return undefined;
  const cached = loaded.get(key);
  if (cached) return cached;
  // Never a silent skip: a schema kind met without the loader is a wiring bug, not a clean document.
  if (!loadModule) throw new Error(`the Kubernetes schema of ${key.replace('|', ' ')} is needed but no schema loader was provided (provideSchemaModels)`);
  const kind = key.slice(key.indexOf('|') + 1);
  const model = (loadModule(specifier) as Record<string, Validatable | undefined>)[kind];
  if (!model) throw new Error(`${specifier} has no export ${kind}`);
  loaded.set(key, model);
  return model;
}

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
  return SCHEMA_MODULES.has(`${apiVersion}|${kind}`);
}

/** Unknown fields and wrong types of one object; [] for kinds without a schema here. */
export function checkAgainstSchema(value: unknown, apiVersion: string, kind: string): SchemaProblem[] {
  if (!isObject(value) || !SCHEMA_MODULES.has(`${apiVersion}|${kind}`)) return [];
  const model = modelFor(`${apiVersion}|${kind}`);
  if (!model) return [];
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
