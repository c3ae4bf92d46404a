// Addresses in an application's settings (Spring `application.yml`, .NET `appsettings.json`): URLs and
// `host:port` in values, a `*.host` with its sibling `*.port`, and .NET connection strings
// (`Host=db;Port=5432`, `Server=db,1433`). The key path's words give the role, as for environment
// variables (`roles.ts`); only connections are kept. Settings of the program's own server (where it
// listens) and placeholders (`${DB_HOST:localhost}`) are no peers.
import { code } from '../../display/markdown';
import { findAddresses, isBareHost } from '../addresses';
import { settingRole } from '../roles';
import type { MountedAddress } from './address';
import type { SettingValue } from './settingValues';

/** Words that never name a host, even where a host is expected. */
const NOT_A_HOST = /^(\d+|true|false|yes|no|on|off|none|null|nil|enabled?|disabled?|auto|default|any|all|unset)$/i;
/** Last key words holding a host alone. */
const HOST_KEY = /^(?:host|hostname|server|address|addr)$/i;
/** Connection string parts naming the server (Npgsql, SqlClient, MySqlConnector, ...) and its port. */
const CS_HOST = /^(?:host|server|data source|datasource|address|addr|network address)$/i;

/** Keys configuring where the program itself listens: its `server.*` (Spring), `Kestrel`/`Urls` (.NET). */
function isOwnServer(key: string): boolean {
  return /^(?:management\.)?server\.(?:address|port)$/i.test(key) || /^(?:kestrel|urls$)/i.test(key) || /(^|[.:])(?:bind|listen)[\w-]*$/i.test(key);
}

function lastWord(key: string): string {
  return key.split(/[.:]/).pop() ?? key;
}

/** `${…}` spans of a value: placeholders resolved when the application starts. */
function placeholderSpans(value: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const re = /\$\{[^}]*\}?/g;
  for (let m = re.exec(value); m; m = re.exec(value)) spans.push([m.index, m.index + m[0].length]);
  return spans;
}

function connectionString(v: SettingValue, label: string): MountedAddress[] {
  if (!/[;=]/.test(v.value)) return [];
  const parts = new Map<string, { text: string; start: number }>();
  let at = 0;
  for (const part of v.value.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) {
      const raw = part.slice(eq + 1);
      const lead = raw.length - raw.trimStart().length;
      parts.set(part.slice(0, eq).trim().toLowerCase(), { text: raw.trim(), start: at + eq + 1 + lead });
    }
    at += part.length + 1;
  }
  const hostPart = [...parts].find(([k]) => CS_HOST.test(k))?.[1];
  if (!hostPart) return [];
  // `tcp:db,1433` (SqlClient), `db:5432`, `db,1433`, `db`.
  const m = /^(?:tcp:)?([A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?)(?:[,:](\d{1,5}))?(?:[/\\].*)?$/.exec(hostPart.text);
  if (!m || NOT_A_HOST.test(m[1]) || m[1] === '.') return [];
  const hostStart = v.start + hostPart.start + (hostPart.text.startsWith('tcp:') ? 4 : 0);
  const portPart = m[2] === undefined ? parts.get('port') : undefined;
  const port = m[2] !== undefined ? Number(m[2]) : portPart && /^\d{1,5}$/.test(portPart.text) ? Number(portPart.text) : undefined;
  const portStart = m[2] !== undefined ? hostStart + m[1].length + 1 : portPart && port !== undefined ? v.start + portPart.start : undefined;
  return [{
    host: m[1],
    hostStart,
    hostEnd: hostStart + m[1].length,
    port,
    portStart,
    portEnd: portStart !== undefined && port !== undefined ? portStart + String(port).length : undefined,
    form: 'host-port',
    start: v.start,
    end: v.start + v.value.length,
    setting: label,
    role: { role: 'dial', certainty: 'certain', why: `${code(label)} is a connection string: the application connects to its server` },
  }];
}

export function appSettingAddresses(values: SettingValue[]): MountedAddress[] {
  const out: MountedAddress[] = [];
  const byKey = new Map(values.map((v) => [v.key.toLowerCase(), v]));
  const keys = values.map((v) => v.key);
  for (const v of values) {
    if (isOwnServer(v.key)) continue;
    if (/connectionstrings?/i.test(v.key) || /^(?:host|server|data source)=/i.test(v.value.trim())) {
      for (const found of connectionString(v, v.key)) out.push(found);
      continue;
    }
    const placeholders = placeholderSpans(v.value);
    const matches = findAddresses(v.value).filter((m) => !m.bind && !placeholders.some(([a, b]) => m.hostStart < b && m.hostEnd > a));
    for (const m of matches) {
      const role = settingRole({ name: v.key, siblings: keys, scheme: m.scheme });
      if (role.role !== 'dial') continue;
      out.push({
        host: m.host,
        hostStart: v.start + m.hostStart,
        hostEnd: v.start + m.hostEnd,
        port: m.port,
        portStart: m.portStart !== undefined ? v.start + m.portStart : undefined,
        portEnd: m.portEnd !== undefined ? v.start + m.portEnd : undefined,
        scheme: m.scheme,
        form: m.form,
        start: v.start + m.start,
        end: v.start + v.value.length,
        setting: v.key,
        role,
      });
    }
    if (matches.length > 0 || !HOST_KEY.test(lastWord(v.key))) continue;
    // `spring.data.redis.host: redis` with `spring.data.redis.port: 6379` beside it.
    const text = v.value.trim();
    if (!isBareHost(text) || NOT_A_HOST.test(text) || placeholders.length > 0) continue;
    const role = settingRole({ name: v.key, siblings: keys });
    if (role.role !== 'dial') continue;
    const prefix = v.key.slice(0, v.key.length - lastWord(v.key).length);
    const portSetting = byKey.get(`${prefix}port`.toLowerCase());
    const port = portSetting && /^\d{1,5}$/.test(portSetting.value.trim()) ? Number(portSetting.value.trim()) : undefined;
    const hostStart = v.start + v.value.indexOf(text);
    const portStart = port !== undefined && portSetting ? portSetting.start + portSetting.value.indexOf(String(port)) : undefined;
    out.push({
      host: text,
      hostStart,
      hostEnd: hostStart + text.length,
      port,
      portStart,
      portEnd: portStart !== undefined ? portStart + String(port).length : undefined,
      form: 'host-port',
      start: hostStart,
      end: hostStart + text.length,
      setting: v.key,
      // A host with its port beside it is how clients are configured.
      role: port !== undefined && portSetting ? { role: 'dial', certainty: 'certain', why: `${code(v.key)} with ${code(portSetting.key)} configure a connection` } : role,
    });
  }
  return out;
}
