// Grafana Alloy's configuration (`network/mounted/alloy.ts`): where it sends (dialled, on the address's
// characters), where its receivers listen, comments and expressions skipped, and which files are read.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { loadProject } from '../../server/src/compose/project';
import { alloyAddresses, alloyListens } from '../../server/src/network/mounted/alloy';
import { buildNetworkModel } from '../../server/src/network/model';
import { analyse } from '../../server/src/analysis';
import { removeProjects, writeProject } from '../helpers/project';

const CONFIG = `// Alloy
/* a block comment with url = "http://commented:1" */
local.file "endpoints" {
  filename = "/etc/alloy/endpoints.json"
}
prometheus.scrape "infra" {
  targets = [
    {"__address__" = "mimir:9009", group = "infra"},
    {__address__ = "tempo:3200"},
  ]
  forward_to = [prometheus.remote_write.mimir.receiver]
}
prometheus.remote_write "mimir" {
  endpoint {
    url = "http://mimir:9009/api/v1/push"
  }
}
loki.write "logs" {
  endpoint {
    url = json_path(local.file.endpoints.content, ".logs.url")[0] // an expression: no address
  }
}
otelcol.exporter.otlp "tempo" {
  client {
    endpoint = "tempo:4317"
  }
}
pyroscope.write "p" {
  endpoint {
    url = \`http://pyroscope:4040\`
  }
}
loki.source.api "api" {
  http {
    listen_address = "0.0.0.0"
    listen_port = "3100"
  }
  forward_to = [loki.write.logs.receiver]
}
otelcol.receiver.otlp "in" {
  grpc {
    endpoint = "0.0.0.0:4317"
  }
  http {
    endpoint = "0.0.0.0:4318"
  }
  output {
    traces = [otelcol.exporter.otlp.tempo.input]
  }
}
faro.receiver "web" {
  server {
    listen_address = "0.0.0.0"
    listen_port = 12350
  }
}
`;

const readFile = (f: string) => {
  try {
    return fs.readFileSync(f, 'utf8');
  } catch {
    return undefined;
  }
};

describe('mounted files: Grafana Alloy', () => {
  after(removeProjects);

  it('dials the scrape targets, `url` and `endpoint` of its components, on their characters; comments and expressions give none', () => {
    const found = alloyAddresses(CONFIG).map((a) => `${a.setting}: ${CONFIG.slice(a.hostStart, a.hostEnd)}:${a.port ?? '-'} ${a.role.role}/${a.role.certainty}`);
    assert.deepEqual(found, [
      'prometheus.scrape "infra" targets: mimir:9009 dial/certain',
      'prometheus.scrape "infra" targets: tempo:3200 dial/certain',
      'prometheus.remote_write "mimir" url: mimir:9009 dial/certain',
      'otelcol.exporter.otlp "tempo" endpoint: tempo:4317 dial/certain',
      'pyroscope.write "p" url: pyroscope:4040 dial/certain',
    ]);
  });

  it('listens where its receivers say; a receiver on its default port leaves the set open', () => {
    assert.deepEqual(alloyListens(CONFIG), {
      ports: [
        { port: 3100, via: 'loki.source.api "api" http' },
        { port: 4317, via: 'otelcol.receiver.otlp "in" grpc' },
        { port: 4318, via: 'otelcol.receiver.otlp "in" http' },
        { port: 12350, via: 'faro.receiver "web" server' },
      ],
    });
    assert.match(alloyListens('pyroscope.receive_http "p" {\n  forward_to = []\n}\n').open ?? '', /pyroscope\.receive_http/);
    assert.match(alloyListens('loki.source.api "a" {\n  http {\n    listen_port = env("PORT")\n  }\n}\n').open ?? '', /variable/);
    assert.match(alloyListens('import.file "m" {\n  filename = "/etc/alloy/modules"\n}\n').open ?? '', /imports/);
  });

  it('reads the file `alloy run` names, or the conventional path; the rules judge its addresses and its ports', () => {
    const compose = (volume: string, command: string) =>
      [
        'services:',
        '  alloy:',
        '    image: grafana/alloy:v1.12.1',
        `    volumes: ["${volume}"]`,
        `    command: ${command}`,
        '  mimir:',
        '    image: grafana/mimir',
        '  app:',
        '    image: node:22',
        '    environment:',
        '      LOGS: http://alloy:3100/loki/api/v1/push',
        '      PROFILES: http://alloy:4041',
      ].join('\n');
    for (const [volume, command] of [
      ['./config.alloy:/etc/alloy/config.alloy', '["run", "/etc/alloy/config.alloy"]'],
      ['./:/conf', '["run", "--server.http.listen-addr=0.0.0.0:12345", "/conf/config.alloy"]'],
      ['./config.alloy:/etc/alloy/config.alloy', '["run"]'],
    ]) {
      const dir = writeProject({ 'compose.yaml': compose(volume, command), 'config.alloy': CONFIG });
      const a = analyse(loadProject({ dir, env: {}, readFile }));
      const model = buildNetworkModel(a.project);
      assert.equal(model.listensOn('alloy', 3100), 'yes', volume);
      assert.equal(model.listensOn('alloy', 4041), 'no', volume);
      const rules = a.findings.map((f) => `${f.rule} ${f.loc.file.endsWith('config.alloy') ? 'config.alloy' : 'compose'} ${f.message}`);
      // tempo and pyroscope are no services of the project; `app` reaches a port Alloy does not open.
      assert.ok(rules.some((r) => r.startsWith('unknown-host config.alloy `alloy` reaches `tempo` in config.alloy')), rules.join('\n'));
      assert.ok(rules.some((r) => r.startsWith('unknown-host config.alloy `alloy` reaches `pyroscope` in config.alloy')), rules.join('\n'));
      assert.ok(rules.some((r) => r.startsWith('unknown-peer-port compose `app` reaches `alloy` on port 4041')), rules.join('\n'));
      assert.ok(!rules.some((r) => r.includes('mimir')), rules.join('\n'));
    }
  });
});
