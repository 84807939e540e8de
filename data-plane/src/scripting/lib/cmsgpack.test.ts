import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { prng } from '../../testing/prng';
import { describeMismatches, luaBytes, LuaDiff, type LuaCase } from './lua-diff';

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

// Lua 5.1 and 5.4 read these to the same double. No -0.0: 5.1 shares its constant slot with 0.
const NUMBERS = [
  '0',
  '1',
  '-1',
  '127',
  '128',
  '255',
  '256',
  '-32',
  '-33',
  '-128',
  '-129',
  '32767',
  '32768',
  '-32768',
  '-32769',
  '65535',
  '65536',
  '2^31-1',
  '2^31',
  '-2^31',
  '-2^31-1',
  '2^32-1',
  '2^32',
  '-2^32',
  '2^53',
  '2^53+2',
  '-2^53',
  '2^63',
  '-2^63',
  '2^63-1024',
  '2^64',
  '-2^64',
  '1.5',
  '-1.5',
  '0.1',
  '1/3',
  '3.4028234663852886e38',
  '1e39',
  '1e-45',
  '1.401298464324817e-45',
  '2^-149',
  '2^-150',
  '1e300',
  '1/0',
  '-1/0',
  '0/0',
  '16777217',
  '0.25',
  '1e14',
];

function randomNumber(r: Rand): string {
  switch (Math.floor(r() * 5)) {
    case 0:
      return String(Math.floor(r() * 2 ** 16) - 2 ** 15);
    case 1:
      return `${Math.floor(r() * 2 ** 20) - 2 ** 19}*2^${Math.floor(r() * 50)}`;
    case 2:
      return (r() * 2e6 - 1e6).toPrecision(1 + Math.floor(r() * 17));
    case 3:
      return pick(r, NUMBERS);
    default:
      return String(Math.floor(r() * 2 ** 40));
  }
}

function randomBytes(r: Rand, n: number): Buffer {
  return Buffer.from(Array.from({ length: n }, () => Math.floor(r() * 256)));
}

/** A Lua value constructor; maps have at most one key (5.1 and 5.4 iterate hashes in different orders). */
function luaValue(r: Rand, depth: number): string {
  const k = r();
  if (depth > 4 || k < 0.35) return randomNumber(r);
  if (k < 0.5) return luaBytes(randomBytes(r, pick(r, [0, 1, 5, 31, 32, 33, 255, 256, 300])));
  if (k < 0.55) return pick(r, ['true', 'false', 'nil', 'cjson.null', 'string.len']);
  if (k < 0.8) {
    const n = depth < 1 ? pick(r, [0, 1, 3, 15, 16, 17]) : pick(r, [0, 1, 2, 3]);
    return '{' + Array.from({ length: n }, () => luaValue(r, depth + 1)).join(', ') + '}';
  }
  const key = pick(r, [
    '"k"',
    '1',
    '2',
    '0',
    '-1',
    '1.5',
    '2^31',
    '2^40',
    'true',
    '{}',
    luaBytes(randomBytes(r, 2)),
  ]);
  return `{[${key}] = ${luaValue(r, depth + 1)}}`;
}

