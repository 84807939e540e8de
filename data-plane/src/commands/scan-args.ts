/**
 * Arguments of the SCAN family (SCAN, HSCAN, SSCAN, ZSCAN), parsed once for all of them as Redis's
 * scanGenericCommand does.
 */
import { CommandError, Err } from '../protocol/errors';
import type { Client } from '../server/client';
import { intArg, isOpt } from './args';

/** A SCAN-family cursor as strtoul reads it (Redis answers "ERR invalid cursor" otherwise). */
export function parseScanCursor(s: string): number {
  if (!/^[+-]?[0-9]*$/.test(s)) throw new CommandError('ERR invalid cursor');
  const v = s === '' || s === '+' || s === '-' ? 0n : BigInt(s);
  const u = v < 0n ? v + 2n ** 64n : v;
  if (u < 0n || u >= 2n ** 64n) throw new CommandError('ERR invalid cursor');
  return Number(u);
}

export interface ScanOptions {
  count: number;
  /** undefined when every element matches (no MATCH, or MATCH *). */
  pattern: string | undefined;
  /** Lower-case type name of SCAN ... TYPE, undefined when absent. */
  type: string | undefined;
}

/** [MATCH pattern] [COUNT count] (and [TYPE type] for SCAN) from argv[from] on. */
export function parseScanOptions(argv: string[], from: number, allowType: boolean): ScanOptions {
  const o: ScanOptions = { count: 10, pattern: undefined, type: undefined };
  for (let i = from; i < argv.length; i += 2) {
    const more = i + 1 < argv.length;
    if (isOpt(argv[i], 'COUNT') && more) {
      o.count = intArg(argv[i + 1]);
      if (o.count < 1) throw new CommandError(Err.syntax);
    } else if (isOpt(argv[i], 'MATCH') && more) {
      o.pattern = argv[i + 1] === '*' ? undefined : argv[i + 1];
    } else if (allowType && isOpt(argv[i], 'TYPE') && more) {
      o.type = argv[i + 1].toLowerCase();
    } else {
      throw new CommandError(Err.syntax);
    }
  }
  return o;
}

/** The reply to a scan of a missing key: cursor 0 and no elements. */
export function replyEmptyScan(c: Client): void {
  c.reply.arrayLen(2);
  c.reply.bulk('0');
  c.reply.arrayLen(0);
}
