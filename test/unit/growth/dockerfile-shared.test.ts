// Services built from one Dockerfile: it is read and parsed once per load, and its ENV is read
// for ports once, however many services share it (each used to cost the Dockerfile's size).
import * as assert from 'node:assert/strict';
import { dockerfileCounters } from '../../../server/src/compose/dockerfile';
import { listenerCounters } from '../../../server/src/network/listeners';
import { check, removeProjects, writeProject } from '../../helpers/project';
import { loadProject } from '../../../server/src/compose/project';
import { analyse } from '../../../server/src/analysis';

function project(services: number, envLines: number): Record<string, string> {
  const env = Array.from({ length: envLines }, (_, i) => `ENV SETTING_${i}=value-${i}`).join('\n');
  return {
    'compose.yaml': 'services:\n' + Array.from({ length: services }, (_, i) => `  s${i}:\n    build: .\n${i % 2 ? '    environment:\n      HTTP_PORT: "9000"\n' : ''}`).join(''),
    Dockerfile: `FROM busybox\n${env}\nENV HTTP_PORT=8080\nEXPOSE 8080\nCMD ["httpd", "-f"]\n`,
  };
}

describe('a Dockerfile shared by many services', () => {
  after(removeProjects);

  for (const services of [10, 100]) {
    it(`is parsed once and its ENV read once for ${services} services, each with its own ports`, () => {
      const dir = writeProject(project(services, 2_000), `dockerfile-shared-${services}`);
      dockerfileCounters.parses = 0;
      listenerCounters.dockerfileSettingsRead = 0;
      const analysis = analyse(loadProject({ dir, env: {} }));
      assert.equal(dockerfileCounters.parses, 1);
      assert.equal(listenerCounters.dockerfileSettingsRead, 2_001);
      // The Compose file's HTTP_PORT replaces the Dockerfile's on the odd services only.
      assert.deepEqual([...(analysis.model.services.get('s0')?.listens.keys() ?? [])].sort(), [8080]);
      assert.deepEqual([...(analysis.model.services.get('s1')?.listens.keys() ?? [])].sort(), [8080, 9000]);
    });
  }

  it('still sees ports in the virtual loader the tests use', () => {
    const a = check({ 'compose.yaml': 'services:\n  a:\n    build:\n      context: .\n      dockerfile_inline: "FROM x\\nEXPOSE 7000\\n"\n  b:\n    build:\n      context: .\n      dockerfile_inline: "FROM x\\nEXPOSE 7000\\n"\n' });
    assert.ok(a.model.services.get('a')?.listens.has(7000));
    assert.ok(a.model.services.get('b')?.listens.has(7000));
  });
});
