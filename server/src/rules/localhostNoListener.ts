// localhost-no-listener: a service surely connects to `localhost:PORT`, where nothing listens — not the
// service itself (its listeners are known), not a container sharing its namespace, and no service of the
// project listens on or publishes that port (that case is `localhost-peer`'s). Inside a container
// `localhost` is the container alone (fact 1): the connection is refused. Only ports of protocols a
// dedicated server answers (mail, databases, caches, brokers): a container may run more programs than its
// known listeners tell (a proxy in front of its own application on 127.0.0.1:3000), but not a mail server
// or a database by accident.
import { code } from '../display/markdown';
import { isLoopbackHost } from '../network/addresses';
import { DEDICATED_SERVER_PORTS } from '../network/wellKnown';
import type { NetworkModel } from '../network/types';
import { someOf } from './support/listLimits';
import { ruleDocs } from './support/ruleDocs';
import { writtenIn } from './support/writtenIn';
import type { Finding, Rule } from './types';

const ID = 'localhost-no-listener';

/**
 * Whether the namespace is known to run no server on `port`: its listening set is known whole, or it is
 * known to serve other ports (published ones count here: a container publishing its web port runs that
 * program, not a mail server or database besides) and nothing it mounts or sets may open more.
 */
function knownNotServing(model: NetworkModel, owner: string, port: number): boolean {
  const answer = model.listensOn(owner, port);
  if (answer !== 'unknown') return answer === 'no';
  const members = model.namespaceMembers(owner).map((m) => model.services.get(m));
  return members.every((m) => m !== undefined && m.listensOpen === undefined) && members.some((m) => [...m!.listens.values()].includes('ports'));
}

export const localhostNoListener: Rule = {
  id: ID,
  severity: 'warning',
  title: 'localhost where nothing listens',
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    const findings: Finding[] = [];
    for (const ref of model.connections()) {
      // Only sure connections: an address handed out or only probably dialled may well mean the host's browser.
      if (ref.role !== 'dial' || ref.certainty !== 'certain' || ref.port === undefined || !DEDICATED_SERVER_PORTS.has(ref.port) || ref.origin === 'healthcheck' || !isLoopbackHost(ref.host.toLowerCase())) continue;
      const from = model.services.get(ref.from);
      if (!from?.active) continue;
      const owner = model.services.get(from.namespaceOwner) ?? from;
      // On the host's network `localhost` is the host, where anything may listen.
      if (owner.networkMode.kind === 'host') continue;
      if (!knownNotServing(model, from.namespaceOwner, ref.port)) continue;
      if (model.answersOn(ref.port).some((a) => a.service.name !== from.name)) continue;
      const own = [...owner.listens.keys()];
      findings.push({
        rule: ID,
        severity: 'warning',
        message: `\`${from.name}\` connects to \`${ref.host}:${ref.port}\`${ref.origin !== 'mounted' && ref.envKey ? ` (\`${ref.envKey}\`)` : ''}${writtenIn(ref)}, but \`${ref.host}\` in a container is that container, and nothing in \`${from.name}\` listens on ${ref.port}${own.length ? ` (it listens on ${someOf(own, (p) => code(p))})` : ''}; no service of the project listens on it either. The connection is refused: name the service or host that runs this server.`,
        loc: ref.hostLoc,
        service: from.name,
        related: [],
        fixes: [],
      });
    }
    return findings;
  },
};
