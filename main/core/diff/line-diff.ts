/**
 * Line diff (Myers' O(ND) algorithm) and unified-diff hunks, for showing a technician exactly what a commit
 * will change before it is made.
 *
 * Pure: strings in, data out. Common prefix and suffix are trimmed first, so the usual regeneration (a few
 * lines changed in a long YAML file) costs almost nothing. Beyond `maxEdits` differences the diff degrades
 * to "delete all, insert all" instead of spending quadratic time on a file nobody will read line by line.
 */

/** One line of a hunk: ' ' kept, '-' removed, '+' added. */
export interface DiffLine {
  readonly kind: ' ' | '-' | '+';
  readonly text: string;
}

/** One hunk of a unified diff; line numbers are 1-based as in `diff -u` (0 when the side is empty). */
export interface Hunk {
  readonly oldStart: number;
  readonly oldLines: number;
  readonly newStart: number;
  readonly newLines: number;
  readonly lines: readonly DiffLine[];
}

/** A whole-file diff: hunks, counts and the unified text (`---`/`+++` headers included). */
export interface FileDiff {
  readonly hunks: readonly Hunk[];
  readonly added: number;
  readonly removed: number;
  /** Unified diff text, the same shape `diff -u` and `git diff` print. Empty when the texts are equal. */
  readonly text: string;
}

export interface DiffOptions {
  /** Lines of context around each change (default 3, as git). */
  readonly context?: number;
  /** Header names; default `a/file` and `b/file`. Use `/dev/null` for an added or deleted file. */
  readonly oldName?: string;
  readonly newName?: string;
  /** Above this many differences the diff is reported as a whole-file replacement (default 4000). */
  readonly maxEdits?: number;
}

/** Splits text into lines without their newline; notes whether the last line had one. */
export function splitLines(text: string): { lines: string[]; finalNewline: boolean } {
  if (text === '') return { lines: [], finalNewline: true };
  const lines = text.split('\n');
  const finalNewline = lines[lines.length - 1] === '';
  if (finalNewline) lines.pop();
  return { lines, finalNewline };
}

/**
 * The shortest edit script between two line arrays, as a list of ' ', '-', '+' lines in order.
 * `diffLines(a, b)` has exactly `a.length + b.length - 2·LCS` non-context lines.
 */
export function diffLines(a: readonly string[], b: readonly string[], maxEdits = 4000): DiffLine[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const out: DiffLine[] = [];
  for (let i = 0; i < start; i++) out.push({ kind: ' ', text: a[i] as string });
  const middle = myers(a.slice(start, endA), b.slice(start, endB), maxEdits);
  for (const l of middle) out.push(l);
  for (let i = endA; i < a.length; i++) out.push({ kind: ' ', text: a[i] as string });
  return out;
}

/** Myers' greedy forward algorithm with a saved trace for the backtrack. */
function myers(a: readonly string[], b: readonly string[], maxEdits: number): DiffLine[] {
  const n = a.length;
  const m = b.length;
  if (n === 0) return b.map((text) => ({ kind: '+', text }));
  if (m === 0) return a.map((text) => ({ kind: '-', text }));
  // Intern lines so the inner loop compares numbers.
  const ids = new Map<string, number>();
  const intern = (s: string): number => {
    let id = ids.get(s);
    if (id === undefined) {
      id = ids.size;
      ids.set(s, id);
    }
    return id;
  };
  const A = Int32Array.from(a, intern);
  const B = Int32Array.from(b, intern);
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  outer: for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number))) x = v[offset + k + 1] as number;
      else x = (v[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && A[x] === B[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break outer;
      }
    }
  }
  if (!found) return [...a.map((text) => ({ kind: '-' as const, text })), ...b.map((text) => ({ kind: '+' as const, text }))];

  // Backtrack from (n, m) through the saved V arrays.
  const rev: DiffLine[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d] as Int32Array;
    const k = x - y;
    let prevK: number;
    if (k === -d || (k !== d && (vd[offset + k - 1] as number) < (vd[offset + k + 1] as number))) prevK = k + 1;
    else prevK = k - 1;
    const prevX = d === 0 ? 0 : (vd[offset + prevK] as number);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      rev.push({ kind: ' ', text: a[x - 1] as string });
      x--;
      y--;
    }
    if (d > 0) {
      if (x === prevX) rev.push({ kind: '+', text: b[y - 1] as string });
      else rev.push({ kind: '-', text: a[x - 1] as string });
    }
    x = prevX;
    y = prevY;
  }
  return rev.reverse();
}

