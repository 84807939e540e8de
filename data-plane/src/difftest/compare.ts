// Compares the two servers' replies to one step according to the step's Check.
import { Reply, formatReply, replyEquals } from './resp';
import type { Check } from './step';

const isList = (r: Reply): r is Extract<Reply, { items: Reply[] }> =>
  r.type === 'array' || r.type === 'set' || r.type === 'map';

function multiset(items: string[]): string {
  return items.sort().join('\u0000');
}

function pairs(items: Reply[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < items.length; i += 2)
    out.push(formatReply(items[i]) + ' => ' + formatReply(items[i + 1]));
  return out;
}

/** Whether a reply is one the 'valid' check compares exactly rather than by validity. */
function isDeterministicKind(r: Reply): boolean {
  return r.type === 'error' || r.type === 'nullbulk' || r.type === 'nullarray' || r.type === 'null';
}

/**
 * Returns null when the replies agree under `check`, otherwise a short reason.
 * `probes` are the replies to the check's probe command on each server (only for 'valid').
 */
export function compareReplies(check: Check, a: Reply, b: Reply, probes?: [Reply?, Reply?]): string | null {
  switch (check.kind) {
    case 'exact':
      return replyEquals(a, b) ? null : 'replies differ';
    case 'unordered':
      if (isList(a) && isList(b) && a.type === b.type) {
        return multiset(a.items.map(formatReply)) === multiset(b.items.map(formatReply))
          ? null
          : 'replies differ (compared as multisets)';
      }
      return replyEquals(a, b) ? null : 'replies differ';
    case 'unordered-pairs':
      if (
        isList(a) &&
        isList(b) &&
        a.type === b.type &&
        a.items.length % 2 === 0 &&
        b.items.length % 2 === 0
      ) {
        return multiset(pairs(a.items)) === multiset(pairs(b.items))
          ? null
          : 'replies differ (compared as multisets of pairs)';
      }
      return replyEquals(a, b) ? null : 'replies differ';
    case 'approx':
      if (a.type === 'integer' && b.type === 'integer' && a.value >= 0n && b.value >= 0n) {
        const d = a.value > b.value ? a.value - b.value : b.value - a.value;
        return d <= BigInt(check.tolerance) ? null : `integers differ by more than ${check.tolerance}`;
      }
      return replyEquals(a, b) ? null : 'replies differ';
    case 'valid': {
      if (isDeterministicKind(a) || isDeterministicKind(b) || a.type !== b.type) {
        return replyEquals(a, b) ? null : 'replies differ';
      }
      const errs: string[] = [];
      const ea = check.validate(a, probes?.[0]);
      const eb = check.validate(b, probes?.[1]);
      if (ea) errs.push(`first server's reply is invalid: ${ea}`);
      if (eb) errs.push(`second server's reply is invalid: ${eb}`);
      return errs.length ? errs.join('; ') : null;
    }
  }
}
