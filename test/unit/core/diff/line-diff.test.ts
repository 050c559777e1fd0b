import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyHunks, diffLines, splitLines, toHunks, unifiedDiff } from '../../../../main/core/diff/line-diff';

/** Length of the longest common subsequence by the textbook DP: the oracle for minimality. */
function lcs(a: readonly string[], b: readonly string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j] as number;
      row[j] = a[i - 1] === b[j - 1] ? diag + 1 : Math.max(up, row[j - 1] as number);
      diag = up;
    }
  }
  return row[b.length] as number;
}

const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'kind: Host', ''), { maxLength: 40 });

describe('diffLines', () => {
  it('is a shortest edit script (n + m − 2·LCS changed lines) that turns a into b', () => {
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const script = diffLines(a, b);
        const changes = script.filter((l) => l.kind !== ' ').length;
        expect(changes).toBe(a.length + b.length - 2 * lcs(a, b));
        expect(script.filter((l) => l.kind !== '+').map((l) => l.text)).toEqual(a);
        expect(script.filter((l) => l.kind !== '-').map((l) => l.text)).toEqual(b);
      }),
      { numRuns: 400 },
    );
  });

  it('hunks applied to the old lines give the new lines, for any context size', () => {
    fc.assert(
      fc.property(lines, lines, fc.integer({ min: 0, max: 5 }), (a, b, context) => {
        expect(applyHunks(a, toHunks(diffLines(a, b), context))).toEqual(b);
      }),
      { numRuns: 400 },
    );
  });

  it('falls back to replace-all beyond maxEdits, still correct', () => {
    const a = Array.from({ length: 50 }, (_, i) => `old ${i}`);
    const b = Array.from({ length: 50 }, (_, i) => `new ${i}`);
    const script = diffLines(a, b, 10);
    expect(script.filter((l) => l.kind === '-')).toHaveLength(50);
    expect(applyHunks(a, toHunks(script))).toEqual(b);
  });
});

describe('unifiedDiff', () => {
  it('prints the same hunks as `diff -u`, including the missing-newline marker', () => {
    const old = 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n';
    const now = 'a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl';
    const d = unifiedDiff(old, now, { oldName: 'a/x.yaml', newName: 'b/x.yaml' });
    // Expected text captured from GNU diff -u on the same two files.
    expect(d.text).toBe(
      ['--- a/x.yaml', '+++ b/x.yaml', '@@ -1,5 +1,5 @@', ' a', '-b', '+B', ' c', ' d', ' e', '@@ -9,3 +9,4 @@', ' i', ' j', ' k', '+l', '\\ No newline at end of file', ''].join('\n'),
    );
    expect(d.added).toBe(2);
    expect(d.removed).toBe(1);
  });

  it('shows an added file as one hunk from line 0', () => {
    const d = unifiedDiff('', 'x\ny\n', { oldName: '/dev/null', newName: 'b/new.yaml' });
    expect(d.text).toBe('--- /dev/null\n+++ b/new.yaml\n@@ -0,0 +1,2 @@\n+x\n+y\n');
  });

  it('shows a deleted file and is empty for equal texts', () => {
    expect(unifiedDiff('x\n', '').text).toBe('--- a/file\n+++ b/file\n@@ -1 +0,0 @@\n-x\n');
    expect(unifiedDiff('same\n', 'same\n')).toEqual({ hunks: [], added: 0, removed: 0, text: '' });
  });

  it('splitLines keeps track of the final newline', () => {
    expect(splitLines('a\nb')).toEqual({ lines: ['a', 'b'], finalNewline: false });
    expect(splitLines('a\n')).toEqual({ lines: ['a'], finalNewline: true });
  });

  it('diffs a 5,000-line file with one change quickly', () => {
    const a = Array.from({ length: 5000 }, (_, i) => `line ${i}`).join('\n') + '\n';
    const b = a.replace('line 2500\n', 'line 2500 changed\n');
    const t = performance.now();
    const d = unifiedDiff(a, b);
    expect(performance.now() - t).toBeLessThan(200);
    expect(d.hunks).toHaveLength(1);
    expect(d.added + d.removed).toBe(2);
  });
});
