// Where a reference is written, for messages: a reference read from a mounted file names that file
// and its setting, since the finding is shown there and the service's Compose entry says nothing of it.
import * as path from 'node:path';
import type { Reference } from '../../network/types';

/** ` in nginx.conf (`proxy_pass`)` for an address of a mounted file, ` through the label … of `app`` for Traefik's labels; empty for one of the Compose file. */
export function writtenIn(ref: Reference): string {
  if (ref.origin === 'label') return ` through the label \`${ref.setting}\` of \`${ref.host}\``;
  if (ref.origin !== 'mounted') return '';
  return ` in ${path.basename(ref.hostLoc.file)}${ref.setting ? ` (\`${ref.setting}\`)` : ''}`;
}
