// Configuration files services mount (Prometheus, Grafana, Traefik, ...) are read the quick way where the quick
// reader is sure (`yamlValues.ts`), and handed to the readers as the nodes `yaml` makes: the same kinds, values
// (keys as the readers compare them, by their text), spans and ways of writing a scalar. Checked on every YAML and
// JSON file of both corpora, the fixtures and the examples, and on layouts where the two could differ.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { parseFast } from '../../server/src/compose/fastParse';
import { yamlRoot } from '../../server/src/network/mounted/yamlValues';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const ROOTS = [path.resolve(REPO_ROOT, '../shared/corpus/realworld'), path.resolve(REPO_ROOT, '../shared/corpus/awesome-compose'), path.join(REPO_ROOT, 'test/fixtures'), path.join(REPO_ROOT, 'examples')];

function configFiles(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) configFiles(full, out);
    else if (entry.isFile() && /\.(ya?ml|json)$/.test(entry.name)) out.push(full);
  }
  return out;
}

/** What a reader can see of a node: kind, value, span and whether a scalar is quoted or a block. */
function seen(node: YamlNode | null | undefined): unknown {
  if (node === null || node === undefined) return null;
  const span = node.range ? [node.range[0], node.range[1]] : null;
  if (isScalar(node)) {
    const written = node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE' ? node.type : node.type === 'BLOCK_FOLDED' || node.type === 'BLOCK_LITERAL' ? 'BLOCK' : 'PLAIN';
    return { value: node.value, span, written };
  }
  if (isMap(node)) return { map: node.items.map((p) => [isScalar(p.key) ? String(p.key.value) : p.key, (p.key as YamlNode | null)?.range?.slice(0, 2), seen(p.value as YamlNode | null)]), span, flow: node.flow === true };
  if (isSeq(node)) return { seq: node.items.map((i) => seen(i as YamlNode | null)), span, flow: node.flow === true };
  return { other: String(node) };
}

function bySlowWay(text: string): YamlNode | null | undefined {
  return parseDocument(text, { uniqueKeys: false, prettyErrors: false, strict: false }).contents as YamlNode | null;
}

/** Whether the quick way read `text`, after checking that the readers see what `yaml` would have shown them. */
function agrees(label: string, text: string): boolean {
  assert.deepStrictEqual(seen(yamlRoot(text)), seen(bySlowWay(text)), `${label}: ${JSON.stringify(text.slice(0, 200))}`);
  return parseFast('', text) !== undefined;
}

describe('mounted YAML read the quick way', () => {
  it('shows the readers what yaml shows them, on every YAML and JSON file of the corpora, fixtures and examples', () => {
    const files = ROOTS.filter((r) => fs.existsSync(r)).flatMap((r) => configFiles(r));
    assert.ok(files.length >= 300, `only ${files.length} files found`);
    let quick = 0;
    for (const file of files) if (agrees(file, fs.readFileSync(file, 'utf8'))) quick++;
    assert.ok(quick >= files.length * 0.5, `the quick way read ${quick} of ${files.length} files`);
  });

  it('on the layouts of configuration files: flow lists of targets, quoted URLs, numbers, empty values, block text', () => {
    const layouts = [
      'scrape_configs:\n  - job_name: apps\n    static_configs:\n      - targets: [app1:9100, "app2:9100", \'app3:9100\']\n',
      'datasources:\n  - name: Prometheus\n    type: prometheus\n    url: http://prometheus:9090\n    isDefault: true\n',
      'http:\n  services:\n    web:\n      loadBalancer:\n        servers:\n          - url: "http://web:8080"\n',
      'a:\n  8080: x\n  1.0: y\n  true: z\n  ~: t\n',
      'port: 0x1F\nother: 1e3\nempty:\nlist:\n  -\n  - x\n',
      'text: |\n  upstream a {\n    server b:80;\n  }\nnext: 1\n',
      'folded: >\n  one\n  two\nnext: 2\n',
      '"quoted key": "http://a:1"\n',
      '[1, 2, 3]\n',
      'just text\n',
      '',
      '# only a comment\n',
      'a: 1\na: 2\n',
      'a: &x 1\nb: *x\n',
      'a: [1, 2\n',
    ];
    const quick = layouts.map((text, i) => agrees(`layout ${i}`, text));
    // The first ten are plain configuration; an empty value in a list, empty and comment-only texts, duplicate keys, aliases and errors are `yaml`'s.
    assert.deepEqual(quick, [true, true, true, true, false, true, true, true, true, true, false, false, false, false, false]);
  });

  it('leaves yaml unasked for plain YAML, and asks it for what the quick reader leaves', () => {
    // The package's own exports (the readers call it through them), not the import's read-only view.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require('yaml') as { parseDocument: typeof parseDocument };
    const original = module.parseDocument;
    let asked = 0;
    module.parseDocument = ((...args: Parameters<typeof parseDocument>) => {
      asked++;
      return original(...args);
    }) as typeof parseDocument;
    try {
      yamlRoot('scrape_configs:\n  - job_name: apps\n    static_configs:\n      - targets: [app1:9100]\n');
      assert.equal(asked, 0, 'plain YAML went to yaml');
      yamlRoot('a: &x 1\nb: *x\n');
      assert.equal(asked, 1, 'an alias was not left to yaml');
    } finally {
      module.parseDocument = original;
    }
  });
});
