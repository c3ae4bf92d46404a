// What the "Check Reachability…" quick picks offer, from a topology document: the services to
// probe from and to, and the ports worth trying (those the file's references use, then the ports
// the target publishes). Pure, so it is tested without VS Code.
import type { TopologyDocument } from '../../../server/src/topology/types';

export interface PortChoice {
  port: number;
  why: string;
}

export function fromChoices(doc: TopologyDocument): string[] {
  return doc.services.filter((s) => s.active).map((s) => s.name);
}

/** Targets, those `from` refers to first. */
export function toChoices(doc: TopologyDocument, from: string): string[] {
  const referred = new Set(doc.references.filter((r) => r.from === from && r.to).map((r) => r.to as string));
  const others = doc.services.map((s) => s.name).filter((n) => n !== from);
  return [...others.filter((n) => referred.has(n)), ...others.filter((n) => !referred.has(n))];
}

export function portChoices(doc: TopologyDocument, from: string, to: string): PortChoice[] {
  const out = new Map<number, string>();
  for (const r of doc.references) if (r.from === from && r.to === to && r.port && !out.has(r.port)) out.set(r.port, `${from} uses ${r.name}:${r.port}`);
  // A loopback address a finding says is meant for the target (localhost-peer): its port is the one to prove.
  for (const r of doc.references) if (r.from === from && r.intended === to && r.port && !out.has(r.port)) out.set(r.port, `${from} uses ${r.name}:${r.port}, meant for ${to}`);
  for (const p of doc.services.find((s) => s.name === to)?.ports ?? []) if (p.protocol === 'tcp' && !out.has(p.target)) out.set(p.target, `${to}'s container port${p.published ? ` (published as ${p.published})` : ''}`);
  return [...out].map(([port, why]) => ({ port, why }));
}

/** A port typed by the user: 1–65535, or undefined. */
export function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text.trim())) return undefined;
  const n = Number(text.trim());
  return n >= 1 && n <= 65535 ? n : undefined;
}
