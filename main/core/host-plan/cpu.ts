/**
 * What the box's CPU is, and whether it has E-cores: the CPU the inventory shows decides, the chosen model is
 * the fallback (issue 24, case 5: an i5-12500T in a box chosen as a model with an i7-12700T must not get the
 * hybrid-CPU kernel option).
 *
 * The rule that needs no table: on Intel's hybrid parts the P-cores run two threads and the E-cores one, so
 * a CPU with P-cores and E-cores shows more threads than cores but fewer than twice as many; a CPU whose
 * threads are exactly twice its cores has no E-cores. `dmidecode -t processor` (Core Count, Thread Count) and
 * `esxcli hardware cpu global get` (CPU Cores, CPU Threads) both give the counts. Without counts, the model
 * number decides: Intel Core from the 12th generation on is hybrid except the desktop parts with P-cores only
 * (i3-12100/13100/14100, i5-12400/12500/12600 without K, Pentium G7400, Celeron G6900), Core Ultra is hybrid,
 * the N-series (N100, i3-N305) has E-cores only, and AMD has no hybrid parts in this class.
 * Sources: Intel ARK core/thread counts per SKU; docs/FIELD-NOTES.md "Hybrid CPUs and MSR faults".
 */

export type CpuVendor = 'intel' | 'amd';

/** Why the plan says what it says about E-cores. */
export type HybridBasis =
  /** threads < 2 × cores (and > cores): P-cores with two threads plus E-cores with one. */
  | 'threads'
  /** threads = 2 × cores: every core runs two threads, so there are no E-cores. */
  | 'threads-even'
  /** The model number: a known P-core-only or hybrid part. */
  | 'sku'
  /** An Intel Core before the 12th generation, a Xeon, or an AMD CPU: no hybrid parts. */
  | 'family'
  /** Nothing in the inventory decides; the chosen model's catalogue entry does. */
  | 'model'
  | 'unknown';

/** The CPU as the host plan uses it. */
export interface HostCpu {
  /** The CPU text that was judged (inventory or entered), or the model's CPU when none is known. */
  readonly text?: string;
  readonly cores?: number;
  readonly threads?: number;
  /** Where the text and counts come from: the box (inventory or typed), the model catalogue, or nowhere. */
  readonly source: 'inventory' | 'model' | 'unknown';
  readonly vendor?: CpuVendor;
  /** Intel Core generation(s) the text names (12 for "i5-12500T"). */
  readonly generations: readonly number[];
  /** True: P- and E-cores; false: one kind of core; undefined: cannot tell. */
  readonly hybrid?: boolean;
  readonly hybridBasis: HybridBasis;
  /** Meteor Lake (Core Ultra 1xx): LP E-cores that no source covers. */
  readonly meteorLake: boolean;
}

const GEN_BY_CODENAME: readonly (readonly [RegExp, readonly number[]])[] = [
  [/kaby lake/i, [7]],
  [/coffee lake/i, [8, 9]],
  [/comet lake/i, [10]],
  [/tiger lake/i, [11]],
  [/rocket lake/i, [11]],
  [/alder lake(?!-n)/i, [12]],
  [/raptor lake/i, [13, 14]],
];

/** What a CPU text says about its vendor and Intel Core generation: "12th Gen …", "i7-1260P", "Alder Lake". */
export function cpuFacts(text: string): { vendor?: CpuVendor; gens: number[] } {
  const t = text.toLowerCase();
  const vendor = /\b(amd|ryzen|epyc|zen \d)/.test(t) ? 'amd' : /\b(intel|core|xeon|celeron|pentium)\b|\bi[3579]-|\bn[1-3]\d\d\b/.test(t) ? 'intel' : undefined;
  const gens = new Set<number>();
  const nth = /\b(\d{1,2})(?:st|nd|rd|th)[ -]gen/.exec(t);
  if (nth) gens.add(Number(nth[1]));
  const core = /\bi[3579]-(\d{4,5})[a-z]*\b/.exec(t);
  if (core) {
    const d = core[1]!;
    gens.add(d.length === 5 || d.startsWith('1') ? Number(d.slice(0, 2)) : Number(d[0]));
  }
  for (const [re, g] of GEN_BY_CODENAME) if (re.test(t)) g.forEach((x) => gens.add(x));
  return { ...(vendor ? { vendor } : {}), gens: [...gens] };
}

/** Intel desktop parts of the 12th–14th generation with P-cores only (Intel ARK: E-cores 0). */
const P_CORE_ONLY = /\b(i3-1[234]100[tf]?|i5-12[456]00[tf]?|i5-12490f|pentium(?: gold)? g7400[te]?|celeron g69\d0[te]?)\b/i;
/** E-cores only: Alder Lake-N / Twin Lake (N50, N97, N100, N200, i3-N305, N355). */
const E_CORE_ONLY = /\b(n\d{2,3}|i3-n\d{3}|alder lake-n|twin lake)\b/i;
const CORE_ULTRA = /\bcore\s*(?:\(tm\)\s*)?ultra\b|\bultra [579] \d{3}/i;
const METEOR_LAKE = /\bmeteor lake\b|\bultra [579] 1\d\d[a-z]*\b/i;

interface Judged {
  readonly hybrid?: boolean;
  readonly basis: HybridBasis;
}

