/**
 * Which host an inventory file describes (pure): `HOST=FILE`, a file name that starts with the host name
 * (`esx01-lspci.txt` → esx01), or the only host of a one-node site. The CLI, the demo and the app use this
 * one rule through the hardware-check flow, so the same files always land on the same host.
 */

/** The last path segment, for either separator. */
function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}

/** The host a file name belongs to by its prefix (`esx01-…`, `esx01_…`, `esx01.…`), longest host name first. */
export function hostForFileName(fileName: string, hosts: readonly string[]): string | undefined {
  const name = baseName(fileName).toLowerCase();
  const sorted = [...hosts].sort((a, b) => b.length - a.length);
  return sorted.find((h) => name.startsWith(h.toLowerCase()) && /^[-_.]/.test(name.slice(h.length)));
}

export type InventoryAssignment = { readonly byHost: ReadonlyMap<string, readonly string[]> } | { readonly error: string };

/** Assigns inventory specs (`FILE`, `HOST=FILE`, comma lists) to hosts, or says which file has no host. */
export function assignInventories(specs: readonly string[], hosts: readonly string[]): InventoryAssignment {
  const byHost = new Map<string, string[]>();
  for (const spec of specs.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean)) {
    const eq = spec.indexOf('=');
    let host: string | undefined;
    let file = spec;
    // Stryker disable next-line EqualityOperator: equivalent mutant — with eq >= 0 the host at 0 would be "", and no host is named "".
    if (eq > 0 && hosts.includes(spec.slice(0, eq))) {
      host = spec.slice(0, eq);
      file = spec.slice(eq + 1);
    } else {
      host = hostForFileName(spec, hosts);
      if (!host && hosts.length === 1) host = hosts[0];
    }
    if (!host) return { error: `cannot tell which host "${spec}" belongs to; name it <host>-….txt or write HOST=${spec} (hosts: ${hosts.join(', ')}).` };
    byHost.set(host, [...(byHost.get(host) ?? []), file]);
  }
  return { byHost };
}
