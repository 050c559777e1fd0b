/**
 * ESXi's root password rules, one rule at a time, at their limits, with the sentences the technician reads
 * (the CLI and the Boot media step show `checkPassword`'s issues and hint).
 */
import { describe, expect, it } from 'vitest';
import { checkPassword, checkRootPassword, describePasswordFinding, passwordClasses } from '../../../../main/core/media/password';

/** The sentences for a password; empty when ESXi would take it. */
const said = (pw: string) => checkRootPassword(pw).map(describePasswordFinding);

describe('length: 7 to 40 characters', () => {
  it('6 and 41 are refused with the count; 7 and 40 are accepted', () => {
    expect(said('aB3$xy')).toEqual(['The root password must be 7 to 40 characters long (it has 6).']);
    expect(checkRootPassword('aB3$xy')[0]).toEqual({ severity: 'error', code: 'password-length', params: { min: 7, max: 40, length: 6 } });
    expect(said('aB3$xyz')).toEqual([]);
    expect(said('aB3$xyzw'.repeat(5))).toEqual([]);
    expect(said('aB3$xyzw'.repeat(5) + 'k')).toEqual(['The root password must be 7 to 40 characters long (it has 41).']);
  });
});

describe('characters: printable ASCII and spaces', () => {
  it('a space is fine; a tab or a non-ASCII letter is not', () => {
    expect(said('aB3 xyz w')).toEqual([]);
    expect(said('aB3\txyzw')).toEqual(['The root password may only contain printable ASCII characters and spaces.']);
    expect(checkRootPassword('aB3\u00e9xyzw')).toEqual([{ severity: 'error', code: 'password-charset', params: {} }]);
  });
});

describe('classes: 3 of lower, upper, digit, other; a leading capital and a trailing digit do not count', () => {
  it('counts each class once, wherever it is', () => {
    expect(passwordClasses('AB#12CD!')).toBe(3); // no lower case letter at all
    expect(passwordClasses('xB-qqqq')).toBe(3); // a capital after the first character counts
    expect(passwordClasses('x5-qqqq')).toBe(3); // a digit before the last character counts
    expect(passwordClasses('Xq-qqq5')).toBe(2);
    expect(passwordClasses('qqqqqqq')).toBe(1);
  });

  it('two classes are refused with the count and the reason', () => {
    expect(said('Xqat-hi')).toEqual(['The root password needs at least 3 of: lower-case letters, upper-case letters, digits, other characters (it has 2; a leading capital and a trailing digit do not count).']);
    expect(checkRootPassword('Xqat-hi')[0]).toEqual({ severity: 'error', code: 'password-classes', params: { classes: 2, required: 3 } });
  });
});

describe('common sequences', () => {
  it('a run of four from each keyboard row, the alphabet or the digits, forwards or backwards, in a short password', () => {
    const cases: [string, string][] = [
      ['#4567Tz', '4567'],
      ['Mnop#7x', 'mnop'],
      ['Tyui#7k', 'tyui'],
      ['Sdfg#7x', 'sdfg'],
      ['Xcvb#7k', 'xcvb'],
      ['Poiu#7k', 'poiu'],
      ['#7654Tz', '7654'],
    ];
    for (const [pw, seq] of cases) expect(said(pw)).toEqual([`The root password is built on a common sequence ("${seq}").`]);
    expect(checkRootPassword('Mnop#7x')).toEqual([{ severity: 'error', code: 'password-sequence', params: { sequence: 'mnop' } }]);
  });

  it('the run must be at least half of the password: 4 of 8 is refused, 4 of 9 is not; 3 never', () => {
    expect(said('1234Ab#x')).toEqual(['The root password is built on a common sequence ("1234").']);
    expect(said('1234Ab#xk')).toEqual([]);
    expect(said('123Ab#')).toEqual(['The root password must be 7 to 40 characters long (it has 6).']);
    expect(said('k123A#')).toEqual(['The root password must be 7 to 40 characters long (it has 6).']);
  });

  it('the longest run is named; of two as long, the first one found (digits before letters)', () => {
    expect(checkRootPassword('abcd1234').find((f) => f.code === 'password-sequence')!.params).toEqual({ sequence: '1234' });
    expect(checkRootPassword('Qwertyuiop1!').find((f) => f.code === 'password-sequence')!.params).toEqual({ sequence: 'qwertyuiop' });
  });
});

describe('common words', () => {
  it('each word, also with 0/o, 1/!/| for l or i, 3/e, @/a and $/s swapped in', () => {
    const cases: [string, string][] = [
      ['Pa$$w0rd-X', 'password'],
      ['Passwort-X1', 'passwort'],
      ['VMw@re-1x', 'vmware'],
      ['Esx1-Bo9', 'esxi'],
      ['Adm|n#4x', 'admin'],
      ['Admin#42', 'admin'],
      ['R00t#Abq', 'root'],
      ['W3lcome#1X', 'welcome'],
      ['L3tme!n-Xq', 'letmein'],
      ['Chang3me-X', 'changeme'],
    ];
    for (const [pw, word] of cases) expect(checkRootPassword(pw).filter((f) => f.code === 'password-word').map(describePasswordFinding)).toEqual([`The root password is built on a common word ("${word}").`]);
    expect(checkRootPassword('R00t#Abq').find((f) => f.code === 'password-word')).toEqual({ severity: 'error', code: 'password-word', params: { word: 'root' } });
  });

  it('the word must be at least half of the password: root in 8 is refused, in 9 it is not', () => {
    expect(checkRootPassword('R00t#Abq').map((f) => f.code)).toEqual(['password-word']);
    expect(checkRootPassword('R00t#Abqz').map((f) => f.code)).toEqual([]);
  });
});

describe('checkPassword: the result the CLI and the UI show', () => {
  it('a good password is fine', () => {
    expect(checkPassword('Vm-ware!2024x')).toEqual({ ok: true, value: undefined });
  });

  it('a bad one: what happened, every broken rule on rootPassword, what to do, and that nothing was written', () => {
    expect(checkPassword('root')).toEqual({
      ok: false,
      error: {
        code: 'invalid-input',
        message: 'ESXi would reject this root password.',
        issues: [
          { path: 'rootPassword', message: 'The root password must be 7 to 40 characters long (it has 4).' },
          { path: 'rootPassword', message: 'The root password needs at least 3 of: lower-case letters, upper-case letters, digits, other characters (it has 1; a leading capital and a trailing digit do not count).' },
          { path: 'rootPassword', message: 'The root password is built on a common word ("root").' },
        ],
        hint: 'Choose a password of at least 7 characters using 3 of: lower case, upper case, digits, symbols. Nothing was written.',
      },
    });
  });
});
