import { describe, expect, it } from 'vitest';
import { driveFindings, systemReasons, describeDriveFinding, hidesDrive, type DriveFacts, type TreeNode } from '../../../../main/core/drives/constraints';

const stick: DriveFacts = { size: 32e9, isVirtual: false, isReadOnly: false, isUSB: true, isRemovable: true, mountpoints: [], systemReasons: [] };
const node = (path: string, extra: Partial<TreeNode> = {}): TreeNode => ({ path, type: 'part', fstype: null, mountpoints: [], children: [], ...extra });

describe('driveFindings', () => {
  it('has nothing to say about an ordinary USB stick', () => {
    expect(driveFindings(stick, 2e9)).toEqual([]);
  });
  it('refuses system, virtual, read-only and too small drives', () => {
    const f = driveFindings({ ...stick, systemReasons: ['/dev/sda2 mounted at /'], isVirtual: true, isReadOnly: true, size: 1e9 }, 2e9);
    expect(f.filter((x) => x.severity === 'error').map((x) => x.code)).toEqual(['system', 'virtual', 'read-only', 'too-small']);
    expect(f.filter(hidesDrive).map((x) => x.code)).toEqual(['system', 'virtual']);
  });
  it('asks for confirmation above 128 GB and for drives not on USB', () => {
    expect(driveFindings({ ...stick, size: 128e9 }).map((x) => x.code)).toEqual([]);
    expect(driveFindings({ ...stick, size: 128e9 + 1, isUSB: false }).map((x) => [x.code, x.severity])).toEqual([
      ['large', 'confirm'],
      ['not-usb', 'confirm'],
    ]);
  });
  it('has a sentence for every finding', () => {
    const all = driveFindings({ size: 200e9, isVirtual: true, isReadOnly: true, isUSB: false, isRemovable: false, mountpoints: ['/media/x'], systemReasons: ['r'] }, 300e9);
    for (const f of all) expect(describeDriveFinding(f)).toMatch(/\.$/);
  });
});

describe('systemReasons', () => {
  it('finds /, /boot/efi, swap and LVM/LUKS members anywhere in the tree', () => {
    const disk = node('/dev/nvme0n1', {
      type: 'disk',
      children: [
        node('/dev/nvme0n1p1', { mountpoints: ['/boot/efi'] }),
        node('/dev/nvme0n1p2', { fstype: 'crypto_LUKS', children: [node('/dev/mapper/luks', { type: 'crypt', fstype: 'LVM2_member', children: [node('/dev/mapper/vg-root', { type: 'lvm', mountpoints: ['/'] })] })] }),
        node('/dev/nvme0n1p3', { fstype: 'swap', mountpoints: ['[SWAP]'] }),
      ],
    });
    expect(systemReasons(disk)).toEqual([
      '/dev/nvme0n1p1 mounted at /boot/efi',
      '/dev/nvme0n1p2 is a crypto_LUKS member',
      '/dev/mapper/luks is a LVM2_member member',
      '/dev/mapper/luks is a crypt volume',
      '/dev/mapper/vg-root mounted at /',
      '/dev/mapper/vg-root is a lvm volume',
      '/dev/nvme0n1p3 is swap',
    ]);
  });
  it('does not count an ordinary mounted stick as a system disk', () => {
    expect(systemReasons(node('/dev/sdb', { type: 'disk', children: [node('/dev/sdb1', { fstype: 'vfat', mountpoints: ['/media/tech/STICK'] })] }))).toEqual([]);
  });
});
