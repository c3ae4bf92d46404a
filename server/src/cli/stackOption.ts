// `--stack NAME` of `netlens check` and `netlens topology`: analyse the files as `docker stack deploy NAME`
// reads them (`network/stack.ts`). Without it, nothing changes.

import { isStackName } from '../network/stack';

export const STACK_OPTION = { stack: { type: 'string' } } as const;

export const STACK_USAGE = `  --stack NAME               analyse the files as \`docker stack deploy NAME\` reads them: overlay networks named
                             NAME_<key>, ports through the routing mesh, VIP or dnsrr names, keys a stack ignores`;

/** The stack name given, checked as the Docker CLI names stacks; a message when it cannot be one. */
export function stackOption(value: unknown): { stack?: string; problem?: string } {
  if (value === undefined) return {};
  const name = String(value);
  if (!isStackName(name)) return { problem: `--stack takes a stack name (letters, digits, \`_\`, \`.\`, \`-\`; got "${name}")` };
  return { stack: name };
}
