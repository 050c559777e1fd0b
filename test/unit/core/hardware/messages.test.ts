/** Every code the engine can emit has a sentence, and real verdicts never print placeholders. */
import { describe, expect, it } from 'vitest';
import { checkSite } from '../../../helpers/plan';
import { describeAction, describeEvidence, describeFinding, describeInventoryIssue, describeStatus } from '../../../../main/core/hardware/messages';
import { EVIDENCE_LEVELS } from '../../../../main/core/hardware/schema';
import { FINDING_CODES, VERDICT_STATUSES } from '../../../../main/core/hardware/verdict';
import { Site } from '../../../../main/core/site/schema';
import { demoSiteInput, shippedList } from '../../../helpers/hardware';
import { RELEASES } from '../../../../main/core/site/schema';

describe('hardware messages', () => {
  it('has a sentence for every finding code, status and evidence level', () => {
    for (const code of FINDING_CODES) expect(describeFinding({ severity: 'info', code, params: {} }).length, code).toBeGreaterThan(10);
    for (const s of VERDICT_STATUSES) expect(describeStatus(s)).toMatch(/^[A-Z]/);
    for (const e of EVIDENCE_LEVELS) expect(describeEvidence(e).length).toBeGreaterThan(5);
    expect(describeInventoryIssue({ code: 'not-recognised', line: 7, text: 'hello' })).toBe('Line 7: not recognised: "hello".');
  });

  it('fills every parameter for every model of the list on every release (no "?" or "undefined")', () => {
    const list = shippedList();
    for (const release of RELEASES) {
      for (const m of list.hostModels) {
        const input = demoSiteInput({ release, hosts: [{ name: 'h1', management: { ip: '192.168.10.11' }, hardware: { model: m.id, ramGiB: 4, bootDiskGB: 8, cores: 1 } }] });
        const v = checkSite(Site.parse({ ...input, spec: { ...input.spec, topology: 'one-node' } }), list);
        for (const h of v.hosts) {
          const texts = [...h.findings.map(describeFinding), ...h.actions.map(describeAction), ...h.devices.flatMap((d) => [...d.findings.map(describeFinding), ...d.actions.map(describeAction)])];
          for (const t of texts) expect(t, `${m.id} ${release}`).not.toMatch(/\?(?![a-z])|undefined|NaN|\[object/);
        }
      }
    }
  });
});
