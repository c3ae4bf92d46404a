// traefik-router-misnamed: a service's labels give a router settings (`entrypoints`, `tls`, `middlewares`,
// `service`) but no `rule`, no started service gives that router a rule, and the same service has another
// router of the same protocol with the rule and none of those settings. The labels were meant for that
// router: a block copied from another service where one key kept the old router's name. Traefik gives the
// stray router its default rule (a host named after the container) and the real one goes without the
// settings — no TLS, every entry point, no middleware — and, if another container defines the stray name
// (where it was copied from), both are rejected as one router defined differently.
import { code } from '../display/markdown';
import { routersOf, type TraefikRouter } from '../network/traefikLabels';
import type { NetworkModel } from '../network/types';
import { someOf } from './support/listLimits';
import { ruleDocs } from './support/ruleDocs';
import { renameRouterFix } from './support/traefikRouterRename';
import type { Finding, Rule } from './types';

const ID = 'traefik-router-misnamed';

export const traefikRouterMisnamed: Rule = {
  id: ID,
  severity: 'warning',
  title: "Traefik router settings written under another router's name",
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    const byService: Array<Map<string, TraefikRouter>> = [];
    /** Routers (`<protocol> <name>`, name in lower case) some started service gives a rule. */
    const ruled = new Set<string>();
    for (const route of model.traefik.routes) {
      const routers = routersOf(route);
      byService.push(routers);
      for (const r of routers.values()) if (r.settings.has('rule')) ruled.add(`${r.protocol} ${r.name.toLowerCase()}`);
    }
    const findings: Finding[] = [];
    for (const routers of byService) {
      for (const stray of routers.values()) {
        // UDP routers have no rule; a router some service gives a rule is not stray.
        if (stray.protocol === 'udp' || stray.settings.has('rule') || ruled.has(`${stray.protocol} ${stray.name.toLowerCase()}`)) continue;
        const settings = [...stray.settings.keys()];
        const meant = [...routers.values()].filter((r) => r !== stray && r.protocol === stray.protocol && r.settings.has('rule') && settings.every((k) => !r.settings.has(k)));
        if (meant.length === 0) continue;
        const service = stray.route.service;
        // With several candidates the rename is the author's choice: no fix.
        const fix = meant.length === 1 ? renameRouterFix(model, stray.labels, stray.name, meant[0].name, `Write these labels for router \`${meant[0].name}\``) : undefined;
        findings.push({
          rule: ID,
          severity: 'warning',
          message: `\`${service}\`'s labels give router ${code(stray.name)} ${someOf(settings, (k) => code(k))} and no \`rule\`, and no service gives ${code(stray.name)} one; its router${meant.length > 1 ? 's' : ''} ${someOf(meant, (r) => code(r.name), ' and ')} ${meant.length > 1 ? 'have' : 'has'} the rule and no ${someOf(settings, (k) => code(k))}: ${stray.labels.length > 1 ? 'these labels were' : 'this label was'} probably meant for ${meant.length > 1 ? 'one of them' : code(meant[0].name)}. As written, Traefik gives ${code(stray.name)} its default rule (a host named after the container) and ${meant.length > 1 ? 'that router' : code(meant[0].name)} goes without ${settings.length > 1 ? 'these settings' : 'this setting'}; a container elsewhere defining ${code(stray.name)} would have both rejected as one router defined differently.`,
          loc: stray.labels[0].keyLoc,
          service,
          related: meant.slice(0, 3).map((r) => ({ loc: (r.labels.find((l) => /\.rule$/i.test(l.key)) ?? r.labels[0]).keyLoc, message: `router \`${r.name}\` gets its rule here` })),
          fixes: fix ? [fix] : [],
        });
      }
    }
    return findings;
  },
};
