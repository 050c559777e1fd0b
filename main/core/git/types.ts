/**
 * What the Git step shows and returns: plain data shared by the git service, the IPC contract, the CLI
 * and the renderer (no I/O here, so the renderer may import it).
 */
import type { Hunk } from '../diff/line-diff';
import type { CommitAuthor } from './author';

export type { CommitAuthor };

/** How a changed file differs from the last commit. */
export type FileChangeKind = 'added' | 'modified' | 'deleted';

/** One file of the preview: its path from the repo root, the change, and a readable unified diff. */
export interface FileChange {
  readonly path: string;
  readonly kind: FileChangeKind;
  readonly added: number;
  readonly removed: number;
  /** Unified diff text (`git diff` shape); empty for binary or oversized files. */
  readonly diff: string;
  readonly hunks: readonly Hunk[];
}

/** Exactly what a commit of this site would change, computed the same way the commit computes it. */
export interface DiffPreview {
  /** `<basePath>/<site id>`, the only path a Sitekit commit touches. */
  readonly sitePath: string;
  readonly files: readonly FileChange[];
  /** Files under the site path in the work tree that Sitekit did not generate; left alone, not committed. */
  readonly untracked: readonly string[];
  /** Host names whose folders change. */
  readonly hosts: readonly string[];
  /** The commit message a commit would use now. */
  readonly message: string;
  /** HEAD the preview was computed against (undefined on an empty repo). */
  readonly head?: string;
}

/** A commit made by Sitekit. */
export interface CommitInfo {
  /** The new commit, or HEAD when there was nothing to commit. */
  readonly sha: string;
  readonly committed: boolean;
  readonly message: string;
  readonly branch: string;
  readonly files: number;
  readonly signed: boolean;
  readonly at: string;
}

/** Where a repo stands, including the offline queue. */
export interface GitStatus {
  readonly dir: string;
  readonly branch: string;
  readonly head?: string;
  /** Remote URL without credentials, if any. */
  readonly remote?: string;
  /** Local commits not on the remote yet: "N commits waiting to push". */
  readonly waitingToPush: number;
  /** Short summaries of those commits, newest first. */
  readonly waiting: readonly { readonly sha: string; readonly message: string; readonly at: string }[];
  /** True when the remote branch does not exist yet (nothing ever pushed). */
  readonly remoteEmpty: boolean;
  readonly hasCredentials: boolean;
}

/** A commit whose id changed because it was replayed on top of the remote's new commits. */
export interface ReplayedCommit {
  readonly from: string;
  readonly to: string;
}

export interface PushInfo {
  readonly branch: string;
  readonly remote: string;
  /** The remote branch head after the push. */
  readonly head: string;
  /** Commits that reached the remote in this push. */
  readonly pushed: number;
  /** How the remote's newer commits were integrated, if they had to be. */
  readonly integrated: 'none' | 'replayed' | 'merged';
  /** Local commits whose ids changed by the replay (the site records follow these). */
  readonly replayed: readonly ReplayedCommit[];
}

/** How the technician connects a repo. */
export type ConnectMode = 'clone' | 'open' | 'init';

export interface Connection {
  readonly siteId: string;
  readonly dir: string;
  readonly url?: string;
  readonly branch: string;
  readonly basePath: string;
}

/** What the Git step shows on entry: the connection (if any), where the repo stands, and the commit author. */
export interface GitOverview {
  readonly connection?: Connection;
  readonly status?: GitStatus;
  /** True when credentials survive a restart (desktop keychain); false in browser mode and the CLI. */
  readonly persistentCredentials: boolean;
  /** True while Sitekit retries the push by itself. */
  readonly autoRetry: boolean;
  /** Who commits are made as; `missing` says what Settings still lack (Commit is disabled until then). */
  readonly author: CommitAuthor;
}
