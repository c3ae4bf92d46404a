// Every reader of mounted configuration returns on any text: a repository chooses what its files hold, and a scan
// that stops advancing (a vertical tab or a no-break space between two words once did, in the nginx and Caddyfile
// scanners) grows its output until the server runs out of memory. The readers run in a worker, so that one that
// never returns fails this test in bounded time, naming the text, instead of hanging it.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

const MOUNTED = path.resolve(__dirname, '../../server/src/network/mounted');

/** Pieces the texts are made of: every kind of white space, the punctuation each syntax gives meaning to, directive names. */
const PIECES = [
  ' ', '\t', '\n', '\r', '\r\n', '\v', '\f', '\u00a0', '\u2028', '\u3000', '\ufeff', '\0',
  '{', '}', '[', ']', '(', ')', ';', ',', ':', '=', '=>', '"', "'", '`', '#', '//', '/*', '*/', '\\', '$', '${', '{$', '%(', '<<',
  'server', 'upstream', 'proxy_pass', 'location', 'listen', 'reverse_proxy', 'to', 'php_fastcgi', 'import', 'backend', 'frontend', 'bind',
  'input', 'output', 'tcp', 'http', 'hosts', 'url', 'targets', 'static_configs', 'scrape_configs', 'datasources', 'clusters', 'nodes',
  'listening-port', 'userdb', 'address', 'port_value', 'socket_address', 'prometheus.scrape', 'forward_to', 'endpoint',
  'app', 'a:1', 'http://web:8080', '80', '-', '- ', '  ', 'key: ', 'a=b',
];

/** A fixed sequence of texts (the same every run), each a few to a few dozen pieces. */
function texts(count: number): string[] {
  let seed = 20261128;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const length = 1 + next(40);
    let text = '';
    for (let k = 0; k < length; k++) text += PIECES[next(PIECES.length)];
    out.push(text);
  }
  return out;
}

// The worker calls each reader on each text, saying first which it is about to read.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const m = (name) => require(require('node:path').join(workerData.dir, name));
const readers = {
  nginx: (t) => m('nginx.js').nginxAddresses([{ file: '/p/default.conf', text: t }]),
  caddy: (t) => m('caddy.js').caddyAddresses(t),
  haproxy: (t) => m('haproxy.js').haproxyAddresses(t),
  alloy: (t) => [m('alloy.js').alloyAddresses(t), m('alloy.js').alloyListens(t)],
  logstash: (t) => [m('logstash.js').logstashAddresses(t), m('logstash.js').logstashListens(t), m('logstash.js').logstashApiPort(t)],
  coturn: (t) => [m('coturn.js').coturnAddresses(t), m('coturn.js').coturnListens(t)],
  prometheus: (t) => m('prometheus.js').prometheusAddresses(t),
  grafana: (t) => m('grafana.js').grafanaDatasourceAddresses(t),
  traefik: (t) => m('traefik.js').traefikAddresses(t, '/p/dynamic.yml'),
  envoy: (t) => [m('envoy.js').envoyAddresses(t, '/p/envoy.yaml'), m('envoy.js').envoyListens(t, '/p/envoy.yaml')],
  otel: (t) => m('otelCollector.js').otelCollectorAddresses(t),
  vector: (t) => [m('vector.js').vectorAddresses(t, '/p/vector.toml'), m('vector.js').vectorListenAddresses(t, '/p/vector.yaml')],
  chproxy: (t) => [m('chproxy.js').chproxyAddresses(t), m('chproxy.js').chproxyListenAddresses(t)],
  spring: (t) => [m('spring.js').springAddresses('/p/application.properties', t), m('spring.js').springAddresses('/p/application.yml', t)],
  dotnet: (t) => m('dotnet.js').dotnetAddresses(t),
};
let calls = 0;
for (const text of workerData.texts) {
  for (const [name, read] of Object.entries(readers)) {
    parentPort.postMessage({ reading: name, text });
    read(text);
    calls++;
  }
}
parentPort.postMessage({ done: calls });
`;

describe('mounted readers on hostile text', () => {
  it('every reader returns on 1,500 texts of white space of every kind, punctuation and directive names', async function () {
    this.timeout(150_000);
    const all = texts(1500);
    const worker = new Worker(WORKER, { eval: true, workerData: { dir: MOUNTED, texts: all }, resourceLimits: { maxOldGenerationSizeMb: 512 } });
    let last: { reading: string; text: string } | undefined;
    const calls = await new Promise<number>((resolve, reject) => {
      const limit = setTimeout(() => {
        void worker.terminate();
        reject(new Error(`no answer within 120 s; the ${last?.reading} reader was reading ${JSON.stringify(last?.text)}`));
      }, 120_000);
      worker.on('message', (m: { reading: string; text: string } | { done: number }) => {
        if ('done' in m) {
          clearTimeout(limit);
          resolve(m.done);
        } else last = m;
      });
      worker.on('error', (err) => {
        clearTimeout(limit);
        reject(new Error(`the ${last?.reading} reader failed on ${JSON.stringify(last?.text)}: ${err.message}`));
      });
    });
    await worker.terminate();
    assert.equal(calls, all.length * 15);
  });
});
