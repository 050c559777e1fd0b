/**
 * Workloads, part of the Network & workloads step: VM classes, VMs (with cloud-init or Sysprep user data from
 * a ConfigMap or Secret), the Kubernetes worker node, MetalLB pools and apps as plain manifests. Existing
 * manifests can be imported from a folder: what Sitekit models fills these fields, everything else becomes an
 * app, verbatim. Each part is its own small component.
 */
import type { DraftProps } from './draft-props';
import { Apps } from './apps';
import { ImportManifests } from './import-manifests';
import { MetallbPools } from './metallb-pools';
import { VmClasses } from './vm-classes';
import { VirtualMachines } from './vms';
import { WorkerFields } from './worker-fields';

export function WorkloadsSection(props: DraftProps) {
  return (
    <section aria-labelledby="workloads-title" className="workloads">
      <h3 id="workloads-title">Workloads</h3>
      <ImportManifests {...props} />
      <WorkerFields {...props} />
      <VmClasses {...props} />
      <VirtualMachines {...props} />
      <MetallbPools {...props} />
      <Apps {...props} />
    </section>
  );
}
