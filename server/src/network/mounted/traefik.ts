// Traefik's dynamic configuration files (file provider, YAML or TOML): the servers of each service's load balancer,
// `http.services.<name>.loadBalancer.servers[].url` and, for TCP and UDP, `.address`. Traefik reads its keys
// without regard to case (`loadbalancer` too).
import { code } from '../../display/markdown';
import { addressAt, type MountedAddress } from './address';
import { childNoCase, entries, list, located, treeRoot } from './yamlValues';

export function traefikAddresses(source: string, file: string): MountedAddress[] {
  const out: MountedAddress[] = [];
  const root = treeRoot(source, file);
  for (const [protocol, key] of [['http', 'url'], ['tcp', 'address'], ['udp', 'address']] as const) {
    for (const [name, service] of entries(childNoCase(childNoCase(root, protocol), 'services'))) {
      for (const server of list(childNoCase(childNoCase(service, 'loadBalancer'), 'servers'))) {
        const at = located(source, childNoCase(server, key));
        const a = at && addressAt(source, at.start, at.end, false);
        if (a) out.push({ ...a, setting: `${protocol}.services.${name}`, role: { role: 'dial', certainty: 'certain', why: `Traefik forwards ${protocol === 'http' ? 'requests' : 'connections'} of its service ${code(name)} there` } });
      }
    }
  }
  return out;
}
