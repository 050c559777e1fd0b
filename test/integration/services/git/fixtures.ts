/** Shared set-up for the git service tests: a real server, a service on a temp workspace, generated trees. */
import { join } from 'node:path';
import { GitService, type RepoFile } from '../../../../main/services/git/git-service';
import { MemorySecretStore } from '../../../../main/services/secrets';
import { DEFAULT_LIMITS } from '../../../../main/services/git/http-client';
import { startGitServer, gitCli, type GitServer } from '../../../helpers/git-server';
import { tempDir } from '../../../helpers/temp';

export const USER = { username: 'alice', password: 's3cret' };
export const AUTHOR = { name: 'Field Tech', email: 'tech@example.invalid' };
/** The network policy of direct verb calls against the local (http://127.0.0.1) server. */
export const LOOPBACK_NET = { limits: DEFAULT_LIMITS, remotes: { allowLoopbackHttp: true } } as const;

export interface World {
  readonly server: GitServer;
  readonly service: GitService;
  readonly secrets: MemorySecretStore;
  readonly tmp: string;
  readonly url: string;
  close(): Promise<void>;
}

/** A server with an empty `config` repo and a service whose clock ticks one second per call. */
export async function world(): Promise<World> {
  const server = await startGitServer({ auth: USER });
  await server.createRepo('config');
  const t = await tempDir('sitekit-git-');
  const secrets = new MemorySecretStore();
  let clock = Date.parse('2026-11-25T08:00:00Z');
  // The server is plain http:// on 127.0.0.1: allowed only explicitly (core/git/remote-rule.ts).
  const service = new GitService({ reposRoot: join(t.path, 'repos'), secrets, now: () => new Date((clock += 1000)), version: 'test', remotes: { allowLoopbackHttp: true } });
  return {
    server,
    service,
    secrets,
    tmp: t.path,
    url: server.url('config'),
    close: async () => {
      service.dispose();
      await server.close();
      await t.remove();
    },
  };
}

/** A generated-looking site tree: per host a few YAML files; `variant` changes some contents. */
export function siteTree(sitePath: string, hosts: readonly string[], variant = 0): RepoFile[] {
  const files: RepoFile[] = [
    { path: `${sitePath}/site.yaml`, content: `apiVersion: sitekit/v1\nkind: Site\nmetadata:\n  id: ${sitePath.split('/').pop()}\n  variant: ${variant}\n` },
    { path: `${sitePath}/README.md`, content: `# ${sitePath}\n\nPoint each host's Git source at hosts/<name>.\n` },
    { path: `${sitePath}/base/time.yaml`, content: 'apiVersion: esx.vmware.com/v1alpha1\nkind: HostConfiguration\nmetadata:\n  name: sitekit-time\n' },
  ];
  for (const h of hosts) {
    files.push({ path: `${sitePath}/hosts/${h}/kustomization.yaml`, content: `resources:\n  - vswitches.yaml\n  - ../../base\n# ${h}\n` });
    files.push({ path: `${sitePath}/hosts/${h}/vswitches.yaml`, content: `kind: HostConfiguration\nmetadata:\n  name: sitekit-vswitches\nspec:\n  host: ${h}\n  mtu: ${1500 + variant}\n` });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** `git clone` by the real CLI with credentials in the URL (test only). */
export async function cliClone(server: GitServer, name: string, into: string): Promise<string> {
  const u = new URL(server.url(name));
  u.username = USER.username;
  u.password = USER.password;
  await gitCli(process.cwd(), 'clone', '-q', u.toString(), into);
  return into;
}

/** Checks the server's bare repo with the real git: fsck must be clean; returns log subjects and the tree. */
export async function serverState(server: GitServer, name = 'config', branch = 'main'): Promise<{ subjects: string[]; files: string[]; head: string }> {
  const repo = server.repoPath(name);
  await gitCli(repo, 'fsck', '--full', '--strict', '--no-dangling');
  const subjects = (await gitCli(repo, 'log', '--format=%s', branch)).trim().split('\n').filter(Boolean);
  const files = (await gitCli(repo, 'ls-tree', '-r', '--name-only', branch)).trim().split('\n').filter(Boolean);
  const head = (await gitCli(repo, 'rev-parse', branch)).trim();
  return { subjects, files, head };
}

export { gitCli };