// A msgpack encoder for unpack inputs Redis's encoder never produces (str8 for short strings, uint8
// for small numbers, float32, bin/ext types...).
function mpValue(r: Rand, depth: number): Buffer {
  const k = Math.floor(r() * 16);
  const b = (...xs: number[]) => Buffer.from(xs);
  const be = (n: number, size: number) => {
    const x = Buffer.alloc(size);
    x.writeUIntBE(n, 0, size);
    return x;
  };
  switch (depth > 3 ? k % 8 : k) {
    case 0:
      return b(Math.floor(r() * 128));
    case 1:
      return b(0xe0 + Math.floor(r() * 32));
    case 2:
      return Buffer.concat([b(pick(r, [0xcc, 0xd0])), randomBytes(r, 1)]);
    case 3:
      return Buffer.concat([b(pick(r, [0xcd, 0xd1])), randomBytes(r, 2)]);
    case 4:
      return Buffer.concat([b(pick(r, [0xce, 0xd2, 0xca])), randomBytes(r, 4)]);
    case 5:
      return Buffer.concat([b(pick(r, [0xcf, 0xd3, 0xcb])), randomBytes(r, 8)]);
    case 6: {
      const s = randomBytes(r, Math.floor(r() * 40));
      const hdr = pick(r, [0, 1, 2, 3]);
      if (hdr === 0 && s.length < 32) return Buffer.concat([b(0xa0 | s.length), s]);
      if (hdr === 1) return Buffer.concat([b(0xd9, s.length), s]);
      if (hdr === 2) return Buffer.concat([b(0xda), be(s.length, 2), s]);
      return Buffer.concat([b(0xdb), be(s.length, 4), s]);
    }
    case 7:
      return b(pick(r, [0xc0, 0xc2, 0xc3]));
    case 8:
    case 9: {
      const n = Math.floor(r() * 5);
      const items = Array.from({ length: n }, () => mpValue(r, depth + 1));
      const hdr = pick(r, [
        b(0x90 | n),
        Buffer.concat([b(0xdc), be(n, 2)]),
        Buffer.concat([b(0xdd), be(n, 4)]),
      ]);
      return Buffer.concat([hdr, ...items]);
    }
    case 10:
    case 11: {
      // keys that are strings or numbers (nil and NaN keys are tested on their own)
      const n = Math.floor(r() * 2);
      const items = Array.from({ length: n }, () =>
        Buffer.concat([pick(r, [b(0xa1, 0x61), b(0x05), b(0xd0, 0x80), b(0xa0)]), mpValue(r, depth + 1)]),
      );
      const hdr = pick(r, [
        b(0x80 | n),
        Buffer.concat([b(0xde), be(n, 2)]),
        Buffer.concat([b(0xdf), be(n, 4)]),
      ]);
      return Buffer.concat([hdr, ...items]);
    }
    default:
      return b(pick(r, [0xc1, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8]), 1, 2);
  }
}

