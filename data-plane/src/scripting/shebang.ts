/**
 * Redis 7.0's script shebang: a first line `#!lua [flags=f1,f2]` declares the script's flags. A
 * script without it runs in "eval compatibility mode" (may write, OOM checked at its first write).
 */
import { CommandError } from '../protocol/errors';

export interface ScriptFlags {
  /** The script declared a shebang (otherwise the compatibility-mode rules apply). */
  shebang: boolean;
  noWrites: boolean;
  allowOom: boolean;
  allowStale: boolean;
  noCluster: boolean;
  allowCrossSlotKeys: boolean;
}

const COMPAT: ScriptFlags = {
  shebang: false,
  noWrites: false,
  allowOom: false,
  allowStale: false,
  noCluster: false,
  allowCrossSlotKeys: false,
};

/**
 * Splits a script into its flags and the Lua source to compile. The shebang line is replaced by an
 * empty line so error positions keep the script's own line numbers.
 */
export function parseShebang(body: string): { flags: ScriptFlags; source: string } {
  if (!body.startsWith('#!')) return { flags: COMPAT, source: body };
  const nl = body.indexOf('\n');
  const line = nl < 0 ? body : body.slice(0, nl);
  const parts = line.split(' ').filter((p) => p !== '');
  if (parts[0] !== '#!lua') throw new CommandError(`ERR Unexpected engine in script shebang: ${parts[0]}`);
  const flags: ScriptFlags = { ...COMPAT, shebang: true };
  for (let i = 1; i < parts.length; i++) {
    const opt = parts[i];
    if (!opt.startsWith('flags=')) throw new CommandError(`ERR Unknown lua shebang option: ${opt}`);
    for (const f of opt.slice(6).split(',')) {
      if (f === '') continue;
      if (f === 'no-writes') flags.noWrites = true;
      else if (f === 'allow-oom') flags.allowOom = true;
      else if (f === 'allow-stale') flags.allowStale = true;
      else if (f === 'no-cluster') flags.noCluster = true;
      else if (f === 'allow-cross-slot-keys') flags.allowCrossSlotKeys = true;
      else throw new CommandError(`ERR Unexpected flag in script shebang: ${f}`);
    }
  }
  return { flags, source: nl < 0 ? '' : body.slice(nl) };
}
