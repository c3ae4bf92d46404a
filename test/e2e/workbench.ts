/// <reference lib="dom" />
// Drives the VS Code workbench in Debian's chromium the way a person does: clicks, keys, the
// mouse over a word. Every wait is bounded; `describe()` tells what the page showed when a step
// fails, so a failure reads without a browser.
import { chromium, type Browser, type BrowserContext, type FrameLocator, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const SEL = {
  workbench: '.monaco-workbench',
  explorerRow: '.explorer-folders-view .monaco-list-row',
  editor: '.editor-group-container.active .monaco-editor',
  squiggle: '[class*="squiggly-"]',
  problemsRow: '.markers-panel .monaco-list-row',
  // Several hover widgets live in the page (editor, workbench, status bar); only a shown one counts.
  hover: '.monaco-hover:not(.hidden):visible',
  actionWidget: '.action-widget',
  actionRow: '.action-widget .monaco-list-row',
  quickInput: '.quick-input-widget',
  quickInputRow: '.quick-input-widget .monaco-list-row',
  notification: '.notifications-toasts .notification-list-item, .notifications-center .notification-list-item',
  cursorStatus: '[id="status.editor.selection"]',
  webview: 'iframe.webview',
};

export interface Squiggle {
  line: number;
  text: string;
  kind: string;
}

export class Workbench {
  private constructor(
    private readonly browser: Browser,
    private readonly context: BrowserContext,
    readonly page: Page,
    private readonly shotDir: string,
  ) {}

  static async open(url: string, shotDir: string, timeoutMs = 90_000): Promise<Workbench> {
    mkdirSync(shotDir, { recursive: true });
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    // Only loopback: the workbench must not need (nor reach) anything else.
    await context.route(
      (u) => !['127.0.0.1', 'localhost'].includes(u.hostname) && (u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'ws:' || u.protocol === 'wss:'),
      (route) => route.abort(),
    );
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const wb = new Workbench(browser, context, page, shotDir);
    await page.goto(url, { timeout: timeoutMs });
    await page.locator(SEL.workbench).waitFor({ timeout: timeoutMs });
    await page.locator(SEL.explorerRow).first().waitFor({ timeout: timeoutMs });
    return wb;
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
    await this.browser.close().catch(() => undefined);
  }

  async screenshot(name: string): Promise<string> {
    const file = join(this.shotDir, `${name}.png`);
    await this.page.screenshot({ path: file, timeout: 30_000 });
    return file;
  }

  /** Opens a file from the explorer, like a click on its name, and waits for its editor. */
  async openFromExplorer(name: string): Promise<void> {
    const row = this.page.locator(SEL.explorerRow).filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${name.replace('.', '\\.')}$`) }) });
    await row.first().click();
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
    await this.page.locator(`${SEL.editor} .view-lines`).waitFor();
  }

  /** Waits until at least `count` squiggles are drawn in the active editor. */
  async waitForSquiggles(count: number, timeoutMs = 60_000): Promise<void> {
    await this.page.waitForFunction(
      ([sel, n]) => document.querySelectorAll(sel as string).length >= (n as number),
      [`${SEL.editor} ${SEL.squiggle}`, count] as const,
      { timeout: timeoutMs },
    );
  }

  /** Each squiggle of the active editor with its line number and the characters it underlines. */
  async squiggles(): Promise<Squiggle[]> {
    return this.page.evaluate((editorSel) => {
      const editor = document.querySelector(editorSel);
      if (!editor) return [];
      const out: Array<{ line: number; text: string; kind: string }> = [];
      const overlaps = (a: DOMRect, b: DOMRect) => a.top < b.bottom - 1 && b.top < a.bottom - 1;
      for (const sq of Array.from(editor.querySelectorAll('[class*="squiggly-"]'))) {
        const r = sq.getBoundingClientRect();
        const kind = (Array.from(sq.classList).find((c) => c.startsWith('squiggly-')) ?? '').slice('squiggly-'.length);
        const lineNo = Array.from(editor.querySelectorAll('.margin-view-overlays .line-numbers')).find((n) => overlaps(n.getBoundingClientRect(), r));
        const viewLine = Array.from(editor.querySelectorAll('.view-lines .view-line')).find((l) => overlaps(l.getBoundingClientRect(), r));
        let text = '';
        if (viewLine) {
          // Every character whose centre lies under the squiggle.
          const walker = document.createTreeWalker(viewLine, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const s = node.textContent ?? '';
            for (let i = 0; i < s.length; i++) {
              const range = document.createRange();
              range.setStart(node, i);
              range.setEnd(node, i + 1);
              const c = range.getBoundingClientRect();
              const mid = c.left + c.width / 2;
              if (mid > r.left && mid < r.right) text += s[i];
            }
          }
        }
        out.push({ line: lineNo ? Number(lineNo.textContent?.trim()) : -1, text: text.replace(/\u00a0/g, ' '), kind });
      }
      return out;
    }, SEL.editor);
  }

  /** Page coordinates of the middle of `word` on editor line `line` (which must be on screen). */
  async wordCentre(line: number, word: string): Promise<{ x: number; y: number }> {
    const p = await this.page.evaluate(
      ([editorSel, lineNo, w]) => {
        const editor = document.querySelector(editorSel as string);
        if (!editor) return null;
        const num = Array.from(editor.querySelectorAll('.margin-view-overlays .line-numbers')).find((n) => n.textContent?.trim() === String(lineNo));
        if (!num) return null;
        const nr = num.getBoundingClientRect();
        const viewLine = Array.from(editor.querySelectorAll('.view-lines .view-line')).find((l) => {
          const r = l.getBoundingClientRect();
          return Math.abs(r.top - nr.top) < 3;
        });
        if (!viewLine) return null;
        const text = viewLine.textContent?.replace(/\u00a0/g, ' ') ?? '';
        const at = text.indexOf(w as string);
        if (at < 0) return null;
        // Find the text node and offset holding character `at + half`.
        let target = at + Math.floor((w as string).length / 2);
        const walker = document.createTreeWalker(viewLine, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const len = node.textContent?.length ?? 0;
          if (target < len) {
            const range = document.createRange();
            range.setStart(node, target);
            range.setEnd(node, target + 1);
            const c = range.getBoundingClientRect();
            return { x: c.left + c.width / 2, y: c.top + c.height / 2 };
          }
          target -= len;
        }
        return null;
      },
      [SEL.editor, line, word] as const,
    );
    if (!p) throw new Error(`"${word}" is not visible on line ${line} of the editor`);
    return p;
  }

  /** The text of editor line `line` as displayed. */
  async lineText(line: number): Promise<string> {
    return this.page.evaluate(
      ([editorSel, lineNo]) => {
        const editor = document.querySelector(editorSel as string);
        const num = editor && Array.from(editor.querySelectorAll('.margin-view-overlays .line-numbers')).find((n) => n.textContent?.trim() === String(lineNo));
        if (!editor || !num) return '';
        const top = num.getBoundingClientRect().top;
        const l = Array.from(editor.querySelectorAll('.view-lines .view-line')).find((v) => Math.abs(v.getBoundingClientRect().top - top) < 3);
        return (l?.textContent ?? '').replace(/\u00a0/g, ' ');
      },
      [SEL.editor, line] as const,
    );
  }

  /** Puts the cursor on `line`, `column` with Go to Line (Ctrl+G accepts `line:column`). */
  async goTo(line: number, column: number): Promise<void> {
    await this.page.locator(`${SEL.editor} .view-lines`).click();
    await this.page.keyboard.press('Control+G');
    await this.page.locator(`${SEL.quickInput} input`).waitFor();
    await this.page.keyboard.type(`${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator(SEL.quickInput).waitFor({ state: 'hidden' });
  }

  /** Opens the Problems panel (Ctrl+Shift+M) and returns the text of each row. */
  async problems(): Promise<string[]> {
    if (!(await this.page.locator('.markers-panel').isVisible())) {
      await this.page.keyboard.press('Control+Shift+M');
      await this.page.locator('.markers-panel').waitFor();
    }
    return this.page.locator(SEL.problemsRow).evaluateAll((rows) => rows.map((r) => `${(r as HTMLElement).innerText.replace(/\s+/g, ' ').trim()} {aria: ${r.getAttribute('aria-label') ?? ''}}`));
  }

  /** Waits until the Problems rows satisfy `ok`; returns the last rows seen. */
  async waitForProblems(ok: (rows: string[]) => boolean, timeoutMs = 30_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    let rows = await this.problems();
    while (!ok(rows) && Date.now() < deadline) {
      await this.page.waitForTimeout(250);
      rows = await this.problems();
    }
    return rows;
  }

  /** Moves the mouse over `word` on `line` and returns the hover's parts: markdown (providers) and markers. */
  async hover(line: number, word: string, timeoutMs = 15_000): Promise<{ markdown: string; markers: string }> {
    // Code lenses and other late decorations can move the text after the mouse is placed, leaving it
    // over another line: place it again (from outside, so the editor sees a new hover) until one shows.
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.page.mouse.move(10, 10);
      const p = await this.wordCentre(line, word);
      await this.page.mouse.move(p.x, p.y, { steps: 4 });
      const left = deadline - Date.now();
      const shown = await this.page
        .locator(SEL.hover)
        .first()
        .waitFor({ timeout: Math.max(1, Math.min(3_000, left)) })
        .then(() => true)
        .catch((err: Error) => {
          if (Date.now() >= deadline) throw err;
          return false;
        });
      if (shown) break;
    }
    // Providers' hovers render as markdown rows; the diagnostics under the mouse as `.marker` rows.
    // The providers answer after the markers are shown: give them a bounded moment to arrive.
    const read = () =>
      this.page.locator(SEL.hover).first().evaluate((h) => {
        const text = (els: Element[]) => els.map((e) => (e as HTMLElement).innerText.trim()).filter(Boolean).join('\n');
        return {
          markdown: text(Array.from(h.querySelectorAll('.markdown-hover')).filter((e) => !e.closest('.marker'))),
          markers: text(Array.from(h.querySelectorAll('.marker'))),
        };
      });
    const partsDeadline = Date.now() + 5_000;
    let parts = await read();
    while (!parts.markdown && Date.now() < partsDeadline) {
      await this.page.waitForTimeout(200);
      parts = await read();
    }
    return parts;
  }

  /** Opens the quick fix menu (Ctrl+.) at the cursor and returns its entries. */
  async quickFixMenu(timeoutMs = 15_000): Promise<string[]> {
    // Pressed before the workbench has the code actions of the position (a newly opened or edited file), the key
    // shows nothing, or "no code actions" for a moment: it is pressed again every 3 s until the menu opens.
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.page.keyboard.press('Control+.');
      const opened = await this.page
        .locator(SEL.actionRow)
        .first()
        .waitFor({ timeout: Math.max(1, Math.min(3_000, deadline - Date.now())) })
        .then(() => true)
        .catch(() => false);
      if (opened) break;
      if (Date.now() >= deadline) throw new Error(`no quick fix menu opened within ${timeoutMs} ms`);
      await this.page.keyboard.press('Escape');
    }
    return this.page.locator(SEL.actionRow).evaluateAll((rows) => rows.map((r) => (r as HTMLElement).innerText.replace(/\s+/g, ' ').trim() || r.getAttribute('aria-label') || ''));
  }

  /** Runs a command by its title from the command palette; fails if the palette does not offer it. */
  async runCommand(title: string, timeoutMs = 15_000): Promise<void> {
    await this.page.keyboard.press('F1');
    await this.page.locator(`${SEL.quickInput} input`).waitFor({ timeout: timeoutMs });
    await this.page.keyboard.type(title);
    const row = this.page.locator(SEL.quickInputRow, { hasText: title });
    try {
      await row.first().waitFor({ timeout: timeoutMs });
    } catch {
      const offered = await this.page.locator(SEL.quickInputRow).allInnerTexts();
      await this.page.keyboard.press('Escape');
      throw new Error(`the command palette does not offer "${title}"; it offered: ${JSON.stringify(offered)}`);
    }
    await row.first().click();
    await this.page.locator(SEL.quickInput).waitFor({ state: 'hidden', timeout: timeoutMs });
  }

  /** The `Ln X, Col Y` of the status bar, as numbers. */
  async cursor(): Promise<{ line: number; column: number } | undefined> {
    const t = (await this.page.locator(SEL.cursorStatus).first().innerText({ timeout: 5_000 }).catch(() => '')) ?? '';
    const m = /Ln (\d+), Col (\d+)/.exec(t);
    return m ? { line: Number(m[1]), column: Number(m[2]) } : undefined;
  }

  /**
   * Gives the editor area the whole window (side bar and bottom panel hidden, as a user would with
   * Ctrl+B and Ctrl+J) and moves the sash between the two editor groups to `leftWidth` pixels, so a
   * panel beside the editor is wide enough to read.
   */
  async makeRoomBeside(leftWidth: number, timeoutMs = 10_000): Promise<void> {
    for (const [part, key] of [['workbench.parts.sidebar', 'Control+B'], ['workbench.parts.panel', 'Control+J']] as const) {
      const loc = this.page.locator(`[id="${part}"]`);
      if (await loc.isVisible()) {
        await this.page.keyboard.press(key);
        await loc.waitFor({ state: 'hidden', timeout: timeoutMs });
      }
    }
    // The sash between side-by-side editor groups: a tall vertical sash inside the editor part.
    const sash = await this.page.evaluate(() => {
      const part = document.getElementById('workbench.parts.editor');
      const sashes = part ? Array.from(part.querySelectorAll('.monaco-sash.vertical')) : [];
      const rects = sashes.map((s) => s.getBoundingClientRect()).filter((r) => r.height > 200 && r.width > 0);
      rects.sort((a, b) => b.height - a.height);
      return rects[0] ? { x: rects[0].x + rects[0].width / 2, y: rects[0].y + rects[0].height / 2 } : null;
    });
    if (!sash) throw new Error('there are not two editor groups side by side');
    await this.page.mouse.move(sash.x, sash.y);
    await this.page.mouse.down();
    await this.page.mouse.move(leftWidth, sash.y, { steps: 10 });
    await this.page.mouse.up();
  }

  /** The page inside the (first) webview panel. */
  webview(): FrameLocator {
    return this.page.frameLocator(SEL.webview).first().frameLocator('#active-frame');
  }

  /** Page coordinates of the webview's inner page origin. */
  async webviewOrigin(): Promise<{ x: number; y: number }> {
    const box = await this.page.frameLocator(SEL.webview).first().locator('#active-frame').boundingBox();
    if (!box) throw new Error('the webview is not on screen');
    return { x: box.x, y: box.y };
  }

  /** Everything a reader needs to understand a failure: problems, hover, menus, notifications, status bar. */
  async describe(): Promise<string> {
    const p = this.page;
    const texts = async (sel: string) => (await p.locator(sel).allInnerTexts().catch(() => [] as string[])).map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
    const parts: string[] = [];
    parts.push(`title: ${await p.title().catch(() => '?')}`);
    parts.push(`editor tabs: ${JSON.stringify(await texts('.tabs-container .tab'))}`);
    parts.push(`problems: ${JSON.stringify(await texts(SEL.problemsRow))}`);
    parts.push(`squiggles: ${JSON.stringify(await this.squiggles().catch(() => []))}`);
    parts.push(`hover: ${JSON.stringify(await texts(SEL.hover))}`);
    parts.push(`action menu: ${JSON.stringify(await texts(`${SEL.actionRow}:visible`))}`);
    parts.push(`quick input: ${JSON.stringify(await texts(`${SEL.quickInput}:visible .monaco-list-row`))}`);
    parts.push(`editor messages: ${JSON.stringify(await texts('.monaco-editor-overlaymessage:visible'))}`);
    parts.push(`notifications: ${JSON.stringify(await texts(SEL.notification))}`);
    parts.push(`status bar: ${JSON.stringify(await texts('.statusbar-item'))}`);
    const webviewText = await this.webview().locator('body').innerText({ timeout: 2_000 }).catch(() => '(no webview)');
    parts.push(`webview: ${JSON.stringify(webviewText.replace(/\s+/g, ' ').slice(0, 2000))}`);
    return parts.join('\n');
  }
}
