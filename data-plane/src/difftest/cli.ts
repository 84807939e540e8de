// Command line of the differential test:
//   node data-plane/dist/difftest/cli.js [--seed N] [--steps M] [--families strings,lists,...|all]
//        [--port P] [--reference-port P] [--target strata|redis]
//        [--strata-args "..."] [--redis-args "..."] [--max-mismatches N] [--resp3] [--quiet]
// Exit status: 0 no difference, 1 differences, 2 usage or start-up error.
import { ALL_FAMILY_NAMES, parseFamilies } from './families';
import { formatSummary, runDifferential } from './runner';
import { ServerHandle, attach, startRedis, startStrata } from './servers';

const USAGE = `usage: node data-plane/dist/difftest/cli.js [options]
  --seed N              PRNG seed (default: random, printed)
  --steps M             number of steps (default 10000)
  --families LIST       comma-separated families or "all" (default all): ${ALL_FAMILY_NAMES.join(', ')}
  --port P              compare against a server already listening on 127.0.0.1:P
                        (default: start strata-server on a free port). Both servers are
                        FLUSHALLed at the start: never point this at data you want to keep
  --reference-port P    use a running redis-server as the reference (default: start one)
  --target strata|redis server to start as the one under test (redis: checks the test itself)
  --strata-args "..."   extra strata-server arguments (e.g. tiering flags)
  --redis-args "..."    extra arguments for the started server under test when --target redis
  --max-mismatches N    stop after N differences (default 10)
  --resp3               talk RESP3 (HELLO 3) on every connection
  --quiet               print only differences and the summary
  --trace               print every step with its replies`;

function splitArgs(s: string): string[] {
  return s.split(/\s+/).filter(Boolean);
}

export async function main(argv: string[]): Promise<number> {
  const o: Record<string, string> = {};
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') {
      console.log(USAGE);
      return 0;
    }
    if (a === '--resp3' || a === '--quiet' || a === '--trace') {
      flags.add(a);
      continue;
    }
    if (!a.startsWith('--') || i + 1 >= argv.length) {
      console.error(`bad argument ${a}\n${USAGE}`);
      return 2;
    }
    o[a.slice(2)] = argv[++i];
  }
  const known = [
    'seed',
    'steps',
    'families',
    'port',
    'reference-port',
    'target',
    'strata-args',
    'redis-args',
    'max-mismatches',
  ];
  const unknown = Object.keys(o).filter((k) => !known.includes(k));
  if (unknown.length) {
    console.error(`unknown option --${unknown[0]}\n${USAGE}`);
    return 2;
  }
  const num = (k: string, d: number): number => {
    if (o[k] === undefined) return d;
    const n = Number(o[k]);
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${k} needs a non-negative integer`);
    return n;
  };
  let families;
  let seed: number, steps: number, maxMismatches: number;
  try {
    families = parseFamilies(o.families ?? 'all');
    seed = num('seed', Math.floor(Math.random() * 2 ** 31));
    steps = num('steps', 10000);
    maxMismatches = num('max-mismatches', 10);
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const target = o.target ?? 'strata';
  if (target !== 'strata' && target !== 'redis') {
    console.error('--target must be strata or redis');
    return 2;
  }

  const started: ServerHandle[] = [];
  const cleanup = async (): Promise<void> => {
    await Promise.all(started.map((s) => s.stop()));
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  process.once('SIGTERM', () => void cleanup().then(() => process.exit(143)));
  try {
    let reference: ServerHandle;
    if (o['reference-port']) reference = attach('redis', num('reference-port', 0));
    else started.push((reference = await startRedis()));
    let subject: ServerHandle;
    if (o.port) subject = attach(target, num('port', 0));
    else if (target === 'redis')
      started.push((subject = await startRedis(splitArgs(o['redis-args'] ?? ''), 'redis-2')));
    else started.push((subject = await startStrata(splitArgs(o['strata-args'] ?? ''))));

    const reproduceExtra = [
      o['strata-args'] ? `--strata-args "${o['strata-args']}"` : '',
      target === 'redis' ? '--target redis' : '',
      o['redis-args'] ? `--redis-args "${o['redis-args']}"` : '',
      flags.has('--resp3') ? '--resp3' : '',
    ]
      .filter(Boolean)
      .join(' ');
    const quiet = flags.has('--quiet');
    console.log(
      `seed ${seed}, ${steps} steps, families ${families.map((f) => f.name).join(',')}: ` +
        `${reference.name} on port ${reference.port} vs ${subject.name} on port ${subject.port}`,
    );
    const result = await runDifferential({
      seed,
      steps,
      families,
      servers: [reference, subject],
      maxMismatches,
      protocol: flags.has('--resp3') ? 3 : 2,
      trace: flags.has('--trace'),
      reproduceExtra,
      log: (l) => {
        if (!quiet || !l.startsWith('...')) console.log(l + (l.startsWith('...') ? '' : '\n'));
      },
    });
    console.log(formatSummary(result, [reference, subject]));
    return result.mismatches.length > 0 || result.stoppedBecause ? 1 : 0;
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  } finally {
    await cleanup();
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
