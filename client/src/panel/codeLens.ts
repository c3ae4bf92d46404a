// A "Show network topology" lens above `services:` in Compose files: the panel one click away.
// Client-side on purpose: it needs no analysis, only where the key is.
import { CodeLens, Range, type CodeLensProvider, type TextDocument } from 'vscode';

const SERVICES_KEY = /^services\s*:/m;

export const topologyCodeLens: CodeLensProvider = {
  provideCodeLenses(document: TextDocument): CodeLens[] {
    const text = document.getText();
    const m = SERVICES_KEY.exec(text);
    const line = m ? document.positionAt(m.index).line : 0;
    return [new CodeLens(new Range(line, 0, line, 0), { title: '$(type-hierarchy) Show network topology', command: 'netlens.showTopology', arguments: [document.uri] })];
  },
};
