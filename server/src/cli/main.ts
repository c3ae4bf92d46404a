// The `netlens` command: the same analysis as the editor, for people and CI.
//   netlens check [--format text|json|sarif|github|gitlab|junit] [--profile P]... [-f FILE]... [--rule ID=SEVERITY]... [DIR|FILE]...
// Exit code (check): 0 no error finding, 1 error findings (or more warnings than --max-warnings), 2 usage or load failure.
import { RULES } from '../rules/registry';
import { runCheck } from './check';
import { CHECK_FORMATS } from './checkOutput';
import { UsageError, type CliIo } from './io';
import { runLiveCli } from './live';
import { REACH_USAGE, runReach } from './reach';
import { STACK_USAGE } from './stackOption';
import { runTopology, TOPOLOGY_USAGE } from './topology';

declare const NETLENS_VERSION: string | undefined;
const VERSION = typeof NETLENS_VERSION === 'string' ? NETLENS_VERSION : '0.0.0-dev';

const USAGE = `Usage:
  netlens check [options] [DIR|FILE]...   analyse Compose projects (default: the current folder)
${TOPOLOGY_USAGE}
${REACH_USAGE}
  netlens check --live [options] [DIR]... also compare with what runs on the Docker engine (drift)
  netlens topology --live [--project NAME | DIR] [--format ...] [--out FILE]   the engine's network, same formats;
                                          with DIR, that project's containers and the file's connections on them

Options:
  --format FORMAT            ${CHECK_FORMATS.join('|')} (default: text)
  -f, --file FILE            a Compose file, merged in the order given (like docker compose -f)
  --profile NAME             enable a Compose profile (repeatable)
${STACK_USAGE}
  --rule ID=SEVERITY         set a rule's severity: error, warning, info, hint or off (repeatable)
  --no-schema                do not check the files against the Compose specification's schema (compose-schema)
  --allow-outside            also read files outside the folder checked (and those of -f files): an env_file,
                             include, extends, .env or mounted configuration file elsewhere is otherwise
                             reported and not read
  -q, --quiet                report error-severity findings only
  --max-warnings N           exit 1 when there are more than N warnings (counted with --quiet too)
  --by-folder                a FILE that docker compose would discover (compose.yaml, its override, ...) stands
                             for its folder's project, checked once (for pre-commit hooks, which name files)
  --fix                      apply every preferred fix (the editor's fix-all), pass after pass, then report what
                             it changed and what remains; files are written in place, only inside the folder checked
  --fix-dry-run              print the fixes --fix would apply as a unified diff, and change nothing
  --probe                    with --live: probe, from the running containers, every address a service dials and
                             every pair \`netlens reach\` says works (at most 100, 4 at a time); each probe agrees or
                             disagrees with the analysis, a disagreement is a probe-disagrees finding
  --docker-host ADDR         with --live: the Docker engine to read (default: DOCKER_HOST, the context, the socket)
  --no-color                 plain text output
  -h, --help                 this help
  --version                  the version
Exit codes: 0 no error finding (and no more warnings than --max-warnings), 1 error findings or too many
  warnings, 2 a usage error or a project that could not be read.
A progress bar is shown on stderr while checking when stderr is a terminal (never on pipes).
Rules: ${RULES.map((r) => r.id).join(', ')}`;

export function runCli(argv: string[], io: CliIo): number {
  try {
    return run(argv, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`netlens: ${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    io.stderr(`netlens: ${(err as Error).stack ?? String(err)}\n`);
    return 2;
  }
}

function run(argv: string[], io: CliIo): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    io.stdout(USAGE + '\n');
    return command === undefined ? 2 : 0;
  }
  if (command === '--version') {
    io.stdout(VERSION + '\n');
    return 0;
  }
  if (command === 'topology') return runTopology(rest, io);
  if (command === 'reach') return runReach(rest, io);
  if (command !== 'check') throw new UsageError(`unknown command "${command}"`);
  return runCheck(rest, io, VERSION);
}

/** Entry point of `bin/netlens.js`. */
export function main(): void {
  const io: CliIo = {
    cwd: process.cwd(),
    env: process.env,
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTty: process.stdout.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
    columns: process.stderr.columns,
  };
  const live = runLiveCli(process.argv.slice(2), io, VERSION);
  if (live) {
    void live.then((code) => (process.exitCode = code));
    return;
  }
  process.exitCode = runCli(process.argv.slice(2), io);
}
