// The differential test in CI: a fixed seed and a bounded length.
//
// STRATA_DIFFTEST_FAMILIES lists the command families strata-server is compared on. Add a family here
// when its commands land in strata-server (all of them: ALL_FAMILY_NAMES). The environment variable of
// the same name overrides it (comma-separated), and STRATA_DIFFTEST_STRATA_ARGS adds strata-server
// flags (e.g. tiering forced on). Longer runs with any seed: node data-plane/dist/difftest/cli.js.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ALL_FAMILY_NAMES, parseFamilies } from './families';
import { formatMismatch, formatSummary, runDifferential } from './runner';
import { ServerHandle, startRedis, startStrata } from './servers';

export const STRATA_DIFFTEST_FAMILIES: string[] = [
  'strings',
  'lists',
  'hashes',
  'keys',
  'server',
  'transactions',
  'sets',
  'zsets',
  'streams',
  'scripts',
  'geo',
  'hll',
];

const CI_SEED = 20261126;
const CI_STEPS = 3000;

const families = (process.env.STRATA_DIFFTEST_FAMILIES ?? STRATA_DIFFTEST_FAMILIES.join(','))
  .split(',')
  .filter(Boolean);
const strataArgs = (process.env.STRATA_DIFFTEST_STRATA_ARGS ?? '').split(/\s+/).filter(Boolean);

function report(
  r: Awaited<ReturnType<typeof runDifferential>>,
  servers: [ServerHandle, ServerHandle],
): string {
  return [formatSummary(r, servers), ...r.mismatches.slice(0, 3).map((m) => formatMismatch(m, servers))].join(
    '\n\n',
  );
}

describe('differential test', () => {
  let reference: ServerHandle;
  before(async () => {
    reference = await startRedis();
  });
  after(async () => {
    await reference?.stop();
  });

  test('two redis-servers answer every generated step alike (the test itself makes no false reports)', async () => {
    const other = await startRedis([], 'redis-2');
    try {
      const servers: [ServerHandle, ServerHandle] = [reference, other];
      const r = await runDifferential({
        seed: CI_SEED,
        steps: CI_STEPS,
        families: parseFamilies('all'),
        servers,
      });
      assert.equal(r.mismatches.length, 0, report(r, servers));
      assert.equal(r.stoppedBecause, undefined);
      assert.equal(r.stepsRun, CI_STEPS);
      for (const name of ALL_FAMILY_NAMES) assert.ok(r.families.get(name)!.steps > 0, `no ${name} step ran`);
    } finally {
      await other.stop();
    }
  });

  test('a server configured differently is reported, with its family, replies and history', async () => {
    // Two databases instead of 16: SELECT 2 and 3 fail there, and every later step runs elsewhere.
    const other = await startRedis(['--databases', '2'], 'redis-2db');
    try {
      const servers: [ServerHandle, ServerHandle] = [reference, other];
      const r = await runDifferential({
        seed: CI_SEED,
        steps: CI_STEPS,
        families: parseFamilies('keys,strings'),
        servers,
        maxMismatches: 3,
      });
      assert.equal(r.mismatches.length, 3);
      const first = r.mismatches[0];
      assert.equal(first.family, 'keys');
      // SELECT, SWAPDB, MOVE or COPY ... DB naming database 2 or 3.
      assert.match(first.command, /^(SELECT|SWAPDB|MOVE|COPY) .*[23]/i);
      assert.match(first.replies[1], /^-ERR DB index is out of range$/);
      assert.notEqual(first.replies[0], first.replies[1]);
      assert.match(
        first.reproduce,
        new RegExp(`--seed ${CI_SEED} --steps ${first.step + 1} --families keys,strings`),
      );
      assert.ok(r.families.get('keys')!.mismatches >= 1);
      // Later differences come with the history of their keys.
      assert.ok(r.mismatches.some((m) => m.history.length > 1));
    } finally {
      await other.stop();
    }
  });

  for (const protocol of [2, 3] as const) {
    test(
      `strata-server answers like redis-server over RESP${protocol} (families: ${families.join(',') || 'none enabled yet'})`,
      { skip: families.length === 0 ? 'no family enabled yet in STRATA_DIFFTEST_FAMILIES' : false },
      async () => {
        const strata = await startStrata(strataArgs);
        try {
          const servers: [ServerHandle, ServerHandle] = [reference, strata];
          const extra = [
            strataArgs.length ? `--strata-args "${strataArgs.join(' ')}"` : '',
            protocol === 3 ? '--resp3' : '',
          ];
          const r = await runDifferential({
            // RESP3 runs a shorter, different sequence: RESP2 is what most clients speak.
            seed: CI_SEED + protocol - 2,
            steps: protocol === 2 ? CI_STEPS : CI_STEPS / 3,
            families: parseFamilies(families.join(',')),
            servers,
            protocol,
            maxMismatches: 5,
            reproduceExtra: extra.filter(Boolean).join(' ') || undefined,
          });
          assert.equal(r.mismatches.length, 0, report(r, servers));
          assert.equal(r.stoppedBecause, undefined, report(r, servers));
        } finally {
          await strata.stop();
        }
      },
    );
  }
});