describe('cmsgpack against redis-server 7.0 (lua_cmsgpack.c)', () => {
  let diff: LuaDiff;
  before(async () => {
    diff = await LuaDiff.start();
  });
  after(() => diff.close());

  test('pack: the bytes for numbers, strings, tables, nesting; unpack of them', async () => {
    const r = prng(808);
    const cases: LuaCase[] = [];
    for (const n of NUMBERS)
      cases.push({ pre: `local s = cmsgpack.pack(${n})`, expr: 's, cmsgpack.unpack(s)' });
    for (let i = 0; i < 400; i++) {
      const v = luaValue(r, 0);
      cases.push({ pre: `local s = cmsgpack.pack(${v})`, expr: 's, cmsgpack.unpack(s)' });
    }
    for (let i = 0; i < 150; i++) {
      // doubles a float holds exactly (float 32) and doubles it does not (float 64)
      const f = Math.fround((r() - 0.5) * 10 ** (Math.floor(r() * 20) - 10));
      const v =
        r() < 0.5 ? f.toPrecision(17) : ((r() - 0.5) * 10 ** (Math.floor(r() * 40) - 20)).toPrecision(17);
      cases.push({ pre: `local s = cmsgpack.pack(${v})`, expr: 's, cmsgpack.unpack(s)' });
    }
    for (let i = 0; i < 60; i++) {
      const args = Array.from({ length: 1 + Math.floor(r() * 5) }, () => luaValue(r, 2));
      cases.push({ pre: `local s = cmsgpack.pack(${args.join(', ')})`, expr: 's, cmsgpack.unpack(s)' });
    }
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    cases.push({ expr: `cmsgpack.pack(${luaBytes(all)}, string.rep("x", 65535), string.rep("y", 65536)) ` });
    cases.push({ pre: 'local t = {} for i = 1, 70000 do t[i] = i % 300 end', expr: 'cmsgpack.pack(t)' });
    cases.push({
      pre: 'local t = {} for i = 1, 16 do t["k" .. i] = i end',
      expr: 'cmsgpack.unpack(cmsgpack.pack(t))',
    });
    cases.push({
      pre: 'local t = {} local c = t for i = 1, 20 do c[1] = {} c = c[1] end',
      expr: 'cmsgpack.pack(t)',
    });
    cases.push({ pre: 'local t = {} t[1] = t', expr: 'cmsgpack.pack(t)' });
    cases.push({ pre: 'local t = {} t.x = t', expr: 'cmsgpack.pack(t)' });
    cases.push({
      expr: 'cmsgpack.pack({1, 2, nil, 4}), cmsgpack.pack({[1] = 1, [3] = 3}), cmsgpack.pack({n = 1})',
    });
    cases.push(
      { expr: 'cmsgpack.pack()' },
      { expr: 'cmsgpack.pack(nil)' },
      { expr: 'cmsgpack.pack(nil, nil)' },
    );
    const m = await diff.compare(cases);
    assert.deepEqual(m, [], describeMismatches(m));
  });

  test('unpack, unpack_one, unpack_limit of foreign and broken msgpack', async () => {
    const r = prng(909);
    const cases: LuaCase[] = [];
    for (let i = 0; i < 300; i++) {
      let data = Buffer.concat(Array.from({ length: 1 + Math.floor(r() * 3) }, () => mpValue(r, 0)));
      if (r() < 0.25) data = data.subarray(0, Math.floor(r() * data.length));
      const s = luaBytes(data);
      cases.push({ expr: `cmsgpack.unpack(${s})` });
      if (r() < 0.3)
        cases.push({ expr: `cmsgpack.unpack_one(${s}${r() < 0.5 ? '' : ', ' + Math.floor(r() * 6)})` });
      if (r() < 0.3) {
        const off = r() < 0.5 ? '' : ', ' + Math.floor(r() * 6);
        cases.push({ expr: `cmsgpack.unpack_limit(${s}, ${Math.floor(r() * 4)}${off})` });
      }
    }
    for (const e of [
      'cmsgpack.unpack("")',
      'cmsgpack.unpack()',
      'cmsgpack.unpack({})',
      'cmsgpack.unpack(12)',
      'cmsgpack.unpack("\\129\\192\\1")',
      'cmsgpack.unpack("\\129\\203\\255\\248\\0\\0\\0\\0\\0\\0\\1")',
      'cmsgpack.unpack_one("\\1\\2", -1)',
      'cmsgpack.unpack_one("\\1\\2", 3)',
      'cmsgpack.unpack_one("\\1\\2", 2)',
      'cmsgpack.unpack_one("\\1\\2", "1")',
      'cmsgpack.unpack_one("\\1\\2", "x")',
      'cmsgpack.unpack_limit("\\1\\2")',
      'cmsgpack.unpack_limit("\\1\\2", -1)',
      'cmsgpack.unpack_limit("\\1\\2\\3", 0)',
      'cmsgpack.unpack_limit("\\1\\2\\3", 0, 1)',
      'cmsgpack.unpack_limit("\\1\\2\\3", 2, 1)',
      'cmsgpack.unpack_limit("\\1\\2\\3", 1.9, 0.5)',
      'cmsgpack.unpack_limit("\\1\\2\\3", 5, 3)',
      'cmsgpack.unpack_one("")',
      'cmsgpack.unpack_one("\\220\\0")',
      '#{cmsgpack.unpack(string.rep("\\1", 7998))}',
      '#{cmsgpack.unpack(string.rep("\\1", 7999))}',
      '#{cmsgpack.unpack(string.rep("\\1", 8000))}',
      'select("#", cmsgpack.unpack_limit(string.rep("\\1", 9000), 100, 10))',
      'cmsgpack._NAME, cmsgpack._VERSION, cmsgpack._COPYRIGHT, cmsgpack._DESCRIPTION',
      // nesting deep enough to reach 5.1's C stack limit (checked per array, per map key and value)
      ...[3997, 3998, 3999, 4000, 4001].map(
        (n) => `type(cmsgpack.unpack(string.rep("\\145", ${n}) .. "\\1"))`,
      ),
      ...[3998, 3999, 4000].map((n) => `type(cmsgpack.unpack(string.rep("\\129\\1", ${n}) .. "\\1"))`),
      ...[3998, 3999, 4000].map((n) => `type(cmsgpack.unpack(string.rep("\\129\\145", ${n}) .. "\\1\\1"))`),
      'select("#", cmsgpack.unpack(string.rep("\\1", 7990) .. string.rep("\\145", 10) .. "\\1"))',
    ])
      cases.push({ expr: e });
    const m = await diff.compare(cases);
    assert.deepEqual(m, [], describeMismatches(m));
  });

  test('unpacked numbers read like Lua 5.1 numbers', async () => {
    const cases: LuaCase[] = [];
    for (const n of ['1', '-1', '2^40', '1e14', '1e15', '2^63', '1.5', '0.1', '3'])
      cases.push({
        pre: `local v = cmsgpack.unpack(cmsgpack.pack(${n}))`,
        expr: `tostring(v), v .. "", string.format("%d", v)`,
      });
    cases.push({
      pre: 'local v = cmsgpack.unpack("\\207\\255\\255\\255\\255\\255\\255\\255\\255")',
      expr: 'tostring(v), v .. ""',
    });
    const m = await diff.compare(cases);
    assert.deepEqual(m, [], describeMismatches(m));
  });
});
