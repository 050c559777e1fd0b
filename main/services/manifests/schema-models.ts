/**
 * Hands core's schema check (core/manifests/k8s-schema.ts) a synchronous loader for the kubernetes-models
 * module of a kind, so each model is loaded the first time a document of its kind is linted rather than at
 * every start. Imported for its effect by services/index.ts (every transport builds its services there) and
 * by the test setup.
 *
 * Node's `require` where the bundle has one (the Electron main bundle is CommonJS; the CLI bundle defines one
 * in its banner), else one made for this module (tsx, vitest).
 */
import { createRequire } from 'node:module';
import { provideSchemaModels } from '../../core/manifests/k8s-schema';

const nodeRequire: NodeJS.Require = typeof require === 'function' ? require : createRequire(import.meta.url);

provideSchemaModels((specifier) => nodeRequire(specifier));
