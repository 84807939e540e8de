// The validity checks of the nondeterministic set and sorted-set replies accept what Redis may answer
// and reject what it may not (so a server that picks wrongly is reported).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Reply } from '../resp';
import type { Check } from '../step';
import { randomPickCheck } from './sets';
import { zrandmemberCheck } from './zsets';

const bulk = (s: string): Reply => ({ type: 'bulk', value: Buffer.from(s) });
const arr = (...items: Reply[]): Reply => ({ type: 'array', items });
const dbl = (s: string): Reply => ({ type: 'double', value: s });

function validate(check: Check, reply: Reply, probe: Reply): string | null {
  assert.equal(check.kind, 'valid');
  return check.kind === 'valid' ? check.validate(reply, probe) : 'not a valid check';
}

test('SRANDMEMBER/SPOP picks: members of the set, the right count, distinct for count >= 0', () => {
  const set = arr(bulk('a'), bulk('b'), bulk('c'));
  assert.equal(validate(randomPickCheck('k', undefined), bulk('b'), set), null);
  assert.match(validate(randomPickCheck('k', undefined), bulk('z'), set) ?? '', /not in the set/);
  assert.equal(validate(randomPickCheck('k', 2n), arr(bulk('c'), bulk('a')), set), null);
  assert.equal(validate(randomPickCheck('k', 5n), arr(bulk('c'), bulk('a'), bulk('b')), set), null);
  assert.match(validate(randomPickCheck('k', 5n), arr(bulk('c'), bulk('a')), set) ?? '', /expected 3/);
  assert.match(validate(randomPickCheck('k', 2n), arr(bulk('a'), bulk('a')), set) ?? '', /repeated/);
  assert.equal(
    validate(randomPickCheck('k', -4n), arr(bulk('a'), bulk('a'), bulk('a'), bulk('c')), set),
    null,
  );
  assert.match(validate(randomPickCheck('k', -4n), arr(bulk('a')), set) ?? '', /expected 4/);
  assert.match(validate(randomPickCheck('k', -1n), arr(bulk('q')), set) ?? '', /not in the set/);
  // An empty set (or a missing key) gives an empty array whatever the count.
  assert.equal(validate(randomPickCheck('k', -3n), arr(), arr()), null);
  // RESP3 sets are accepted like arrays.
  assert.equal(validate(randomPickCheck('k', 1n), { type: 'set', items: [bulk('a')] }, set), null);
});

test('ZRANDMEMBER picks: members with their scores, flat in RESP2 and nested in RESP3', () => {
  const resp2 = arr(bulk('a'), bulk('1'), bulk('b'), bulk('2'));
  const resp3 = arr(arr(bulk('a'), dbl('1')), arr(bulk('b'), dbl('2')));
  assert.equal(validate(zrandmemberCheck('k', undefined, false), bulk('a'), resp2), null);
  assert.match(validate(zrandmemberCheck('k', undefined, false), bulk('c'), resp2) ?? '', /not in/);
  assert.equal(validate(zrandmemberCheck('k', 1n, true), arr(bulk('b'), bulk('2')), resp2), null);
  assert.match(
    validate(zrandmemberCheck('k', 1n, true), arr(bulk('b'), bulk('1')), resp2) ?? '',
    /wrong score/,
  );
  assert.equal(
    validate(
      zrandmemberCheck('k', -3n, true),
      arr(arr(bulk('a'), dbl('1')), arr(bulk('a'), dbl('1')), arr(bulk('b'), dbl('2'))),
      resp3,
    ),
    null,
  );
  assert.match(
    validate(zrandmemberCheck('k', -3n, true), arr(arr(bulk('a'), dbl('2'))), resp3) ?? '',
    /expected 3/,
  );
  assert.match(
    validate(zrandmemberCheck('k', 2n, false), arr(bulk('a'), bulk('a')), resp2) ?? '',
    /repeated/,
  );
  assert.equal(validate(zrandmemberCheck('k', 9n, false), arr(bulk('b'), bulk('a')), resp2), null);
  assert.equal(validate(zrandmemberCheck('k', -2n, false), arr(), arr()), null);
});
