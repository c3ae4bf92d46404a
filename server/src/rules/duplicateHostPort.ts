// duplicate-host-port: two mappings claim the same host address, port and protocol. The second
// container fails to start with "port is already allocated"; the unspecified address (all
// interfaces) clashes with every specific one (fact 19).
import type { NetworkModel, ServiceInfo } from '../network/types';
import { describeMapping, type PortMapping } from '../network/ports';
import { addressesClash, publishesOnHost } from './support/hostBindings';
import { ruleDocs } from './support/ruleDocs';
import { RELATED, someOf } from './support/listLimits';
import type { Finding, Rule } from './types';

const ID = 'duplicate-host-port';

interface Claim {
  service: ServiceInfo;
  mapping: PortMapping;
  from: number;
  to: number;
}

/** Port ranges wider than this are compared with every claim rather than indexed port by port. */
const WIDE = 1024;

export const duplicateHostPort: Rule = {
  id: ID,
  severity: 'error',
  title: 'Host port published twice',
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    const claims: Claim[] = [];
    for (const svc of model.services.values()) {
      if (!publishesOnHost(model, svc)) continue;
      for (const mapping of svc.ports) {
        if (mapping.published === undefined) continue;
        claims.push({ service: svc, mapping, from: mapping.published, to: mapping.publishedEnd ?? mapping.published });
      }
    }
    const findings: Finding[] = [];
    // Claims by host port, so each claim meets only those on its ports (not every other claim).
    // A range wider than WIDE ports is kept aside and compared with every claim instead.
    const byPort = new Map<number, number[]>();
    const wide: number[] = [];
    claims.forEach((c, i) => {
      if (c.to - c.from > WIDE) wide.push(i);
      else
        for (let p = c.from; p <= c.to; p++) {
          const list = byPort.get(p);
          if (list) list.push(i);
          else byPort.set(p, [i]);
        }
    });
    const nearby = (c: Claim): Claim[] => {
      if (c.to - c.from > WIDE) return claims;
      const at = new Set<number>(wide);
      for (let p = c.from; p <= c.to; p++) for (const j of byPort.get(p) ?? []) at.add(j);
      return [...at].sort((a, b) => a - b).map((j) => claims[j]);
    };
    claims.forEach((c) => {
      const others = nearby(c).filter(
        (o) =>
          o !== c &&
          o.mapping.protocol === c.mapping.protocol &&
          o.from <= c.to &&
          c.from <= o.to &&
          addressesClash(c.mapping.hostIp, o.mapping.hostIp) &&
          // A mapping never clashes with itself; two entries of one service do.
          (o.service !== c.service || o.mapping.loc.start !== c.mapping.loc.start),
      );
      if (others.length === 0) return;
      const first = others[0];
      const shared = Math.max(c.from, first.from);
      const self = others.every((o) => o.service === c.service);
      findings.push({
        rule: ID,
        severity: 'error',
        message: self
          ? `\`${c.service.name}\` publishes ${describeMapping(c.mapping)}, and also ${someOf(others, (o) => describeMapping(o.mapping))}: host port ${shared}/${c.mapping.protocol} twice; the container fails to start with "port is already allocated".`
          : `\`${c.service.name}\` publishes ${describeMapping(c.mapping)}, but ${someOf(others, (o) => `\`${o.service.name}\` (${describeMapping(o.mapping)})`)} also ${others.length > 1 ? 'claim' : 'claims'} host port ${shared}/${c.mapping.protocol}; the second container to start fails with "port is already allocated".`,
        loc: c.mapping.publishedLoc ?? c.mapping.loc,
        service: c.service.name,
        related: others.slice(0, RELATED).map((o) => ({ loc: o.mapping.publishedLoc ?? o.mapping.loc, message: `\`${o.service.name}\` publishes ${describeMapping(o.mapping)} here` })),
        fixes: [],
      });
    });
    return findings;
  },
};
