// traefik-router-conflict: two started services whose Traefik labels define a router of the same name
// differently. Traefik's Docker provider merges the labels of every container into one configuration;
// a router defined by several containers with different settings is rejected ("Router defined multiple
// times with different configurations") and none of them is routed through it. A router that names no
// `service` goes to its own container's service, so two containers defining it always differ. Usually a
// service block copied without renaming its router.
import { code } from '../display/markdown';
import { routersOf, type TraefikRouter } from '../network/traefikLabels';
import type { NetworkModel } from '../network/types';
import { someOf } from './support/listLimits';
import { ruleDocs } from './support/ruleDocs';
import { renameRouterFix } from './support/traefikRouterRename';
import type { Finding, Rule } from './types';

const ID = 'traefik-router-conflict';

/** A router's settings, with the service it goes to: without a `service` label, the one Traefik makes for its own container. */
function definitionsOf(routes: Map<string, TraefikRouter>): Map<string, TraefikRouter> {
  for (const d of routes.values()) if (!d.settings.has('service')) d.settings.set('service', `(the service of ${d.route.service})`);
  return routes;
}

function sameSettings(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/** What differs between two definitions, for the message. */
function differences(a: Map<string, string>, b: Map<string, string>): string[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys].filter((k) => a.get(k) !== b.get(k)).sort();
}

export const traefikRouterConflict: Rule = {
  id: ID,
  severity: 'warning',
  title: 'Traefik router defined differently by several services',
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    const byRouter = new Map<string, TraefikRouter[]>();
    for (const route of model.traefik.routes) {
      for (const [key, d] of definitionsOf(routersOf(route))) {
        const list = byRouter.get(key) ?? [];
        list.push(d);
        byRouter.set(key, list);
      }
    }
    const findings: Finding[] = [];
    const routerNames = new Set([...byRouter.keys()].map((k) => k.split(' ')[1].toLowerCase()));
    for (const [key, defs] of byRouter) {
      if (defs.length < 2 || defs.every((d) => sameSettings(d.settings, defs[0].settings))) continue;
      const router = key.split(' ')[1];
      for (const d of defs) {
        const others = defs.filter((o) => o !== d);
        const differ = differences(d.settings, others.find((o) => !sameSettings(o.settings, d.settings))?.settings ?? others[0].settings);
        const to = d.route.service;
        const fix = !routerNames.has(to.toLowerCase()) ? renameRouterFix(model, d.labels, router, to, `Rename the router to \`${to}\` in \`${d.route.service}\`'s labels`) : undefined;
        findings.push({
          rule: ID,
          severity: 'warning',
          message: `Router ${code(router)} is defined by ${code(d.route.service)} and by ${someOf(others, (o) => code(o.route.service))} with different settings (${someOf(differ, (k) => code(k))}); Traefik rejects a router defined differently by several containers ("Router defined multiple times with different configurations") and routes none of them through it. Give each service its own router name.`,
          loc: d.labels[0].keyLoc,
          service: d.route.service,
          related: others.slice(0, 3).map((o) => ({ loc: o.labels[0].keyLoc, message: `\`${o.route.service}\` defines router \`${router}\` here` })),
          fixes: fix ? [fix] : [],
        });
      }
    }
    return findings;
  },
};