/** Whether a CPU text (with core and thread counts when known) has E-cores beside P-cores. */
export function judgeHybrid(text: string, cores?: number, threads?: number): Judged {
  const facts = cpuFacts(text);
  if (facts.vendor === 'amd') return { hybrid: false, basis: 'family' };
  if (/\bxeon\b/i.test(text)) return { hybrid: false, basis: 'family' };
  if (E_CORE_ONLY.test(text)) return { hybrid: false, basis: 'sku' };
  const ultra = CORE_ULTRA.test(text);
  const newest = Math.max(0, ...facts.gens);
  if (!ultra && newest > 0 && newest < 12) return { hybrid: false, basis: 'family' };
  if (facts.vendor !== 'intel' && !ultra) return { basis: 'unknown' };
  if (cores !== undefined && threads !== undefined && cores > 0) {
    if (threads === 2 * cores) return { hybrid: false, basis: 'threads-even' };
    if (threads > cores && threads < 2 * cores) return { hybrid: true, basis: 'threads' };
  }
  if (P_CORE_ONLY.test(text)) return { hybrid: false, basis: 'sku' };
  if (ultra || (newest >= 12 && /\bi[3579]-\d{4,5}/i.test(text))) return { hybrid: true, basis: 'sku' };
  // Only a codename (an lspci host bridge): every mobile part (-P, -U, -H) of these generations is hybrid; a
  // desktop one (-S) may have P-cores only, so that is left to the model.
  if (newest >= 12 && /\blake-[puh]\b/i.test(text)) return { hybrid: true, basis: 'sku' };
  return { basis: 'unknown' };
}

/** The model's view of the CPU, as the compatibility list records it. */
export interface ModelCpu {
  readonly cpu: string;
  readonly cores: number;
  readonly threads?: number;
  readonly hybridCores: boolean;
  readonly cpuGeneration?: string;
}

/**
 * The host's CPU: the box's own (inventory or typed: `hardware.cpu`, `cores`, `threads`) when it says enough,
 * else the model's. A box CPU that cannot be judged (an lspci host bridge name, say) still gives its
 * generation; whether it has E-cores then falls back to the model.
 */
export function hostCpu(hw: { readonly cpu?: string; readonly cores?: number; readonly threads?: number }, model: ModelCpu | undefined): HostCpu {
  if (hw.cpu) {
    const facts = cpuFacts(hw.cpu);
    const judged = judgeHybrid(hw.cpu, hw.cores, hw.threads);
    const base = {
      text: hw.cpu,
      ...(hw.cores !== undefined ? { cores: hw.cores } : {}),
      ...(hw.threads !== undefined ? { threads: hw.threads } : {}),
      source: 'inventory' as const,
      ...(facts.vendor ? { vendor: facts.vendor } : {}),
      generations: facts.gens,
      meteorLake: METEOR_LAKE.test(hw.cpu),
    };
    if (judged.hybrid !== undefined) return { ...base, hybrid: judged.hybrid, hybridBasis: judged.basis };
    if (model) return { ...base, hybrid: model.hybridCores, hybridBasis: 'model' };
    return { ...base, hybridBasis: 'unknown' };
  }
  if (model) {
    const text = `${model.cpu}${model.cpuGeneration ? ` (${model.cpuGeneration})` : ''}`;
    const facts = cpuFacts(text);
    return {
      text: model.cpu,
      cores: model.cores,
      ...(model.threads !== undefined ? { threads: model.threads } : {}),
      source: 'model',
      ...(facts.vendor ? { vendor: facts.vendor } : {}),
      generations: facts.gens,
      hybrid: model.hybridCores,
      hybridBasis: 'model',
      meteorLake: METEOR_LAKE.test(text),
    };
  }
  return { source: 'unknown', generations: [], hybridBasis: 'unknown', meteorLake: false };
}

/** Quirks of the compatibility list that belong to the CPU, not to the box around it. */
export const CPU_QUIRKS = ['hybrid-cores', 'msr-faults-13th-gen', 'meteor-lake-verify'] as const;
export type CpuQuirk = (typeof CPU_QUIRKS)[number];

/**
 * Whether a CPU quirk applies to this host, and on what basis: the box's CPU when it decides, otherwise the
 * model's quirk list (`modelHas`). Returns undefined when neither decides (then the model's list stands).
 */
export function cpuQuirkApplies(quirk: CpuQuirk, cpu: HostCpu, modelHas: boolean): { readonly applies: boolean; readonly byCpu: boolean } {
  if (cpu.source !== 'inventory') return { applies: modelHas, byCpu: false };
  switch (quirk) {
    case 'hybrid-cores':
      return cpu.hybrid === undefined || cpu.hybridBasis === 'model' ? { applies: modelHas, byCpu: false } : { applies: cpu.hybrid, byCpu: true };
    case 'msr-faults-13th-gen':
      // Raptor Lake and its refresh (13th and 14th generation) fault on MSR reads in VMs
      // (docs/FIELD-NOTES.md "Hybrid CPUs and MSR faults").
      if (cpu.vendor === 'amd') return { applies: false, byCpu: true };
      return cpu.generations.length ? { applies: cpu.generations.some((g) => g === 13 || g === 14), byCpu: true } : { applies: modelHas, byCpu: false };
    case 'meteor-lake-verify':
      if (cpu.vendor === 'amd' || cpu.generations.length) return { applies: cpu.meteorLake, byCpu: true };
      return cpu.meteorLake ? { applies: true, byCpu: true } : { applies: modelHas, byCpu: false };
  }
}
