/**
 * Planning findings: small values the UI, CLI and report turn into sentences
 * (docs/CONVENTIONS.md § Rules return codes, words live in messages).
 */

export interface MediaFinding {
  readonly severity: 'error' | 'warning';
  readonly code: string;
  readonly params: Readonly<Record<string, string | number>>;
}

/** A sentence for a planning finding. Unknown codes fall back to the code and its params. */
export function describeMediaFinding(f: MediaFinding): string {
  const p = f.params;
  switch (f.code) {
    case 'host-not-found':
      return `The site has no host called "${p.host}" (hosts: ${p.hosts}).`;
    case 'host-needs-choice':
      return `The site has ${p.count} hosts: choose one with --host NAME, or put all of them on one stick with --all-hosts.`;
    case 'host-without-mac':
      return `Host "${p.host}" has no known MAC address, so on a stick for several hosts the installer could not tell it apart. Enter the MAC of ${p.nic ?? 'its install NIC'} in the Hardware step (the MAC field of that NIC, or paste "esxcli network nic list"), or make one stick per host.`;
    case 'duplicate-mac':
      return `Hosts "${p.a}" and "${p.b}" have the same MAC address ${p.mac}; each host must have its own.`;
    case 'static-without-ip':
      return `Host "${p.host}" uses a static management address but has no IP.`;
    case 'ks-field':
      return `The value of ${p.field} for host "${p.host}" contains characters a kickstart cannot carry (line breaks, control or non-ASCII characters): ${p.value}`;
    case 'bad-password-hash':
      return 'The root password hash is not a $6$ SHA-512 crypt without rounds=, which is the only kind ESXi accepts here.';
    case 'iso-missing':
      return `The ISO has no ${p.path}, which the stick needs (${p.why}).`;
    case 'iso-too-many-files':
      return `The ISO holds ${p.files} files in ${p.folders} folders; Sitekit puts at most ${p.maxFiles} files in ${p.maxFolders} folders on a stick (an ESXi installer has a few hundred files), so this is not an installer it can copy.`;
    case 'file-too-large':
      return `${p.path} is ${p.size} bytes, larger than FAT32 can hold in one file (4 GiB - 1).`;
    case 'name-clash':
      return `${p.path} clashes with another name that differs only in case.`;
    case 'bad-name':
      return `${p.path} has a name FAT32 cannot store.`;
    case 'target-too-small':
      return `The image needs ${p.need} bytes but the target holds only ${p.have} bytes.`;
    case 'existing-ks-removed':
      return `${p.path} already asked for a kickstart (${p.token}); Sitekit replaced it with ks=usb:/KS.CFG.`;
    case 'kernel-options-shared':
      return `Kernel options ${p.options} are added for every host on this stick (BOOT.CFG is shared).`;
    default:
      return `${f.code} ${JSON.stringify(p)}`;
  }
}
