/**
 * Kubernetes objects against the schemas of kubernetes-models: fields a kind does not have, values of the
 * wrong type (at the path a technician can find), free-form maps left alone, and the kinds that are checked.
 */
import { describe, expect, it } from 'vitest';
import { checkAgainstSchema, hasSchema } from '../../../../main/core/manifests/k8s-schema';

describe('checkAgainstSchema', () => {
  it('every kind Sitekit checks, by apiVersion and kind; others are not checked', () => {
    const checked = [
      ['v1', 'Namespace'],
      ['v1', 'Service'],
      ['v1', 'ConfigMap'],
      ['v1', 'Secret'],
      ['v1', 'Pod'],
      ['v1', 'PersistentVolume'],
      ['v1', 'PersistentVolumeClaim'],
      ['v1', 'ServiceAccount'],
      ['apps/v1', 'Deployment'],
      ['apps/v1', 'DaemonSet'],
      ['apps/v1', 'StatefulSet'],
      ['batch/v1', 'Job'],
      ['batch/v1', 'CronJob'],
      ['networking.k8s.io/v1', 'Ingress'],
      ['rbac.authorization.k8s.io/v1', 'Role'],
      ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
      ['rbac.authorization.k8s.io/v1', 'ClusterRole'],
      ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
    ];
    for (const [apiVersion, kind] of checked) {
      expect(hasSchema(apiVersion!, kind!), kind).toBe(true);
      // Each module loads and knows its kind: a stray top-level field is found.
      expect(checkAgainstSchema({ apiVersion, kind, metadata: { name: 'x' }, bogus: 1 }, apiVersion!, kind!), kind).toEqual([{ path: 'bogus', problem: 'unknown-field' }]);
    }
    expect(hasSchema('apps/v1beta1', 'Deployment')).toBe(false);
    expect(hasSchema('vmoperator.vmware.com/v1alpha1', 'VirtualMachine')).toBe(false);
    expect(checkAgainstSchema({ apiVersion: 'example.com/v1', kind: 'Thing', bogus: 1 }, 'example.com/v1', 'Thing')).toEqual([]);
    expect(checkAgainstSchema('text', 'v1', 'Service')).toEqual([]);
    expect(checkAgainstSchema(['a'], 'v1', 'Service')).toEqual([]);
    expect(checkAgainstSchema(null, 'v1', 'Service')).toEqual([]);
  });

  it('unknown fields deep inside lists, at their full path; labels, annotations and data are free-form', () => {
    const dep = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { anything: 'goes' }, annotations: { 'x/y': 'z' } },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1', imagePullPolicy: 'Always', mountPath: '/x' }] } },
      },
    };
    expect(checkAgainstSchema(dep, 'apps/v1', 'Deployment')).toEqual([{ path: 'spec.template.spec.containers[1].mountPath', problem: 'unknown-field' }]);
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'any-key': 'v', other: 'w' } };
    expect(checkAgainstSchema(cm, 'v1', 'ConfigMap')).toEqual([]);
  });

  it('a value of the wrong type names the type expected, at a path with list indexes', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80 }, { port: '81' }] } };
    expect(checkAgainstSchema(svc, 'v1', 'Service')).toEqual([{ path: 'spec.ports[1].port', problem: 'type', expected: 'integer' }]);
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n', labels: ['a'] } };
    expect(checkAgainstSchema(ns, 'v1', 'Namespace')).toEqual([{ path: 'metadata.labels', problem: 'type', expected: 'object' }]);
  });

  it('a key with a slash in it is named as written', () => {
    const svc = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', annotations: { 'a/b~c': 1 } } };
    expect(checkAgainstSchema(svc, 'v1', 'Secret')).toEqual([{ path: 'metadata.annotations.a/b~c', problem: 'type', expected: 'string' }]);
  });
});
