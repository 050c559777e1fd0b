/**
 * HostConfiguration documents as text, for tests that feed repos to lint and import: the shape of VMware's
 * examples (esx-system, an Incremental layer, the profile as a JSON block), with each part changeable to
 * build the defects those tests need.
 */

/** Every line of `text` indented by `n` spaces. */
export const indent = (text: string, n: number): string =>
  text
    .split('\n')
    .map((l) => `${' '.repeat(n)}${l}`)
    .join('\n');

export interface HostConfigurationText {
  /** The namespace; `null` leaves the field out. Default esx-system. */
  readonly namespace?: string | null;
  /** spec.layertype; `null` leaves the field out. Default Incremental. */
  readonly layertype?: string | null;
  /** Text before the document (a comment, a `---`). */
  readonly before?: string;
  /** Lines inside spec, before the profile. */
  readonly specExtra?: string;
  /** Text after the profile (another top-level field). */
  readonly extra?: string;
}

/** A HostConfiguration named `name` with `profile` (JSON, or any text given as a string) as its profile block. */
export const hostConfigurationText = (name: string, profile: unknown, o: HostConfigurationText = {}): string =>
  `${o.before ?? ''}apiVersion: esx.vmware.com/v1alpha1\nkind: HostConfiguration\nmetadata:\n  name: ${name}\n` +
  `${o.namespace === null ? '' : `  namespace: ${o.namespace ?? 'esx-system'}\n`}spec:\n` +
  `${o.layertype === null ? '' : `  layertype: ${o.layertype ?? 'Incremental'}\n`}${o.specExtra ?? ''}` +
  `  profile: |\n${indent(typeof profile === 'string' ? profile : JSON.stringify(profile, null, 2), 4)}\n${o.extra ?? ''}`;
