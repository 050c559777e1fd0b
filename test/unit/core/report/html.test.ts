import { topologyWithPlan } from '../../../helpers/plan';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildReport } from '../../../../main/core/report/model';
import { renderReportHtml, REPORT_SECTIONS } from '../../../../main/core/report/html';
import { cssString, esc } from '../../../../main/core/report/escape';
import { Site, type SiteInput } from '../../../../main/core/site/schema';
import { sampleLint, sampleSite, sampleSiteInput, sampleVerdict } from '../../../helpers/sample-site';

const base = { sitekitVersion: '1.2.3', generatedAt: '2026-11-25T06:40:00Z' };
const htmlOf = (site: Site = sampleSite(), extra: Partial<Parameters<typeof buildReport>[0]> = {}) =>
  renderReportHtml(buildReport({ site, verdict: sampleVerdict(), lint: sampleLint(), topologySvg: topologyWithPlan(site), listVersion: '2026.11.1', ...base, ...extra }));

/** Every attribute value in the document. */
const attributes = (html: string): string[] => [...html.matchAll(/\s[a-zA-Z:-]+="([^"]*)"/g)].map((m) => m[1] ?? '');
/** The structure: every tag with its attribute names (values blanked), which any injection would change. */
const tags = (html: string): string[] =>
  [...html.matchAll(/<(\/?[a-zA-Z][a-zA-Z0-9-]*)([^>]*)>/g)].map((m) => `${m[1]}${[...(m[2] ?? '').replace(/"[^"]*"/g, '""').matchAll(/\s([^\s=]+)=/g)].map((a) => ` ${a[1]}`).join('')}`);
const styleOf = (html: string): string => /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';

