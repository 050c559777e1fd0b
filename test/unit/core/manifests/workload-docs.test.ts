/**
 * The workload documents that get committed (VMs with their user data, VM classes with their extras, MetalLB
 * pools), in the shapes of VMware's examples, and the memory sizes import reads back.
 */
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { memoryQuantity, metallbDocs, parseMemoryMiB, pciId, vmClassDoc, vmDocs, vmNamespaces } from '../../../../main/core/manifests/workload-docs';
import { Site, Vm, VmClass } from '../../../../main/core/site/schema';
import { MetallbPool } from '../../../../main/core/site/host-settings';
import { generateWithPlan } from '../../../helpers/plan';
import { twoNodeInput } from '../../../helpers/manifest-sites';

describe('VM documents', () => {
  it('a VM from a web server: the image check annotation, vmxnet3 on each network, user data in a ConfigMap', () => {
    const vm = Vm.parse({ name: 'nvr', className: 'nvr-class', image: '192.168.10.5:8000/nvr.ova', networks: ['Cameras', 'VM Network'], userData: { content: '#cloud-config\nhostname: nvr' } });
    expect(vmDocs(vm)).toEqual([
      {
        apiVersion: 'vmoperator.vmware.com/v1alpha1',
        kind: 'VirtualMachine',
        metadata: { name: 'nvr', namespace: 'default', annotations: { 'vmoperator.vmware.com/image-supported-check': 'disable' } },
        spec: {
          className: 'nvr-class',
          imageName: '192.168.10.5:8000/nvr.ova',
          powerState: 'poweredOn',
          networkInterfaces: [
            { networkName: 'Cameras', ethernetCardType: 'vmxnet3' },
            { networkName: 'VM Network', ethernetCardType: 'vmxnet3' },
          ],
          vmMetadata: { configMapName: 'nvr-user-data', transport: 'CloudInit' },
        },
      },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'nvr-user-data', namespace: 'default' }, data: { 'user-data': '#cloud-config\nhostname: nvr' } },
    ]);
  });

  it('a Windows VM: Sysprep unattend data in an Opaque Secret; the built-in worker image gets no annotation; no user data, no vmMetadata', () => {
    const win = Vm.parse({ name: 'kiosk', namespace: 'store', className: 'tiny', image: 'k.ova', powerState: 'poweredOff', userData: { transport: 'Sysprep', source: 'Secret', content: '<unattend/>' } });
    const [vm, secret] = vmDocs(win);
    expect((vm as { spec: unknown }).spec).toMatchObject({ powerState: 'poweredOff', vmMetadata: { secretName: 'kiosk-user-data', transport: 'Sysprep' } });
    expect(secret).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'kiosk-user-data', namespace: 'store' }, type: 'Opaque', stringData: { unattend: '<unattend/>' } });
    const plain = vmDocs(Vm.parse({ name: 'w', className: 'c', image: 'ec-wrkr.ova' }));
    expect(plain).toHaveLength(1);
    expect((plain[0] as { metadata: unknown }).metadata).toEqual({ name: 'w', namespace: 'default' });
    expect((plain[0] as { spec: Record<string, unknown> }).spec.vmMetadata).toBeUndefined();
    // Cloud-init data in a Secret keeps its key.
    const ciSecret = vmDocs(Vm.parse({ name: 's', className: 'c', image: 'i.ova', userData: { source: 'Secret', content: 'x' } }))[1];
    expect(ciSecret).toMatchObject({ kind: 'Secret', stringData: { 'user-data': 'x' } });
  });

  it('namespaces other than default and the worker\'s, once each, sorted', () => {
    const input = twoNodeInput();
    const vms = ['shop', 'default', 'ec-system', 'cams', 'shop'].map((namespace, i) => ({ name: `v${i}`, namespace, className: 'tiny', image: 'x.ova' }));
    const site = Site.parse({ ...input, spec: { ...input.spec, workloads: { ...input.spec.workloads, vms } } });
    expect(vmNamespaces(site)).toEqual(['cams', 'shop']);
  });
});

