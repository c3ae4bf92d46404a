// prometheus.yml: the targets Prometheus scrapes (`scrape_configs[].static_configs[].targets`), the
// Alertmanagers it sends alerts to (`alerting.alertmanagers[].static_configs[].targets`) and the
// remote storage it writes to or reads from (`remote_write`/`remote_read` `url`). All are dialled.
import { code } from '../../display/markdown';
import type { RoleEvidence } from '../roles';
import { addressAt, type MountedAddress } from './address';
import { child, list, located, text, yamlRoot, type YamlNodeOrNull } from './yamlValues';

function targetsOf(source: string, config: YamlNodeOrNull, setting: string, role: RoleEvidence, scheme: string | undefined, out: MountedAddress[]): void {
  for (const group of list(child(config, 'static_configs'))) {
    for (const target of list(child(group, 'targets'))) {
      const at = located(source, target);
      const a = at && addressAt(source, at.start, at.end, true);
      // A target is `host:port`; the job's scheme decides the port when none is written.
      if (a) out.push({ ...a, scheme: a.scheme ?? scheme, form: a.scheme ? 'url' : 'host-port', setting, role });
    }
  }
}

/** The targets of `scrape_configs` (Prometheus's own, or embedded in another program's configuration). */
export function scrapeTargets(source: string, config: YamlNodeOrNull, scraper: string, out: MountedAddress[]): void {
  for (const job of list(child(config, 'scrape_configs'))) {
    const name = text(child(job, 'job_name')) ?? '?';
    targetsOf(source, job, 'static_configs.targets', { role: 'dial', certainty: 'certain', why: `${scraper} scrapes it (job ${code(name)})` }, text(child(job, 'scheme')) ?? 'http', out);
  }
}

export function prometheusAddresses(source: string): MountedAddress[] {
  const root = yamlRoot(source);
  const out: MountedAddress[] = [];
  scrapeTargets(source, root, 'Prometheus', out);
  for (const am of list(child(child(root, 'alerting'), 'alertmanagers'))) {
    targetsOf(source, am, 'alertmanagers.static_configs.targets', { role: 'dial', certainty: 'certain', why: 'Prometheus sends its alerts there (`alerting.alertmanagers`)' }, text(child(am, 'scheme')) ?? 'http', out);
  }
  for (const key of ['remote_write', 'remote_read']) {
    for (const remote of list(child(root, key))) {
      const at = located(source, child(remote, 'url'));
      const a = at && addressAt(source, at.start, at.end, false);
      if (a) out.push({ ...a, setting: `${key}.url`, role: { role: 'dial', certainty: 'certain', why: `Prometheus ${key === 'remote_write' ? 'writes its samples' : 'reads samples'} there (\`${key}\`)` } });
    }
  }
  return out;
}
