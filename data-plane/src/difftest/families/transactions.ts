// Transactions and pub/sub without subscribers: MULTI ... EXEC/DISCARD over commands of the other
// pools (runtime errors inside, queuing errors that abort), WATCH with and without a modification
// before EXEC, the misuse errors (nested MULTI, WATCH inside MULTI, EXEC/DISCARD without MULTI), and
// PUBLISH/SPUBLISH/PUBSUB whose replies are deterministic when nobody subscribes. Each scenario ends
// outside MULTI, so later steps of other families run as usual.
import { Gen } from '../gen';
import type { Arg } from '../resp';
import type { Family, Step } from '../step';

/** A command to queue: deterministic replies only (no random picks), some of them errors. */
function queued(g: Gen, keys: string[]): Arg[] {
  const k = g.anyKey();
  keys.push(k);
  switch (g.rng.int(0, 9)) {
    case 0:
      return ['SET', k, g.value()];
    case 1:
      return ['GET', k];
    case 2:
      return ['INCR', k];
    case 3:
      return ['LPUSH', k, g.smallValue()];
    case 4:
      return ['HSET', k, 'f', g.smallValue()];
    case 5:
      return ['DEL', k];
    case 6:
      return ['EXPIRE', k, g.integer(-5, 1000)];
    case 7:
      return ['TYPE', k];
    case 8:
      return ['BLPOP', k, '0']; // inside MULTI: answers at once, never blocks
    default:
      return ['PING'];
  }
}

/** A command that fails while queuing (so EXEC answers EXECABORT). */
function queueError(g: Gen): Arg[] {
  return g.rng.pick<Arg[]>([['GET'], ['NOSUCHCMD', 'x'], ['SET', 'k'], ['CONFIG', 'NOSUCH']]);
}

function transaction(g: Gen): Step[] {
  const keys: string[] = [];
  const cmds: Arg[][] = [[g.name('MULTI')]];
  const n = g.rng.int(0, 5);
  for (let i = 0; i < n; i++) cmds.push(g.rng.chance(0.07) ? queueError(g) : queued(g, keys));
  if (g.rng.chance(0.05)) cmds.push(['MULTI']);
  if (g.rng.chance(0.05)) cmds.push(['WATCH', g.anyKey()]);
  cmds.push([g.rng.chance(0.85) ? g.name('EXEC') : g.name('DISCARD')]);
  return cmds.map((args) => g.cmd(args, keys));
}

function watched(g: Gen): Step[] {
  const keys = [g.anyKey(), g.anyKey()];
  const steps: Step[] = [g.cmd(['WATCH', ...keys.slice(0, g.rng.int(1, 2))], keys)];
  switch (g.rng.int(0, 4)) {
    case 0:
      steps.push(g.cmd(['SET', keys[0], g.smallValue()], keys));
      break;
    case 1:
      steps.push(g.cmd(['DEL', keys[0]], keys));
      break;
    case 2:
      steps.push(g.cmd(['GET', keys[0]], keys)); // a read: no modification
      break;
    case 3:
      steps.push(g.cmd(['UNWATCH'], keys));
      steps.push(g.cmd(['SET', keys[0], g.smallValue()], keys));
      break;
    default:
      break;
  }
  steps.push(g.cmd(['MULTI'], keys));
  const more: string[] = [];
  steps.push(g.cmd(queued(g, more), [...keys, ...more]));
  steps.push(g.cmd(['EXEC'], [...keys, ...more]));
  return steps;
}

function misuse(g: Gen): Step {
  return g.cmd(
    g.rng.pick<Arg[]>([['EXEC'], ['DISCARD'], ['UNWATCH'], ['EXEC', 'x'], ['MULTI', 'x'], ['WATCH']]),
    [],
  );
}

function pubsub(g: Gen): Step {
  const ch = g.rng.pick(['ch', 'news.1', '', 'x'.repeat(40)]);
  return g.cmd(
    g.rng.pick<Arg[]>([
      ['PUBLISH', ch, g.value()],
      ['SPUBLISH', ch, g.value()],
      ['PUBSUB', 'NUMSUB', ch, 'other'],
      ['PUBSUB', 'SHARDNUMSUB', ch],
      ['PUBSUB', 'NUMPAT'],
      ['PUBSUB', 'CHANNELS'],
      ['PUBSUB', 'CHANNELS', '*'],
      ['PUBSUB', 'SHARDCHANNELS'],
      ['PUBSUB', 'NOSUCH'],
      ['PUBLISH', ch],
    ]),
    [],
  );
}

export const transactions: Family = {
  name: 'transactions',
  weight: 0.4,
  generators: [
    [5, transaction],
    [3, watched],
    [1, misuse],
    [1, pubsub],
  ],
};
