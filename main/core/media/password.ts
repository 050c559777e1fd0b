/**
 * ESXi's root password rules, checked before anything is hashed or written
 * (docs/FIELD-NOTES.md "Root password: SHA-512 crypt and ESXi's rules").
 *
 * The installer skips the complexity check for crypted passwords, but the host enforces
 * `Security.PasswordQualityControl = retry=3 min=disabled,disabled,disabled,7,7` on every later change, and a
 * plaintext `rootpw` must be 7–40 printable ASCII characters. So Sitekit applies the same rules itself:
 * at least 7 characters from at least 3 of the 4 classes (lower, upper, digit, other), where a leading
 * capital and a trailing digit do not count, and no common sequences or the obvious words.
 */
import { err, ok, type Result } from '../result';

/** One broken rule; the UI and CLI turn the code into words. */
export interface PasswordFinding {
  readonly severity: 'error';
  readonly code:
    | 'password-length'
    | 'password-charset'
    | 'password-classes'
    | 'password-sequence'
    | 'password-word';
  readonly params: Readonly<Record<string, string | number>>;
}

export const PASSWORD_MIN = 7;
export const PASSWORD_MAX = 40;

export function ruleLength(pw: string): PasswordFinding | undefined {
  return pw.length < PASSWORD_MIN || pw.length > PASSWORD_MAX
    ? { severity: 'error', code: 'password-length', params: { min: PASSWORD_MIN, max: PASSWORD_MAX, length: pw.length } }
    : undefined;
}

export function ruleCharset(pw: string): PasswordFinding | undefined {
  return /^[\x20-\x7e]*$/.test(pw) ? undefined : { severity: 'error', code: 'password-charset', params: {} };
}

/** Counts character classes the way passwdqc does: a leading upper-case letter and a trailing digit do not count. */
export function passwordClasses(pw: string): number {
  let lower = false;
  let upper = false;
  let digit = false;
  let other = false;
  for (let i = 0; i < pw.length; i++) {
    const c = pw[i]!;
    if (/[a-z]/.test(c)) lower = true;
    else if (/[A-Z]/.test(c)) upper ||= i !== 0;
    else if (/[0-9]/.test(c)) digit ||= i !== pw.length - 1;
    else other = true;
  }
  return [lower, upper, digit, other].filter(Boolean).length;
}

export function ruleClasses(pw: string): PasswordFinding | undefined {
  const classes = passwordClasses(pw);
  return classes < 3 ? { severity: 'error', code: 'password-classes', params: { classes, required: 3 } } : undefined;
}

const SEQUENCES = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const WORDS = ['password', 'passwort', 'vmware', 'esxi', 'admin', 'root', 'welcome', 'letmein', 'changeme'];

/** Rejects passwords that are mostly a keyboard or alphabet run (passwdqc "common sequences"). */
export function ruleSequence(pw: string): PasswordFinding | undefined {
  const lower = pw.toLowerCase();
  let best = '';
  for (const seq of SEQUENCES) {
    for (const s of [seq, [...seq].reverse().join('')]) {
      for (let i = 0; i < s.length; i++) {
        for (let j = s.length; j - i > Math.max(3, best.length); j--) {
          if (lower.includes(s.slice(i, j))) {
            best = s.slice(i, j);
            break;
          }
        }
      }
    }
  }
  return best.length >= 4 && best.length * 2 >= pw.length ? { severity: 'error', code: 'password-sequence', params: { sequence: best } } : undefined;
}

/** Rejects passwords built around an obvious word (passwdqc "dictionary words"), also with 0/o, 1/l, 3/e, @/a, $/s swaps. */
export function ruleWord(pw: string): PasswordFinding | undefined {
  const plain = pw.toLowerCase().replace(/0/g, 'o').replace(/[1!|]/g, 'l').replace(/3/g, 'e').replace(/@/g, 'a').replace(/\$/g, 's');
  const word = WORDS.find((w) => plain.includes(w.replace(/i/g, 'l')) || plain.includes(w));
  return word && word.length * 2 >= pw.length ? { severity: 'error', code: 'password-word', params: { word } } : undefined;
}

const RULES = [ruleLength, ruleCharset, ruleClasses, ruleSequence, ruleWord];

/** Every rule the password breaks; empty means ESXi will accept it. */
export function checkRootPassword(pw: string): PasswordFinding[] {
  return RULES.map((r) => r(pw)).filter((f): f is PasswordFinding => f !== undefined);
}

/** A sentence for a finding, for the CLI and the report. */
export function describePasswordFinding(f: PasswordFinding): string {
  switch (f.code) {
    case 'password-length':
      return `The root password must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters long (it has ${f.params.length}).`;
    case 'password-charset':
      return 'The root password may only contain printable ASCII characters and spaces.';
    case 'password-classes':
      return `The root password needs at least 3 of: lower-case letters, upper-case letters, digits, other characters (it has ${f.params.classes}; a leading capital and a trailing digit do not count).`;
    case 'password-sequence':
      return `The root password is built on a common sequence ("${f.params.sequence}").`;
    case 'password-word':
      return `The root password is built on a common word ("${f.params.word}").`;
  }
}

/** The password as a Result: ESXi's rules broken become issues on `rootPassword`, with what to do. */
export function checkPassword(password: string): Result<void> {
  const findings = checkRootPassword(password);
  if (!findings.length) return ok(undefined);
  return err('invalid-input', 'ESXi would reject this root password.', {
    issues: findings.map((f) => ({ path: 'rootPassword', message: describePasswordFinding(f) })),
    hint: 'Choose a password of at least 7 characters using 3 of: lower case, upper case, digits, symbols. Nothing was written.',
  });
}
