/**
 * What text a site may hold: printable characters, tabs and line breaks. A NUL or another control
 * character typed, pasted or escaped into a field (`"a\0b"` is valid YAML) would reach KS.CFG, the
 * manifests and the report, where tools cut the text at it or show nothing; a U+FFFD is what a reader
 * leaves where the bytes were not UTF-8, so the text there is already lost. Both are refused with the
 * field and the character's place, never silently kept (issue 26 §12).
 *
 * `textProblems` walks a parsed site (the schema's superRefine calls it, so `site validate`, every load and
 * the Site step see the same sentence); `firstBadCharacter` is the same test on a whole file's text, for
 * characters in comments that no field carries (yaml.ts).
 */

/** C0 controls except tab, LF and CR; DEL and the C1 controls; U+FFFD; and UTF-16 halves without their pair. */
const BAD = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd]|\p{Cs}/u;

/** The first character a site's text may not hold: where it is (a UTF-16 offset) and what it is. */
export interface BadCharacter {
  readonly index: number;
  /** `U+0000`. */
  readonly code: string;
  /** What the character is, in words. */
  readonly what: string;
}

/** Finds the first character of `text` a site may not hold. */
export function firstBadCharacter(text: string): BadCharacter | undefined {
  const m = BAD.exec(text);
  if (!m) return undefined;
  const cp = m[0].codePointAt(0)!;
  const code = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  let what: string;
  if (cp === 0) what = 'a NUL character (U+0000)';
  else if (cp === 0xfffd) what = 'the replacement character � (U+FFFD), which a reader leaves where bytes were not UTF-8 text';
  // Past U+009F only U+FFFD (above) and the surrogates U+D800–U+DFFF match BAD.
  else if (cp >= 0xd800) what = `half of a UTF-16 pair (${code}), which is no character`;
  else what = `the control character ${code}`;
  return { index: m.index, code, what };
}

/** One field whose text a site may not hold. */
export interface TextProblem {
  /** Where in the site, as zod paths: ['metadata', 'name']. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** Describes a field's bad character: which one and at which character of the field (counted from 1). */
function fieldMessage(text: string, bad: BadCharacter): string {
  const at = [...text.slice(0, bad.index)].length + 1;
  const fix = bad.code === 'U+FFFD' ? 'retype the text that was there' : 'remove it (it may have come with a paste or an escape such as \\0)';
  return `holds ${bad.what} at character ${at}; text fields take printable text, tabs and line breaks only: ${fix}`;
}

/**
 * Every string in a parsed site (keys too) with a character a site may not hold, with its path, in the order
 * of the document. Recursive: it walks what the schema parsed, whose depth the schema bounds.
 */
export function textProblems(value: unknown): TextProblem[] {
  const out: TextProblem[] = [];
  const path: (string | number)[] = [];
  const check = (text: string, name = ''): void => {
    const bad = firstBadCharacter(text);
    if (bad) out.push({ path: [...path], message: `${name}${fieldMessage(text, bad)}` });
  };
  const visit = (v: unknown): void => {
    if (typeof v === 'string') check(v);
    else if (Array.isArray(v)) {
      v.forEach((item: unknown, i) => {
        path.push(i);
        visit(item);
        path.pop();
      });
    } else if (v !== null && typeof v === 'object') {
      for (const [key, item] of Object.entries(v)) {
        path.push(key);
        check(key, 'the field name ');
        visit(item);
        path.pop();
      }
    }
  };
  visit(value);
  return out;
}
