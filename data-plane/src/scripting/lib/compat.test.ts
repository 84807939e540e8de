import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { prng } from '../../testing/prng';
import { LuaFactory } from 'wasmoon';
import { LUA_PRELUDE } from './index';
import { describeMismatches, LuaDiff, type LuaCase } from './lua-diff';

describe('Lua 5.1 compatibility chunk against redis-server 7.0', () => {
  let diff: LuaDiff;
  before(async () => {
    diff = await LuaDiff.start();
  });
  after(() => diff.close());

  test('the comparison sees differences (Lua versions, integer division, .. of floats)', async () => {
    const m = await diff.compare([
      { expr: '_VERSION' },
      { expr: '1' },
      { expr: '(10/2) .. ""' },
      { expr: '"x"' },
    ]);
    assert.deepEqual(
      m.map((x) => x.case.expr),
      ['_VERSION', '(10/2) .. ""'],
    );
  });

  test('5.1 functions the chunk adds', async () => {
    const cases: LuaCase[] = [
      'table.foreach({10, 20, 30}, function(k, v) if v == 20 then return k end end)',
      'table.foreachi({10, 20, 30}, function(i, v) if v > 15 then return i * 100 end end)',
      'table.foreachi({10, 20}, function() end), table.foreach({}, function() return 1 end)',
      'table.foreach(nil, 1)',
      'table.foreach({}, 1)',
      'table.foreachi({})',
      'table.setn({}, 1)',
      'table.setn(1)',
      'type(gcinfo())',
      'unpack({1, 2, 3})',
      'unpack({1, 2, 3}, 2)',
      'unpack({1, 2, 3}, 2, 5)',
      'table.getn({1, 2, 3, nil, 5})',
      'table.getn({})',
      'table.getn("x")',
      'table.maxn({1, 2, [10] = 3, [2.5] = 1, x = 1})',
      'table.maxn({})',
      'table.maxn({[-1] = 1})',
      'math.mod(7, 3), math.mod(-7, 3), math.mod(7, -3), math.mod(5.5, 2)',
      'math.pow(2, 10), math.pow(2, 0.5), math.pow(-8, 1/3)',
      'math.log10(1000), math.log10(2)',
      'math.atan2(1, 1), math.atan2(-1, -1), math.atan2(0, -1)',
      'math.cosh(1), math.sinh(1), math.tanh(0.5), math.tanh(30), math.sinh(0), math.cosh(0)',
      'math.ldexp(0.5, 11), math.ldexp(1, -1074), math.ldexp(1, 1024), math.ldexp(3, 0), math.ldexp(1.5, 2.7)',
      'math.frexp(1024), math.frexp(0), math.frexp(-3), math.frexp(0.1), math.frexp(2^-1074), math.frexp(1/0)',
      'loadstring("return 1 + 1")()',
      // (messages of the two compilers differ for most syntax errors: see docs/scripting.md)
      'loadstring("return )")',
      'string.gfind("a1b2", "%d")()',
      'tostring(10 / 2), tostring(1e15), tostring(2^53), tostring(0.1), tostring(-1/0), tostring(1/3)',
      'tostring(3), tostring("x"), tostring(nil), tostring(true)',
      'tostring()',
      // the helpers the chunks share while loading are gone
      'rawget(_G, "__prelude"), rawget(_G, "__prelude_null")',
      'math.floor(3.7), math.ceil(3.2), math.abs(-2), math.max(1, 2.5), math.min(3, 1), math.huge',
      'tonumber("inf"), tonumber("-Infinity"), tonumber("nan"), tonumber("NaN(1)"), tonumber(" infinity ")',
      'tonumber("  0x10  "), tonumber("0x1p4"), tonumber("1e3") .. "", tonumber("2.0") .. "", tonumber(" -0 ")',
      'tonumber("10", 16), tonumber(10, 16), tonumber("z", 36), tonumber("8", 8), tonumber("5", nil)',
      'tonumber(nil), tonumber({}), tonumber(""), tonumber("0x"), tonumber("1e500"), tonumber("1e"), tonumber("in")',
      'tonumber()',
      'tonumber("1", 99)',
      'tonumber(10 / 2) .. "", tonumber(2^53) .. "", tonumber("123456789012345") .. ""',
      'string.format("%d|%5.2f|%x|%s|%c|%i|%o|%X", 3.7, 2, -1.5, 10/2, 65.9, -2.5, 8.1, 255.9)',
      'string.format("%d %x %d", 1e100, 2^64, 0/0)',
      'string.format("%q|%q|%q", 1/3, 3, "a\\n\\0b")',
      'string.format("%q %5.1f %q", "\\1\\r\\"\\\\", 2, "\\0001")',
      'string.format("%s|%5s|%-6s|", 1.5, 2, 1e20)',
      'string.format("%d", "x")',
      'string.format("%d %d", 1.5)',
      'string.format()',
      'string.format("%y", 1)',
      'string.format("%5.1f%%", 99.44)',
      '("%d items"):format(10 / 2)',
    ].map((expr) => ({ expr }));
    const m = await diff.compare(cases);
    assert.deepEqual(m, [], describeMismatches(m));
  });

  test('string.format of random numbers', async () => {
    const r = prng(1111);
    const cases: LuaCase[] = [];
    for (let i = 0; i < 200; i++) {
      const n =
        r() < 0.5
          ? (r() * 2e6 - 1e6).toPrecision(1 + Math.floor(r() * 17))
          : String(Math.floor(r() * 2e9 - 1e9));
      cases.push({
        expr: `string.format("%d %i %x %X %o %s %.3f %g %5.1e %c", ${n}, ${n}, ${n}, ${n}, ${n}, ${n}, ${n}, ${n}, ${n}, 65)`,
      });
      cases.push({ expr: `tostring(${n}), tostring(${n} / 7), tostring(${n} * 1e10)` });
    }
    const m = await diff.compare(cases);
    assert.deepEqual(m, [], describeMismatches(m));
  });

  test('chunks loaded one by one without the engine NULL: a function stands in for cjson.null', async () => {
    const engine = await new LuaFactory().createEngine({ injectObjects: false });
    try {
      // what an engine does that only follows the LUA_PRELUDE contract
      for (const c of LUA_PRELUDE) {
        const run = `assert(load(${JSON.stringify(c.source)}, '=${c.name || 'compat'}', 't'))()`;
        engine.doStringSync(c.name ? `${c.name} = ${run}` : run);
      }
      assert.equal(
        engine.doStringSync(
          'return table.concat({type(cjson.null), tostring(cjson.null), cjson.encode({cjson.null}), ' +
            'tostring(cjson.decode("null") == cjson.null), #cmsgpack.pack(cjson.null), ' +
            'tostring(pcall(function() cjson.null.x = 1 end)), tostring(rawget(_G, "__prelude"))}, " ")',
        ),
        'function userdata: (nil) [null] true 1 false nil',
      );
    } finally {
      engine.global.close();
    }
  });
});