describe('VM class documents', () => {
  it('best effort: sizes only; memory in Gi when whole, else Mi', () => {
    expect(vmClassDoc(VmClass.parse({ name: 'tiny', cpus: 1, memoryMiB: 1536 }))).toEqual({ apiVersion: 'vmoperator.vmware.com/v1alpha1', kind: 'VirtualMachineClass', metadata: { name: 'tiny' }, spec: { hardware: { cpus: 1, memory: '1536Mi' } } });
    expect(memoryQuantity(8192)).toBe('8Gi');
    expect(memoryQuantity(1000)).toBe('1000Mi');
  });

  it('guaranteed: the same CPU and memory reserved; latency and extra config in a configSpec; passthrough devices by PCI ID', () => {
    const c = VmClass.parse({ name: 'gpu', cpus: 2, memoryMiB: 8192, reservation: 'guaranteed', latencySensitivity: 'high', extraConfig: [{ key: 'pciPassthru.use64bitMMIO', value: 'true' }], passthroughDevices: [{ vendorId: '0x10de', deviceId: '25b6' }] });
    expect(vmClassDoc(c).spec).toEqual({
      configSpec: {
        _typeName: 'VirtualMachineConfigSpec',
        latencySensitivity: { _typeName: 'LatencySensitivity', level: 'high' },
        extraConfig: [{ _typeName: 'OptionValue', key: 'pciPassthru.use64bitMMIO', value: 'true' }],
      },
      hardware: { cpus: 2, memory: '8Gi', devices: { dynamicDirectPathIODevices: [{ vendorID: 0x10de, deviceID: 0x25b6 }] } },
      policies: { resources: { requests: { cpu: 2, memory: '8Gi' } } },
    });
    expect(vmClassDoc(VmClass.parse({ name: 'l', cpus: 1, memoryMiB: 1024, latencySensitivity: 'low' })).spec).toEqual({ configSpec: { _typeName: 'VirtualMachineConfigSpec', latencySensitivity: { _typeName: 'LatencySensitivity', level: 'low' } }, hardware: { cpus: 1, memory: '1Gi' } });
    expect(vmClassDoc(VmClass.parse({ name: 'e', cpus: 1, memoryMiB: 1024, extraConfig: [{ key: 'k', value: 'v' }] })).spec).toEqual({ configSpec: { _typeName: 'VirtualMachineConfigSpec', extraConfig: [{ _typeName: 'OptionValue', key: 'k', value: 'v' }] }, hardware: { cpus: 1, memory: '1Gi' } });
    expect(pciId('0X14E4')).toBe(0x14e4);
  });

  it('in the committed file, PCI IDs are hex as VMware writes them', () => {
    const input = twoNodeInput();
    const site = Site.parse({ ...input, spec: { ...input.spec, workloads: { ...input.spec.workloads, vmClasses: [{ name: 'gpu', cpus: 2, memoryMiB: 4096, passthroughDevices: [{ vendorId: '0x10de', deviceId: '0x25b6' }] }] } } });
    const text = generateWithPlan(site).find((f) => f.path.endsWith('vm-classes.yaml'))?.content ?? '';
    expect(text).toContain('        - vendorID: 0x10de\n          deviceID: 0x25b6\n');
    expect(parseAllDocuments(text)[0]?.toJS().spec.hardware.devices.dynamicDirectPathIODevices).toEqual([{ vendorID: 0x10de, deviceID: 0x25b6 }]);
  });
});

describe('MetalLB pools', () => {
  it('one IPAddressPool per pool (autoAssign written only when off) and one L2Advertisement naming them all', () => {
    const pools = [MetallbPool.parse({ name: 'default', addresses: ['192.168.10.240-192.168.10.250'] }), MetallbPool.parse({ name: 'spare', addresses: ['192.168.10.224/28'], autoAssign: false })];
    expect(metallbDocs(pools)).toEqual([
      { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'default', namespace: 'metallb-system' }, spec: { addresses: ['192.168.10.240-192.168.10.250'] } },
      { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'spare', namespace: 'metallb-system' }, spec: { addresses: ['192.168.10.224/28'], autoAssign: false } },
      { apiVersion: 'metallb.io/v1beta1', kind: 'L2Advertisement', metadata: { name: 'sitekit-l2', namespace: 'metallb-system' }, spec: { ipAddressPools: ['default', 'spare'] } },
    ]);
  });
});

describe('memory sizes read back', () => {
  it('Mi, Gi, Ti, SI M and G, and bytes; anything else is not a size', () => {
    expect(parseMemoryMiB('512Mi')).toBe(512);
    expect(parseMemoryMiB(' 8Gi ')).toBe(8192);
    expect(parseMemoryMiB('1Ti')).toBe(1024 * 1024);
    expect(parseMemoryMiB('4G')).toBe(3815);
    expect(parseMemoryMiB('1000M')).toBe(954);
    expect(parseMemoryMiB('1073741824')).toBe(1024);
    expect(parseMemoryMiB(2147483648)).toBe(2048);
    for (const bad of ['8 Gi', '8gi', '1.5Gi', '-1Gi', 'Gi', '', undefined, null]) expect(parseMemoryMiB(bad), String(bad)).toBeUndefined();
  });
});
