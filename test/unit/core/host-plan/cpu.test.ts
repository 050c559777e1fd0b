/** Whether a CPU has E-cores: threads against cores where the inventory gives both, else the model number. */
import { describe, expect, it } from 'vitest';
import { hostCpu, judgeHybrid } from '../../../../main/core/host-plan/cpu';

describe('judgeHybrid', () => {
  it.each([
    // [text, cores, threads, hybrid, basis]
    ['12th Gen Intel(R) Core(TM) i5-12500T', 6, 12, false, 'threads-even'],
    ['12th Gen Intel(R) Core(TM) i7-12700T', 12, 20, true, 'threads'],
    ['13th Gen Intel(R) Core(TM) i5-1340P', 12, 16, true, 'threads'],
    ['Intel(R) Core(TM) i5-12500T', undefined, undefined, false, 'sku'],
    ['Intel(R) Core(TM) i5-12600K', undefined, undefined, true, 'sku'],
    ['Intel(R) Core(TM) i5-12450H', undefined, undefined, true, 'sku'],
    ['Intel(R) Core(TM) i3-13100T', undefined, undefined, false, 'sku'],
    ['Intel(R) Core(TM) Ultra 7 155H', undefined, undefined, true, 'sku'],
    ['Intel(R) N100', 4, 4, false, 'sku'],
    ['Intel(R) Core(TM) i7-10710U', 6, 12, false, 'family'],
    ['Intel(R) Xeon(R) D-2146NT', 8, 16, false, 'family'],
    ['AMD Ryzen Embedded V1605B', 4, 8, false, 'family'],
  ] as const)('%s (%s cores, %s threads): hybrid %s by %s', (text, cores, threads, hybrid, basis) => {
    expect(judgeHybrid(text, cores, threads)).toEqual({ hybrid, basis });
  });

  it('cannot tell from a text that names no known CPU', () => {
    expect(judgeHybrid('Some CPU', 4, 4)).toEqual({ basis: 'unknown' });
  });
});

describe('hostCpu', () => {
  const model = { cpu: 'Core i7-12700T', cores: 12, threads: 20, hybridCores: true, cpuGeneration: 'Alder Lake (12th gen, 8P+4E)' };
  it('the box decides when it says enough; an lspci host bridge name falls back to the model for E-cores', () => {
    expect(hostCpu({ cpu: 'Intel(R) Core(TM) i5-12500T', cores: 6, threads: 12 }, model)).toMatchObject({ source: 'inventory', hybrid: false, generations: [12] });
    expect(hostCpu({ cpu: 'Intel host bridge: Raptor Lake-P/U 4p+8e cores Host Bridge' }, model)).toMatchObject({ source: 'inventory', hybrid: true, hybridBasis: 'sku', generations: [13, 14] });
    expect(hostCpu({ cpu: 'Intel host bridge: Alder Lake-S Host Bridge/DRAM Registers' }, { ...model, hybridCores: false })).toMatchObject({ source: 'inventory', hybrid: false, hybridBasis: 'model', generations: [12] });
    expect(hostCpu({}, model)).toMatchObject({ source: 'model', hybrid: true, hybridBasis: 'model' });
    expect(hostCpu({}, undefined)).toMatchObject({ source: 'unknown', hybridBasis: 'unknown' });
  });
});
