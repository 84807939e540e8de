import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALL_FAMILY_NAMES, parseFamilies } from './families';
import { formatCommand } from './resp';
import { StepSource, formatMismatch } from './runner';
import { stepArgs } from './step';

/**
 * The rendered command sequence of a seed, with absolute Unix times (EXAT, PXAT...) masked. The clock
 * is fixed while generating: past times are drawn from [1, now), so their digits depend on it.
 */
function sequence(seed: number, families: string, n: number): string[] {
  const realNow = Date.now;
  const frozen = 1_800_000_000_000; // the same instant for every call
  Date.now = () => frozen;
  try {
    const source = new StepSource(seed, parseFamilies(families));
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const s = source.next();
      out.push(
        `${s.kind} ${s.family} db${s.db} ${formatCommand(stepArgs(s)).replace(/\b\d{10,13}\b/g, 'T')}`,
      );
    }
    return out;
  } finally {
    Date.now = realNow;
  }
}

test('a seed always generates the same steps; another seed does not', () => {
  const a = sequence(42, 'all', 2000);
  assert.deepEqual(sequence(42, 'all', 2000), a);
  assert.notDeepEqual(sequence(43, 'all', 2000), a);
});

test('every family generates steps, only from the families asked for', () => {
  const seen = new Set(sequence(7, 'all', 3000).map((l) => l.split(' ')[1]));
  assert.deepEqual([...seen].sort(), [...ALL_FAMILY_NAMES].sort());
  const lists = new Set(sequence(7, 'lists', 500).map((l) => l.split(' ')[1]));
  assert.deepEqual([...lists], ['lists']);
});

test('the generated steps include the edge cases the issue asks for', () => {
  // Every family at once, and the strings family alone: with ten families, a given rare string edge
  // case (INCRBYFLOAT with 1e400) may not come up in a few thousand mixed steps.
  const all = [...sequence(1, 'all', 6000), ...sequence(2, 'strings', 2000)].join('\n');
  for (const needle of [
    /INCRBYFLOAT \S+ [-+]?(1e400|nan|inf)/i,
    /9223372036854775808/,
    /^blocking /m,
    /^sleep /m,
    /^scan .*HSCAN/im,
    /^scan .*SCAN 0/m,
    /HRANDFIELD \S+ -\d/i,
    /SELECT [1-3]$/im,
    /SETRANGE|GETRANGE/i,
    /LCS .*IDX/i,
    /BITPOS|BITCOUNT/i,
    /LMPOP|BLMPOP/i,
  ]) {
    assert.match(all, needle);
  }
});

test('unknown family names are refused', () => {
  assert.throws(() => parseFamilies('strings,bogus'), /unknown families: bogus/);
});

test('a difference is printed with seed, step, command, both replies, history and a reproduce line', () => {
  const text = formatMismatch(
    {
      seed: 5,
      step: 12,
      family: 'strings',
      command: 'GET k',
      reason: 'replies differ',
      replies: ['"a"', '$-1'],
      history: [' [    3] SET k a', '>[   12] GET k'],
      reproduce: 'node data-plane/dist/difftest/cli.js --seed 5 --steps 13 --families strings',
    },
    [
      { name: 'redis', host: '', port: 1, owned: false, output: () => '', stop: async () => undefined },
      { name: 'strata', host: '', port: 2, owned: false, output: () => '', stop: async () => undefined },
    ],
  );
  for (const part of [
    'step 12',
    'seed 5',
    'GET k',
    'redis   : "a"',
    'strata  : $-1',
    'SET k a',
    '--seed 5 --steps 13',
  ]) {
    assert.ok(text.includes(part), `missing ${part} in:\n${text}`);
  }
});
