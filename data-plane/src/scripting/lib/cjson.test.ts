import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { prng } from '../../testing/prng';
import { describeMismatches, luaBytes, LuaDiff, type LuaCase } from './lua-diff';

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

const NUMBER_TEXTS = [
  '0',
  '-0',
  '1',
  '-1',
  '12345',
  '2147483648',
  '-2147483649',
  '4294967296',
  '9007199254740993',
  '123456789012345',
  '99999999999999',
  '100000000000000',
  '1e14',
  '1E+14',
  '1.5',
  '-0.25',
  '0.1',
  '3.0',
  '1e300',
  '1e400',
  '-1e400',
  '1e-400',
  '5e-324',
  '2.5e-3',
  '1.7976931348623157e308',
  '18446744073709551616',
  '0.30000000000000004',
  '123.456e7',
  '6.02214076e23',
  '1.',
  // forms strtod takes and strict JSON does not (decode_invalid_numbers is on by default)
  '0x10',
  '0X1fp2',
  '-0x8',
  '0x.8',
  '0x',
  '007',
  '+1',
  'inf',
  'Infinity',
  '-inf',
  '-Infinity',
  'nan',
  'NaN',
  '-nan',
  'nan(123)',
  'INF',
  '1e',
  '1e+',
  '-',
  '--1',
  '.5',
  '-.5',
  '1.e5',
];

const ESCAPES = [
  '\\"',
  '\\\\',
  '\\/',
  '\\b',
  '\\f',
  '\\n',
  '\\r',
  '\\t',
  '\\u0041',
  '\\u00e9',
  '\\u20ac',
  '\\u0000',
  '\\ud83d\\ude00',
  '\\uDBFF\\uDFFF',
  '\\u007f',
  '\\uffff',
  '\\u0800',
];

