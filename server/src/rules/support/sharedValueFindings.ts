// One value written once and used by several services (an `x-` anchor merged into each, an env_file they
// share) is one mistake: one finding at that value, naming every service it concerns, rather than one per
// service at the same characters.
import type { NetworkModel } from '../../network/types';
import { someOf } from './listLimits';
import type { Finding } from '../types';

export function mergeSharedValues(model: NetworkModel, findings: Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  const out: Finding[] = [];
  /** Each finding of `out` with the group of findings at its place (null for a finding of no service). */
  const groupOf: Array<Finding[] | null> = [];
  for (const f of findings) {
    if (f.service === null) {
      out.push(f);
      groupOf.push(null);
      continue;
    }
    const key = `${f.rule}\0${f.severity}\0${f.loc.file}\0${f.loc.start}\0${f.loc.end}`;
    const group = groups.get(key);
    if (group) group.push(f);
    else {
      const fresh = [f];
      groups.set(key, fresh);
      out.push(f);
      groupOf.push(fresh);
    }
  }
  return out.map((f, i) => {
    const group = groupOf[i];
    if (group === null || group.length < 2) return f;
    const services = [...new Set(group.map((g) => g.service as string))];
    if (services.length < 2) return f;
    const others = services.slice(1);
    const related = [...f.related];
    for (const name of others) {
      const svc = model.services.get(name);
      if (svc) related.push({ loc: svc.def.keyLoc, message: `\`${name}\` uses this value too` });
    }
    return {
      ...f,
      message: `${f.message} The same value serves ${someOf(others, (n) => `\`${n}\``)} too.`,
      services,
      related,
    };
  });
}
