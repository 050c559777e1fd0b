/**
 * Issue 16: lint on real multi-site repos. The repos are made here, in the shapes real ECS site repos use
 * (three stores under sites/<store>/, each its own VECO path), not copied from anywhere.
 */
import { generateWithPlan } from '../../../helpers/plan';
import { describe, expect, it } from 'vitest';
import { lintFiles } from '../../../../main/core/manifests/lint';
import { Site } from '../../../../main/core/site/schema';
import { settingsSite, twoNodeInput } from '../../../helpers/manifest-sites';

const pool = (ns: string, range: string) => `apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: default\n  namespace: ${ns}\nspec:\n  addresses:\n    - ${range}\n`;
const deployment = (name: string, env: string, extra = '') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n  selector:\n    matchLabels: { app: ${name} }\n  template:\n    metadata:\n      labels: { app: ${name} }\n    spec:\n      containers:\n        - name: ${name}\n          image: example/${name}:1.2\n${extra}          env:\n${env}`;

/** Three stores, each with the same MetalLB pool and face-detector names (as real repos have). */
function threeStores(): { path: string; content: string }[] {
  const files: { path: string; content: string }[] = [];
  ['leeds', 'york', 'hull'].forEach((store, i) => {
    files.push({ path: `${store}/metallb-pool.yaml`, content: pool('metallb-system', `192.168.${i}.240-192.168.${i}.250`) });
    files.push({ path: `${store}/face-detector.yml`, content: deployment('face-detector', '            - name: MODE\n              value: fast\n') });
  });
  return files;
}

describe('apply scopes', () => {
  it('does not report duplicates between stores of `sitekit lint sites/`, and names each store as the scope', () => {
    const findings = lintFiles(threeStores(), { rootName: 'sites' });
    expect(findings.filter((f) => f.code === 'duplicate-name')).toEqual([]);
    const notes = findings.filter((f) => f.code === 'flux-applies-everything');
    expect(notes.map((f) => f.scope).sort()).toEqual(['hull', 'leeds', 'york']);
  });

  it('still reports a duplicate within one store, with that store as its scope', () => {
    const files = [...threeStores(), { path: 'york/face-detector-copy.yaml', content: deployment('face-detector', '            - name: MODE\n              value: slow\n') }];
    const dups = lintFiles(files, { rootName: 'sites' }).filter((f) => f.code === 'duplicate-name');
    expect(dups.map((f) => `${f.file} ${f.scope}`)).toEqual(['york/face-detector-copy.yaml york']);
  });

  it('detects stores under a sites/ folder inside the repo without being told', () => {
    const files = threeStores().map((f) => ({ ...f, path: `sites/${f.path}` }));
    expect(lintFiles(files).filter((f) => f.code === 'duplicate-name')).toEqual([]);
    // Without the sites/ folder and without a hint, every file is one scope, as Flux would apply a folder.
    expect(lintFiles(threeStores()).filter((f) => f.code === 'duplicate-name').length).toBe(4);
  });

  it('--scope DIR overrides detection: the named folders are the scopes', () => {
    const files = [...threeStores(), { path: 'hull/copy.yaml', content: pool('metallb-system', '192.168.9.1-192.168.9.2') }];
    const findings = lintFiles(files, { scopes: ['leeds', 'york', 'hull'] });
    expect(findings.filter((f) => f.code === 'duplicate-name').map((f) => `${f.file} ${f.scope}`)).toEqual(['hull/copy.yaml hull']);
    // Without --scope (and no sites/ folder or hint) the three folders are one scope: every pool name collides.
    expect(lintFiles(files).filter((f) => f.code === 'duplicate-name').length).toBe(5);
  });

  it('two Sitekit sites in one repo: each host path is a scope, nothing crosses sites', () => {
    const a = Site.parse(twoNodeInput());
    const b = Site.parse({ ...twoNodeInput(), metadata: { name: 'Depot 8', id: 'depot-8' } });
    const files = [...generateWithPlan(a), ...generateWithPlan(b)];
    const findings = lintFiles(files, { site: a });
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(findings.some((f) => f.code === 'duplicate-name' || f.code === 'ip-conflict')).toBe(false);
    expect(findings.every((f) => f.scope !== '')).toBe(true);
    expect(findings.find((f) => f.code === 'reboot-on-apply' && f.file.startsWith('sites/depot-8/'))?.scope).toBe('sites/depot-8/hosts/esx01');
  });
});

describe('severity follows Flux', () => {
  it('a quoted value directly followed by # is a warning that says Go YAML reads it; the file is still linted', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: otel\ndata:\n  exporter: "prometheusremotewrite"# the remote write exporter\n  url: "https://admin:hunter2@prom.example.com/api"\n';
    const findings = lintFiles([{ path: 'otel.yaml', content: text }]);
    const go = findings.find((f) => f.code === 'go-yaml-only');
    expect(go?.severity).toBe('warning');
    expect(go?.params.line).toBe(6);
    expect(findings.some((f) => f.code === 'yaml-syntax')).toBe(false);
    // The documents were read as Flux reads them, so the rest of the rules still ran.
    expect(findings.some((f) => f.code === 'plaintext-password' && f.params.kind === 'url-credentials')).toBe(true);
  });

  it('what no YAML reader accepts stays an error', () => {
    const findings = lintFiles([{ path: 'bad.yaml', content: 'apiVersion: v1\nkind: ConfigMap\nmetadata: [\n' }]);
    expect(findings.find((f) => f.code === 'yaml-syntax')?.severity).toBe('error');
  });
});

describe('secrets: one family, one severity scheme, the path of each', () => {
  it('finds credentials in a URL in a Deployment env, credential env names, Secret data, and cloud-init passwords', () => {
    const env = '            - name: RTSP_URL\n              value: rtsp://user:pass@192.168.1.20:554/stream\n            - name: API_KEY\n              value: abc123\n            - name: METALLB_ML_SECRET_NAME\n              value: memberlist\n';
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  username: admin\n';
    const cloud = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ud\ndata:\n  user-data: |\n    #cloud-config\n    password: ubuntu\n';
    const findings = lintFiles([
      { path: 'cam.yaml', content: deployment('cam', env) },
      { path: 'secret.yaml', content: secret },
      { path: 'ud.yaml', content: cloud },
    ]).filter((f) => f.code === 'plaintext-password');
    expect(findings.map((f) => `${f.severity} ${f.params.kind} ${f.file} ${f.path}`).sort()).toEqual([
      'error cloud-init-password ud.yaml data.user-data',
      'error env-password cam.yaml spec.template.spec.containers[0].env[1].value',
      'error url-credentials cam.yaml spec.template.spec.containers[0].env[0].value',
      'warning secret-data secret.yaml stringData.username',
    ]);
    for (const f of findings) expect(JSON.stringify(f)).not.toMatch(/user:pass|abc123|ubuntu/);
  });
});

describe('schemas from maintained sources', () => {
  it('finds spec.template on a Namespace and a Service (a bulk edit gone wrong) from the Kubernetes schemas', () => {
    const stray = '  template:\n    spec:\n      containers:\n        - name: x\n          image: x:1\n';
    const ns = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\nspec:\n${stray}`;
    const svc = `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: "80"\n${stray}`;
    const findings = lintFiles([{ path: 'ns.yaml', content: ns }, { path: 'svc.yaml', content: svc }]);
    expect(findings.filter((f) => f.code === 'unknown-field').map((f) => `${f.severity} ${f.file} ${f.path} line ${f.line}`)).toEqual(['error ns.yaml spec.template line 7', 'error svc.yaml spec.template line 9']);
    expect(findings.find((f) => f.code === 'schema-type')?.path).toBe('spec.ports[0].port');
  });

  it('checks HostConfiguration profile keys (unknown → note) and types (wrong → error)', () => {
    const profile = JSON.stringify({ esx: { storage: { nfs_v3_datastores: [{ volume_name: 'NFS', hostname: 'nas', remote_share: '/x', connections: '1', read_only: false }] }, syslog: { global_settings: { log_level: 'info' } } } }, null, 2);
    const hc = `apiVersion: esx.vmware.com/v1alpha1\nkind: HostConfiguration\nmetadata:\n  name: x\n  namespace: esx-system\nspec:\n  layertype: Incremental\n  profile: |\n${profile.split('\n').map((l) => `    ${l}`).join('\n')}\n`;
    const findings = lintFiles([{ path: 'hc.yaml', content: hc }]);
    expect(findings.filter((f) => f.code.startsWith('profile-')).map((f) => `${f.severity} ${f.code} ${f.params.key}`)).toEqual([
      'error profile-type esx.storage.nfs_v3_datastores[0].connections',
      'info profile-unknown-key esx.syslog.global_settings.log_level',
    ]);
  });

  it(':latest (or no tag) with imagePullPolicy Always is a warning; a pinned tag is not', () => {
    const latest = deployment('nr', '            - name: A\n              value: b\n', '          imagePullPolicy: Always\n').replace('example/nr:1.2', 'example/nr:latest');
    const pinned = deployment('ok', '            - name: A\n              value: b\n', '          imagePullPolicy: Always\n');
    const findings = lintFiles([{ path: 'a.yaml', content: latest }, { path: 'b.yaml', content: pinned }]);
    expect(findings.filter((f) => f.code === 'latest-always-pull').map((f) => `${f.severity} ${f.file}`)).toEqual(['warning a.yaml']);
  });
});

describe('generation that follows VMware', () => {
  it('Review warns when vSwitch0 is rewritten, notes search domains, and finds nothing else in the settings site', () => {
    const site = settingsSite();
    const findings = lintFiles(generateWithPlan(site), { site });
    expect(findings.filter((f) => f.severity !== 'info').map((f) => `${f.severity} ${f.code}`)).toEqual(['warning vswitch0-rewritten']);
    expect(findings.find((f) => f.code === 'vswitch0-rewritten')?.params.uplinks).toBe('vmnic0');
    expect(findings.find((f) => f.code === 'search-domains-manual')?.path).toBe('spec.dns.searchDomains');
    expect(findings.find((f) => f.code === 'worker-powered-off')?.severity).toBe('info');
  });

  it('linting freshly generated files from their documents gives exactly the findings of linting their text', () => {
    for (const site of [settingsSite(), Site.parse(twoNodeInput())]) {
      const files = generateWithPlan(site);
      const asText = files.map((f) => ({ path: f.path, content: f.content }));
      expect(lintFiles(files, { site })).toEqual(lintFiles(asText, { site }));
    }
  });
});
