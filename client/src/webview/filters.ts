// Focus and filters, decided on the topology document (which services and networks stay), then applied to the
// drawn graph as a class (`nl-hidden`, display none), so the layout and the positions are left alone.
import type cytoscape from 'cytoscape';
import type { TopologyDocument } from '../../../server/src/topology/types';
import type { PanelState } from './state';

export interface Shown {
  /** Service names shown, or undefined: all. */
  services?: Set<string>;
  /** Network names hidden. */
  hiddenNetworks: Set<string>;
}

/** The services a service talks to or is talked to by (arrows of the file), and those sharing its namespace. */
export function neighbours(doc: TopologyDocument, name: string): Set<string> {
  const out = new Set<string>([name]);
  for (const r of doc.references) {
    const to = r.to ?? r.intended ?? null;
    if (r.from === name && to) out.add(to);
    if (to === name) out.add(r.from);
  }
  const self = doc.services.find((s) => s.name === name);
  for (const s of doc.services) {
    if (s.namespace_of === name || (self?.namespace_of && (s.name === self.namespace_of || s.namespace_of === self.namespace_of))) out.add(s.name);
  }
  return out;
}

/** Services some finding concerns. */
export function withFindings(doc: TopologyDocument): Set<string> {
  const out = new Set<string>();
  for (const f of doc.findings) {
    if (f.service) out.add(f.service);
    for (const s of f.services ?? []) out.add(s);
  }
  return out;
}

export function decide(doc: TopologyDocument, state: PanelState): Shown {
  let services: Set<string> | undefined;
  const narrow = (keep: (name: string) => boolean) => {
    services = new Set((services ? [...services] : doc.services.map((s) => s.name)).filter(keep));
  };
  if (state.focus && doc.services.some((s) => s.name === state.focus)) {
    const near = neighbours(doc, state.focus);
    narrow((n) => near.has(n));
  }
  if (state.onlyFindings) {
    const marked = withFindings(doc);
    // The focused service stays, so focus and this filter together never show nothing.
    narrow((n) => marked.has(n) || n === state.focus);
  }
  if (state.network) {
    const on = new Set(doc.services.filter((s) => s.networks.some((a) => a.network === state.network)).map((s) => s.name));
    narrow((n) => on.has(n));
  }
  const hiddenNetworks = new Set<string>();
  for (const n of doc.networks) {
    if (state.hideDefault && n.key === 'default') hiddenNetworks.add(n.name);
    else if (state.network && n.name !== state.network) hiddenNetworks.add(n.name);
  }
  // With services narrowed, networks none of them is on go too.
  if (services) {
    const used = new Set(doc.services.filter((s) => services!.has(s.name)).flatMap((s) => s.networks.map((a) => a.network)));
    for (const n of doc.networks) if (!used.has(n.name)) hiddenNetworks.add(n.name);
  }
  return { services, hiddenNetworks };
}

/** Marks what the decision leaves out with `nl-hidden`; boxes left empty go too. Returns how many services are hidden. */
export function applyToGraph(cy: cytoscape.Core, shown: Shown): number {
  let hiddenServices = 0;
  cy.batch(() => {
    cy.elements('.nl-hidden').removeClass('nl-hidden');
    cy.nodes().forEach((n) => {
      const kind = n.data('kind');
      const id = n.id();
      let hide = false;
      if (kind === 'service' && shown.services) hide = !shown.services.has(id.slice(4));
      else if (kind === 'network') hide = shown.hiddenNetworks.has(id.startsWith('net:') ? id.slice(4) : '');
      if (hide) {
        n.addClass('nl-hidden');
        if (kind === 'service') hiddenServices++;
      }
    });
    // A published port goes with its service.
    cy.edges('[kind = "published"]').forEach((e) => {
      if (e.target().hasClass('nl-hidden')) e.source().addClass('nl-hidden');
    });
    // A collapsed group's aggregated arrows say nothing when the filters narrow: they go when an end goes.
    cy.edges().forEach((e) => {
      if (e.source().hasClass('nl-hidden') || e.target().hasClass('nl-hidden')) e.addClass('nl-hidden');
    });
    // Boxes (host, namespaces, projects) whose children are all hidden, innermost first.
    const parents = cy
      .nodes()
      .filter((n) => n.isParent())
      .toArray()
      .map((n) => n as cytoscape.NodeSingular)
      .sort((a, b) => b.ancestors().length - a.ancestors().length);
    for (const p of parents) {
      if (p.children().every((c) => (c as cytoscape.NodeSingular).hasClass('nl-hidden'))) p.addClass('nl-hidden');
    }
  });
  return hiddenServices;
}
