/** Every value the engine puts in a finding shows up in the sentence a technician reads; a missing one shows as "?". */
import { describe, expect, it } from 'vitest';
import { describeFinding, describeNicIds } from '../../../../main/core/hardware/messages';
import type { FindingCode } from '../../../../main/core/hardware/verdict';

/** The values each code's sentence must show (what the engine and the host plan pass for it). */
const SHOWN: Readonly<Partial<Record<FindingCode, readonly string[]>>> = {
  'pci-inbox': ['name', 'driver', 'release'],
  'pci-fling-driver': ['name', 'release', 'package'],
  'pci-community-driver': ['name', 'driver', 'package', 'release'],
  'pci-no-driver': ['name', 'release'],
  'pci-not-in-list': ['id'],
  'usb-listed': ['product', 'id', 'chip', 'build'],
  'usb-not-in-release-build': ['id', 'chip', 'release', 'listedIn'],
  'usb-cdc-class-untested': ['id', 'className'],
  'usb-not-listed': ['id'],
  'usb-not-listed-class-unknown': ['id'],
  'usb-product-unknown': ['id'],
  'bmc-virtual-nic': ['product', 'id'],
  'nic-too-slow': ['nic', 'speedMbps', 'minMbps'],
  'nic-speed-unknown': ['nic'],
  'evidence-unverified': ['subject'],
  'nic-unused': ['nic'],
  'model-unknown': ['model', 'host'],
  'model-not-set': ['host'],
  'cores-below-minimum': ['cores', 'min'],
  'ram-below-minimum': ['ram', 'min'],
  'ram-below-recommended': ['ram', 'recommended'],
  'ram-above-model-max': ['ram', 'model', 'max'],
  'ram-unknown': ['min'],
  'boot-disk-below-minimum': ['disk', 'min'],
  'boot-disk-unknown': ['min'],
  'no-nics': ['host'],
  'nics-from-model': ['count'],
  'no-supported-uplink': ['host', 'minMbps'],
  'no-confirmed-uplink': ['host'],
  'uplink-unsupported': ['nic', 'label'],
  'uplink-missing': ['vswitch', 'nic', 'present'],
  'install-nic-missing': ['nic', 'present'],
  'install-nic-mac-unknown': ['mac', 'present'],
  'install-nic-not-uplink': ['nic', 'role'],
  'install-nic-none': ['host'],
  'uplink-role-unused': ['vswitch', 'nic', 'role'],
  'driver-build-unknown': ['vib', 'carried', 'nic', 'id', 'minBuild'],
  'model-product-mismatch': ['product', 'productModel', 'model'],
  'cpu-generation-mismatch': ['cpu', 'found', 'model', 'expected'],
  'bmc-nic-as-uplink': ['nic'],
  'vusb-name-out-of-range': ['nic', 'release', 'max'],
  'too-many-usb-nics': ['count', 'release', 'max'],
  'usb-jumbo-unverified': ['vswitch', 'mtu'],
  'release-not-in-list': ['release'],
  'portgroup-parity': ['host', 'other', 'missing'],
  'portgroup-vlan-mismatch': ['portGroup', 'vlanA', 'hostA', 'vlanB', 'hostB'],
};

describe('finding sentences show their values', () => {
  for (const [code, keys] of Object.entries(SHOWN) as [FindingCode, readonly string[]][]) {
    it(`${code} shows ${keys.join(', ')}`, () => {
      // distinct values, so a sentence that shows one value in place of another is caught
      const params = Object.fromEntries(keys.map((k, i) => [k, `<${k}-${i}>`]));
      const text = describeFinding({ severity: 'info', code, params });
      for (const k of keys) expect(text, k).toContain(params[k]);
      expect(text).not.toContain('?');
    });
  }

  it('a value the finding lacks shows as "?", never as nothing', () => {
    expect(describeFinding({ severity: 'warning', code: 'pci-not-in-list', params: {} })).toBe('PCI device ? is not in the compatibility list.');
  });

  it('a NIC with a device ID but no vendor ID is shown as unidentified', () => {
    expect(describeNicIds({ bus: 'pci', deviceId: '125c' })).toBe('PCI IDs unknown');
  });
});
