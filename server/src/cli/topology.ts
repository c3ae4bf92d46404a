// `netlens topology`: the project's network as the panel draws it, for people, docs and CI.
//   netlens topology [--format json|mermaid|dot|html] [--profile P]... [-f FILE]... [--out FILE] [DIR]
// Exit code: 0 written, 2 usage or load failure.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { loadProject } from '../compose/project';
import { analyse, type Analysis } from '../analysis';
import { topologyFromAnalysis } from '../topology/fromModel';
import { embeddedReach } from '../topology/reach';
import type { EmbeddedReach } from '../protocol';
import type { TopologyDocument } from '../topology/types';
import { printFatalProblems } from './checkOutput';
import { ALLOW_OUTSIDE_OPTION, cliBoundary } from './readScope';
import { STACK_OPTION, stackOption } from './stackOption';
import { displayPath } from './report';
import { topologyDot } from './topologyDot';
import { findPageAssets, topologyHtml } from './topologyHtml';
import { topologyJson } from './topologyJson';
import { topologyMermaid } from './topologyMermaid';

export interface TopologyIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const TOPOLOGY_USAGE = `  netlens topology [options] [DIR]        the project's network: --format json|mermaid|dot|html (default json),
                                          --out FILE, -f FILE, --profile NAME, --stack NAME, --allow-outside`;

export const TOPOLOGY_FORMATS = ['json', 'mermaid', 'dot', 'html'] as const;
export type TopologyFormat = (typeof TOPOLOGY_FORMATS)[number];

/** The options naming the project to draw, shared by `topology` and `topology --live DIR`. */
export const PROJECT_OPTIONS = {
  file: { type: 'string', short: 'f', multiple: true },
  profile: { type: 'string', multiple: true },
  ...ALLOW_OUTSIDE_OPTION,
  ...STACK_OPTION,
} as const;

export interface ProjectValues {
  file?: string[];
  profile?: string[];
  'allow-outside'?: boolean;
  stack?: string;
}

/** The analysis of the project the command line names (a folder, or `-f` files, or the current folder); else a usage problem in words, or an exit code once load problems are printed. */
export function topologyAnalysis(values: ProjectValues, positionals: string[], io: TopologyIo): Analysis | { problem: string } | { exit: number } {
  const { stack, problem: stackProblem } = stackOption(values.stack);
  if (stackProblem) return { problem: stackProblem };
  if (positionals.length > 1) return { problem: 'topology draws one project: give at most one folder' };
  const files = (values.file ?? []).map((f) => path.resolve(io.cwd, f));
  const dir = positionals.length ? path.resolve(io.cwd, positionals[0]) : files.length ? undefined : io.cwd;
  if (dir !== undefined) {
    let isDir = false;
    try {
      isDir = fs.statSync(dir).isDirectory();
    } catch {
      return { problem: `${positionals[0] ?? dir}: no such folder` };
    }
    if (!isDir) return { problem: `${positionals[0]}: not a folder (use -f for a file)` };
  }
  const boundary = cliBoundary(dir ?? io.cwd, files, values['allow-outside'] === true);
  const project = loadProject({ dir, files: files.length ? files : undefined, profiles: values.profile ?? [], env: io.env, boundary, ...(stack !== undefined ? { stack } : {}) });
  if (printFatalProblems(project, io)) return { exit: 2 };
  return analyse(project);
}

export function runTopology(args: string[], io: TopologyIo): number {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'json' },
        out: { type: 'string', short: 'o' },
        ...PROJECT_OPTIONS,
      },
    });
  } catch (err) {
    return usage(io, (err as Error).message);
  }
  const { values, positionals } = parsed;
  const format = values.format as string;
  if (!(TOPOLOGY_FORMATS as readonly string[]).includes(format)) return usage(io, `unknown format "${format}" (json, mermaid, dot or html)`);
  const analysis = topologyAnalysis(values, positionals, io);
  if ('problem' in analysis) return usage(io, analysis.problem);
  if ('exit' in analysis) return analysis.exit;
  // The HTML page's matrix view reads the model's verdicts from the page itself.
  const reach = format === 'html' ? embeddedReach(analysis.model) : undefined;
  return writeTopology(topologyFromAnalysis(analysis), format as TopologyFormat, values.out, io, reach);
}

/** Renders `doc` in `format` to `out` (a path) or stdout; the exit code. Shared with `topology --live`. `reach`: the HTML page's matrix. */
export function writeTopology(doc: TopologyDocument, format: TopologyFormat, out: string | undefined, io: TopologyIo, reach?: EmbeddedReach): number {
  let text: string;
  try {
    text = renderTopology(doc, format, reach);
  } catch (err) {
    io.stderr(`netlens: ${(err as Error).message}\n`);
    return 2;
  }
  if (out) {
    const file = path.resolve(io.cwd, out);
    try {
      fs.writeFileSync(file, text);
    } catch (err) {
      io.stderr(`netlens: cannot write ${out}: ${(err as Error).message}\n`);
      return 2;
    }
    io.stderr(`netlens: wrote ${displayPath(file, io.cwd)}\n`);
  } else io.stdout(text);
  return 0;
}

export function renderTopology(doc: TopologyDocument, format: TopologyFormat, reach?: EmbeddedReach): string {
  switch (format) {
    case 'json':
      return topologyJson(doc);
    case 'mermaid':
      return topologyMermaid(doc);
    case 'dot':
      return topologyDot(doc);
    case 'html': {
      const assets = findPageAssets(__dirname);
      if (!assets) throw new Error('the topology page (client/out/webview.js) is not built; run `npm run build`');
      return topologyHtml(doc, assets, reach);
    }
  }
}

function usage(io: TopologyIo, message: string): number {
  io.stderr(`netlens: ${message}\n\nUsage:\n${TOPOLOGY_USAGE}\n`);
  return 2;
}
