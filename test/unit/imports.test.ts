// The shape of the source tree, read with TypeScript's own pre-processor and module resolution: no module
// of server/ or client/ imports itself back through others (a loop makes the order in which modules load
// matter and keeps pieces from moving apart), and the client reaches the server side only through the
// protocol module and the topology page it shares with the CLI.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '../../..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** Each source file of the folders → the project files it imports (type-only imports and re-exports count). */
function importGraph(folders: string[]): Map<string, string[]> {
  const options: ts.CompilerOptions = { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 };
  const graph = new Map<string, string[]>();
  for (const file of folders.flatMap((f) => sourceFiles(path.join(ROOT, f)))) {
    const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    const targets: string[] = [];
    for (const ref of info.importedFiles) {
      if (!ref.fileName.startsWith('.')) continue;
      const resolved = ts.resolveModuleName(ref.fileName, file, options, ts.sys).resolvedModule?.resolvedFileName;
      assert.ok(resolved, `${path.relative(ROOT, file)} imports ${ref.fileName}, which does not resolve`);
      if (!resolved.endsWith('.d.ts')) targets.push(path.resolve(resolved));
    }
    graph.set(path.resolve(file), targets);
  }
  return graph;
}

/** The strongly connected parts of more than one file, or a file importing itself (Tarjan's algorithm). */
function importLoops(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const loops: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const part: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        part.push(path.relative(ROOT, w));
      } while (w !== v);
      if (part.length > 1 || (graph.get(v) ?? []).includes(v)) loops.push(part.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return loops;
}

describe('imports', () => {
  const graph = importGraph(['server/src', 'client/src']);

  it('reads the whole tree (the server entry point and its providers are in the graph)', () => {
    const server = graph.get(path.join(ROOT, 'server/src/server.ts'));
    assert.ok(server && server.length > 10, 'server.ts imports its providers');
    assert.ok(graph.size > 150, `${graph.size} files read`);
  });

  it('has no import loop in server/ or client/', () => {
    const loops = importLoops(graph);
    assert.deepEqual(loops, [], `import loops:\n${loops.map((l) => `  ${l.join(' ↔ ')}`).join('\n')}`);
  });

  it('finds a loop when there is one (the check itself)', () => {
    const a = path.join(ROOT, 'a.ts');
    const b = path.join(ROOT, 'b.ts');
    const c = path.join(ROOT, 'c.ts');
    assert.deepEqual(importLoops(new Map([[a, [b]], [b, [c]], [c, [a]]])), [['a.ts', 'b.ts', 'c.ts']]);
    assert.deepEqual(importLoops(new Map([[a, [b]], [b, [c]], [c, []]])), []);
  });

  it('the client imports from the server side only the protocol module and the topology page it shares with the CLI', () => {
    const allowed = (file: string) => file === 'server/src/protocol.ts' || file.startsWith('server/src/topology/');
    const reaches: string[] = [];
    for (const [from, targets] of graph) {
      if (!path.relative(ROOT, from).startsWith('client/')) continue;
      for (const to of targets.map((t) => path.relative(ROOT, t))) if (to.startsWith('server/') && !allowed(to)) reaches.push(`${path.relative(ROOT, from)} → ${to}`);
    }
    assert.deepEqual(reaches, []);
  });
});
