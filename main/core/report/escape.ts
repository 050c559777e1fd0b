/** Escaping for the report's HTML and CSS: every text that comes from a site passes through one of these. */

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for element content and double-quoted attribute values. Control characters other than tab/newline are dropped. */
export function esc(value: string | number | boolean | undefined | null): string {
  if (value === undefined || value === null) return '';
  return String(value)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}

/**
 * A quoted CSS string (for `content:` in @page boxes) that is safe inside `<style>`: every character that
 * is not a letter, digit, space or simple punctuation becomes a 6-digit hex escape, so neither `"` nor
 * `</style>` nor a backslash can end the string or the element.
 */
export function cssString(value: string): string {
  let out = '"';
  for (const ch of value) {
    if (/^[A-Za-z0-9 .,:_()-]$/.test(ch)) out += ch;
    else {
      const cp = ch.codePointAt(0) ?? 0x3f;
      // CSS forbids NUL and lone surrogates in escapes; print a replacement character instead.
      const safe = cp === 0 || (cp >= 0xd800 && cp <= 0xdfff) ? 0xfffd : cp;
      // A hex escape swallows one following space, so one is always written to end it.
      out += `\\${safe.toString(16).padStart(6, '0')} `;
    }
  }
  return `${out}"`;
}
