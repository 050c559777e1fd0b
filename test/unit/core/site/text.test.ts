/**
 * Text a site may not hold (issue 26 §12): a NUL or another control character in a field, a U+FFFD left by
 * a reader where bytes were not UTF-8, half a UTF-16 pair. Refused at the field, with the line and column in
 * the file, by `site validate`, every load and the Site step alike; printable text, tabs and line breaks pass.
 */
import { describe, expect, it } from 'vitest';
import { firstBadCharacter, textProblems } from '../../../../main/core/site/text';
import { parseSiteYaml, stringifySite } from '../../../../main/core/site/yaml';
import { Site } from '../../../../main/core/site/schema';
import { minimalSite } from '../../../helpers/sites';

const siteText = stringifySite(Site.parse(minimalSite()));

describe('firstBadCharacter', () => {
  it('passes printable text in any script, tabs and line breaks', () => {
    for (const ok of ['Store 0421 Leeds', 'Café Zürich — Filiale 7', '東京店', 'emoji 😀 ok', 'a\tb', 'line 1\nline 2\r\n', '', '~ \u00a0 \u00ff']) {
      expect(firstBadCharacter(ok), JSON.stringify(ok)).toBeUndefined();
    }
  });

  it('finds NUL, C0 and C1 controls, DEL, U+FFFD and lone surrogates, with their place and name', () => {
    expect(firstBadCharacter('ab\u0000c')).toEqual({ index: 2, code: 'U+0000', what: 'a NUL character (U+0000)' });
    expect(firstBadCharacter('x\u0007')).toEqual({ index: 1, code: 'U+0007', what: 'the control character U+0007' });
    expect(firstBadCharacter('\u001b[31m')?.code).toBe('U+001B');
    expect(firstBadCharacter('\u000b')?.code).toBe('U+000B');
    expect(firstBadCharacter('\u000c')?.code).toBe('U+000C');
    expect(firstBadCharacter('\u001f')?.code).toBe('U+001F');
    expect(firstBadCharacter('\u007f')?.code).toBe('U+007F');
    expect(firstBadCharacter('\u0085')?.code).toBe('U+0085');
    expect(firstBadCharacter('\u009f')?.code).toBe('U+009F');
    expect(firstBadCharacter('caf\ufffd')).toEqual({ index: 3, code: 'U+FFFD', what: 'the replacement character � (U+FFFD), which a reader leaves where bytes were not UTF-8 text' });
    expect(firstBadCharacter('a\ud800b')).toEqual({ index: 1, code: 'U+D800', what: 'half of a UTF-16 pair (U+D800), which is no character' });
    expect(firstBadCharacter('a\udfffb')?.code).toBe('U+DFFF');
    expect(firstBadCharacter('\u0001\u0000')?.code).toBe('U+0001');
  });
});

describe('textProblems', () => {
  it('names every field with a bad character, in document order, counting characters from 1 (not UTF-16 units)', () => {
    const p = textProblems({ metadata: { name: '😀\u0000', notes: 'ok' }, spec: { hosts: [{ name: 'ok' }, { name: 'x\u0007' }] } });
    expect(p.map((x) => x.path.join('.'))).toEqual(['metadata.name', 'spec.hosts.1.name']);
    expect(p[0]!.message).toBe('holds a NUL character (U+0000) at character 2; text fields take printable text, tabs and line breaks only: remove it (it may have come with a paste or an escape such as \\0)');
    expect(p[1]!.message).toMatch(/^holds the control character U\+0007 at character 2;/);
  });

  it('list items are named by their index as a number (the site reader turns the path into a line), from the first item on', () => {
    const p = textProblems({ spec: { hosts: [{ name: 'a\u0000' }, { name: 'ok' }, { name: 'b\u0001' }] } });
    expect(p.map((x) => x.path)).toEqual([
      ['spec', 'hosts', 0, 'name'],
      ['spec', 'hosts', 2, 'name'],
    ]);
    expect(textProblems(['\u0002', 'x'])).toEqual([expect.objectContaining({ path: [0] })]);
  });

  it('the last surrogate, U+DFFF, is half a pair too', () => {
    expect(firstBadCharacter('a\udfff')?.what).toBe('half of a UTF-16 pair (U+DFFF), which is no character');
  });

  it('asks for the text to be retyped where bytes were lost', () => {
    expect(textProblems({ notes: 'caf\ufffd' })[0]!.message).toMatch(/U\+FFFD.* at character 4; .*: retype the text that was there$/);
  });

  it('checks keys too, and ignores numbers, booleans and null', () => {
    expect(textProblems({ 'a\u0000': 1, b: true, c: null, d: [1, 2] }).map((x) => [x.path.join('.'), x.message.startsWith('the field name holds a NUL')])).toEqual([['a\u0000', true]]);
    expect(textProblems({ a: 1, b: [true, null, 3.5] })).toEqual([]);
  });
});

describe('in a site file', () => {
  it('a NUL escaped into a value ("\\0" is valid YAML) is refused at its field with line and column', () => {
    const text = siteText.replace('name: Store 0421', 'name: "Store\\0 0421"');
    const r = parseSiteYaml(text, 'site.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('schema-error');
    const line = text.split('\n').findIndex((l) => l.includes('Store\\0')) + 1;
    expect(r.error.issues).toEqual([expect.objectContaining({ path: 'metadata.name', line, column: 9, message: expect.stringMatching(/^holds a NUL character \(U\+0000\) at character 6;/) })]);
  });

  it('a raw control character anywhere, comments included, refuses the file with line and column', () => {
    const text = siteText.replace('kind: Site', 'kind: Site # bell \u0007 here');
    const r = parseSiteYaml(text, 'site.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('parse-error');
    expect(r.error.message).toBe('site.yaml holds a character no site file may hold (line 2, column 19): the control character U+0007.');
    expect(r.error.issues).toEqual([{ path: '', line: 2, column: 19, message: 'the control character U+0007; a site file is UTF-8 text of printable characters, tabs and line breaks' }]);
    expect(r.error.hint).toMatch(/the file was not changed/);
  });

  it('a byte that was not UTF-8 (decoded to U+FFFD) refuses the file, naming the encoding to save in', () => {
    // What readFile(…, 'utf8') gives for a Latin-1 "é" (0xE9): the bytes are gone, U+FFFD stands in.
    const latin1 = Buffer.from(siteText.replace('name: Store 0421', 'name: Caf\u00e9 0421'), 'latin1').toString('utf8');
    expect(latin1).toContain('Caf\ufffd');
    const r = parseSiteYaml(latin1, 'site.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const line = latin1.split('\n').findIndex((l) => l.includes('Caf\ufffd')) + 1;
    expect(r.error.code).toBe('parse-error');
    expect(r.error.message).toBe(`site.yaml is not UTF-8 text (line ${line}, column 12): the replacement character � (U+FFFD), which a reader leaves where bytes were not UTF-8 text.`);
    expect(r.error.hint).toMatch(/^Save the file as UTF-8 .*Latin-1 or Windows-1252/);
    // The same text as proper UTF-8 is a valid site.
    expect(parseSiteYaml(siteText.replace('name: Store 0421', 'name: Caf\u00e9 0421')).ok).toBe(true);
  });
});
