/**
 * Child process for the crash test: saves versions of one site as fast as it can until killed. Each
 * version carries its counter in metadata.notes, padded to make the write large enough to be caught
 * mid-way. Prints "ready" once the first save has landed.
 */
import { Workspace } from '../../main/services/workspace/workspace';
import { minimalSite } from './sites';

const root = process.argv[2]!;
const ws = new Workspace({ root });
const pad = 'x'.repeat(3900);
let n = 0;
for (;;) {
  const site = minimalSite({ id: 'crash-site' }) as { metadata: { notes?: string } };
  site.metadata.notes = `version ${n} ${pad}`;
  const r = await ws.save(site);
  if (!r.ok) {
    console.error(r.error.message);
    process.exit(2);
  }
  if (n === 0) process.stdout.write('ready\n');
  n++;
}
