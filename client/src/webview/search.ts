// Search by name: which services a query matches (case-insensitive, anywhere in the name; those starting with
// it first), and the keys that reach the search box (`/` or Ctrl/Cmd+F; Esc clears, Enter jumps).
import type { TopologyDocument } from '../../../server/src/topology/types';

export function matchServices(doc: TopologyDocument | undefined, query: string): string[] {
  const q = query.trim().toLowerCase();
  if (!doc || !q) return [];
  const hits = doc.services.map((s) => s.name).filter((n) => n.toLowerCase().includes(q));
  return [...hits.filter((n) => n.toLowerCase().startsWith(q)), ...hits.filter((n) => !n.toLowerCase().startsWith(q))];
}

/** Whether a key press asks for the search box: `/` outside a text field, or Ctrl+F (Cmd+F on a Mac). */
export function wantsSearch(e: KeyboardEvent): boolean {
  const target = e.target as HTMLElement | null;
  const typing = !!target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable);
  if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) return true;
  return (e.key === 'f' || e.key === 'F') && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey;
}
