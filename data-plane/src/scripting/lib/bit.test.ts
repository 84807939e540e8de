import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { prng } from '../../testing/prng';
import { describeMismatches, LuaDiff, type LuaCase } from './lua-diff';

// Numbers written so that Lua 5.1 and 5.4 read the same double (^ is float arithmetic in both).
const EDGES = [
  '0',
  '1',
  '-1',
  '0.5',
  '-0.5',
  '1.5',
  '2.5',
  '-1.5',
  '-2.5',
  '0.49999999999999994',
  '2^31-1',
  '2^31',
  '-2^31',
  '-2^31-1',
  '2^32',
  '2^32+1',
  '-2^32',
  '2^32-1',
  '2^51',
  '-2^51',
  '2^51+0.5',
  '2^52',
  '2^52+1',
  '2^53',
  '2^53+2',
  '-2^53',
  '2^63',
  '-2^63',
  '2^64',
  '2^64+2^20',
  '1e20',
  '-1e20',
  '1e300',
  '1/0',
  '-1/0',
  '0/0',
  '123456789',
  '-987654321',
  '4294967295.5',
  '0x7fffffff',
  '0xfedcba98',
  '"10"',
  '"0x10"',
  '" 12 "',
  '"1e3"',
];

function randomNumber(r: () => number): string {
  switch (Math.floor(r() * 6)) {
    case 0:
      return String(Math.floor(r() * 2 ** 32) - 2 ** 31);
    case 1:
      return String(Math.floor(r() * 2 ** 33) - 2 ** 32);
    case 2:
      return `${Math.floor(r() * 2 ** 21)}*2^${Math.floor(r() * 40)}`;
    case 3:
      return (r() * 2 ** 34 - 2 ** 33).toPrecision(17);
    case 4:
      return String(Math.floor(r() * 256) - 128);
    default:
      return `-${Math.floor(r() * 2 ** 21)}*2^${Math.floor(r() * 45)}`;
  }
}

describe('bit library against redis-server 7.0 (LuaBitOp)', () => {
  let diff: LuaDiff;
  before(async () => {
    diff = await LuaDiff.start();
  });
  after(() => diff.close());

  test('unary functions and tohex on edge and random numbers', async () => {
    const r = prng(101);
    const nums = [...EDGES, ...Array.from({ length: 150 }, () => randomNumber(r))];
    const cases: LuaCase[] = [];
    for (const n of nums) {
      cases.push({ expr: `bit.tobit(${n}), bit.bnot(${n}), bit.bswap(${n}), bit.tohex(${n})` });
      cases.push({ expr: `bit.tohex(${n}, ${Math.floor(r() * 20) - 10}), bit.tohex(${n}, ${n})` });
    }
    const m = await diff.compare(cases);
    assert.deepEqual(m, [], describeMismatches(m));
  });

  test('binary, variadic and shift functions', async () => {
    const r = prng(202);
    const pick = () => (r() < 0.25 ? EDGES[Math.floor(r() * EDGES.length)] : randomNumber(r));
    const cases: LuaCase[] = [];
    for (let i = 0; i < 300; i++) {
      const a = pick();
      const b = pick();
      const c = pick();
      const sh = r() < 0.5 ? String(Math.floor(r() * 70) - 5) : pick();
      cases.push({
        expr: `bit.band(${a}, ${b}), bit.bor(${a}, ${b}, ${c}), bit.bxor(${a}, ${b}, ${c}, ${a})`,
      });
      cases.push({
        expr: `bit.lshift(${a}, ${sh}), bit.rshift(${a}, ${sh}), bit.arshift(${a}, ${sh}), bit.rol(${a}, ${sh}), bit.ror(${a}, ${sh})`,
      });
    }
    const m = await diff.compare(cases);
    assert.deepEqual(m, [], describeMismatches(m));
  });

  test('argument errors and results as 5.1 shows them', async () => {
    const cases: LuaCase[] = [
      { expr: 'bit.tobit()' },
      { expr: 'bit.tobit(nil)' },
      { expr: 'bit.tobit("abc")' },
      { expr: 'bit.tobit({})' },
      { expr: 'bit.band()' },
      { expr: 'bit.band(1, nil, nil)' },
      { expr: 'bit.bor(1, 2, "x")' },
      { expr: 'bit.lshift(1)' },
      { expr: 'bit.rol(nil, 1)' },
      { expr: 'bit.tohex(1, nil)' },
      { expr: 'bit.tohex(true)' },
      { expr: 'tostring(bit.tobit(2^32 + 7)) .. "|" .. bit.band(-1, 255) .. "|" .. bit.tohex(255, 2)' },
      { pre: 'local n = 0 for i = 1, 40 do n = bit.bxor(n * 3, i) end', expr: 'n' },
    ];
    const m = await diff.compare(cases);
    assert.deepEqual(m, [], describeMismatches(m));
  });
});
