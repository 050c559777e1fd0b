/**
 * Property tests of the site.yaml loader with fast-check (issue 17): whatever the text — random YAML,
 * anchors and aliases nested as bombs, deep nesting, oversize — `parseSiteYaml` never throws, and every
 * failure is an error value with a line and column. Each property prints how many cases it ran.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSiteYaml, stringifySite, SITE_YAML_LIMITS } from '../../../../main/core/site/yaml';

const counts: Record<string, number> = {};
const located = (text: string, label: string): void => {
  counts[label] = (counts[label] ?? 0) + 1;
  let r;
  expect(() => (r = parseSiteYaml(text, 'fuzz.yaml'))).not.toThrow();
  const res = r as unknown as ReturnType<typeof parseSiteYaml>;
  if (!res.ok && (res.error.code === 'parse-error')) {
    const first = res.error.issues?.[0];
    expect(first?.line, text.slice(0, 200)).toBeGreaterThan(0);
    expect(first?.column).toBeGreaterThan(0);
  }
};

const scalar = fc.oneof(fc.string({ maxLength: 8 }), fc.integer().map(String), fc.constantFrom('~', 'null', 'true', '"x"', "'y'", '[]', '{}', '10.0.0.1'));

/** A random YAML-ish document built from lines of keys, list items, anchors, aliases, flow collections. */
const yamlText = fc
  .array(
    fc.oneof(
      fc.tuple(fc.nat(6), fc.stringMatching(/^[a-z]{1,6}$/), scalar).map(([i, k, v]) => `${' '.repeat(i)}${k}: ${v}`),
      fc.tuple(fc.nat(6), scalar).map(([i, v]) => `${' '.repeat(i)}- ${v}`),
      fc.tuple(fc.stringMatching(/^[a-z]{1,4}$/), fc.stringMatching(/^[a-z]{1,3}$/)).map(([k, a]) => `${k}: &${a} [1, 2, 3]`),
      fc.tuple(fc.stringMatching(/^[a-z]{1,4}$/), fc.stringMatching(/^[a-z]{1,3}$/)).map(([k, a]) => `${k}: *${a}`),
      fc.tuple(fc.stringMatching(/^[a-z]{1,4}$/), fc.stringMatching(/^[a-z]{1,3}$/)).map(([k, a]) => `<<: *${a}\n${k}: 1`),
      fc.nat(120).map((n) => `d: ${'['.repeat(n)}${']'.repeat(n)}`),
      fc.constantFrom('---', '...', '%YAML 1.2', '? complex', ': value', '!!binary aGVsbG8=', '"unterminated', '\t- tab'),
    ),
    { maxLength: 30 },
  )
  .map((lines) => lines.join('\n'));

/** A billion-laughs document of `levels` levels with `fan` aliases each. */
const bomb = fc.tuple(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 2, max: 12 })).map(([levels, fan]) => {
  const lines = [`apiVersion: sitekit/v1`, `kind: Site`, `l0: &a0 [${Array(fan).fill('"lol"').join(',')}]`];
  for (let i = 1; i < levels; i++) lines.push(`l${i}: &a${i} [${Array(fan).fill(`*a${i - 1}`).join(',')}]`);
  return lines.join('\n');
});

describe('parseSiteYaml under random input', () => {
  it('never throws on random YAML; failures carry line and column', () => {
    fc.assert(fc.property(yamlText, (t) => located(t, 'random')), { numRuns: 1500 });
  }, 120_000);

  it('anchor/alias bombs are refused as invalid files, never expanded', () => {
    fc.assert(
      fc.property(bomb, (t) => {
        located(t, 'bomb');
        const r = parseSiteYaml(t);
        expect(r.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('nesting of any depth (flow and block) is handled without a stack overflow', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.boolean(), (n, flow) => {
        const t = flow ? `a: ${'{b: '.repeat(n)}1${'}'.repeat(n)}` : 'a:\n' + Array.from({ length: Math.min(n, 400) }, (_, i) => ' '.repeat(i + 1) + 'b:').join('\n') + ' 1';
        located(t, 'depth');
        if (Math.min(n, flow ? n : 400) > SITE_YAML_LIMITS.maxDepth + 1) expect(parseSiteYaml(t).ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  }, 120_000);

  it('a valid site survives random comments and re-serialisation', () => {
    const base = stringifySite({ apiVersion: 'sitekit/v1', kind: 'Site', metadata: { name: 'S', id: 's' }, spec: { managementNetwork: { subnet: '10.0.0.0/24', gateway: '10.0.0.1' }, dns: { servers: ['10.0.0.2'] }, ntp: { servers: ['ntp'] }, hosts: [{ name: 'esx01', management: { ip: '10.0.0.11' } }] } } as never);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(20), fc.stringMatching(/^[ -~]{0,30}$/)), { maxLength: 5 }), (comments) => {
        const lines = base.split('\n');
        for (const [at, c] of comments) lines.splice(Math.min(at, lines.length), 0, `# ${c}`);
        located(lines.join('\n'), 'comments');
        expect(parseSiteYaml(lines.join('\n')).ok).toBe(true);
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('reports the case counts', () => {
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(`site.yaml fuzz: ${JSON.stringify(counts)} = ${total} cases`);
    expect(total).toBeGreaterThanOrEqual(2300);
  });
});
