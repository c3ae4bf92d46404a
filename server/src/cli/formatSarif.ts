// `--format sarif`: SARIF 2.1.0, as GitHub code scanning reads it (1-based lines and columns). Each rule
// links its page (`helpUri`); a finding with a preferred fix (the one `check --fix` applies) carries it
// as a SARIF `fix`: per file, the regions replaced and the text put in their place.
import { PREFLIGHT_RULES } from '../rules/preflight';
import { RULES } from '../rules/registry';
import { ruleDocs } from '../rules/support/ruleDocs';
import type { ReportedFinding } from './report';

const LEVEL: Record<string, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export function formatSarif(findings: ReportedFinding[], version: string): string {
  const ruleIds = [...new Set([...RULES.map((r) => r.id), ...findings.map((f) => f.rule)])];
  const rules = ruleIds.map((id) => {
    const rule = RULES.find((r) => r.id === id) ?? PREFLIGHT_RULES.find((r) => r.id === id);
    return {
      id,
      name: id,
      shortDescription: { text: rule?.title ?? `Compose file problem (${id})` },
      helpUri: rule ? rule.docs : ruleDocs('load-problems'),
      defaultConfiguration: { level: LEVEL[rule?.severity ?? 'error'] },
    };
  });
  const results = findings.map((f) => ({
    ruleId: f.rule,
    ruleIndex: ruleIds.indexOf(f.rule),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: sarifUri(f.file) },
          region: {
            startLine: f.range.start.line + 1,
            startColumn: f.range.start.character + 1,
            endLine: f.range.end.line + 1,
            endColumn: f.range.end.character + 1,
          },
        },
      },
    ],
    ...(f.fixes.some((fix) => fix.preferred)
      ? {
          fixes: f.fixes.filter((fix) => fix.preferred).map((fix) => ({
            description: { text: fix.title },
            artifactChanges: groupByFile(fix.edits).map(([file, edits]) => ({
              artifactLocation: { uri: sarifUri(file) },
              replacements: edits.map((e) => ({
                deletedRegion: { startLine: e.range.start.line + 1, startColumn: e.range.start.character + 1, endLine: e.range.end.line + 1, endColumn: e.range.end.character + 1 },
                insertedContent: { text: e.newText },
              })),
            })),
          })),
        }
      : {}),
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'netlens', fullName: 'Compose Network Lens', version, informationUri: 'https://github.com/compose-network-lens/compose-network-lens', rules } },
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/** Lone UTF-16 surrogates (a name written with `\ud800` escapes): no URI can encode them. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A shown path (`/`-separated, relative to where the check ran, or absolute) as a SARIF `uri`: every
 * segment percent-encoded, `#`, `?`, `%` and `:` included, so that no file name can end the path early,
 * start a query or a fragment, or read as a scheme. A relative path stays relative; an absolute one
 * becomes a `file:` URI (a Windows drive keeps its colon).
 */
export function sarifUri(file: string): string {
  const drive = /^[A-Za-z]:(?=\/)/.exec(file)?.[0];
  const rest = drive ? file.slice(drive.length) : file;
  const encoded = rest
    .replace(LONE_SURROGATE, '\ufffd')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  if (drive) return `file:///${drive}${encoded}`;
  return file.startsWith('/') ? `file://${encoded}` : encoded;
}

function groupByFile<T extends { file: string }>(edits: T[]): Array<[string, T[]]> {
  const map = new Map<string, T[]>();
  for (const e of edits) map.set(e.file, [...(map.get(e.file) ?? []), e]);
  return [...map.entries()];
}
