import { describe, expect, it } from 'vitest';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createFileLogger, redact } from '../../../main/services/logger';
import { tempDir } from '../../helpers/temp';

describe('log file', () => {
  it('redacts credentials, tokens and password hashes', () => {
    const hash = '$6$saltsalt$' + 'A'.repeat(86);
    const line = redact(`push https://alice:s3cret@git.example.com/x.git Authorization: Basic YWxpY2U6czNjcmV0 {"password":"hunter2","token":"ghp_abcdefghijklmnopqrstuvwxyz012345"} ${hash}`);
    for (const secret of ['s3cret', 'YWxpY2U6czNjcmV0', 'hunter2', 'ghp_abcdefghijklmnopqrstuvwxyz012345', hash]) expect(line).not.toContain(secret);
    expect(line).toContain('https://[redacted]@git.example.com/x.git');
  });

  it('writes JSON lines and rotates past the size limit, keeping a fixed number of files', async () => {
    const dir = await tempDir();
    const log = createFileLogger({ dir: dir.path, maxBytes: 2000, keep: 2 });
    for (let i = 0; i < 100; i++) log.info('event', { i, url: 'https://bob:pw@h/x' });
    await log.flush();
    const files = (await readdir(dir.path)).sort();
    expect(files).toEqual(['sitekit.log', 'sitekit.log.1', 'sitekit.log.2']);
    const last = (await readFile(join(dir.path, 'sitekit.log'), 'utf8')).trim().split('\n').pop()!;
    expect(JSON.parse(last)).toMatchObject({ level: 'info', message: 'event', i: 99 });
    expect(last).not.toContain('bob:pw');
    await dir.remove();
  });
});