describe('renderReportHtml: self-contained', () => {
  const html = htmlOf();

  it('references nothing outside the file: no scripts, links, frames, remote URLs in attributes or CSS', () => {
    expect(html).not.toMatch(/<script|<link|<iframe|<object|<embed|<base|srcset=|xlink:href|\shref=|@import/i);
    expect(styleOf(html)).not.toMatch(/url\(|https?:|@import|@font-face/i);
    for (const value of attributes(html)) expect(value).not.toMatch(/^\s*(https?:|file:|\/\/|\.\.?\/|javascript:)/i);
    const srcs = [...html.matchAll(/\ssrc="([^"]*)"/g)].map((m) => m[1] ?? '');
    expect(srcs.length).toBeGreaterThan(0);
    for (const src of srcs) expect(src.startsWith('data:image/svg+xml')).toBe(true);
    // http(s):// appears only as printed text (the repo URL, sources), never where a browser would fetch it.
    const withoutText = html.replace(/>[^<]*</g, '><');
    expect(withoutText).not.toMatch(/https?:\/\//);
  });

  it('embeds the topology SVG, and that SVG itself references nothing but its namespace', () => {
    const src = /src="data:image\/svg\+xml;charset=utf-8,([^"]*)"/.exec(html)?.[1];
    expect(src).toBeDefined();
    const svg = decodeURIComponent(src!);
    expect(svg).toContain('esx01');
    expect(svg.replace(/xmlns(:\w+)?="[^"]*"/g, '')).not.toMatch(/href=|src=|url\(|https?:|<script|<foreignObject/i);
  });

  it('tells the browser so too: a CSP that allows only inline styles and data: images', () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
  });

  it('has every section, in order, with its number', () => {
    let at = 0;
    REPORT_SECTIONS.forEach((s, i) => {
      const pos = html.indexOf(`<section id="${s.id}"`);
      expect(pos, s.id).toBeGreaterThan(at);
      at = pos;
      expect(html).toContain(`<span class="num">${i + 1}</span>${esc(s.title)}</h2>`);
    });
  });

  it('prints well: @page margins, page numbers, running footer, header rows repeated, rows kept whole', () => {
    const css = styleOf(html);
    expect(css).toMatch(/@page\s*{\s*margin:/);
    expect(css).toContain('counter(page)');
    expect(css).toContain('counter(pages)');
    expect(css).toContain('@bottom-left');
    expect(css).toMatch(/thead\s*{\s*display:\s*table-header-group/);
    expect(css).toMatch(/tr\s*{\s*break-inside:\s*avoid/);
    // No fixed paper size: the same HTML prints on A4 and Letter.
    expect(css).not.toMatch(/size:\s*(A4|letter)/i);
  });

  it('shows the content a technician hands over', () => {
    for (const text of [
      'Store 0421 Leeds',
      'store-0421',
      'Priya Natarajan',
      'Kirkstall Retail Park',
      'G6WS2410001A',
      '48:21:0b:5a:10:01',
      '0bda:8156',
      'vusb0',
      'Intel Core i7-1260P',
      'cpuUniformityHardCheckPanic=FALSE',
      '10.42.20.11',
      'POS Devices',
      'VLAN 40',
      'pos-gateway',
      'sites/store-0421/hosts/esx02',
      '9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d',
      'VMware-ECS-3.5-8.0U3-24022510.iso',
      'a3f1c2d4e5b6a7980f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a6978',
      'SanDisk Ultra Fit',
      '4C530001230918112345',
      'Verified: read back and matched',
      '3 min 34 s · 41.2 MB/s',
      'Intel VMD controller: Disabled',
      'Secure Boot: Enabled',
      'reboot-on-apply',
      'Sam Okafor (team lead)',
      '1.2.3',
      '2026.11.1',
    ]) {
      expect(html, text).toContain(esc(text));
    }
  });

  it('gives each host\'s worker its own address on a two-node site, and one address on a one-node site', () => {
    const worker = (html: string) => /<h4>Worker node<\/h4>[\s\S]*?<\/table>|<h4>Worker node<\/h4>[\s\S]*?<h4>/.exec(html)?.[0] ?? '';
    const two = worker(htmlOf());
    expect(two).toContain('esx01 <span class="mono">10.42.20.50/24</span>');
    expect(two).toContain('esx02 <span class="mono">10.42.20.51/24</span>');
    const input = sampleSiteInput();
    const one = Site.parse({ ...input, spec: { ...input.spec, topology: 'one-node', hosts: [{ ...input.spec.hosts[0]!, workerIp: undefined }], workloads: { ...input.spec.workloads, vms: [], worker: { ...input.spec.workloads?.worker, network: { ...input.spec.workloads?.worker?.network, ip: '10.42.20.50' } } } } });
    expect(worker(htmlOf(one))).toContain('<span class="mono">10.42.20.50/24</span> via <span class="mono">10.42.20.1</span>');
  });

  it('shows every verdict as an icon and a word, never colour alone', () => {
    const badges = [...html.matchAll(/<span class="verdict v-(\w+)"><svg[^>]*>[\s\S]*?<\/svg><span>([^<]+)<\/span><\/span>/g)];
    expect(badges.length).toBeGreaterThan(6);
    for (const b of badges) expect(b[2]!.trim().length).toBeGreaterThan(1);
    expect(html.match(/class="verdict /g)!.length).toBe(badges.length);
  });

  it('draws a box to tick for every checklist item on every host', () => {
    const r = buildReport({ site: sampleSite(), verdict: sampleVerdict(), ...base });
    const expected = r.biosChecklists.reduce((n, c) => n + c.items.length * c.hosts.length, 0);
    expect(expected).toBeGreaterThan(10);
    expect(renderReportHtml(r).match(/<span class="box"/g)!.length).toBe(expected);
  });

  it('says plainly when parts are missing instead of printing empty tables', () => {
    const site = sampleSite();
    const r = renderReportHtml(buildReport({ site: Site.parse({ ...sampleSiteInput(), records: {} }), ...base }));
    expect(r).toContain('No boot stick was written with Sitekit for this site.');
    expect(r).toContain('No topology picture was supplied');
    expect(r).toContain('Not checked');
    expect(r).toContain('Not ready for handover — left: ');
    expect(r).toContain('No host has been checked on site yet');
    expect(site.metadata.name).toBe('Store 0421 Leeds');
  });
});

const EVIL = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'; }</style><script>x()</script>", '</title><body onload=x>', '&amp;&lt;', '\\"\\\\', '<!--', ']]>', 'a\u0000b\u001fc', '\ud800lone', 'https://evil.example/x.js'];

/** Puts one arbitrary string into every free-text field of the sample site. */
function siteWith(s: string): SiteInput {
  const input = sampleSiteInput();
  input.metadata.name = s.slice(0, 80);
  input.metadata.location = s.slice(0, 200);
  input.metadata.notes = s;
  input.metadata.technician = s.slice(0, 120);
  for (const h of input.spec.hosts) {
    h.hardware!.serial = s.slice(0, 64);
    h.hardware!.cpu = s.slice(0, 120);
    h.hardware!.productName = s.slice(0, 120);
    h.hardware!.nics![0]!.label = s.slice(0, 120);
    h.vswitches![0]!.portGroups![2]!.name = s.slice(0, 80);
    h.requirements!.biosSettings = [s];
  }
  input.spec.workloads!.vms![0]!.image = s;
  input.spec.workloads!.vms![0]!.networks = [s];
  input.spec.acceptedFindings![0]!.by = s;
  input.spec.acceptedFindings![0]!.reason = s;
  input.spec.acceptedFindings![0]!.code = s;
  input.records!.commits![1]!.message = s;
  input.records!.media![0]!.model = s;
  input.records!.media![0]!.serial = s;
  input.records!.media![0]!.target = s;
  input.records!.media![0]!.isoName = s;
  return input;
}

describe('renderReportHtml: escaping (property)', () => {
  const text = fc.oneof(fc.constantFrom(...EVIL), fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }));
  const usable = (s: string) => s.trim().length > 0 && s.slice(0, 64).trim().length > 0;
  const reference = tags(renderReportHtml(buildReport({ site: Site.parse(siteWith('Plain text')), ...base })));

  it('arbitrary strings in the site never change the document structure or reach it unescaped', () => {
    fc.assert(
      fc.property(text.filter(usable), (s) => {
        const parsed = Site.safeParse(siteWith(s));
        fc.pre(parsed.success);
        const html = renderReportHtml(buildReport({ site: parsed.data, ...base }));
        expect(tags(html)).toEqual(reference);
        expect(html).not.toMatch(/<script/i);
        const visible = s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
        if (visible) expect(html).toContain(esc(visible));
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('the footer title is a CSS string that cannot end the string, the rule or the style element', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...EVIL), fc.string({ unit: 'binary' })), (s) => {
        const css = cssString(s);
        expect(css.startsWith('"') && css.endsWith('"')).toBe(true);
        const inner = css.slice(1, -1);
        expect(inner).not.toMatch(/["'<>\n\r;{}]/);
        // Every backslash starts a 6-digit escape followed by its terminating space.
        expect(inner.replace(/\\[0-9a-f]{6} /g, '')).not.toContain('\\');
      }),
      { numRuns: 300 },
    );
  });
});
