// What the "Check Reachability…" quick picks offer, from a topology document: the services to
// probe from and to, and the ports worth trying (those the file's references use, then the ports
// the target publishes). Pure, so it is tested without VS Code.
import { isHostName, isPort, isServiceName } from '../../../server/src/protocol';
import type { TopologyDocument } from '../../../server/src/topology/types';

export interface PortChoice {
  port: number;
  why: string;
}

/** Services to probe from: active ones whose names Compose accepts (a name is an argument of the probe's commands). */
export function fromChoices(doc: TopologyDocument): string[] {
  return doc.services.filter((s) => s.active && isServiceName(s.name)).map((s) => s.name);
}

/** Targets, those `from` refers to first; only names DNS can resolve (and none that a command would read as an option). */
export function toChoices(doc: TopologyDocument, from: string): string[] {
  const referred = new Set(doc.references.filter((r) => r.from === from && r.to).map((r) => r.to as string));
  const others = doc.services.map((s) => s.name).filter((n) => n !== from && isHostName(n));
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

/** Whether a probe from the panel (an arrow's ends and port) names what a probe may run with. */
export function isProbeable(from: string, to: string, port: number | undefined): boolean {
  return isServiceName(from) && isHostName(to) && (port === undefined || isPort(port));
}

/** A port typed by the user: 1–65535, or undefined. */
export function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text.trim())) return undefined;
  const n = Number(text.trim());
  return n >= 1 && n <= 65535 ? n : undefined;
}
