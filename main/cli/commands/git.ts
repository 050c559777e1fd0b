/**
 * `sitekit git connect|status|preview|commit|push SITE`: the Git step on the command line, over the same
 * handlers as the app (generation, the git service, records in the draft). Credentials come from
 * SITEKIT_GIT_USERNAME / SITEKIT_GIT_PASSWORD / SITEKIT_GIT_TOKEN, or a prompt on a terminal.
 */
import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Result } from '../../core/result';
import type { CommitInfo, Connection, DiffPreview, PushInfo } from '../../core/git/types';
import type { GitOverview } from '../../ipc/channels/git';
import type { Progress } from '../../ipc/define';
import { EXIT, wantsHelp, type Command, type CliIO } from '../types';
import { fail as failWith } from '../exit-codes';
import { formatError, progressPrinter } from '../format';
import { LOOPBACK_HTTP_NOTICE } from '../../core/git/remote-rule';

const USAGE = `Usage:
  sitekit git connect SITE --url URL [--branch main] [--base-path sites]   clone the site repo (HTTPS only;
                                            plain http:// to this computer only with SITEKIT_ALLOW_LOOPBACK_HTTP=1)
  sitekit git connect SITE --dir DIR [--branch main] [--base-path sites]   use an existing local clone
  sitekit git connect SITE --init [--url URL] [--dir DIR] [--branch main]  start a new repo
  sitekit git status SITE [--json]          branch, head, and "N commits waiting to push"
  sitekit git preview SITE [--json]         what a commit would change, with a diff per file
  sitekit git commit SITE [--reason TEXT] [--sign-key FILE]
                                            generate the site's files and commit only sites/<SITE>/
  sitekit git push SITE                     push the waiting commits (integrates remote changes to
                                            other sites; stops if someone else changed this site)
  SITE is a draft id in the workspace (sitekit site new --draft). The commit author is the technician
  name and email from the settings. Credentials: SITEKIT_GIT_USERNAME and SITEKIT_GIT_PASSWORD, or
  SITEKIT_GIT_TOKEN; without them you are asked on a terminal. They are never written to disk by the CLI.
  The signing key passphrase, if any, is read from SITEKIT_GIT_SIGNING_PASSPHRASE or asked.
  Exit codes: 0 done, 1 stopped on a conflict, 2 usage error, 3 no such site or no commit author,
  4 network, auth or I/O failure.
`;

const SUBS = ['connect', 'status', 'preview', 'commit', 'push'] as const;

function envCredentials(env: NodeJS.ProcessEnv): { username?: string; password?: string; token?: string } | undefined {
  const c = { username: env.SITEKIT_GIT_USERNAME || undefined, password: env.SITEKIT_GIT_PASSWORD || undefined, token: env.SITEKIT_GIT_TOKEN || undefined };
  return c.username || c.password || c.token ? c : undefined;
}

async function promptCredentials(io: CliIO, what: string): Promise<{ username?: string; password?: string; token?: string } | undefined> {
  if (!io.tty) return undefined;
  try {
    const username = (await io.readSecret(`User name for ${what} (empty to use a token): `)).trim();
    const secret = await io.readSecret(username ? 'Password: ' : 'Access token: ');
    if (!secret) return undefined;
    return username ? { username, password: secret } : { token: secret };
  } catch {
    return undefined;
  }
}

