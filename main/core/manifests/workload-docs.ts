/**
 * Kubernetes objects for the Workloads step: VM classes, VMs with their user data, the worker node.
 *
 * Shapes follow corpus/ecs-example (docs/FIELD-NOTES.md "Workload documents"). Built as plain objects with a fixed
 * key order; import rebuilds them from the model it read to check that nothing would be lost.
 */
import type { MetallbPool } from '../site/host-settings';
import type { Site, Vm, VmClass, Worker } from '../site/schema';

export type K8sObject = Record<string, unknown>;

export const VMOP_API = 'vmoperator.vmware.com/v1alpha1';
export const WORKER_NAME = 'ec-worker';
export const WORKER_NAMESPACE = 'ec-system';
export const WORKER_CLASS = 'best-effort-ec-small';
export const WORKER_IMAGE = 'ec-wrkr.ova';
export const WORKER_CONTROLLER = 'vmoperator.vmware.com/ecworker';
export const WORKER_CONFIGMAP = 'worker-config';
/** Annotation the examples set on VMs whose OVA comes from a web server rather than the built-in catalogue. */
export const IMAGE_CHECK_ANNOTATION = 'vmoperator.vmware.com/image-supported-check';

/** Kubernetes quantity for a memory size in MiB: whole GiB as `NGi`, otherwise `NMi`. */
export function memoryQuantity(mib: number): string {
  return mib % 1024 === 0 ? `${mib / 1024}Gi` : `${mib}Mi`;
}

