/** `sitekit demo` end to end, its outputs checked with real tools (git, mtools, fsck.vfat, pdftotext). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../../helpers/web-app';
import { tempDir } from '../../helpers/temp';

let dir: { path: string; remove: () => Promise<void> };
let run: { status: number | null; stdout: string; stderr: string };
const out = () => join(dir.path, 'demo');

beforeAll(async () => {
  dir = await tempDir('sitekit-demo-test-');
  run = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'sitekit.mjs'), 'demo', '--out', out()], { encoding: 'utf8', timeout: 240_000 });
}, 300_000);
afterAll(() => dir.remove());

const tool = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, MTOOLS_SKIP_CHECK: '1' } });

describe('sitekit demo', () => {
  it('runs every stage and prints a summary of what it produced', () => {
    expect(run.status, run.stderr).toBe(0);
    for (const s of ['[1/8] Site', '[2/8] Hardware check', '[3/8] GitOps manifests', '[4/8] Git commit', '[5/8] Sample installer ISO', '[6/8] Boot media: preflight', '[7/8] Build, write and verify the stick', '[8/8] Handover report']) expect(run.stdout).toContain(s);
    expect(run.stdout).toContain('NOT a real ESXi installer');
    expect(run.stdout).toContain('written and verified');
    expect(run.stdout).toMatch(/audit: site demo-store-0421, hosts esx01, esx02, \d+ files, intact/);
    expect(run.stdout).toContain('What the demo produced');
  });

  it('committed the generated site into a real git repo', () => {
    const repo = join(out(), 'site-repo');
    expect(tool('git', ['-C', repo, 'fsck', '--strict']).status).toBe(0);
    const files = tool('git', ['-C', repo, 'ls-tree', '-r', '--name-only', 'HEAD']).stdout.split('\n');
    expect(files).toContain('sites/demo-store-0421/site.yaml');
    expect(files).toContain('sites/demo-store-0421/hosts/esx02/kustomization.yaml');
  });

  it('wrote a stick image whose FAT32 partition carries the kickstart and the edited BOOT.CFG files', () => {
    const img = join(out(), 'written-stick.img');
    const part = `${img}@@1048576`;
    const ks = tool('mtype', ['-i', part, '::/KS.CFG']);
    expect(ks.status, ks.stderr).toBe(0);
    expect(ks.stdout).toContain('vmaccepteula');
    expect(ks.stdout).toContain('48:21:0b:5a:1c:07');
    expect(tool('mtype', ['-i', part, '::/BOOT.CFG']).stdout).toMatch(/kernelopt=.*ks=usb:\/KS.CFG/);
    expect(tool('mtype', ['-i', part, '::/EFI/BOOT/BOOT.CFG']).stdout).toMatch(/kernelopt=.*ks=usb:\/KS.CFG/);
    expect(tool('mdir', ['-i', part, '::/SITEKIT']).stdout).toMatch(/MANIFEST/);
  });

  it('exported the report as HTML, JSON and a PDF with the site in it', async () => {
    const reportDir = join(out(), 'report');
    const base = join(reportDir, `demo-store-0421-handover-${new Date().toISOString().slice(0, 10)}`);
    expect(JSON.parse(await readFile(`${base}.json`, 'utf8')).site.id).toBe('demo-store-0421');
    expect(await readFile(`${base}.html`, 'utf8')).toContain('Demo Store 0421');
    const text = tool('pdftotext', [`${base}.pdf`, '-']);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('Demo Store 0421');
    expect(text.stdout).not.toContain('Demo-Stick-2026!');
  });
});
