import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { prng } from '../../testing/prng';
import { describeMismatches, luaBytes, LuaDiff, type LuaCase } from './lua-diff';

const INT_OPTS = [
  'b',
  'B',
  'h',
  'H',
  'l',
  'L',
  'T',
  'i',
  'I',
  'i1',
  'I2',
  'i3',
  'I5',
  'i7',
  'i8',
  'I8',
  'i9',
  'I12',
  'i16',
  'I32',
];

function randomInt(r: () => number): string {
  switch (Math.floor(r() * 7)) {
    case 0:
      return String(Math.floor(r() * 256) - 128);
    case 1:
      return String(Math.floor(r() * 65536) - 32768);
    case 2:
      return String(Math.floor(r() * 2 ** 32) - 2 ** 31);
    case 3:
      return `${Math.floor(r() * 2 ** 20)}*2^${Math.floor(r() * 44)}`;
    case 4:
      return `-${Math.floor(r() * 2 ** 20)}*2^${Math.floor(r() * 44)}`;
    case 5:
      return [
        '2^63',
        '-2^63',
        '2^64',
        '2^64+2^12',
        '-2^64',
        '2^63-1024',
        '2^53+1',
        '1/0',
        '-1/0',
        '0/0',
        '-0.5',
        '7.9',
      ][Math.floor(r() * 12)];
    default:
      return (r() * 2e6 - 1e6).toPrecision(12);
  }
}

function randomBytes(r: () => number, n: number): Buffer {
  return Buffer.from(Array.from({ length: n }, () => Math.floor(r() * 256)));
}

/** A random format and matching argument list. */
function randomFormat(r: () => number): { fmt: string; args: string[] } {
  let fmt = '';
  const args: string[] = [];
  const n = 1 + Math.floor(r() * 5);
  for (let i = 0; i < n; i++) {
    const k = r();
    if (k < 0.1)
      fmt += ['<', '>', '!', '!1', '!2', '!4', '!8', '!16', ' ', '='.repeat(0)][Math.floor(r() * 10)];
    if (k < 0.5) {
      fmt += INT_OPTS[Math.floor(r() * INT_OPTS.length)];
      args.push(randomInt(r));
    } else if (k < 0.62) {
      fmt += r() < 0.5 ? 'f' : 'd';
      args.push(r() < 0.3 ? randomInt(r) : (r() * 1e10 - 5e9).toPrecision(17));
    } else if (k < 0.75) {
      const len = Math.floor(r() * 6);
      fmt += `c${len || ''}`;
      args.push(luaBytes(randomBytes(r, len + Math.floor(r() * 3))));
    } else if (k < 0.85) {
      fmt += 's';
      args.push(luaBytes(randomBytes(r, Math.floor(r() * 6)).filter((b) => b !== 0)));
    } else {
      fmt += 'x';
    }
  }
  return { fmt, args };
}

describe('struct library against redis-server 7.0 (lua_struct.c)', () => {
  let diff: LuaDiff;
  before(async () => {
    diff = await LuaDiff.start();
  });
  after(() => diff.close());

  test('pack, unpack of the packed bytes and size on random formats', async () => {
    const r = prng(303);
    const cases: LuaCase[] = [];
    for (let i = 0; i < 400; i++) {
      const { fmt, args } = randomFormat(r);
      const f = luaBytes(fmt);
      cases.push({
        pre: `local s = struct.pack(${[f, ...args].join(', ')})`,
        expr: `s, struct.unpack(${f}, s)`,
      });
      cases.push({ expr: `struct.size(${f})` });
    }
    const m = await diff.compare(cases);
    assert.deepEqual(m, [], describeMismatches(m));
  });

  test('unpack of random bytes, with offsets and c0', async () => {
    const r = prng(404);
    const cases: LuaCase[] = [];
    for (let i = 0; i < 300; i++) {
      const { fmt } = randomFormat(r);
      const data = luaBytes(randomBytes(r, Math.floor(r() * 40)));
      const off = r() < 0.7 ? '' : `, ${Math.floor(r() * 12) - 2}`;
      cases.push({ expr: `struct.unpack(${luaBytes(fmt)}, ${data}${off})` });
    }
    for (const f of ['Bc0', 'bc0', '>hc0', 'c1c0', 'c0', 'xc0', 'Bc0B', 'dc0'])
      for (const d of ['\x03abcdef', '\x00', '\xffabc', '2xyz', '\x00\x02hello', '\x05ab'])
        cases.push({ expr: `struct.unpack(${luaBytes(f)}, ${luaBytes(d)})` });
    const m = await diff.compare(cases);
    assert.deepEqual(m, [], describeMismatches(m));
  });

  test('error texts', async () => {
    const cases: LuaCase[] = [
      'struct.pack("z", 1)',
      'struct.pack("i33", 1)',
      'struct.pack("i99999999999", 1)',
      'struct.pack("!3i", 1)',
      'struct.pack("!0i", 1)',
      'struct.pack("c5", "ab")',
      'struct.pack("i")',
      'struct.pack("i", "x")',
      'struct.pack("s", nil)',
      'struct.pack("s", {})',
      'struct.pack()',
      'struct.pack(12, 1)',
      'struct.pack("b2", 1)',
      'struct.unpack("i", "ab")',
      'struct.unpack("s", "abc")',
      'struct.unpack("c0", "abc")',
      'struct.unpack("i", "abcd", 0)',
      'struct.unpack("i", "abcd", -1)',
      'struct.unpack("", "abcd", -3)',
      'struct.unpack("i", "abcd", "x")',
      'struct.unpack("i", "abcdabcd", "2")',
      'struct.unpack("i")',
      'struct.unpack("q", "abcd")',
      'struct.size("s")',
      'struct.size("c0")',
      'struct.size("q")',
      'struct.size("?")',
      'struct.size("!8 b d i3 l !2 h c7 x")',
      'struct.size("i40")',
      'struct.pack("c0 c0", "abc", "")',
      'struct.pack("s", 12.5), struct.pack("c0", 1e15)',
      'struct.pack("i", "12"), struct.pack("d", " 0x10 ")',
    ].map((expr) => ({ expr }));
    const m = await diff.compare(cases);
    assert.deepEqual(m, [], describeMismatches(m));
  });
});
