// unknown-host: a single-label name that nothing in the project answers to. The embedded DNS
// knows services, aliases, container names and hostnames of containers on shared networks
// (fact 7); links and extra_hosts write /etc/hosts; anything else goes to the host's resolvers
// (fact 10), which rarely know a bare word. Usually a typo of a service name.
import { isLoopbackHost, isWeakHostVariable } from '../network/addresses';
import { get } from '../compose/nodes';
import { parseAddress } from '../network/cidr';
import type { NetworkModel, Reference, ServiceInfo } from '../network/types';
import { ruleDocs } from './support/ruleDocs';
import { writtenIn } from './support/writtenIn';
import { replaceText } from './support/textEdits';
import { NearNames } from './support/nearNames';
import type { Finding, Fix, Rule, Severity } from './types';

const ID = 'unknown-host';

/** Values that stand for "no host" rather than name one. */
const PLACEHOLDERS = new Set(['none', 'null', 'nil', 'disabled', 'off', 'auto', 'default', 'any', 'all', 'unset', 'changeme', 'example']);

/** Every name a service of the project answers to, in the project's order (what a suggestion may be). */
function projectNames(model: NetworkModel): string[] {
  const names: string[] = [];
  for (const svc of model.services.values()) {
    if (!svc.active) continue;
    names.push(svc.name);
    if (svc.containerName) names.push(svc.containerName);
    if (svc.hostname) names.push(svc.hostname);
    for (const a of svc.attachments) for (const alias of a.aliases) names.push(alias.name);
  }
  return names;
}

/**
 * The name nearest to `host` that `from` can resolve: a project name, or one of its own links and
 * extra hosts, which come after them (a tie goes to the project name). Only the near names are
 * resolved, not every name of the project for every service.
 */
function suggestionFor(model: NetworkModel, index: NearNames, from: ServiceInfo, host: string): string | undefined {
  const resolvable = (n: string) => {
    const res = model.resolve(from.name, n);
    return res.kind === 'service' || res.kind === 'extra-host' || res.kind === 'host-gateway';
  };
  const project = index.closest(host, resolvable);
  const own = [...from.links.map((l) => l.alias), ...from.extraHosts.map((e) => e.host)].filter((n) => !index.has(n));
  const mine = own.length > 0 ? new NearNames(own).closest(host, resolvable) : undefined;
  return mine && (!project || mine.distance < project.distance) ? mine.name : project?.name;
}

/**
 * A network whose other members the project does not know: an unknown name may live there. External and
 * attachable networks are, and so is one with an explicit `name:`, which another project can declare too.
 */
function onForeignNetwork(model: NetworkModel, svc: ServiceInfo): boolean {
  return model.dnsNetworks(svc.name).some((n) => {
    const net = model.networks.get(n);
    return net !== undefined && (net.external || net.attachable || (net.def !== undefined && get(net.def.node, 'name') !== undefined));
  });
}

/**
 * How sure the finding is: a name the service surely dials is a warning; a likely connection or an
 * address whose role nothing tells is worth a word only as a near miss of a project name (a typo):
 * otherwise it is as likely a name the host's resolvers know (fact 10) or no host at all.
 */
function severityOf(ref: Reference, suggestion: string | undefined): Severity | undefined {
  if (ref.role === 'dial' && ref.certainty === 'certain') return 'warning';
  if (ref.role === 'dial') return suggestion ? 'warning' : 'info';
  if (ref.role === 'unknown' && suggestion) return 'info';
  return undefined;
}

export const unknownHost: Rule = {
  id: ID,
  severity: 'warning',
  title: 'Host name that nothing answers to',
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    const findings: Finding[] = [];
    const index = new NearNames(projectNames(model));
    for (const ref of model.connections()) {
      const host = ref.host;
      if (host.includes('.') || host.includes(':') || isLoopbackHost(host) || parseAddress(host) !== undefined || /^\d+$/.test(host)) continue;
      if (model.resolve(ref.from, host).kind !== 'unknown') continue;
      const from = model.services.get(ref.from) as ServiceInfo;
      const owner = model.services.get(from.namespaceOwner) ?? from;
      // Host mode and foreign namespaces resolve through resolvers the project does not describe (fact 3).
      if (owner.networkMode.kind !== 'networks' && owner.networkMode.kind !== 'bridge') continue;
      if (onForeignNetwork(model, owner) || owner.dnsSearch.length > 0 || from.dnsSearch.length > 0) continue;
      const suggestion = suggestionFor(model, index, from, host);
      // A bare word in `*_SERVER`, or a placeholder, is as likely a setting as a host: only a near miss counts.
      const weak = ref.form === 'host-var' && ref.envKey !== undefined && (isWeakHostVariable(ref.envKey) || PLACEHOLDERS.has(host.toLowerCase()));
      if (weak && suggestion === undefined) continue;
      // Underscores are no part of a DNS host name (RFC 1123): such a word, unless a service is called so, is a setting.
      if (host.includes('_') && suggestion === undefined) continue;
      const severity = severityOf(ref, suggestion);
      if (severity === undefined) continue;
      // A near miss of a project name in a connection is a typo: the one case a likely connection gets its fix.
      const fixes: Fix[] = suggestion && ref.exact && ref.role === 'dial' && !ref.inShell ? [{ title: `Use \`${suggestion}\``, edits: [replaceText(ref.hostLoc, suggestion)], preferred: true }] : [];
      const target = suggestion ? model.resolve(from.name, suggestion) : undefined;
      const targetSvc = target?.kind === 'service' ? model.services.get(target.target) : undefined;
      findings.push({
        rule: ID,
        severity,
        message: `\`${ref.from}\` ${ref.role === 'dial' ? 'reaches' : 'writes'} \`${host}\`${writtenIn(ref)}, but no service, alias, container name, hostname, link or extra host of the project is called that${suggestion ? `; did you mean \`${suggestion}\`?` : '.'}`,
        loc: ref.hostLoc,
        service: ref.from,
        related: targetSvc ? [{ loc: targetSvc.def.keyLoc, message: `\`${targetSvc.name}\` is defined here` }] : [],
        fixes,
      });
    }
    return findings;
  },
};
