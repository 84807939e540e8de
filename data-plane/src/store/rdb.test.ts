/**
 * Unit tests of the payload primitives (store/rdb.ts, store/listpack.ts) on known values; the
 * differential tests in commands/dump.test.ts check them against redis-server.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toG17 } from '../protocol/reply';
import { decodeIntset, decodeListpack, encodeIntset, encodeListpack } from './listpack';
import {
  ByteWriter,
  crc64,
  footerValid,
  lzfDecompress,
  RdbReader,
  scanDouble,
  withFooter,
  writeLen,
} from './rdb';

describe('RDB primitives', () => {
  test("crc64 is Redis's (crc64-jones check value of '123456789')", () => {
    assert.equal(crc64('123456789'), 0xe9c6d914c4b8d9can);
    const p = withFooter(Buffer.from('\x00\x03abc', 'latin1'));
    assert.ok(footerValid(p));
    p[p.length - 1] ^= 0x80;
    assert.ok(!footerValid(p));
  });

  test('lengths round-trip at every size boundary, 64-bit ones included', () => {
    for (const n of [0, 63, 64, 16383, 16384, 2 ** 32 - 1, 2 ** 32, 2 ** 40]) {
      const w = new ByteWriter();
      writeLen(w, n);
      const r = new RdbReader(Buffer.from(w.view()));
      assert.equal(r.len(), n);
      assert.equal(r.pos, w.length);
    }
  });

  test('LZF: literal runs and back references; a wrong length or a reference before the start fails', () => {
    // "abcabcabc": literal "abc" (ctrl 2), then a back reference of length 6 at distance 3.
    const data = Buffer.from([2, 0x61, 0x62, 0x63, (4 << 5) | 0, 2]);
    assert.equal(lzfDecompress(data, 9)?.toString('latin1'), 'abcabcabc');
    assert.equal(lzfDecompress(data, 8), null);
    assert.equal(lzfDecompress(data, 10), null);
    assert.equal(lzfDecompress(Buffer.from([0x20, 5]), 3), null);
    assert.equal(lzfDecompress(Buffer.from([5, 1]), 0)?.length, 0); // Redis: length 0 always decodes
  });

  test('strtod-like score text: prefixes, inf, nan, hex floats, nothing', () => {
    assert.equal(scanDouble('1.5abc'), 1.5);
    assert.equal(scanDouble('  -2e3'), -2000);
    assert.equal(scanDouble('-Infinity'), -Infinity);
    assert.ok(Number.isNaN(scanDouble('nan')!));
    assert.equal(scanDouble('0x1p3'), 8);
    assert.equal(scanDouble('0x.8'), 0.5);
    assert.equal(scanDouble('abc'), null);
  });

  test('%.17g rounds a value exactly between two 17-digit decimals to the even one, as glibc', () => {
    assert.equal(toG17(2.00000762939453125), '2.0000076293945312'); // exactly ...3125
    assert.equal(toG17(0.1), '0.10000000000000001');
    assert.equal(toG17(1e-5), '1.0000000000000001e-05');
    assert.equal(toG17(-3.14159), '-3.1415899999999999');
  });
});

describe('listpack and intset', () => {
  test('every integer width and string length round-trips; backlens of 1 to 3 bytes', () => {
    const items = [
      '0',
      '127',
      '128',
      '-1',
      '4095',
      '-4096',
      '32767',
      '-32768',
      '8388607',
      '-8388608',
      '2147483647',
      '-2147483648',
      '9223372036854775807',
      '-9223372036854775808',
      '9223372036854775808',
      '007',
      '',
      'x'.repeat(63),
      'x'.repeat(64),
      'y'.repeat(4095),
      'y'.repeat(4096),
      'z'.repeat(20000),
    ];
    const lp = encodeListpack(items);
    assert.deepEqual(decodeListpack(lp), items);
    assert.equal(lp.readUInt32LE(0), lp.length);
    assert.equal(lp.readUInt16LE(4), items.length);
  });

  test('a wrong header count, a broken backlen, a missing terminator are refused', () => {
    const lp = encodeListpack(['a', 'b']);
    const count = Buffer.from(lp);
    count[4] = 3;
    assert.equal(decodeListpack(count), null);
    assert.deepEqual(decodeListpack(count, false), ['a', 'b']);
    const backlen = Buffer.from(lp);
    backlen[8] = 9; // the first entry's backlen
    assert.equal(decodeListpack(backlen), null);
    const end = Buffer.from(lp);
    end[end.length - 1] = 0;
    assert.equal(decodeListpack(end), null);
    assert.equal(decodeListpack(lp.subarray(0, 6)), null);
  });

  test('intsets use the narrowest width and refuse unsorted or duplicate members', () => {
    assert.equal(encodeIntset(['1', '2']).readUInt32LE(0), 2);
    assert.equal(encodeIntset(['1', '40000']).readUInt32LE(0), 4);
    assert.equal(encodeIntset(['-9223372036854775808', '1']).readUInt32LE(0), 8);
    const members = ['-5', '0', '70000'];
    assert.deepEqual(decodeIntset(encodeIntset(members)), members);
    assert.equal(decodeIntset(encodeIntset(['2', '1'])), null);
    assert.equal(decodeIntset(encodeIntset(['1', '1'])), null);
    assert.equal(decodeIntset(encodeIntset([])), null);
  });
});
