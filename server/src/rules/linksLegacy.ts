// links-legacy: on a user-defined network the embedded DNS already answers the service name
// (fact 7), so a `links` entry to a peer on a shared network adds nothing but an /etc/hosts line.
import type { CSeq } from '../compose/nodes';
import { get, isMap, isSeq, pair } from '../compose/nodes';
import type { Link, NetworkModel, Reference, ServiceInfo } from '../network/types';
import { nameMentions } from '../network/mentions';
import { ruleDocs } from './support/ruleDocs';
import { deletePair, replaceText } from './support/textEdits';
import type { Finding, Fix, Rule, TextEdit } from './types';
import { removeItem } from './support/yamlCollectionEdits';

const ID = 'links-legacy';

interface Redundant {
  link: Link;
  target: ServiceInfo;
  /** References of the service that use the link's alias, a name only the link provides. */
  aliasRefs: Reference[];
  /** Uses of the alias that are no located reference (`redis-cli -h redis`): a rename would miss them. */
  unlocatedUses: number;
}

function redundantLinks(model: NetworkModel, svc: ServiceInfo): Redundant[] {
  if (svc.networkMode.kind !== 'networks') return [];
  const out: Redundant[] = [];
  for (const link of svc.links) {
    const target = model.services.get(link.target);
    if (!target || !target.active) continue;
    const shared = model.sharedNetworks(svc.name, target.name);
    if (shared.length === 0) continue;
    const alias = link.alias.toLowerCase();
    const aliasResolves = shared.some((n) => model.namesOn(target.name, n).includes(alias));
    const users = model.namespaceMembers(svc.name);
    const aliasRefs = aliasResolves ? [] : users.flatMap((u) => model.referencesFrom(u).filter((r) => r.host.toLowerCase() === alias && r.form !== 'dependency'));
    const mentions = aliasResolves ? 0 : users.reduce((n, u) => n + nameMentions((model.services.get(u) as ServiceInfo).def, link.alias), 0);
    out.push({ link, target, aliasRefs, unlocatedUses: Math.max(0, mentions - aliasRefs.length) });
  }
  return out;
}

/** Removes the link entry, or the whole `links` key when every entry goes. */
function removal(model: NetworkModel, svc: ServiceInfo, link: Link, all: boolean): TextEdit | undefined {
  const linksPair = pair(svc.def.node, 'links');
  if (!linksPair || !isSeq(linksPair.value)) return undefined;
  const root = model.project.fileTrees.get(link.loc.file);
  const own = get(get(root, 'services'), svc.name);
  const filePair = isMap(own) ? own.pairs.get('links') : undefined;
  if (!filePair || !isSeq(filePair.value)) return undefined;
  const seq: CSeq = filePair.value;
  const onlyHere = linksPair.value.items.every((i) => i.loc.file === link.loc.file);
  // The last entry takes the key with it: an empty `links:` is left behind by nobody.
  if ((all && onlyHere) || (seq.items.length === 1 && onlyHere)) return deletePair(model.project.sources, filePair);
  const index = seq.items.findIndex((i) => i.loc.start === link.loc.start);
  return index < 0 ? undefined : removeItem(model.project.sources, seq, index);
}

export const linksLegacy: Rule = {
  id: ID,
  severity: 'hint',
  title: 'Legacy links where the name already resolves',
  docs: ruleDocs(ID),
  check(model: NetworkModel) {
    const findings: Finding[] = [];
    for (const svc of model.services.values()) {
      if (!svc.active || svc.links.length === 0) continue;
      const redundant = redundantLinks(model, svc);
      const all = redundant.length === svc.links.length && redundant.every((r) => r.aliasRefs.length === 0 && r.unlocatedUses === 0);
      for (const r of redundant) {
        const { link, target, aliasRefs, unlocatedUses } = r;
        const net = model.sharedNetworks(svc.name, target.name)[0];
        const fixes: Fix[] = [];
        const remove = removal(model, svc, link, all);
        if (remove && unlocatedUses === 0 && aliasRefs.every((ref) => ref.exact)) {
          // The alias is only in /etc/hosts through the link: the references switch to the service name.
          const renames = aliasRefs.map((ref) => replaceText(ref.hostLoc, target.name));
          const title =
            aliasRefs.length > 0
              ? `Remove the link and use \`${target.name}\` instead of \`${link.alias}\``
              : all && svc.links.length > 1
                ? `Remove \`links\` from \`${svc.name}\` (every entry is redundant)`
                : `Remove the link to \`${target.name}\``;
          fixes.push({ title, edits: [remove, ...renames], preferred: true });
        }
        const uses = aliasRefs.length + unlocatedUses;
        const aliasNote = uses > 0 ? ` The alias \`${link.alias}\` is used ${uses} time${uses > 1 ? 's' : ''}; use \`${target.name}\` there instead.` : '';
        findings.push({
          rule: ID,
          severity: 'hint',
          message: `\`${svc.name}\` links to \`${target.name}\`, but both are on \`${net}\`, where Docker's DNS already resolves \`${target.name}\`; \`links\` is a legacy option.${aliasNote}`,
          loc: link.loc,
          service: svc.name,
          related: [{ loc: target.def.keyLoc, message: `\`${target.name}\` is defined here` }, ...aliasRefs.map((ref) => ({ loc: ref.hostLoc, message: `uses the link alias \`${link.alias}\`` }))],
          fixes,
          tags: ['unnecessary'],
        });
      }
    }
    return findings;
  },
};
