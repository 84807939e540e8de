// Connection and server commands whose replies are deterministic: PING, ECHO, unknown commands (the
// error quotes the name and first arguments as sent), CLIENT SETNAME/GETNAME, TIME (checked for
// shape), FLUSHALL.
import { Gen } from '../gen';
import type { Arg } from '../resp';
import type { Check, Family, Step } from '../step';

const TIME_SHAPE: Check = {
  kind: 'valid',
  validate: (r) => {
    if (r.type !== 'array' || r.items.length !== 2) return 'expected an array of two';
    for (const i of r.items)
      if (i.type !== 'bulk' || !/^\d+$/.test(i.value.toString())) return 'expected digits';
    const s = Number((r.items[0] as { value: Buffer }).value.toString());
    if (Math.abs(s - Date.now() / 1000) > 60) return 'seconds far from this machine clock';
    return null;
  },
};

function unknownCommand(g: Gen): Step {
  const name = g.rng.pick(['FOO', 'getx', 'Lpushh', 'xyzzy', '', 'GET GET']);
  const args: Arg[] = [name];
  const n = g.rng.int(0, 5);
  for (let i = 0; i < n; i++) args.push(g.rng.chance(0.1) ? 'x'.repeat(200) : g.smallValue());
  return g.cmd(args, []);
}

export const server: Family = {
  name: 'server',
  weight: 0.3,
  generators: [
    [
      3,
      (g) => {
        const args: Arg[] = [g.name('PING')];
        if (g.rng.chance(0.5)) args.push(g.value());
        if (g.rng.chance(0.05)) args.push('extra');
        return g.cmd(args, []);
      },
    ],
    [2, (g) => g.cmd([g.name('ECHO'), g.value()], [])],
    [3, unknownCommand],
    [
      1,
      (g) => {
        const name = g.rng.pick(['conn-a', 'b', '', 'has space', 'x\ny']);
        return g.cmd([g.name('CLIENT'), 'SETNAME', name], []);
      },
    ],
    [1, (g) => g.cmd([g.name('CLIENT'), 'GETNAME'], [])],
    [1, (g) => g.cmd([g.name('TIME')], [], TIME_SHAPE)],
    [
      0.2,
      (g) => ({
        ...g.cmd([g.name('FLUSHALL'), ...g.rng.pick([[], ['SYNC'], ['ASYNC'], ['BOGUS']])], []),
        keys: [{ db: -1, key: '*' }],
        barrier: true,
      }),
    ],
  ],
};
