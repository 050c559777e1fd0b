/**
 * Child process for the lock test: commits a changing site into one repo as fast as it can until killed,
 * through the same commit code as the app. Prints "ready" once the first commit has landed.
 */
import { commitSite } from '../../main/services/git/commit';

const dir = process.argv[2]!;
let n = 0;
for (;;) {
  const files = [
    { path: 'sites/store-0421/site.yaml', content: `apiVersion: sitekit/v1\nkind: Site\nmetadata:\n  id: store-0421\n  round: ${n}\n` },
    ...Array.from({ length: 40 }, (_, i) => ({ path: `sites/store-0421/hosts/esx${String(i).padStart(2, '0')}/vswitch.yaml`, content: `kind: HostConfiguration\nspec:\n  mtu: ${1500 + ((n + i) % 7)}\n` })),
  ];
  const r = await commitSite({ dir, branch: 'main', sitePath: 'sites/store-0421', files, author: { name: 'Loop', email: 'loop@example.invalid' }, message: `round ${n}`, now: new Date() });
  if (!r.ok) {
    console.error(r.error.message);
    process.exit(2);
  }
  if (n === 0) process.stdout.write('ready\n');
  n++;
}
