// What a project whose analysis ran out of time shows: one problem on the file asked about, and an
// empty model (hovers and lenses say nothing rather than wait), kept until one of its files changes.
import * as path from 'node:path';
import type { AnalysisStopped } from '../budget';
import type { ComposeProject, ReadFile } from '../compose/project';
import { SourceFile, SourceSet } from '../compose/source';
import { analyse, type Analysis } from '../analysis';

/** `files`: the project's Compose files, so that an edit to any of them drops this analysis; `maxFileSize`: the size limit of reads. */
export function stoppedAnalysis(file: string, files: string[], stopped: AnalysisStopped, readFile: ReadFile, maxFileSize: number): Analysis {
  const sources = new SourceSet();
  const text = readFile(file, maxFileSize);
  if (typeof text === 'string' && text.length <= maxFileSize) sources.add(new SourceFile(file, text));
  const project: ComposeProject = {
    name: '',
    workingDir: path.dirname(file),
    files,
    sources,
    fileTrees: new Map(),
    localFiles: new Set(),
    sharedAnchors: new Map(),
    services: new Map(),
    networks: new Map(),
    problems: [
      {
        severity: 'warning',
        code: 'analysis-time',
        message: `Analysis stopped after ${stopped.seconds} s: ${stopped.stage} took too long, so nothing is reported for this project until it changes (the setting netlens.analysisTimeLimitSeconds allows more time).`,
        loc: { file, start: 0, end: 0 },
      },
    ],
    environment: {},
    enabledProfiles: new Set(),
    mountSources: [],
  };
  return analyse(project);
}
