/// <reference lib="dom" />
// The topology page's toolbar (title, Simulated | Live and All projects switches, Fit, Re-layout, Expand all,
// exports, Probe and its verdict) and legend: elements built once, their actions handed in by the view.

/** An element with a class and, optionally, its text (never markup). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** What the toolbar's controls do. */
export interface ToolbarActions {
  fit(): void;
  relayout(): void;
  toggleExpandAll(): void;
  exportImage(format: 'png' | 'svg'): void;
  probe(): void;
  /** The Simulated | Live switch flipped: draw what runs on the engine (true) or what the file says. */
  source(live: boolean): void;
  /** The All projects switch flipped (live only). */
  scope(all: boolean): void;
}

/** The toolbar, and the controls the view updates. */
export interface Toolbar {
  element: HTMLDivElement;
  title: HTMLSpanElement;
  expandToggle: HTMLButtonElement;
  /** With `canSwitchSource` (in VS Code; not in the CLI's HTML export). */
  sourceSwitch?: HTMLButtonElement;
  scopeSwitch?: HTMLButtonElement;
  probeButton?: HTMLButtonElement;
  probeVerdict?: HTMLSpanElement;
}

export function buildToolbar(canSwitchSource: boolean, actions: ToolbarActions): Toolbar {
  const toolbar = el('div', 'nl-toolbar');
  const title = el('span', 'nl-title', 'Network topology');
  toolbar.append(title);
  let sourceSwitch: HTMLButtonElement | undefined;
  let scopeSwitch: HTMLButtonElement | undefined;
  if (canSwitchSource) {
    /** A toggle button (role "switch") that flips its own state on click and reports the new one. */
    const toggle = (className: string, title: string, onFlip: (on: boolean) => void, ...content: Array<string | Node>) => {
      const sw = el('button', className);
      sw.type = 'button';
      sw.setAttribute('role', 'switch');
      sw.setAttribute('aria-checked', 'false');
      sw.title = title;
      sw.append(...content);
      sw.addEventListener('click', () => {
        const on = sw.getAttribute('aria-checked') !== 'true';
        sw.setAttribute('aria-checked', String(on));
        onFlip(on);
      });
      toolbar.append(sw);
      return sw;
    };
    // Simulated | Live: one switch named "Live"; checked draws what runs on the engine.
    sourceSwitch = toggle('nl-source', 'Simulated | Live: draw what the file says, or what runs on the Docker engine', (live) => actions.source(live), el('span', 'nl-sim', 'Simulated'), el('span', 'nl-sep', '|'), el('span', 'nl-live', 'Live'));
    sourceSwitch.setAttribute('aria-label', 'Live');
    // Live only: the project of the file (the default) or every project on the engine.
    scopeSwitch = toggle('nl-scope', 'Live: show every Compose project and container on the engine, not only this file’s project', (all) => actions.scope(all), 'All projects');
    scopeSwitch.hidden = true;
  }
  const button = (label: string, action: () => void) => {
    const b = el('button', '', label);
    b.type = 'button';
    b.addEventListener('click', action);
    toolbar.append(b);
    return b;
  };
  button('Fit', () => actions.fit());
  button('Re-layout', () => actions.relayout());
  const expandToggle = button('Expand all', () => actions.toggleExpandAll());
  expandToggle.className = 'nl-expand';
  expandToggle.title = 'Large project: draw every service, or one node per network (double-click a network to open it alone)';
  expandToggle.style.display = 'none';
  button('Export PNG', () => actions.exportImage('png'));
  button('Export SVG', () => actions.exportImage('svg'));
  let probeButton: HTMLButtonElement | undefined;
  let probeVerdict: HTMLSpanElement | undefined;
  if (canSwitchSource) {
    // Probe the selected arrow from its caller's running container (the extension asks for trust).
    probeButton = el('button', 'nl-probe', 'Probe');
    probeButton.type = 'button';
    probeButton.disabled = true;
    probeButton.title = 'Select an arrow, then check that its caller really reaches the target (name and TCP port)';
    probeButton.addEventListener('click', () => actions.probe());
    toolbar.append(probeButton);
    probeVerdict = el('span', 'nl-verdict');
    probeVerdict.setAttribute('role', 'status');
    toolbar.append(probeVerdict);
  }
  return { element: toolbar, title, expandToggle, sourceSwitch, scopeSwitch, probeButton, probeVerdict };
}

/** What the arrows and their marks mean. */
export function buildLegend(): HTMLDivElement {
  const legend = el('div', 'nl-legend');
  for (const [cls, text] of [
    ['', 'reference (name:port)'],
    ['red', 'finding'],
    ['dash', 'does not resolve'],
    ['dot', 'depends_on'],
    ['pub', 'published port'],
  ]) {
    const item = el('span', '');
    item.append(el('span', `sw ${cls}`), document.createTextNode(text));
    legend.append(item);
  }
  return legend;
}
