/**
 * Simulated ESXi hosts for the acceptance tests: govmomi's vSphere API simulator (VMware's Go SDK, Debian's
 * golang-github-vmware-govmomi-dev) in the project's own program test/esxsim/main.go, built offline with
 * Debian's Go in GOPATH mode and cached by source hash under .cache/esxsim/ (git-ignored), so a fresh clone
 * builds it once (about 35 s cold). One process per host, each on its own loopback port with its own fresh
 * self-signed certificate:
 *
 *   const h = await startSimHost({ ...sampleShapes().esx01, password: 'pw' });   // h.port, h.thumbprint
 *   await h.stop();
 *
 * Facts this relies on: docs/FIELD-NOTES.md "A simulated ESXi host for tests".
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './web-app';
import { tempDir } from './temp';

const run = promisify(execFile);
const SOURCE_DIR = join(REPO_ROOT, 'test', 'esxsim');
const CACHE_DIR = join(REPO_ROOT, '.cache', 'esxsim');

/** The JSON description test/esxsim/main.go reads (its Shape type). */
export interface SimShape {
  readonly mode?: 'esx' | 'vcenter' | 'web' | 'malformed';
  readonly user?: string;
  readonly password?: string;
  readonly version?: string;
  readonly build?: string;
  readonly apiVersion?: string;
  readonly hostName?: string;
  readonly domainName?: string;
  readonly vmk0?: { readonly ip: string; readonly netmask: string; readonly portgroup?: string };
  /** `speedMb` 0: no link (ESXi then reports no linkSpeed). */
  readonly nics?: readonly { readonly device: string; readonly driver?: string; readonly mac?: string; readonly speedMb: number }[];
  readonly vswitches?: readonly { readonly name: string; readonly uplinks: readonly string[]; readonly mtu?: number }[];
  readonly portgroups?: readonly { readonly name: string; readonly vlan: number; readonly vswitch: string }[];
  readonly dns?: { readonly servers: readonly string[]; readonly searchDomains?: readonly string[] };
  readonly ntp?: { readonly servers: readonly string[]; readonly running: boolean };
  readonly vms?: readonly { readonly name: string; readonly powerState: 'poweredOn' | 'poweredOff' }[];
  /** lockdownNormal / lockdownStrict: the login is refused even with the right password. */
  readonly lockdown?: string;
}

/** Why the simulator cannot be built here, or undefined when it can (tests skip with this reason). */
export async function esxsimMissing(): Promise<string | undefined> {
  const go = await run('go', ['version']).then(() => true, () => false);
  if (!go) return 'Go is not installed (Debian package golang-go; .ci/run installs it)';
  const lib = await stat('/usr/share/gocode/src/github.com/vmware/govmomi/simulator').then(() => true, () => false);
  if (!lib) return "govmomi's simulator is not installed (Debian package golang-github-vmware-govmomi-dev; .ci/run installs it)";
  return undefined;
}

let building: Promise<string> | undefined;

/** The simulator binary, built once per source version (GOPATH mode against Debian's source tree, offline). */
export function esxsimBinary(): Promise<string> {
  building ??= (async () => {
    const source = await readFile(join(SOURCE_DIR, 'main.go'));
    const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
    const bin = join(CACHE_DIR, hash, 'esxsim');
    if (await stat(bin).then((s) => s.isFile(), () => false)) return bin;
    const missing = await esxsimMissing();
    if (missing) throw new Error(`cannot build the ESXi simulator: ${missing}`);
    await mkdir(join(CACHE_DIR, hash), { recursive: true });
    const tmp = `${bin}.${process.pid}.tmp`;
    // Go's build cache only speeds up rebuilds of the same code (~150 MB): a temporary one, removed after.
    const gocache = await tempDir('sitekit-esxsim-gocache-');
    try {
      await run('go', ['build', '-trimpath', '-o', tmp, '.'], {
        cwd: SOURCE_DIR,
        env: { ...process.env, GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOPROXY: 'off', GOFLAGS: '', GOCACHE: gocache.path },
        maxBuffer: 16 * 1024 * 1024,
      });
    } finally {
      await gocache.remove();
    }
    await rename(tmp, bin);
    return bin;
  })();
  return building;
}

