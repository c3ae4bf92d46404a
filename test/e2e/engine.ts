// Step 5's running project: the example's networks and services as containers made from the
// local busybox image (scripts/docker-engine.sh makes it), labelled the way Compose labels them
// so live mode finds them by project. Everything is named with the project prefix and removed by
// name, even when the step fails.
import { spawnSync } from 'node:child_process';

export const IMAGE = 'netlens-busybox:latest';

function docker(args: string[], timeoutMs = 60_000): string {
  const r = spawnSync('docker', args, { encoding: 'utf8', timeout: timeoutMs });
  if (r.status !== 0) throw new Error(`docker ${args.join(' ')} failed: ${r.error?.message ?? ''}${r.stderr ?? ''}`.trim());
  return r.stdout.trim();
}

export interface Running {
  /** service → network → IPv4 as `docker inspect` reports it. */
  ips: Map<string, Map<string, string>>;
}

export class ExampleProject {
  private containers: string[] = [];
  private networks: string[] = [];

  /** `services`: name → project networks (empty: the default bridge). */
  constructor(private readonly project: string, private readonly services: Record<string, string[]>, private readonly workingDir: string, private readonly configFile: string) {}

  static engineProblem(): string | undefined {
    const r = spawnSync('docker', ['image', 'inspect', IMAGE, '--format', '{{.Id}}'], { encoding: 'utf8', timeout: 15_000 });
    if (r.error) return `no docker CLI (${r.error.message}); run scripts/docker-engine.sh start`;
    if (r.status !== 0) return `the engine does not answer or has no ${IMAGE}: ${r.stderr.trim()}; run scripts/docker-engine.sh start`;
    return undefined;
  }

  up(): Running {
    const labels = (extra: Record<string, string>) => Object.entries({ 'com.docker.compose.project': this.project, ...extra }).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
    const nets = [...new Set(Object.values(this.services).flat())];
    for (const n of nets) {
      const name = `${this.project}_${n}`;
      this.networks.push(name);
      docker(['network', 'create', ...labels({ 'com.docker.compose.network': n }), name]);
    }
    const ips = new Map<string, Map<string, string>>();
    for (const [svc, svcNets] of Object.entries(this.services)) {
      const name = `${this.project}-${svc}-1`;
      this.containers.push(name);
      const first = svcNets.length ? ['--network', `${this.project}_${svcNets[0]}`, '--network-alias', svc] : ['--network', 'bridge'];
      docker(['run', '-d', '--name', name, ...first, ...labels({
        'com.docker.compose.service': svc,
        'com.docker.compose.container-number': '1',
        'com.docker.compose.oneoff': 'False',
        'com.docker.compose.project.working_dir': this.workingDir,
        'com.docker.compose.project.config_files': this.configFile,
      }), IMAGE, 'sleep', '3600']);
      for (const n of svcNets.slice(1)) docker(['network', 'connect', '--alias', svc, `${this.project}_${n}`, name]);
      const inspect = JSON.parse(docker(['inspect', name])) as Array<{ NetworkSettings: { Networks: Record<string, { IPAddress: string }> } }>;
      const per = new Map<string, string>();
      for (const [net, ep] of Object.entries(inspect[0].NetworkSettings.Networks)) if (ep.IPAddress) per.set(net, ep.IPAddress);
      ips.set(svc, per);
    }
    return { ips };
  }

  down(): void {
    for (const c of this.containers.splice(0)) spawnSync('docker', ['rm', '-f', c], { timeout: 60_000 });
    for (const n of this.networks.splice(0)) spawnSync('docker', ['network', 'rm', n], { timeout: 60_000 });
  }
}