/** Groups an edit script into hunks with `context` lines around each change. */
export function toHunks(lines: readonly DiffLine[], context = 3): Hunk[] {
  const hunks: Hunk[] = [];
  const changed: number[] = [];
  lines.forEach((l, i) => {
    if (l.kind !== ' ') changed.push(i);
  });
  if (changed.length === 0) return hunks;
  // Old/new line numbers before each index.
  const oldBefore = new Int32Array(lines.length + 1);
  const newBefore = new Int32Array(lines.length + 1);
  lines.forEach((l, i) => {
    oldBefore[i + 1] = (oldBefore[i] as number) + (l.kind !== '+' ? 1 : 0);
    newBefore[i + 1] = (newBefore[i] as number) + (l.kind !== '-' ? 1 : 0);
  });
  let i = 0;
  while (i < changed.length) {
    const from = Math.max(0, (changed[i] as number) - context);
    let last = changed[i] as number;
    let j = i + 1;
    while (j < changed.length && (changed[j] as number) - last <= 2 * context) {
      last = changed[j] as number;
      j++;
    }
    const to = Math.min(lines.length, last + context + 1);
    const slice = lines.slice(from, to);
    const oldLines = slice.filter((l) => l.kind !== '+').length;
    const newLines = slice.filter((l) => l.kind !== '-').length;
    hunks.push({
      oldStart: oldLines === 0 ? (oldBefore[from] as number) : (oldBefore[from] as number) + 1,
      oldLines,
      newStart: newLines === 0 ? (newBefore[from] as number) : (newBefore[from] as number) + 1,
      newLines,
      lines: slice,
    });
    i = j;
  }
  return hunks;
}

const range = (start: number, count: number): string => (count === 1 ? `${start}` : `${start},${count}`);

/** Diffs two texts and renders the unified diff, including "\ No newline at end of file" markers. */
export function unifiedDiff(oldText: string, newText: string, options: DiffOptions = {}): FileDiff {
  const context = options.context ?? 3;
  const a = splitLines(oldText);
  const b = splitLines(newText);
  // A missing final newline makes the last line differ, as in diff -u.
  const aLines = a.lines.slice();
  const bLines = b.lines.slice();
  const NOEOL = '\u0000noeol';
  if (!a.finalNewline && aLines.length) aLines[aLines.length - 1] += NOEOL;
  if (!b.finalNewline && bLines.length) bLines[bLines.length - 1] += NOEOL;
  const script = diffLines(aLines, bLines, options.maxEdits);
  const hunks = toHunks(script, context);
  let added = 0;
  let removed = 0;
  for (const l of script) {
    if (l.kind === '+') added++;
    else if (l.kind === '-') removed++;
  }
  if (hunks.length === 0) return { hunks: [], added: 0, removed: 0, text: '' };
  const out: string[] = [`--- ${options.oldName ?? 'a/file'}`, `+++ ${options.newName ?? 'b/file'}`];
  for (const h of hunks) {
    out.push(`@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@`);
    for (const l of h.lines) {
      if (l.text.endsWith(NOEOL)) {
        out.push(l.kind + l.text.slice(0, -NOEOL.length), '\\ No newline at end of file');
      } else out.push(l.kind + l.text);
    }
  }
  const clean = (h: Hunk): Hunk => ({ ...h, lines: h.lines.map((l) => (l.text.endsWith(NOEOL) ? { kind: l.kind, text: l.text.slice(0, -NOEOL.length) } : l)) });
  return { hunks: hunks.map(clean), added, removed, text: out.join('\n') + '\n' };
}

/** Applies hunks to the old lines; used by tests to prove a diff reproduces the new text. */
export function applyHunks(oldLines: readonly string[], hunks: readonly Hunk[]): string[] {
  const out: string[] = [];
  let pos = 0;
  for (const h of hunks) {
    const start = h.oldLines === 0 ? h.oldStart : h.oldStart - 1;
    while (pos < start) out.push(oldLines[pos++] as string);
    for (const l of h.lines) {
      if (l.kind === ' ') {
        out.push(oldLines[pos++] as string);
      } else if (l.kind === '-') pos++;
      else out.push(l.text);
    }
  }
  while (pos < oldLines.length) out.push(oldLines[pos++] as string);
  return out;
}