export interface SimHost {
  readonly port: number;
  readonly url: string;
  /** SHA-256 of its certificate, colon-separated upper-case hex. */
  readonly thumbprint: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Starts one simulated host and waits for its "listening" line. */
export async function startSimHost(shape: SimShape): Promise<SimHost> {
  const bin = await esxsimBinary();
  const dir = await tempDir('sitekit-esxsim-');
  const file = join(dir.path, 'shape.json');
  await writeFile(file, JSON.stringify(shape));
  const child: ChildProcess = spawn(bin, [file], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    child.once('exit', (code) => reject(new Error(`esxsim exited (${code}) before listening: ${stderr}`)));
    child.once('error', reject);
  });
  const info = JSON.parse(line) as { port: number; url: string; thumbprint: string };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    ...info,
    pid: child.pid!,
    stop: async () => {
      // Closing stdin ends it (the program waits for EOF); kill by this pid if it does not.
      child.stdin!.end();
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
      await dir.remove();
    },
  };
}

/** A TCP server that accepts connections and never answers (a hung service), by port. */
export async function startSilentServer(): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  let count = 0;
  const server: Server = createServer((s) => {
    count++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as { port: number }).port,
    connections: () => count,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** A port nothing listens on (bound, then released): a host that is down. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/**
 * The two hosts of resources/samples/site.yaml as a correct install leaves them, written out by hand (not
 * derived from Sitekit's own expectations, so a wrong expectation shows up as a failing test): ESXi 8.0.3,
 * the kickstart's names and addresses, vSwitch0 with the site repo's port groups, NTP from the repo, and the
 * VMs the repo places on each host.
 */
export function sampleShapes(password: string): { esx01: SimShape; esx02: SimShape } {
  const common = {
    password,
    version: '8.0.3',
    build: '24280767',
    apiVersion: '8.0.3.0',
    domainName: 'store0421.example.com',
    dns: { servers: ['192.168.42.2'], searchDomains: ['store0421.example.com'] },
    ntp: { servers: ['0.pool.ntp.org', '1.pool.ntp.org'], running: true },
    portgroups: [
      { name: 'Management Network', vlan: 0, vswitch: 'vSwitch0' },
      { name: 'VM Network', vlan: 0, vswitch: 'vSwitch0' },
      { name: 'POS', vlan: 42, vswitch: 'vSwitch0' },
    ],
  } as const;
  return {
    esx01: {
      ...common,
      hostName: 'esx01',
      vmk0: { ip: '192.168.42.11', netmask: '255.255.255.0' },
      nics: [{ device: 'vmnic0', driver: 'igc', mac: '48:21:0b:5a:1c:07', speedMb: 2500 }],
      vswitches: [{ name: 'vSwitch0', uplinks: ['vmnic0'] }],
      vms: [
        { name: 'ec-worker', powerState: 'poweredOff' },
        { name: 'pos-gateway', powerState: 'poweredOn' },
      ],
    },
    esx02: {
      ...common,
      hostName: 'esx02',
      vmk0: { ip: '192.168.42.12', netmask: '255.255.255.0' },
      nics: [
        { device: 'vmnic0', mac: '70:85:c2:4d:20:01', speedMb: 0 },
        { device: 'vusb0', driver: 'vmkusb_nic_fling', mac: '00:e0:4c:68:15:6a', speedMb: 2500 },
      ],
      vswitches: [{ name: 'vSwitch0', uplinks: ['vusb0'] }],
      vms: [{ name: 'ec-worker', powerState: 'poweredOff' }],
    },
  };
}

/** Removes the cached builds (not used by tests; for a clean rebuild by hand). */
export async function clearEsxsimCache(): Promise<void> {
  await rm(CACHE_DIR, { recursive: true, force: true });
}