/** Parses `8Gi`, `512Mi`, `4G` into MiB; undefined when not a plain memory quantity. */
export function parseMemoryMiB(q: unknown): number | undefined {
  const m = /^(\d+)(Mi|Gi|Ti|M|G)?$/.exec(String(q ?? '').trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  switch (m[2]) {
    case 'Gi':
      return n * 1024;
    case 'Ti':
      return n * 1024 * 1024;
    case 'G':
      return Math.round((n * 1e9) / 2 ** 20);
    case 'M':
      return Math.round((n * 1e6) / 2 ** 20);
    case 'Mi':
      return n;
    default:
      return Math.round(n / 2 ** 20);
  }
}

/** PCI ID text (`0x10de`) as the number VM Operator reads (the examples write hex literals, YAML reads ints). */
export const pciId = (hex: string): number => Number.parseInt(hex.replace(/^0x/i, ''), 16);

/** configSpec in the shape of ECSExample VMClass/enable-latency-sensitivity.yaml and vm-with-nvidia-gpu.yaml. */
function configSpec(c: VmClass): K8sObject | undefined {
  const extra = c.extraConfig ?? [];
  if (c.latencySensitivity === undefined && extra.length === 0) return undefined;
  return {
    _typeName: 'VirtualMachineConfigSpec',
    ...(c.latencySensitivity !== undefined ? { latencySensitivity: { _typeName: 'LatencySensitivity', level: c.latencySensitivity } } : {}),
    ...(extra.length > 0 ? { extraConfig: extra.map((e) => ({ _typeName: 'OptionValue', key: e.key, value: e.value })) } : {}),
  };
}

export function vmClassDoc(c: VmClass): K8sObject {
  const memory = memoryQuantity(c.memoryMiB);
  const cs = configSpec(c);
  const devices = c.passthroughDevices ?? [];
  return {
    apiVersion: VMOP_API,
    kind: 'VirtualMachineClass',
    metadata: { name: c.name },
    spec: {
      ...(cs ? { configSpec: cs } : {}),
      hardware: {
        cpus: c.cpus,
        memory,
        ...(devices.length > 0 ? { devices: { dynamicDirectPathIODevices: devices.map((d) => ({ vendorID: pciId(d.vendorId), deviceID: pciId(d.deviceId) })) } } : {}),
      },
      ...(c.reservation === 'guaranteed' ? { policies: { resources: { requests: { cpu: c.cpus, memory } } } } : {}),
    },
  };
}

export const METALLB_API = 'metallb.io/v1beta1';
export const METALLB_NAMESPACE = 'metallb-system';

/** MetalLB ≥ 0.13 pools: one IPAddressPool per pool and one L2Advertisement announcing them all. */
export function metallbDocs(pools: readonly MetallbPool[]): K8sObject[] {
  return [
    ...pools.map((p) => ({
      apiVersion: METALLB_API,
      kind: 'IPAddressPool',
      metadata: { name: p.name, namespace: METALLB_NAMESPACE },
      spec: { addresses: [...p.addresses], ...(p.autoAssign ? {} : { autoAssign: false }) },
    })),
    { apiVersion: METALLB_API, kind: 'L2Advertisement', metadata: { name: 'sitekit-l2', namespace: METALLB_NAMESPACE }, spec: { ipAddressPools: pools.map((p) => p.name) } },
  ];
}

/** Name of the ConfigMap or Secret holding a VM's user data. */
export function userDataName(vm: Vm): string {
  return `${vm.name}-user-data`;
}

/** Key inside the ConfigMap/Secret: `unattend` for Sysprep (as in win2012-customize.yaml), else `user-data`. */
export function userDataKey(vm: Vm): string {
  return vm.userData?.transport === 'Sysprep' ? 'unattend' : 'user-data';
}

export function vmDocs(vm: Vm): K8sObject[] {
  const builtin = vm.image === WORKER_IMAGE;
  const ud = vm.userData;
  const docs: K8sObject[] = [
    {
      apiVersion: VMOP_API,
      kind: 'VirtualMachine',
      metadata: {
        name: vm.name,
        namespace: vm.namespace,
        ...(builtin ? {} : { annotations: { [IMAGE_CHECK_ANNOTATION]: 'disable' } }),
      },
      spec: {
        className: vm.className,
        imageName: vm.image,
        powerState: vm.powerState,
        networkInterfaces: vm.networks.map((networkName) => ({ networkName, ethernetCardType: 'vmxnet3' })),
        ...(ud
          ? {
              vmMetadata: {
                ...(ud.source === 'Secret' ? { secretName: userDataName(vm) } : { configMapName: userDataName(vm) }),
                transport: ud.transport,
              },
            }
          : {}),
      },
    },
  ];
  if (ud) {
    const meta = { name: userDataName(vm), namespace: vm.namespace };
    // Written exactly as given (no newline added), so import gives back the same text.
    const content = ud.content;
    docs.push(
      ud.source === 'Secret'
        ? { apiVersion: 'v1', kind: 'Secret', metadata: meta, type: 'Opaque', stringData: { [userDataKey(vm)]: content } }
        : { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta, data: { [userDataKey(vm)]: content } },
    );
  }
  return docs;
}

/** Netplan v2 text for the worker's static address, in the shape of staticworkernode.yaml. */
export function workerNetplan(net: Worker['network'], fallbackDns: readonly string[]): Record<string, unknown> {
  const dns = net.dns.length > 0 ? net.dns : fallbackDns;
  return {
    version: 2,
    ethernets: {
      eth0: {
        dhcp: 'false',
        addresses: [`${net.ip}/${net.prefix}`],
        ...(dns.length > 0 ? { nameservers: { addresses: [...dns] } } : {}),
        routes: [{ to: '0.0.0.0/0', via: net.gateway }],
      },
    },
  };
}

/**
 * The worker node documents: its class (sizing), namespace, VM, and for a static address the ConfigMap.
 * The power state is the model's, poweredOff by default as in VMware's examples (ECSExample 50213bc): the
 * ECS worker controller named in the class, not VM Operator, owns the worker's power.
 *
 * `netplan`: the ConfigMap's text, written with the VM (a one-node site, as staticworkernode.yaml does);
 * `'per-host'`: the VM names the ConfigMap and each host's folder holds its own (`workerConfigMap`), because
 * every host runs its own worker and each needs its own address; undefined: DHCP, no ConfigMap.
 */
export function workerDocs(worker: Worker, netplan: string | 'per-host' | undefined): K8sObject[] {
  const docs: K8sObject[] = [
    {
      apiVersion: VMOP_API,
      kind: 'VirtualMachineClass',
      metadata: { name: WORKER_CLASS },
      spec: { controllerName: WORKER_CONTROLLER, hardware: { cpus: worker.cpus, memory: `${worker.memoryGiB}Gi` } },
    },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: WORKER_NAMESPACE } },
    {
      apiVersion: VMOP_API,
      kind: 'VirtualMachine',
      metadata: { name: WORKER_NAME, namespace: WORKER_NAMESPACE },
      spec: {
        className: WORKER_CLASS,
        imageName: WORKER_IMAGE,
        powerState: worker.powerState,
        vmMetadata: { transport: 'CloudInit', ...(netplan !== undefined ? { configMapName: WORKER_CONFIGMAP } : {}) },
      },
    },
  ];
  if (netplan !== undefined && netplan !== 'per-host') docs.push(workerConfigMap(netplan));
  return docs;
}

/** The `worker-config` ConfigMap the worker VM reads its netplan from (staticworkernode.yaml's shape). */
export function workerConfigMap(netplanText: string): K8sObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: WORKER_CONFIGMAP, namespace: WORKER_NAMESPACE }, data: { networkconfig: netplanText } };
}

/**
 * Namespaces other than `default` used by VMs, sorted. The worker's own namespace is written with the worker, so
 * it is left out here only while the worker is on: a VM in ec-system on a site without the worker needs it too.
 */
export function vmNamespaces(site: Site): string[] {
  const withWorker = site.spec.workloads.worker.enabled;
  return [...new Set(site.spec.workloads.vms.map((v) => v.namespace))].filter((n) => n !== 'default' && !(n === WORKER_NAMESPACE && withWorker)).sort();
}
