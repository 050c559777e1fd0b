/**
 * The schema loader main hands core (services/manifests/schema-models.ts): a kind met without it, or a module
 * without the kind, is a wiring error that says what is missing, never a document silently left unchecked.
 * Its own file: a model, once loaded, is kept for the rest of the file.
 */
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { checkAgainstSchema, provideSchemaModels, type ModuleLoader } from '../../../../main/core/manifests/k8s-schema';

const realRequire = createRequire(import.meta.url);
const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' } };

describe('the schema loader', () => {
  afterEach(() => provideSchemaModels((s) => realRequire(s)));

  it('no loader: the error names the kind and the missing call', () => {
    provideSchemaModels(undefined as unknown as ModuleLoader);
    expect(() => checkAgainstSchema(job, 'batch/v1', 'Job')).toThrow('the Kubernetes schema of batch/v1 Job is needed but no schema loader was provided (provideSchemaModels)');
  });

  it('a module without the kind\'s export: the error names the module and the kind', () => {
    provideSchemaModels(() => ({}));
    expect(() => checkAgainstSchema(job, 'batch/v1', 'Job')).toThrow('kubernetes-models/batch/v1/Job has no export Job');
  });

  it('with the real loader the kind is checked', () => {
    expect(checkAgainstSchema({ ...job, extra: true }, 'batch/v1', 'Job')).toEqual([{ path: 'extra', problem: 'unknown-field' }]);
  });
});
