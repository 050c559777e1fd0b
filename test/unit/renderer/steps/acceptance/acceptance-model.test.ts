/** The Acceptance step's pure parts: rows from the plan and records, addresses, and the request it sends. */
import { describe, expect, it } from 'vitest';
import { acceptRequest, initialRows, initialStates, parseAddress, rowErrors } from '../../../../../renderer/steps/acceptance/acceptance-model';
import { Site } from '../../../../../main/core/site/schema';
import { recordAcceptance } from '../../../../../main/core/site/records';
import { minimalSite } from '../../../../helpers/sites';

const T = 'AB:'.repeat(31) + 'AB';
const site = () => Site.parse(minimalSite({ twoNode: true }));
const record = (host: string, at: string, extra: object) => ({ at, run: at, host, address: '192.168.10.11', port: 443, user: 'root', verdict: 'accepted' as const, differences: [], ...extra });

describe('acceptance model', () => {
  it('prefills addresses from the plan and pins from the records', () => {
    const s = recordAcceptance(site(), [record('esx01', '2026-12-06T10:00:00Z', { thumbprint: T, trust: 'confirmed' }), record('esx02', '2026-12-06T10:00:00Z', { verdict: 'untrusted', thumbprint: T })]);
    expect(initialRows(s)).toEqual([
      { host: 'esx01', address: '192.168.10.11', thumbprint: T, confirmed: false },
      // A thumbprint shown but never trusted is no pin.
      { host: 'esx02', address: '192.168.10.12', thumbprint: '', confirmed: false },
    ]);
    expect(initialStates(s).esx02).toMatchObject({ kind: 'idle', last: { verdict: 'untrusted' } });
  });

  it('reads ADDRESS[:PORT] and says what is wrong with a field', () => {
    expect(parseAddress(' 10.0.0.5:8443 ')).toEqual({ address: '10.0.0.5', port: 8443 });
    expect(parseAddress('esx01.store.example')).toEqual({ address: 'esx01.store.example' });
    expect(parseAddress('10.0.0.5:0')).toMatch(/1 to 65535/);
    expect(rowErrors([{ host: 'esx01', address: '', thumbprint: 'ab'.repeat(20), confirmed: false }])).toEqual({
      esx01: { address: 'Give the address the host console shows.', thumbprint: expect.stringMatching(/SHA-1/) },
    });
  });

  it('sends a pin typed or confirmed here, and leaves the recorded one to main', () => {
    const s = recordAcceptance(site(), [record('esx01', '2026-12-06T10:00:00Z', { thumbprint: T, trust: 'confirmed' })]);
    const rows = [
      { host: 'esx01', address: '127.0.0.1:9443', thumbprint: T.toLowerCase(), confirmed: false },
      { host: 'esx02', address: '127.0.0.1:9444', thumbprint: 'cd'.repeat(32), confirmed: true },
    ];
    expect(acceptRequest(s, rows, ' ', 'pw', 'job-1', ['esx02'])).toEqual({
      jobId: 'job-1',
      id: 'store-0421',
      targets: [
        { name: 'esx01', address: '127.0.0.1', port: 9443 },
        { name: 'esx02', address: '127.0.0.1', port: 9444, thumbprint: 'CD:'.repeat(31) + 'CD', confirmed: true },
      ],
      user: 'root',
      password: 'pw',
      only: ['esx02'],
    });
  });
});
