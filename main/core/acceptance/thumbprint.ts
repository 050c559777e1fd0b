/**
 * SHA-256 certificate thumbprints as the technician meets them: on the host's console (DCUI → View Support
 * Information), in the host client, in a browser. They come with or without colons (or spaces), in any case;
 * Sitekit reads all of them and always shows one form: colon-separated upper-case hex, as the DCUI does.
 */

/** The canonical form of a SHA-256 thumbprint, or undefined when the text is not one (wrong length, not hex). */
export function normalizeThumbprint(text: string): string | undefined {
  const hex = text.trim().replace(/^sha-?256[:=\s]*/i, '').replace(/[:\s-]/g, '');
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return undefined;
  return hex.toUpperCase().match(/../g)!.join(':');
}

/** Why a text is not a SHA-256 thumbprint, for an error message (a SHA-1 one is the usual mistake). */
export function thumbprintProblem(text: string): string | undefined {
  if (normalizeThumbprint(text)) return undefined;
  const hex = text.trim().replace(/[:\s-]/g, '');
  if (/^[0-9a-fA-F]{40}$/.test(hex)) return 'this is a SHA-1 thumbprint (20 bytes); Sitekit pins the SHA-256 one (32 bytes), which the host console shows too';
  return 'a SHA-256 thumbprint is 64 hex digits (32 bytes), with or without colons';
}
