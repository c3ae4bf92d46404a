import * as assert from 'node:assert/strict';
import { analyseFixture, findingsOf } from '../../helpers/fixtures';

const RULE = 'localhost-no-listener';

describe(`rule ${RULE}`, () => {
  it('fires on sure connections to localhost where neither the service nor any other listens (fact 1)', () => {
    const a = analyseFixture(RULE, 'fires');
    assert.deepEqual(findingsOf(a, RULE), ['app compose.yaml:7:18-7:27 "localhost"', 'app compose.yaml:9:43-9:52 "127.0.0.1"', 'worker compose.yaml:13:57-13:66 "localhost"']);
    const smtp = a.findings.find((f) => f.rule === RULE)!;
    assert.equal(smtp.severity, 'warning');
    assert.equal(
      smtp.message,
      '`app` connects to `localhost:25` (`SMTP_HOST`), but `localhost` in a container is that container, and nothing in `app` listens on 25 (it listens on `8080`); no service of the project listens on it either. The connection is refused: name the service or host that runs this server.',
    );
  });

  it('is silent where a peer answers, for its own port, handed-out URLs, unknown listeners, host mode, a shared namespace and ports any application may open', () => {
    assert.deepEqual(findingsOf(analyseFixture(RULE, 'clean'), RULE), []);
  });
});
