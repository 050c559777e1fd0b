/** CLI test I/O: services and the runtime built once, on first use, as bin/sitekit builds them. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServices, type Services } from '../../main/services/index';
import { runtimeFor, type Runtime } from '../../main/runtime/runtime';

export function lazyServices(make: () => Services = () => createServices({ dataDir: mkdtempSync(join(tmpdir(), 'sitekit-cli-data-')), version: 'test' })): {
  services: () => Services;
  runtime: () => Runtime;
} {
  let services: Services | undefined;
  let runtime: Runtime | undefined;
  return {
    services: () => (services ??= make()),
    runtime: () => (runtime ??= runtimeFor((services ??= make()), 'direct')),
  };
}
