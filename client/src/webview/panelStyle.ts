// The graph's look for the panel's controls (panelControls.ts): what the filters hide, what the search marks,
// and probe all's colours on the arrows (agrees, disagrees, failed), after the finding colours so they win.
import type cytoscape from 'cytoscape';

/** The theme colours used here (style.ts's Palette has them). */
interface Colours {
  fg: string;
  muted: string;
  accent: string;
  error: string;
  link: string;
}

export function panelRules(p: Colours): cytoscape.StylesheetJson {
  return [
    { selector: '.nl-hidden', style: { display: 'none' } },
    { selector: 'node.nl-match', style: { 'border-color': p.accent, 'border-width': 4, 'border-style': 'double' } },
    { selector: 'edge.reference.probe-agrees', style: { 'line-color': p.link, 'target-arrow-color': p.link, color: p.fg, width: 4, 'line-style': 'solid' } },
    { selector: 'edge.reference.probe-disagrees', style: { 'line-color': p.error, 'target-arrow-color': p.error, color: p.error, width: 4, 'line-style': 'solid' } },
    { selector: 'edge.reference.probe-failed', style: { 'line-color': p.muted, 'target-arrow-color': p.muted, color: p.fg, width: 3, 'line-style': 'dotted' } },
  ] as cytoscape.StylesheetJson;
}