export const gitCommand: Command = {
  name: 'git',
  summary: 'Connect, preview, commit and push a site repo (works offline; pushes later)',
  usage: USAGE,
  async run(args: readonly string[], io: CliIO): Promise<number> {
    if (wantsHelp(args) || args.length === 0) {
      io.out(USAGE);
      return args.length === 0 ? EXIT.usage : EXIT.ok;
    }
    const { values, positionals } = parseArgs({
      args: [...args],
      options: {
        url: { type: 'string' },
        dir: { type: 'string' },
        init: { type: 'boolean' },
        branch: { type: 'string' },
        'base-path': { type: 'string' },
        reason: { type: 'string' },
        'sign-key': { type: 'string' },
        json: { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    });
    const [sub, siteId, ...extra] = positionals;
    if (!sub || !(SUBS as readonly string[]).includes(sub) || !siteId || extra.length) {
      io.err(`error: expected "sitekit git ${SUBS.join('|')} SITE".\n\n${USAGE}`);
      return EXIT.usage;
    }
    const runtime = io.runtime();
    const printProgress = progressPrinter(io.err, io.tty);
    const onEvent = (event: string, payload: unknown): void => {
      if (event === 'job:progress') printProgress(payload as Progress);
    };
    // Through the contract, like the app: the Git flows generate, commit, push and record.
    const call = <T>(name: string, req: unknown): Promise<Result<T>> => runtime.call(name as never, req as never, { onEvent }) as Promise<Result<T>>;
    const fail = (r: { ok: false; error: Parameters<typeof formatError>[0] }): number => failWith(io, r.error);
    // Credentials from the environment, or a prompt after the server asked for them.
    // New credentials replace stored ones only once the server accepted them: a refusal is the answer.
    const withAuth = async <T>(run: () => Promise<Result<T>>, setCreds: (c: NonNullable<ReturnType<typeof envCredentials>>) => Promise<Result<unknown>>): Promise<Result<T>> => {
      const fromEnv = envCredentials(io.env);
      if (fromEnv) {
        const set = await setCreds(fromEnv);
        if (!set.ok) return set;
      }
      const first = await run();
      if (first.ok || fromEnv || (first.error.code !== 'unauthorized' && first.error.code !== 'auth-expired')) return first;
      const asked = await promptCredentials(io, 'the Git server');
      if (!asked) return first;
      const set = await setCreds(asked);
      if (!set.ok) return set;
      return run();
    };
    if (runtime.services.git.remotes.allowLoopbackHttp) io.err(`note: ${LOOPBACK_HTTP_NOTICE}\n`);

    try {
      switch (sub) {
        case 'connect': {
          const mode = values.init ? 'init' : values.url ? 'clone' : values.dir ? 'open' : undefined;
          if (!mode) {
            io.err(`error: give --url URL, --dir DIR or --init.\n\n${USAGE}`);
            return EXIT.usage;
          }
          let creds = envCredentials(io.env);
          const req = () => ({
            siteId,
            mode,
            url: values.url,
            dir: values.dir ? resolve(io.cwd, values.dir) : undefined,
            branch: values.branch ?? 'main',
            basePath: values['base-path'] ?? 'sites',
            credentials: creds,
          });
          let r = await call<Connection>('git:connect', req());
          if (!r.ok && !creds && mode === 'clone' && r.error.code === 'unauthorized') {
            creds = await promptCredentials(io, values.url ?? 'the Git server');
            if (creds) r = await call<Connection>('git:connect', req());
          }
          if (!r.ok) return fail(r);
          io.out(`Connected ${siteId} to ${r.value.dir} (branch ${r.value.branch}, files under ${r.value.basePath ? r.value.basePath + '/' : ''}${siteId}/).\n`);
          return EXIT.ok;
        }
        case 'status': {
          const r = await call<GitOverview>('git:status', { siteId });
          if (!r.ok) return fail(r);
          if (values.json) {
            io.out(JSON.stringify(r.value, null, 2) + '\n');
            return EXIT.ok;
          }
          const { connection: c, status: s } = r.value;
          if (!c || !s) {
            io.out(`${siteId} is not connected to a Git repository. Run: sitekit git connect ${siteId} --url URL\n`);
            return EXIT.ok;
          }
          io.out(
            [
              `Repository: ${c.dir}`,
              `Remote:     ${s.remote ?? '(none)'}`,
              `Branch:     ${s.branch}${s.head ? ' at ' + s.head.slice(0, 7) : ' (no commits yet)'}`,
              s.waitingToPush === 0 ? 'Nothing waiting to push.' : `${s.waitingToPush} commit${s.waitingToPush === 1 ? '' : 's'} waiting to push:`,
              ...s.waiting.map((w) => `  ${w.sha.slice(0, 7)} ${w.message}`),
              '',
            ].join('\n'),
          );
          return EXIT.ok;
        }
        case 'preview': {
          const r = await call<DiffPreview>('git:preview', { siteId, reason: values.reason });
          if (!r.ok) return fail(r);
          if (values.json) {
            io.out(JSON.stringify(r.value, null, 2) + '\n');
            return EXIT.ok;
          }
          if (r.value.files.length === 0) io.out('No changes: the repository already holds this site as generated.\n');
          for (const f of r.value.files) io.out(`${f.kind.padEnd(8)} ${f.path} (+${f.added} -${f.removed})\n`);
          for (const f of r.value.files) io.out(f.diff);
          for (const u of r.value.untracked) io.out(`not generated, left alone: ${u}\n`);
          return EXIT.ok;
        }
        case 'commit': {
          let signingKey;
          if (values['sign-key']) {
            const armoredKey = await readFile(resolve(io.cwd, values['sign-key']), 'utf8');
            const passphrase = io.env.SITEKIT_GIT_SIGNING_PASSPHRASE ?? (io.tty ? await io.readSecret('Signing key passphrase (empty if none): ') : undefined);
            signingKey = { armoredKey, ...(passphrase ? { passphrase } : {}) };
          }
          const r = await call<CommitInfo>('git:commit', { siteId, reason: values.reason, signingKey });
          if (!r.ok) return fail(r);
          if (!r.value.committed) io.out(`Nothing to commit: ${siteId} is unchanged (HEAD ${r.value.sha.slice(0, 7)}).\n`);
          else io.out(`Committed ${r.value.sha} (${r.value.files} file${r.value.files === 1 ? '' : 's'}${r.value.signed ? ', signed' : ''}): ${r.value.message.split('\n')[0]}\n`);
          return EXIT.ok;
        }
        case 'push': {
          const r = await withAuth(
            () => call<PushInfo>('git:push', { siteId, jobId: `cli-push-${siteId}` }),
            (c) => call('git:credentials', { siteId, credentials: c, remember: false }),
          );
          if (!r.ok) return fail(r);
          const how = r.value.integrated === 'replayed' ? ' (replayed on top of the remote\'s newer commits)' : r.value.integrated === 'merged' ? ' (merged with the remote\'s newer commits)' : '';
          io.out(`Pushed ${r.value.pushed} commit${r.value.pushed === 1 ? '' : 's'} to ${r.value.remote} ${r.value.branch}${how}; remote head ${r.value.head.slice(0, 7)}.\n`);
          return EXIT.ok;
        }
      }
      return EXIT.usage;
    } finally {
      runtime.services.git.dispose(); // no background retry keeps the CLI process alive
    }
  },
};
