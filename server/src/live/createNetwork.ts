// The one write live mode makes besides probe execs: `docker network create` for an external network
// the file needs and the engine lacks (the "Create network" action of `external-network-missing`),
// through the same engine connection, with the options the file implies. The caller checks trust.
import type { NetworkCreateSpec } from '../rules/externalNetworkMissing';
import { connectEngine, withTimeout, type ConnectOptions } from './connection';

export type CreateNetworkResult = { ok: true; id: string } | { ok: false; message: string };

/** The engine API's body for `POST /networks/create`. */
export function createBody(spec: NetworkCreateSpec): Record<string, unknown> {
  const body: Record<string, unknown> = {
    Name: spec.name,
    Driver: spec.driver,
    CheckDuplicate: true,
    Internal: spec.internal,
    Attachable: spec.attachable,
    EnableIPv6: spec.enableIPv6,
    Options: spec.options,
    Labels: spec.labels,
  };
  if (spec.ipam.length > 0) {
    body.IPAM = { Driver: 'default', Config: spec.ipam.map((c) => ({ ...(c.subnet ? { Subnet: c.subnet } : {}), ...(c.gateway ? { Gateway: c.gateway } : {}), ...(c.ip_range ? { IPRange: c.ip_range } : {}) })) };
  }
  return body;
}

export async function createNetwork(spec: NetworkCreateSpec, options: ConnectOptions = {}): Promise<CreateNetworkResult> {
  const connected = await connectEngine(options);
  if (!connected.ok) return { ok: false, message: connected.error.message };
  try {
    const network = await withTimeout(connected.connection.docker.createNetwork(createBody(spec) as never), options.timeoutMs ?? 15_000, 'network create');
    return { ok: true, id: network.id };
  } catch (err) {
    // The engine's own words ("could not find plugin", "Pool overlaps ...") say what to change.
    const e = err as { json?: { message?: string }; message?: string };
    return { ok: false, message: `The engine refused to create the network \`${spec.name}\`: ${e.json?.message ?? e.message ?? String(err)}` };
  }
}