function jsonString(r: Rand): string {
  let s = '"';
  const n = Math.floor(r() * 10);
  for (let i = 0; i < n; i++) {
    const k = r();
    if (k < 0.3) s += pick(r, ESCAPES);
    else if (k < 0.5)
      s += String.fromCharCode(0x80 + Math.floor(r() * 128)); // raw high bytes
    else if (k < 0.55)
      s += String.fromCharCode(1 + Math.floor(r() * 31)); // raw control bytes: cjson takes them
    else s += String.fromCharCode(0x20 + Math.floor(r() * 95)).replace(/["\\]/, 'q');
  }
  return s + '"';
}

function ws(r: Rand): string {
  return r() < 0.7 ? '' : pick(r, [' ', '\n', '\t', '\r', '  \n ']);
}

function jsonValue(r: Rand, depth: number): string {
  const k = r();
  if (depth > 3 || k < 0.3) return pick(r, NUMBER_TEXTS.slice(0, 30));
  if (k < 0.5) return jsonString(r);
  if (k < 0.6) return pick(r, ['true', 'false', 'null']);
  const n = Math.floor(r() * 4);
  if (k < 0.8) {
    const items = Array.from({ length: n }, () => ws(r) + jsonValue(r, depth + 1) + ws(r));
    return '[' + items.join(',') + ']';
  }
  const items = Array.from(
    { length: n },
    () => ws(r) + jsonString(r) + ws(r) + ':' + ws(r) + jsonValue(r, depth + 1),
  );
  return '{' + items.join(',') + ws(r) + '}';
}

/** A Lua value constructor for encode cases; maps have one key (5.1 and 5.4 order keys differently). */
function luaValue(r: Rand, depth: number): string {
  const k = r();
  if (depth > 3 || k < 0.35)
    // no -0.0 here: Lua 5.1 shares one constant slot between 0 and -0.0 in a function
    return pick(r, [
      '0',
      '-1',
      '7',
      '2^31',
      '2^53',
      '-2^63',
      '2^64',
      '1.5',
      '0.1',
      '1/3',
      '1e100',
      '1e-5',
      '123456789012345678',
      '100000000000000',
      '99999999999999',
      'true',
      'false',
      'cjson.null',
      'nil',
    ]);
  if (k < 0.6) {
    const bytes = Buffer.from(Array.from({ length: Math.floor(r() * 12) }, () => Math.floor(r() * 256)));
    return luaBytes(bytes);
  }
  if (k < 0.85) {
    const n = Math.floor(r() * 5);
    return '{' + Array.from({ length: n }, () => luaValue(r, depth + 1)).join(', ') + '}';
  }
  const key =
    r() < 0.7
      ? luaBytes(Buffer.from(Array.from({ length: 3 }, () => Math.floor(r() * 128))))
      : pick(r, ['1.5', '-3', '0', '2^40', '1e20']);
  return `{[${key}] = ${luaValue(r, depth + 1)}}`;
}

describe('cjson against redis-server 7.0 (lua_cjson.c)', () => {
  let diff: LuaDiff;
  before(async () => {
    diff = await LuaDiff.start();
  });
  after(() => diff.close());

  test('decode of random JSON: values, escapes, unicode, whitespace, numbers', async () => {
    const r = prng(505);
    const cases: LuaCase[] = [];
    for (const n of NUMBER_TEXTS) {
      cases.push({ expr: `cjson.decode(${luaBytes(n)})` });
      cases.push({ expr: `cjson.decode(${luaBytes('[' + n + ']')})` });
    }
    for (const e of ESCAPES) cases.push({ expr: `cjson.decode(${luaBytes('"a' + e + 'b"')})` });
    for (let i = 0; i < 500; i++) {
      const text = ws(r) + jsonValue(r, 0) + ws(r);
      cases.push({ expr: `cjson.decode(${luaBytes(text)})` });
    }
    const m = await diff.compare(cases);
    assert.deepEqual(m, [], describeMismatches(m));
  });

  test('numbers: random decimal texts decode to the same double, random doubles encode alike', async () => {
    const r = prng(515);
    const cases: LuaCase[] = [];
    for (let i = 0; i < 300; i++) {
      const digits = Array.from({ length: 1 + Math.floor(r() * 25) }, () => Math.floor(r() * 10)).join('');
      const dot = Math.floor(r() * (digits.length + 1));
      let text =
        (r() < 0.3 ? '-' : '') + (r() < 0.5 ? digits.slice(0, dot) + '.' + digits.slice(dot) : digits);
      if (text.endsWith('.') || /^-?\./.test(text)) text = text.replace('.', '');
      if (r() < 0.4) text += 'e' + (Math.floor(r() * 700) - 350);
      cases.push({ expr: `cjson.decode(${luaBytes(text)}), tostring(cjson.decode(${luaBytes(text)}))` });
    }
    for (let i = 0; i < 200; i++) {
      const v = (r() * 10 ** (Math.floor(r() * 40) - 20) * (r() < 0.5 ? -1 : 1)).toPrecision(17);
      cases.push({ expr: `cjson.encode(${v}), cjson.encode({${v}, ${v} * 3})` });
    }
    const m = await diff.compare(cases);
    assert.deepEqual(m, [], describeMismatches(m));
  });

  test('decode errors: broken, truncated and mutated JSON', async () => {
    const r = prng(606);
    const texts = [
      '',
      ' ',
      'x',
      '[',
      ']',
      '{',
      '{"a"',
      '{"a":',
      '{"a":1',
      '{"a":1,',
      '{1:2}',
      '{"a" 1}',
      '[1 2]',
      '[1,]',
      '[,1]',
      '"abc',
      '"\\x"',
      '"\\u12"',
      '"\\u12g4"',
      '"\\ud800"',
      '"\\ud800\\u0041"',
      '"\\udc00\\ud800"',
      '"\\ud800x"',
      'tru',
      'truex',
      'nul',
      'fals',
      '1 2',
      '[1]]',
      '{}}',
      'a',
      '\x00',
      '\x00a',
      'a\x00',
      '1\x00xyz',
      '"a\x00b"',
      '[1,2,3',
      '{"a":[1,{"b":}]}',
      '@',
      '\x80',
      "'a'",
      '[01]',
      '{"a":1 "b":2}',
      '/* */1',
      '[1e]',
      '-',
      '+',
    ];
    const cases: LuaCase[] = texts.map((t) => ({ expr: `cjson.decode(${luaBytes(t)})` }));
    for (let i = 0; i < 300; i++) {
      const text = Buffer.from(jsonValue(r, 0), 'latin1');
      let b: Buffer;
      if (r() < 0.5) b = text.subarray(0, Math.floor(r() * text.length));
      else {
        b = Buffer.from(text);
        if (b.length)
          b[Math.floor(r() * b.length)] = pick(
            r,
            [0x22, 0x5c, 0x2c, 0x3a, 0x5b, 0x7d, 0x20, 0x00, 0x61, 0x2d],
          );
      }
      cases.push({ expr: `cjson.decode(${luaBytes(b)})` });
    }
    cases.push({ expr: 'cjson.decode()' }, { expr: 'cjson.decode("1", 2)' }, { expr: 'cjson.decode({})' });
    cases.push({ expr: 'cjson.decode(nil)' }, { expr: 'cjson.decode(12.5)' });
    cases.push({ expr: `cjson.decode(string.rep("[", 1000) .. string.rep("]", 1000)) ~= nil` });
    cases.push({ expr: `cjson.decode(string.rep("[", 1001) .. string.rep("]", 1001))` });
    cases.push({ expr: `cjson.decode(string.rep('{"a":', 1001) .. '1' .. string.rep("}", 1001))` });
    const m = await diff.compare(cases);
    assert.deepEqual(m, [], describeMismatches(m));
  });

  test('encode: bytes, numbers, arrays, sparse arrays, one-key objects, round trips', async () => {
    const r = prng(707);
    const cases: LuaCase[] = [];
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    cases.push({ expr: `cjson.encode(${luaBytes(all)})` });
    for (const v of [
      '{}',
      '{{}}',
      '{1, 2, nil, 4}',
      '{[1]=1, [3]=3}',
      '{[1]=1, [20]=2}',
      '{[1]=1, [10]=2}',
      '{[2]=2}',
      '{[11]=1}',
      '{[0]=1}',
      '{[-1]=1}',
      '{[1.5]=1}',
      '{[2^31]=1}',
      '{[1]=1, x=2}',
      '{n=cjson.null}',
      'cjson.null',
      'nil',
      '1/0',
      '-1/0',
      '0/0',
      '{[1/0]=1}',
      '{[true]=1}',
      '{[{}]=1}',
      'string.len',
      'coroutine.create(function() end)',
      '{1, {2, {3, {4, {5}}}}}',
      '"\\0"',
      '12345678901234567890',
      '-0.0',
      '2^53+1',
      '1e-7',
      '0.1+0.2',
    ]) {
      cases.push({ expr: `cjson.encode(${v})` });
    }
    for (let i = 0; i < 400; i++) {
      const v = luaValue(r, 0);
      cases.push({ expr: `cjson.encode(${v})` });
      cases.push({ expr: `cjson.decode(cjson.encode(${v}))` });
    }
    cases.push({ expr: 'cjson.encode()' }, { expr: 'cjson.encode(1, 2)' });
    cases.push({
      pre: 'local t = {} for i = 1, 60 do t["k" .. i] = i * 1.5 end',
      expr: 'cjson.decode(cjson.encode(t))',
    });
    cases.push({
      pre: 'local t = {} local c = t for i = 1, 1000 do c[1] = {} c = c[1] end',
      expr: 'cjson.encode(t)',
    });
    cases.push({
      pre: 'local t = {} local c = t for i = 1, 999 do c[1] = {} c = c[1] end',
      expr: '#cjson.encode(t)',
    });
    cases.push({ pre: 'local t = {} t[1] = t', expr: 'cjson.encode(t)' });
    const m = await diff.compare(cases);
    assert.deepEqual(m, [], describeMismatches(m));
  });

  test('configuration functions and their effect, defaults restored', async () => {
    const restore =
      'cjson.encode_sparse_array(false, 2, 10) cjson.encode_max_depth(1000) cjson.decode_max_depth(1000) ' +
      'cjson.encode_number_precision(14) cjson.encode_keep_buffer(true) cjson.encode_invalid_numbers(false) ' +
      'cjson.decode_invalid_numbers(true)';
    const cases: LuaCase[] = [
      { expr: 'cjson.encode_sparse_array()' },
      { expr: 'cjson.encode_max_depth(), cjson.decode_max_depth(), cjson.encode_number_precision()' },
      { expr: 'cjson.encode_keep_buffer(), cjson.encode_invalid_numbers(), cjson.decode_invalid_numbers()' },
      { expr: 'cjson._NAME, cjson._VERSION, type(cjson.new)' },
      {
        expr: 'type(cjson.null), tostring(cjson.null), cjson.decode("null") == cjson.null, cjson.decode("[null]")[1] == cjson.null',
      },
      {
        pre: 'local t = cjson.decode(\'{"a":null,"b":[null,1]}\')',
        expr: 't.a == cjson.null, #t.b, t.b[1] == cjson.null',
      },
      { pre: 'cjson.encode_sparse_array(true)', expr: 'cjson.encode({[1]=1, [20]=2})' },
      {
        pre: 'cjson.encode_sparse_array("on", 0)',
        expr: 'cjson.encode({[1]=1, [2000]=2}), cjson.encode_sparse_array()',
      },
      { pre: 'cjson.encode_sparse_array(false, 1, 1)', expr: 'cjson.encode({[1]=1, [3]=2})' },
      {
        pre: restore,
        expr: 'cjson.encode_sparse_array(nil, 3, 0), cjson.encode({[1]=1,[3]=1}), cjson.encode({[1]=1,[4]=1})',
      },
      { expr: 'cjson.encode_sparse_array("yes")' },
      { expr: 'cjson.encode_sparse_array(1)' },
      { expr: 'cjson.encode_sparse_array(true, -1)' },
      { expr: 'cjson.encode_sparse_array(true, 2, "x")' },
      { expr: 'cjson.encode_sparse_array(true, 2, 10, 4)' },
      { pre: restore, expr: 'cjson.encode_number_precision(3), cjson.encode({1/3, 12345.678, 2^60})' },
      { expr: 'cjson.encode_number_precision(0)' },
      { expr: 'cjson.encode_number_precision(15)' },
      { expr: 'cjson.encode_number_precision("7"), cjson.encode(1/3)' },
      { pre: restore, expr: 'cjson.encode_max_depth(2), cjson.encode({{1}}), cjson.encode({{{1}}})' },
      { expr: 'cjson.decode_max_depth(2), cjson.decode("[[1]]"), cjson.decode("[[[1]]]")' },
      { expr: 'cjson.encode_max_depth(0)' },
      { expr: 'cjson.decode_max_depth(2.7), cjson.decode_max_depth()' },
      { pre: restore, expr: 'cjson.encode_invalid_numbers(true), cjson.encode({1/0, -1/0, 0/0})' },
      {
        expr: 'cjson.encode_invalid_numbers("null"), cjson.encode({1/0, -1/0, 0/0}), cjson.encode_invalid_numbers()',
      },
      { expr: 'cjson.encode_invalid_numbers("off"), cjson.encode({[1/0]=1})' },
      { expr: 'cjson.encode_invalid_numbers("maybe")' },
      { expr: 'cjson.encode_invalid_numbers(true, 1)' },
      { pre: restore, expr: 'cjson.decode_invalid_numbers(false), cjson.decode("[1, 2.5, -3]")' },
      { expr: 'cjson.decode("[0x10]")' },
      { expr: 'cjson.decode("[+1]")' },
      { expr: 'cjson.decode("[01]")' },
      { expr: 'cjson.decode("[NaN]")' },
      { expr: 'cjson.decode("[-inf]")' },
      { expr: 'cjson.decode("[1e]")' },
      {
        pre: restore,
        expr: 'cjson.encode_keep_buffer(false), cjson.encode({1}), cjson.encode_keep_buffer("on")',
      },
      { expr: 'cjson.encode_keep_buffer(2)' },
      { pre: restore, expr: 'cjson.encode_sparse_array()' },
    ];
    const m = await diff.compare(cases);
    assert.deepEqual(m, [], describeMismatches(m));
  });

  test('decoded numbers read like Lua 5.1 numbers (tostring, .., string.format)', async () => {
    const cases: LuaCase[] = [];
    for (const n of ['3', '-7', '3.0', '1e2', '2.5', '123456789012345', '99999999999999', '1e100', '0.1'])
      cases.push({
        pre: `local v = cjson.decode(${luaBytes(n)})`,
        expr: `tostring(v), v .. "", string.format("%d %s %x", v, v, v), v + 1, v * 2`,
      });
    // -0 is the one number whose .. differs (5.4 prints -0.0); tostring matches
    cases.push({ pre: 'local v = cjson.decode("-0")', expr: 'tostring(v), 1 / v' });
    cases.push({ pre: 'local t = cjson.decode("[10, 20]")', expr: 't[1] / t[2], t[1] + t[2], #t' });
    const m = await diff.compare(cases);
    assert.deepEqual(m, [], describeMismatches(m));
  });
});
