// What the panel's own controls remember across a reload (inside the page's ViewState, `panel`): graph or
// matrix, the focused service, the filters and the search text. Validated like everything the page reads back.
export interface PanelState {
  mode?: 'graph' | 'matrix';
  /** The focused service: only it and its neighbours are drawn. */
  focus?: string;
  /** Hide the project's `default` network. */
  hideDefault?: boolean;
  /** Only services with findings (and the arrows between them). */
  onlyFindings?: boolean;
  /** Only the services of this network (its name on the engine, as the document names it). */
  network?: string;
  search?: string;
}

const MAX_TEXT = 1000;
const optText = (v: unknown) => v === undefined || (typeof v === 'string' && v.length <= MAX_TEXT);
const optBool = (v: unknown) => v === undefined || typeof v === 'boolean';

export function isPanelState(v: unknown): v is PanelState {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const s = v as Record<string, unknown>;
  if (s.mode !== undefined && s.mode !== 'graph' && s.mode !== 'matrix') return false;
  return optText(s.focus) && optText(s.network) && optText(s.search) && optBool(s.hideDefault) && optBool(s.onlyFindings);
}

/** Whether any filter (focus included) narrows what is shown. */
export function filtering(s: PanelState): boolean {
  return !!(s.focus || s.hideDefault || s.onlyFindings || s.network);
}
