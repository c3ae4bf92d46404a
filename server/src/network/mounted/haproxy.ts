// haproxy.cfg: the `server` lines of `backend` and `listen` sections (`server web1 web:8080 check`), where
// HAProxy forwards. A line scanner: HAProxy's format is one keyword and its words per line. Addresses may
// carry a family prefix (`ipv4@`); sockets (`unix@`, `abns@`, `fd@`) and variables (`${X}`) are no hosts.
import { code } from '../../display/markdown';
import { addressAt, type MountedAddress } from './address';

export function haproxyAddresses(text: string): MountedAddress[] {
  const out: MountedAddress[] = [];
  let section = '';
  let offset = 0;
  for (const line of text.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    const words: Array<{ text: string; start: number }> = [];
    const re = /"[^"]*"|'[^']*'|[^\s#]+|#.*/g;
    for (let m = re.exec(line); m; m = re.exec(line)) {
      if (m[0].startsWith('#')) break;
      words.push({ text: m[0], start: start + m.index });
    }
    if (words.length === 0) continue;
    // A section starts at column 0 with its keyword (`backend app`); settings are indented by convention only.
    if (/^(?:global|defaults|frontend|backend|listen|peers|resolvers|userlist|cache|program|mailers|ring|http-errors)$/.test(words[0].text)) {
      section = `${words[0].text}${words[1] ? ` ${words[1].text}` : ''}`;
      continue;
    }
    if (words[0].text !== 'server' || !words[2] || !/^(?:backend|listen)\b/.test(section)) continue;
    const address = words[2];
    const family = /^(?:ipv4|ipv6)@/.exec(address.text);
    if (!family && /^[a-z0-9]+@/.test(address.text)) continue;
    const from = address.start + (family ? family[0].length : 0);
    const a = addressAt(text, from, address.start + address.text.length, true);
    if (a) out.push({ ...a, setting: `server ${words[1].text}`, role: { role: 'dial', certainty: 'certain', why: `HAProxy forwards to it (${code(section)})` } });
  }
  return out;
}
