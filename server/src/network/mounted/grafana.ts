// Grafana's provisioned datasources (`provisioning/datasources/*.yaml`): each `url` is where Grafana's
// server queries the datasource, unless `access: direct`, where the user's browser does.
import { code } from '../../display/markdown';
import { addressAt, type MountedAddress } from './address';
import { child, list, located, text, yamlRoot } from './yamlValues';

export function grafanaDatasourceAddresses(source: string): MountedAddress[] {
  const out: MountedAddress[] = [];
  for (const ds of list(child(yamlRoot(source), 'datasources'))) {
    const at = located(source, child(ds, 'url'));
    // Database datasources write `host:port` without a scheme.
    const a = at && addressAt(source, at.start, at.end, false);
    if (!a) continue;
    const name = text(child(ds, 'name')) ?? text(child(ds, 'type')) ?? '?';
    const direct = text(child(ds, 'access')) === 'direct';
    out.push({
      ...a,
      setting: 'datasources.url',
      role: direct
        ? { role: 'advertise', certainty: 'certain', why: `datasource ${code(name)} has \`access: direct\`: the user's browser queries it, not Grafana` }
        : { role: 'dial', certainty: 'certain', why: `Grafana queries its datasource ${code(name)} there` },
    });
  }
  return out;
}
