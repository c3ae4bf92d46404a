// The OpenTelemetry Collector's configuration: where the components its pipelines use send or read
// telemetry. Exporters' `endpoint` (`otlp`, `otlphttp`, `prometheusremotewrite`, `loki`, ...), scraping
// receivers' own `endpoint` (`postgresql`, `redis`, ...), `httpcheck` targets and the `prometheus`
// receiver's scrape targets are dialled. A receiver's `protocols.*.endpoint` and an extension's endpoint
// are where the collector listens: no peers. A component no pipeline names is not running.
import { code } from '../../display/markdown';
import { addressAt, type MountedAddress } from './address';
import { scrapeTargets } from './prometheus';
import { child, entries, list, located, text, yamlRoot, type YamlNodeOrNull } from './yamlValues';

/** Component ids the pipelines name (`otlp/uptrace`); undefined when the file has no pipelines (a fragment). */
function usedComponents(root: YamlNodeOrNull): Set<string> | undefined {
  const pipelines = child(child(root, 'service'), 'pipelines');
  if (!pipelines) return undefined;
  const used = new Set<string>();
  for (const [, pipeline] of entries(pipelines)) for (const part of ['receivers', 'exporters']) for (const id of list(child(pipeline, part))) if (text(id)) used.add(text(id) as string);
  return used;
}

export function otelCollectorAddresses(source: string): MountedAddress[] {
  const root = yamlRoot(source);
  const used = usedComponents(root);
  const out: MountedAddress[] = [];
  const endpoint = (node: YamlNodeOrNull, setting: string, why: string) => {
    const at = located(source, node);
    const a = at && addressAt(source, at.start, at.end, false);
    if (a) out.push({ ...a, setting, role: { role: 'dial', certainty: 'certain', why } });
  };
  for (const [id, exporter] of entries(child(root, 'exporters'))) {
    if (used && !used.has(id)) continue;
    endpoint(child(exporter, 'endpoint'), `exporters.${id}`, `the collector exports telemetry there (${code(id)})`);
  }
  for (const [id, receiver] of entries(child(root, 'receivers'))) {
    if (used && !used.has(id)) continue;
    const type = id.split('/')[0];
    if (type === 'prometheus') scrapeTargets(source, child(receiver, 'config'), 'The collector', out);
    else if (type === 'httpcheck') for (const target of list(child(receiver, 'targets'))) endpoint(child(target, 'endpoint'), `receivers.${id}`, `the collector checks it (${code(id)})`);
    // A receiver with `protocols` listens; one with its own `endpoint` scrapes that server.
    else if (!child(receiver, 'protocols')) endpoint(child(receiver, 'endpoint'), `receivers.${id}`, `the collector reads metrics from it (${code(id)})`);
  }
  return out;
}
