/**
 * String and bitmap commands: differential tests against a real redis-server (exact reply bytes,
 * RESP2 and RESP3, errors included), keyspace notifications compared with Redis's, and in-process
 * tests of the long double arithmetic behind INCRBYFLOAT.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Redis from 'ioredis';
import { startRedis, startStrata, type RunningProcess, type RunningServer } from '../testing/harness';
import { openStrataClient, parseReply, RespClient, type Cmd } from '../testing/resp-client';
import {
  addLongDouble,
  formatLongDouble,
  incrByFloat,
  parseLongDouble,
  type LongDouble,
} from './long-double';

// -------------------------------------------------------------------------------------------------
// Differential cases (each group starts from an empty database)
// -------------------------------------------------------------------------------------------------

const LLMAX = '9223372036854775807';
const LLMIN = '-9223372036854775808';

const CASES: Record<string, Cmd[]> = {
  'GET and SET options': [
    ['GET', 'k'],
    ['SET', 'k', 'v'],
    ['GET', 'k'],
    ['SET', 'k', 'v2', 'NX'],
    ['SET', 'k', 'v2', 'XX'],
    ['SET', 'n', 'v', 'XX'],
    ['SET', 'k', 'v3', 'nx', 'get'],
    ['SET', 'k', 'v3', 'XX', 'GET'],
    ['SET', 'n', 'v', 'GET'],
    ['SET', 'k', 'v4', 'GET', 'GET'],
    ['SET', 'k', 'v', 'NX', 'XX'],
    ['SET', 'k', 'v', 'XX', 'NX'],
    ['SET', 'k', 'v', 'EX'],
    ['SET', 'k', 'v', 'EX', 'abc'],
    ['SET', 'k', 'v', 'EX', 'abc', 'FOO'],
    ['SET', 'k', 'v', 'EX', '10', 'EX', '20'],
    ['TTL', 'k'],
    ['SET', 'k', 'v', 'PX', '5000', 'PX', '100000'],
    ['TTL', 'k'],
    ['SET', 'k', 'v', 'EX', '10', 'PX', '100'],
    ['SET', 'k', 'v', 'EXAT', '10', 'PXAT', '100'],
    ['SET', 'k', 'v', 'KEEPTTL', 'EX', '10'],
    ['SET', 'k', 'v', 'EX', '10', 'KEEPTTL'],
    ['SET', 'k', 'v', 'EX', '0'],
    ['SET', 'k', 'v', 'EX', '-1'],
    ['SET', 'k', 'v', 'PX', '0'],
    ['SET', 'k', 'v', 'EXAT', '0'],
    ['SET', 'k', 'v', 'PXAT', '-5'],
    ['SET', 'k', 'v', 'EX', LLMAX],
    ['SET', 'k', 'v', 'EX', '9223372036854775'],
    ['SET', 'k', 'v', 'EX', '9223372036854776'],
    ['SET', 'k', 'v', 'PX', LLMAX],
    ['SET', 'k', 'v', 'PX', '9223372036854775000'],
    ['SET', 'k', 'v', 'EX', '9223372036854775808'],
    ['SET', 'k', 'v', 'EX', '1.5'],
    ['SET', 'k', 'v', 'PXAT', LLMAX],
    ['GET', 'k'],
    ['SET', 'k', 'v', 'EXAT', '9223372036854775'],
    ['SET', 'k', 'v', 'EX', '100'],
    ['SET', 'k', 'v2', 'KEEPTTL'],
    ['TTL', 'k'],
    ['SET', 'k', 'v3'],
    ['TTL', 'k'],
    ['SET', 'k', 'v', 'PERSIST'],
    ['SET', 'k', 'v', 'FOO'],
    ['SET', 'k', 'v', 'EX', '100', 'GET', 'NX'],
    ['SET', 'p', 'v', 'PXAT', '1'],
    ['GET', 'p'],
    ['EXISTS', 'p'],
    ['HSET', 'h', 'f', 'v'],
    ['SET', 'h', 'v', 'GET'],
    ['SET', 'h', 'v', 'EX', '0', 'GET'],
    ['SET', 'h', 'v', 'NX', 'GET'],
    ['GET', 'h'],
    ['SET', 'h', 'v'],
    ['GET', 'h'],
    ['SET', 'e', ''],
    ['GET', 'e'],
    ['SET', 'bin', '\x00\xff\r\n\x80'],
    ['GET', 'bin'],
  ],
  'SETNX SETEX PSETEX GETSET': [
    ['SETNX', 'k', 'a'],
    ['SETNX', 'k', 'b'],
    ['GET', 'k'],
    ['HSET', 'h', 'f', 'v'],
    ['SETNX', 'h', 'x'],
    ['SETEX', 'k', '100', 'v'],
    ['TTL', 'k'],
    ['SETEX', 'k', '0', 'v'],
    ['SETEX', 'k', '-10', 'v'],
    ['SETEX', 'k', 'abc', 'v'],
    ['SETEX', 'k', LLMAX, 'v'],
    ['SETEX', 'h', '10', 'v'],
    ['TYPE', 'h'],
    ['PSETEX', 'k', '100000', 'v'],
    ['TTL', 'k'],
    ['PSETEX', 'k', '0', 'v'],
    ['PSETEX', 'k', LLMAX, 'v'],
    ['PSETEX', 'k', '1.5', 'v'],
    ['SETEX', 'k', '100', 'v'],
    ['GETSET', 'k', 'w'],
    ['TTL', 'k'],
    ['GETSET', 'n', 'x'],
    ['GET', 'n'],
    ['HSET', 'h2', 'f', 'v'],
    ['GETSET', 'h2', 'x'],
  ],
  'GETDEL GETEX': [
    ['GETDEL', 'k'],
    ['SET', 'k', 'v'],
    ['GETDEL', 'k'],
    ['EXISTS', 'k'],
    ['HSET', 'h', 'f', 'v'],
    ['GETDEL', 'h'],
    ['GETEX', 'k'],
    ['GETEX', 'k', 'EX', 'abc'],
    ['GETEX', 'k', 'FOO'],
    ['SET', 'k', 'v'],
    ['GETEX', 'k'],
    ['TTL', 'k'],
    ['GETEX', 'k', 'EX', '100'],
    ['TTL', 'k'],
    ['GETEX', 'k', 'PERSIST'],
    ['TTL', 'k'],
    ['GETEX', 'k', 'PERSIST', 'PERSIST'],
    ['GETEX', 'k', 'PX', '100000'],
    ['TTL', 'k'],
    ['GETEX', 'k', 'EX', '10', 'EX', '200'],
    ['TTL', 'k'],
    ['GETEX', 'k', 'EXAT', '4102444800'],
    ['GETEX', 'k', 'PXAT', '4102444800000'],
    ['GETEX', 'k', 'EX', '0'],
    ['GETEX', 'k', 'PX', '-1'],
    ['GETEX', 'k', 'EX', 'abc'],
    ['GETEX', 'k', 'EX', LLMAX],
    ['GETEX', 'k', 'KEEPTTL'],
    ['GETEX', 'k', 'NX'],
    ['GETEX', 'k', 'GET'],
    ['GETEX', 'k', 'EX', '10', 'PERSIST'],
    ['GETEX', 'k', 'PERSIST', 'EX', '10'],
    ['GETEX', 'k', 'EX', '10', 'PX', '10'],
    ['GETEX', 'k', 'EX'],
    ['GETEX', 'h'],
    ['GETEX', 'h', 'EX', '10'],
    ['GETEX', 'k', 'PXAT', '1'],
    ['EXISTS', 'k'],
    ['SET', 'k', 'v'],
    ['GETEX', 'k', 'EXAT', '1'],
    ['EXISTS', 'k'],
  ],
  'MGET MSET MSETNX': [
    ['MSET', 'a', '1', 'b', '2'],
    ['MGET', 'a', 'b', 'c'],
    ['HSET', 'h', 'f', 'v'],
    ['MGET', 'a', 'h', 'b'],
    ['MSET', 'a'],
    ['MSET', 'a', '1', 'b'],
    ['MSETNX', 'a', '1', 'b'],
    ['MSETNX', 'x', '1', 'a', '2'],
    ['MGET', 'x', 'a'],
    ['MSETNX', 'x', '1', 'y', '2'],
    ['MSETNX', 'z', '1', 'z', '2'],
    ['MGET', 'x', 'y', 'z'],
    ['SET', 't', 'v', 'EX', '100'],
    ['MSET', 't', 'w'],
    ['TTL', 't'],
    ['MSET', 'h', 'v'],
    ['MGET', 'h'],
    ['MSETNX', 'h', 'v'],
  ],
  'STRLEN APPEND SETRANGE': [
    ['STRLEN', 'k'],
    ['APPEND', 'k', 'hello'],
    ['APPEND', 'k', ' world'],
    ['GET', 'k'],
    ['STRLEN', 'k'],
    ['APPEND', 'k', ''],
    ['APPEND', 'e', ''],
    ['EXISTS', 'e'],
    ['SET', 'i', '10'],
    ['APPEND', 'i', '5'],
    ['INCR', 'i'],
    ['HSET', 'h', 'f', 'v'],
    ['APPEND', 'h', 'x'],
    ['STRLEN', 'h'],
    ['SET', 't', 'v', 'EX', '100'],
    ['APPEND', 't', 'w'],
    ['TTL', 't'],
    ['SETRANGE', 'n', '0', ''],
    ['EXISTS', 'n'],
    ['SETRANGE', 'n', '10', ''],
    ['SETRANGE', 'n', '5', 'abc'],
    ['GET', 'n'],
    ['SETRANGE', 'n', '1', 'XY'],
    ['GET', 'n'],
    ['SETRANGE', 'n', '6', 'LONGER'],
    ['GET', 'n'],
    ['SETRANGE', 'n', '0', ''],
    ['SETRANGE', 'n', '99999', ''],
    ['SETRANGE', 'n', '-1', 'x'],
    ['SETRANGE', 'n', '-1', ''],
    ['SETRANGE', 'n', 'abc', 'x'],
    ['SETRANGE', 'n', LLMAX, 'x'],
    ['SETRANGE', 'n', '536870912', 'x'],
    ['SETRANGE', 'n', '536870911', 'xy'],
    ['SETRANGE', 'm', '536870912', 'x'],
    ['SETRANGE', 'm', '536870912', ''],
    ['SETRANGE', 'h', '0', 'x'],
    ['SETRANGE', 'h', '0', ''],
    ['SETRANGE', 'i', '0', '9'],
    ['GET', 'i'],
    ['SETRANGE', 't', '0', 'W'],
    ['TTL', 't'],
  ],
  'GETRANGE SUBSTR': [
    ['GETRANGE', 'k', '0', '-1'],
    ['SET', 'k', 'This is a string'],
    ['GETRANGE', 'k', '0', '3'],
    ['GETRANGE', 'k', '-3', '-1'],
    ['GETRANGE', 'k', '0', '-1'],
    ['GETRANGE', 'k', '10', '100'],
    ['GETRANGE', 'k', '-1', '-5'],
    ['GETRANGE', 'k', '5', '2'],
    ['GETRANGE', 'k', '-100', '-50'],
    ['GETRANGE', 'k', '-100', '2'],
    ['GETRANGE', 'k', '100', '200'],
    ['GETRANGE', 'k', '0', LLMAX],
    ['GETRANGE', 'k', LLMIN, LLMAX],
    ['GETRANGE', 'k', LLMIN, '-9223372036854775807'],
    ['GETRANGE', 'k', '-9223372036854775807', LLMIN],
    ['GETRANGE', 'k', '-9007199254740993', '-9007199254740994'],
    ['GETRANGE', 'k', '-9007199254740994', '-9007199254740993'],
    ['GETRANGE', 'k', '0', '9223372036854775808'],
    ['GETRANGE', 'k', 'a', '1'],
    ['GETRANGE', 'k', '1', ' 1'],
    ['GETRANGE', 'k', '01', '1'],
    ['SUBSTR', 'k', '1', '3'],
    ['SUBSTR', 'k', '-1', '-5'],
    ['SET', 'e', ''],
    ['GETRANGE', 'e', '0', '-1'],
    ['GETRANGE', 'e', '0', '0'],
    ['SET', 'i', '12345'],
    ['GETRANGE', 'i', '1', '2'],
    ['HSET', 'h', 'f', 'v'],
    ['GETRANGE', 'h', '0', '1'],
    ['GETRANGE', 'h', 'x', '1'],
  ],
  'INCR DECR INCRBY DECRBY': [
    ['INCR', 'c'],
    ['INCR', 'c'],
    ['DECR', 'c'],
    ['DECR', 'd'],
    ['INCRBY', 'c', '100'],
    ['INCRBY', 'c', '-1000'],
    ['DECRBY', 'c', '-7'],
    ['DECRBY', 'c', '3'],
    ['INCRBY', 'c', 'abc'],
    ['INCRBY', 'c', '1.5'],
    ['INCRBY', 'c', ' 1'],
    ['INCRBY', 'c', '+1'],
    ['INCRBY', 'c', '01'],
    ['INCRBY', 'c', ''],
    ['INCRBY', 'c', '9223372036854775808'],
    ['SET', 'c', '9223372036854775806'],
    ['INCR', 'c'],
    ['INCR', 'c'],
    ['GET', 'c'],
    ['SET', 'c', LLMIN],
    ['DECR', 'c'],
    ['INCRBY', 'c', LLMAX],
    ['SET', 'c', '-1'],
    ['DECRBY', 'c', LLMIN],
    ['DECRBY', 'c', LLMAX],
    ['DECR', 'c'],
    ['SET', 'c', '9007199254740991'],
    ['INCR', 'c'],
    ['INCR', 'c'],
    ['INCRBY', 'c', '-9007199254740993'],
    ['INCRBY', 'c', '4611686018427387904'],
    ['INCRBY', 'c', '4611686018427387904'],
    ['INCRBY', 'c', '-4611686018427387904'],
    ['SET', 's', 'abc'],
    ['INCR', 's'],
    ['SET', 's', ' 1'],
    ['INCR', 's'],
    ['SET', 's', '01'],
    ['INCR', 's'],
    ['SET', 's', '1.0'],
    ['INCR', 's'],
    ['SET', 's', '-0'],
    ['INCR', 's'],
    ['SET', 's', '99999999999999999999'],
    ['INCR', 's'],
    ['SET', 's', ''],
    ['INCR', 's'],
    ['HSET', 'h', 'f', 'v'],
    ['INCR', 'h'],
    ['INCRBY', 'h', 'x'],
    ['SET', 't', '5', 'EX', '100'],
    ['INCR', 't'],
    ['TTL', 't'],
    ['DECRBY', 't', '2'],
    ['TTL', 't'],
  ],
  INCRBYFLOAT: [
    ['INCRBYFLOAT', 'f', '10.5'],
    ['INCRBYFLOAT', 'f', '0.1'],
    ['INCRBYFLOAT', 'f', '-5.0e3'],
    ['INCRBYFLOAT', 'f', '1e20'],
    ['INCRBYFLOAT', 'f', '-1e20'],
    ['SET', 'f', '0'],
    ['INCRBYFLOAT', 'f', '0.1'],
    ['INCRBYFLOAT', 'f', '0.2'],
    ['INCRBYFLOAT', 'f', '0.3'],
    ['INCRBYFLOAT', 'f', '-0.6'],
    ['INCRBYFLOAT', 'f', '1e-20'],
    ['INCRBYFLOAT', 'f', '-1e-20'],
    ['INCRBYFLOAT', 'f', '5e-18'],
    ['INCRBYFLOAT', 'f', '1.5e-17'],
    ['INCRBYFLOAT', 'f', '1e308'],
    ['INCRBYFLOAT', 'f', '1e308'],
    ['INCRBYFLOAT', 'g', '1e400'],
    ['INCRBYFLOAT', 'g', '-1e400'],
    ['INCRBYFLOAT', 'g', '1e-4940'],
    ['INCRBYFLOAT', 'g', '1e5000'],
    ['INCRBYFLOAT', 'g', '1e-5000'],
    ['INCRBYFLOAT', 'g', '0x10'],
    ['INCRBYFLOAT', 'g', '0x1.8p-3'],
    ['INCRBYFLOAT', 'g', '.5'],
    ['INCRBYFLOAT', 'g', '5.'],
    ['INCRBYFLOAT', 'g', '+3'],
    ['INCRBYFLOAT', 'g', '-0'],
    ['INCRBYFLOAT', 'g', '1E2'],
    ['INCRBYFLOAT', 'g', 'inf'],
    ['INCRBYFLOAT', 'g', '-INF'],
    ['INCRBYFLOAT', 'g', 'Infinity'],
    ['INCRBYFLOAT', 'g', 'nan'],
    ['INCRBYFLOAT', 'g', 'abc'],
    ['INCRBYFLOAT', 'g', ' 1'],
    ['INCRBYFLOAT', 'g', '1 '],
    ['INCRBYFLOAT', 'g', ''],
    ['INCRBYFLOAT', 'g', '1e'],
    ['INCRBYFLOAT', 'g', '0x'],
    ['INCRBYFLOAT', 'g', '1_000'],
    ['GET', 'g'],
    ['SET', 'g', '3.0000000000000000001'],
    ['INCRBYFLOAT', 'g', '0'],
    ['SET', 'g', '0.000003814697265625'],
    ['INCRBYFLOAT', 'g', '0'],
    ['SET', 'g', '0.000011444091796875'],
    ['INCRBYFLOAT', 'g', '0'],
    ['SET', 'g', '123456789.123456789'],
    ['INCRBYFLOAT', 'g', '0.000000001'],
    ['SET', 'g', 'abc'],
    ['INCRBYFLOAT', 'g', '1'],
    ['SET', 'g', ' 1'],
    ['INCRBYFLOAT', 'g', '1'],
    ['SET', 'g', 'inf'],
    ['INCRBYFLOAT', 'g', '1'],
    ['SET', 'g', '1e5000'],
    ['INCRBYFLOAT', 'g', '1'],
    ['SET', 'g', '5'],
    ['INCRBYFLOAT', 'g', '-5'],
    ['INCRBYFLOAT', 'g', '9007199254740993'],
    ['INCRBYFLOAT', 'g', '18446744073709551616'],
    ['HSET', 'h', 'f', 'v'],
    ['INCRBYFLOAT', 'h', '1'],
    ['SET', 't', '1.5', 'EX', '100'],
    ['INCRBYFLOAT', 't', '1'],
    ['TTL', 't'],
  ],
  LCS: [
    ['LCS', 'a', 'b'],
    ['LCS', 'a', 'b', 'LEN'],
    ['LCS', 'a', 'b', 'IDX'],
    ['MSET', 'key1', 'ohmytext', 'key2', 'mynewtext'],
    ['LCS', 'key1', 'key2'],
    ['LCS', 'key1', 'key2', 'LEN'],
    ['LCS', 'key1', 'key2', 'IDX'],
    ['LCS', 'key1', 'key2', 'IDX', 'MINMATCHLEN', '4'],
    ['LCS', 'key1', 'key2', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN'],
    ['LCS', 'key1', 'key2', 'IDX', 'WITHMATCHLEN'],
    ['LCS', 'key1', 'key2', 'idx', 'minmatchlen', '-3', 'withmatchlen'],
    ['LCS', 'key1', 'key2', 'LEN', 'IDX'],
    ['LCS', 'key1', 'key2', 'LEN', 'WITHMATCHLEN'],
    ['LCS', 'key1', 'key2', 'MINMATCHLEN'],
    ['LCS', 'key1', 'key2', 'MINMATCHLEN', 'abc'],
    ['LCS', 'key1', 'key2', 'FOO'],
    ['LCS', 'key1', 'nokey', 'IDX'],
    ['LCS', 'key1', 'key1', 'IDX', 'WITHMATCHLEN'],
    ['MSET', 'x', 'GTTGACGCGTACGTACGATCGA', 'y', 'TCGACGGTCAGCTAGCTAGGGACTACGACT'],
    ['LCS', 'x', 'y'],
    ['LCS', 'x', 'y', 'IDX', 'WITHMATCHLEN'],
    ['LCS', 'y', 'x', 'IDX', 'MINMATCHLEN', '2'],
    ['HSET', 'h', 'f', 'v'],
    ['LCS', 'h', 'key1'],
    ['LCS', 'key1', 'h', 'FOO'],
  ],
  'SETBIT GETBIT': [
    ['GETBIT', 'b', '0'],
    ['SETBIT', 'b', '7', '1'],
    ['GET', 'b'],
    ['SETBIT', 'b', '7', '1'],
    ['SETBIT', 'b', '7', '0'],
    ['SETBIT', 'b', '0', '0'],
    ['SETBIT', 'b', '100', '1'],
    ['STRLEN', 'b'],
    ['GETBIT', 'b', '100'],
    ['GETBIT', 'b', '101'],
    ['GETBIT', 'b', '100000'],
    ['SETBIT', 'n', '0', '0'],
    ['GET', 'n'],
    ['SETBIT', 'b', '-1', '1'],
    ['SETBIT', 'b', 'abc', '1'],
    ['SETBIT', 'b', '4294967296', '1'],
    ['SETBIT', 'b', LLMAX, '1'],
    ['SETBIT', 'b', '1', '2'],
    ['SETBIT', 'b', '1', '-1'],
    ['SETBIT', 'b', '1', 'x'],
    ['SETBIT', 'b', '-1', 'x'],
    ['GETBIT', 'b', '-1'],
    ['GETBIT', 'b', '4294967296'],
    ['GETBIT', 'b', '4294967295'],
    ['GETBIT', 'nokey', 'x'],
    ['SET', 'i', '1'],
    ['GETBIT', 'i', '2'],
    ['GETBIT', 'i', '3'],
    ['SETBIT', 'i', '6', '1'],
    ['GET', 'i'],
    ['HSET', 'h', 'f', 'v'],
    ['SETBIT', 'h', '0', '1'],
    ['GETBIT', 'h', '0'],
    ['SETBIT', 'h', '-1', '1'],
    ['SET', 't', 'v', 'EX', '100'],
    ['SETBIT', 't', '100', '1'],
    ['TTL', 't'],
  ],
  BITCOUNT: [
    ['BITCOUNT', 'nokey'],
    ['BITCOUNT', 'nokey', 'x', 'y'],
    ['SET', 'k', 'foobar'],
    ['BITCOUNT', 'k'],
    ['BITCOUNT', 'k', '0', '0'],
    ['BITCOUNT', 'k', '1', '1'],
    ['BITCOUNT', 'k', '1', '1', 'BYTE'],
    ['BITCOUNT', 'k', '5', '30', 'BIT'],
    ['BITCOUNT', 'k', '5', '30', 'bit'],
    ['BITCOUNT', 'k', '0', '-1', 'BIT'],
    ['BITCOUNT', 'k', '-13', '-3', 'BIT'],
    ['BITCOUNT', 'k', '3', '3', 'BIT'],
    ['BITCOUNT', 'k', '1', '6', 'BIT'],
    ['BITCOUNT', 'k', '9', '14', 'BIT'],
    ['BITCOUNT', 'k', '-1', '-5'],
    ['BITCOUNT', 'k', '-1', '-5', 'FOO'],
    ['BITCOUNT', 'k', '-5', '-1'],
    ['BITCOUNT', 'k', '-100', '100'],
    ['BITCOUNT', 'k', '2', '1'],
    ['BITCOUNT', 'k', '0'],
    ['BITCOUNT', 'k', '0', '1', 'BIT', 'x'],
    ['BITCOUNT', 'k', '0', '1', 'FOO'],
    ['BITCOUNT', 'k', 'a', '1'],
    ['BITCOUNT', 'k', '0', 'b'],
    ['BITCOUNT', 'k', LLMIN, LLMAX],
    ['BITCOUNT', 'k', LLMIN, LLMAX, 'BIT'],
    ['BITCOUNT', 'k', '-9223372036854775807', LLMIN],
    ['SET', 'e', ''],
    ['BITCOUNT', 'e'],
    ['BITCOUNT', 'e', '0', '-1', 'BIT'],
    ['SET', 'i', '-12345'],
    ['BITCOUNT', 'i'],
    ['HSET', 'h', 'f', 'v'],
    ['BITCOUNT', 'h'],
    ['BITCOUNT', 'h', 'x'],
  ],
  BITPOS: [
    ['BITPOS', 'nokey', '1'],
    ['BITPOS', 'nokey', '0'],
    ['BITPOS', 'nokey', '0', 'x'],
    ['BITPOS', 'nokey', '2'],
    ['BITPOS', 'nokey', 'x'],
    ['SET', 'z', '\x00\x00\x00'],
    ['BITPOS', 'z', '1'],
    ['BITPOS', 'z', '0'],
    ['SET', 'o', '\xff\xff\xff'],
    ['BITPOS', 'o', '1'],
    ['BITPOS', 'o', '0'],
    ['BITPOS', 'o', '0', '0'],
    ['BITPOS', 'o', '0', '0', '-1'],
    ['BITPOS', 'o', '0', '1', 'BIT'],
    ['BITPOS', 'o', '0', '0', '-1', 'BIT'],
    ['BITPOS', 'o', '0', '3', '10', 'BIT'],
    ['BITPOS', 'o', '0', '3', '5', 'BIT'],
    ['SET', 'k', '\xff\xf0\x00'],
    ['BITPOS', 'k', '0'],
    ['BITPOS', 'k', '1'],
    ['BITPOS', 'k', '0', '2', '-1', 'BYTE'],
    ['BITPOS', 'k', '1', '2', '-1', 'BYTE'],
    ['BITPOS', 'k', '1', '7', '15', 'BIT'],
    ['BITPOS', 'k', '0', '7', '15', 'BIT'],
    ['BITPOS', 'k', '0', '3', '11', 'BIT'],
    ['BITPOS', 'k', '0', '9', '11', 'BIT'],
    ['BITPOS', 'k', '1', '12', '23', 'BIT'],
    ['BITPOS', 'k', '1', '-10', '-1', 'BIT'],
    ['BITPOS', 'k', '0', '-10', '-1', 'BIT'],
    ['BITPOS', 'k', '0', '1'],
    ['BITPOS', 'k', '1', '1'],
    ['BITPOS', 'k', '1', '-1'],
    ['BITPOS', 'k', '0', '5', '2'],
    ['BITPOS', 'k', '0', '-1', '-2'],
    ['BITPOS', 'k', '0', '100'],
    ['BITPOS', 'k', '1', '0', '100', 'BIT'],
    ['BITPOS', 'k', '1', '0', '1', 'FOO'],
    ['BITPOS', 'k', '1', '0', 'abc', 'FOO'],
    ['BITPOS', 'k', '1', 'abc', '0', 'FOO'],
    ['BITPOS', 'k', '1', '0', '1', 'BIT', 'x'],
    ['BITPOS', 'k', '1', LLMIN, LLMAX],
    ['BITPOS', 'k', '0', LLMIN, LLMAX, 'BIT'],
    ['SET', 'e', ''],
    ['BITPOS', 'e', '0'],
    ['BITPOS', 'e', '1'],
    ['BITPOS', 'e', '0', '0'],
    ['SET', 'one', '\x10'],
    ['BITPOS', 'one', '1', '0', '-1', 'BIT'],
    ['BITPOS', 'one', '0', '3', '3', 'BIT'],
    ['BITPOS', 'one', '1', '3', '3', 'BIT'],
    ['BITPOS', 'one', '1', '4', '4', 'BIT'],
    ['HSET', 'h', 'f', 'v'],
    ['BITPOS', 'h', '1'],
    ['BITPOS', 'h', '2'],
  ],
  BITOP: [
    ['MSET', 'a', 'foobar', 'b', 'abcdef', 'c', '\xff'],
    ['BITOP', 'AND', 'd', 'a', 'b'],
    ['GET', 'd'],
    ['BITOP', 'or', 'd', 'a', 'b', 'c'],
    ['GET', 'd'],
    ['BITOP', 'XOR', 'd', 'a', 'c', 'nokey'],
    ['GET', 'd'],
    ['BITOP', 'AND', 'd', 'a', 'nokey'],
    ['GET', 'd'],
    ['BITOP', 'NOT', 'd', 'a'],
    ['GET', 'd'],
    ['BITOP', 'NOT', 'd', 'a', 'b'],
    ['BITOP', 'NAND', 'd', 'a', 'b'],
    ['SET', 'd', 'x', 'EX', '100'],
    ['BITOP', 'OR', 'd', 'a'],
    ['TTL', 'd'],
    ['BITOP', 'OR', 'd', 'n1', 'n2'],
    ['EXISTS', 'd'],
    ['SET', 'e', ''],
    ['BITOP', 'AND', 'd', 'e', 'e'],
    ['BITOP', 'NOT', 'd', 'e'],
    ['HSET', 'h', 'f', 'v'],
    ['BITOP', 'AND', 'd', 'a', 'h'],
    ['BITOP', 'AND', 'h', 'a'],
    ['TYPE', 'h'],
    ['BITOP', 'AND', 'h', 'nokey'],
    ['EXISTS', 'h'],
  ],
  BITFIELD: [
    ['BITFIELD', 'bf'],
    ['BITFIELD', 'bf', 'GET', 'u8', '0'],
    ['EXISTS', 'bf'],
    ['BITFIELD', 'bf', 'SET', 'i8', '0', '100', 'GET', 'u4', '0', 'GET', 'i4', '4'],
    ['BITFIELD', 'bf', 'INCRBY', 'i8', '0', '100'],
    ['BITFIELD', 'bf', 'OVERFLOW', 'SAT', 'INCRBY', 'i8', '0', '100', 'INCRBY', 'i8', '0', '-300'],
    ['BITFIELD', 'bf', 'OVERFLOW', 'FAIL', 'INCRBY', 'i8', '0', '-1000', 'GET', 'i8', '0'],
    ['BITFIELD', 'bf', 'OVERFLOW', 'WRAP', 'INCRBY', 'u2', '100', '1', 'INCRBY', 'u2', '100', '1'],
    ['BITFIELD', 'bf', 'INCRBY', 'u2', '100', '-7'],
    [
      'BITFIELD',
      'bf',
      'OVERFLOW',
      'SAT',
      'SET',
      'u8',
      '#1',
      '-1',
      'SET',
      'u8',
      '#2',
      '300',
      'GET',
      'u8',
      '#1',
    ],
    [
      'BITFIELD',
      'bf',
      'OVERFLOW',
      'FAIL',
      'SET',
      'u8',
      '#3',
      '256',
      'SET',
      'i8',
      '#3',
      '-129',
      'GET',
      'u8',
      '#3',
    ],
    [
      'BITFIELD',
      'bf',
      'SET',
      'u8',
      '#3',
      '-1',
      'SET',
      'i8',
      '#4',
      '200',
      'GET',
      'u8',
      '#3',
      'GET',
      'i8',
      '#4',
    ],
    ['BITFIELD', 'bf', 'SET', 'i64', '0', LLMIN, 'GET', 'i64', '0', 'GET', 'u63', '0', 'GET', 'u63', '1'],
    ['BITFIELD', 'bf', 'INCRBY', 'i64', '0', '-1'],
    ['BITFIELD', 'bf', 'OVERFLOW', 'SAT', 'SET', 'i64', '0', LLMIN, 'INCRBY', 'i64', '0', '-1'],
    ['BITFIELD', 'bf', 'OVERFLOW', 'SAT', 'SET', 'i64', '0', LLMAX, 'INCRBY', 'i64', '0', '1'],
    ['BITFIELD', 'bf', 'OVERFLOW', 'FAIL', 'INCRBY', 'i64', '0', '1', 'INCRBY', 'i64', '0', LLMIN],
    ['BITFIELD', 'bf', 'SET', 'u63', '0', LLMAX, 'INCRBY', 'u63', '0', '1', 'INCRBY', 'u63', '0', '-1'],
    ['BITFIELD', 'bf', 'OVERFLOW', 'SAT', 'INCRBY', 'u63', '0', LLMIN, 'INCRBY', 'u63', '0', LLMAX],
    ['BITFIELD', 'bf', 'SET', 'i1', '3', '1', 'GET', 'i1', '3', 'GET', 'u1', '3', 'INCRBY', 'i1', '3', '1'],
    ['BITFIELD', 'bf', 'SET', 'i13', '5', '-4000', 'GET', 'i13', '5', 'INCRBY', 'u13', '5', '8191'],
    ['GET', 'bf'],
    ['BITFIELD', 'bf', 'GET', 'u64', '0'],
    ['BITFIELD', 'bf', 'GET', 'i65', '0'],
    ['BITFIELD', 'bf', 'GET', 'i0', '0'],
    ['BITFIELD', 'bf', 'GET', 'I8', '0'],
    ['BITFIELD', 'bf', 'GET', 'x8', '0'],
    ['BITFIELD', 'bf', 'GET', 'u', '0'],
    ['BITFIELD', 'bf', 'GET', 'u08', '0'],
    ['BITFIELD', 'bf', 'GET', 'u8', '-1'],
    ['BITFIELD', 'bf', 'GET', 'u8', '#-1'],
    ['BITFIELD', 'bf', 'GET', 'u8', '#'],
    ['BITFIELD', 'bf', 'GET', 'u8', '4294967296'],
    ['BITFIELD', 'bf', 'GET', 'u8', '#536870912'],
    ['BITFIELD', 'bf', 'GET', 'u8', '#536870911'],
    ['BITFIELD', 'bf', 'GET', 'u8', '4294967288', 'GET', 'i64', '10000'],
    ['BITFIELD', 'bf', 'GET', 'u8'],
    ['BITFIELD', 'bf', 'SET', 'u8', '0'],
    ['BITFIELD', 'bf', 'SET', 'u8', '0', 'x'],
    ['BITFIELD', 'bf', 'INCRBY', 'u8', '0', '1.5'],
    ['BITFIELD', 'bf', 'OVERFLOW', 'FOO', 'GET', 'u8', '0'],
    ['BITFIELD', 'bf', 'OVERFLOW'],
    ['BITFIELD', 'bf', 'FOO'],
    ['BITFIELD', 'bf', 'get', 'u8', '0', 'set', 'u8', '0', '1', 'incrby', 'u8', '0', '1', 'overflow', 'sat'],
    ['BITFIELD', 'n2', 'OVERFLOW', 'FAIL', 'SET', 'u8', '16', '1000'],
    ['GET', 'n2'],
    ['BITFIELD_RO', 'bf', 'GET', 'u8', '0', 'GET', 'i8', '8'],
    ['BITFIELD_RO', 'bf', 'SET', 'u8', '0', '1'],
    ['BITFIELD_RO', 'bf', 'SET', 'u8', '0', 'x'],
    ['BITFIELD_RO', 'bf', 'INCRBY', 'u8', '0', '1'],
    ['BITFIELD_RO', 'bf'],
    ['BITFIELD_RO', 'nokey', 'GET', 'u8', '0'],
    ['HSET', 'h', 'f', 'v'],
    ['BITFIELD', 'h', 'GET', 'u8', '0'],
    ['BITFIELD', 'h', 'SET', 'u8', '0', '1'],
    ['BITFIELD_RO', 'h', 'GET', 'u8', '0'],
    ['BITFIELD_RO', 'h', 'SET', 'u8', '0', '1'],
    ['SET', 't', 'v', 'EX', '100'],
    ['BITFIELD', 't', 'SET', 'u8', '64', '1'],
    ['TTL', 't'],
  ],
  'wrong arity': [
    ['GET'],
    ['SET', 'k'],
    ['SETNX', 'k'],
    ['SETEX', 'k', '1'],
    ['PSETEX', 'k', '1'],
    ['GETSET', 'k'],
    ['GETDEL'],
    ['GETEX'],
    ['MGET'],
    ['MSET', 'k'],
    ['MSETNX', 'k'],
    ['STRLEN'],
    ['APPEND', 'k'],
    ['SETRANGE', 'k', '0'],
    ['GETRANGE', 'k', '0'],
    ['SUBSTR', 'k', '0'],
    ['INCR'],
    ['DECR', 'a', 'b'],
    ['INCRBY', 'k'],
    ['DECRBY', 'k'],
    ['INCRBYFLOAT', 'k'],
    ['SETBIT', 'k', '0'],
    ['GETBIT', 'k'],
    ['BITCOUNT'],
    ['BITPOS', 'k'],
    ['BITOP', 'AND', 'd'],
    ['BITFIELD'],
    ['BITFIELD_RO'],
    ['LCS', 'a'],
  ],
};

/** Replies that are the same in RESP2 but typed in RESP3 (nulls, maps, doubles). */
const RESP3_CASES: Cmd[] = [
  ['HELLO', '3'],
  ['GET', 'nokey'],
  ['SET', 'k', 'v', 'NX'],
  ['SET', 'n', 'v', 'XX'],
  ['SET', 'n', 'v', 'GET'],
  ['GETEX', 'nokey'],
  ['GETDEL', 'nokey'],
  ['GETSET', 'nokey', 'x'],
  ['MGET', 'k', 'nokey', 'x'],
  ['INCRBYFLOAT', 'f', '10.5'],
  ['INCRBYFLOAT', 'f', '0.1'],
  ['INCRBYFLOAT', 'f', '1e20'],
  ['GETRANGE', 'nokey', '0', '-1'],
  ['MSET', 'key1', 'ohmytext', 'key2', 'mynewtext'],
  ['LCS', 'key1', 'key2'],
  ['LCS', 'key1', 'key2', 'LEN'],
  ['LCS', 'key1', 'key2', 'IDX'],
  ['LCS', 'key1', 'key2', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN'],
  ['LCS', 'nokey', 'nokey2', 'IDX'],
  ['BITFIELD', 'bf', 'OVERFLOW', 'FAIL', 'SET', 'u8', '0', '256', 'GET', 'u8', '0'],
  ['HELLO', '2'],
];

describe('string commands, differential against redis-server', () => {
  let strata: RunningServer;
  let redis: RunningProcess;
  let a: RespClient;
  let b: RespClient;

  before(async () => {
    [strata, redis] = await Promise.all([startStrata(), startRedis()]);
    [a, b] = await Promise.all([RespClient.connect(strata.port), RespClient.connect(redis.port)]);
  });
  after(async () => {
    a?.close();
    b?.close();
    await Promise.all([strata?.close(), redis?.close()]);
  });

  /**
   * Runs each command on both servers and compares the reply bytes. Commands of families that are not
   * registered in this build (TTL, HSET, ... while those families land) are sent to neither server.
   */
  async function same(cmds: Cmd[]): Promise<void> {
    await Promise.all([a.call('FLUSHALL'), b.call('FLUSHALL')]);
    for (const cmd of cmds) {
      if (!strata.server.commands.get(cmd[0].toLowerCase())) continue;
      const [ra, rb] = await Promise.all([a.call(...cmd), b.call(...cmd)]);
      if (cmd[0] === 'HELLO') continue; // server identity differs; the protocol switch is what matters
      assert.equal(ra, rb, `reply to ${JSON.stringify(cmd)}`);
    }
  }

  for (const [name, cmds] of Object.entries(CASES)) test(name, () => same(cmds));

  test('RESP3 replies', () => same(RESP3_CASES));

  test('limits follow proto-max-bulk-len (set to 1 MB on both servers)', async () => {
    const mb = 1024 * 1024;
    try {
      await same([
        ['CONFIG', 'SET', 'proto-max-bulk-len', String(mb)],
        ['SETRANGE', 'k', String(mb - 1), 'x'],
        ['SETRANGE', 'k', String(mb - 1), 'xy'],
        ['SETRANGE', 'k', String(mb), 'x'],
        ['SETRANGE', 'k', String(mb * 4), ''],
        ['APPEND', 'k', 'y'],
        ['APPEND', 'k', ''],
        ['STRLEN', 'k'],
        ['SETBIT', 'b', String(mb * 8), '1'],
        ['SETBIT', 'b', String(mb * 8 - 1), '1'],
        ['STRLEN', 'b'],
        ['GETBIT', 'b', String(mb * 8)],
        ['BITFIELD', 'f', 'SET', 'u8', String(mb * 8), '1'],
        ['BITFIELD', 'f', 'SET', 'u8', String(mb * 8 - 4), '255'],
        ['STRLEN', 'f'],
        ['BITFIELD', 'f', 'GET', 'u8', '#' + String(mb)],
        ['SET', 's1', 'x'.repeat(600)],
        ['SET', 's2', 'y'.repeat(600)],
        ['LCS', 's1', 's2'],
        ['LCS', 's1', 's1', 'LEN'],
        ['SET', 's1', 'x'.repeat(400)],
        ['LCS', 's1', 's2', 'LEN'],
      ]);
    } finally {
      await Promise.all([
        a.call('CONFIG', 'SET', 'proto-max-bulk-len', String(512 * mb)),
        b.call('CONFIG', 'SET', 'proto-max-bulk-len', String(512 * mb)),
      ]);
    }
  });

  test('INCRBYFLOAT chains and random operands match redis digit for digit', async () => {
    await Promise.all([a.call('FLUSHALL'), b.call('FLUSHALL')]);
    let seed = 12345;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const operand = (): string => {
      const t = rnd();
      if (t < 0.25) return ((rnd() - 0.5) * 1000).toFixed(Math.floor(rnd() * 20));
      if (t < 0.5) return (rnd() - 0.5).toExponential(Math.floor(rnd() * 22)).replace('e+', 'e');
      if (t < 0.7) return String(Math.floor(rnd() * 1e6) - 5e5);
      return (rnd() * 10).toPrecision(1 + Math.floor(rnd() * 21)) + 'e' + (Math.floor(rnd() * 80) - 40);
    };
    for (let i = 0; i < 400; i++) {
      const cmd = i % 5 === 0 ? ['SET', 'f', operand()] : ['INCRBYFLOAT', 'f', operand()];
      const [ra, rb] = await Promise.all([a.call(...cmd), b.call(...cmd)]);
      assert.equal(ra, rb, `reply to ${JSON.stringify(cmd)}`);
    }
  });

  test('random SET and GETEX option combinations match redis', async () => {
    await Promise.all([a.call('FLUSHALL'), b.call('FLUSHALL')]);
    let seed = 31337;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const number = () => ['100', '2000', '0', '-5', 'x', '1.5', LLMAX, '9223372036854775'][rnd(8)];
    const option = (): string[] => {
      switch (rnd(12)) {
        case 0:
          return ['NX'];
        case 1:
          return ['XX'];
        case 2:
          return ['GET'];
        case 3:
          return ['KEEPTTL'];
        case 4:
          return ['PERSIST'];
        case 5:
          return ['EX', number()];
        case 6:
          return ['PX', String(rnd(5) * 100000)];
        case 7:
          return ['EXAT', '4102444800'];
        case 8:
          return ['PXAT', rnd(2) ? '4102444800000' : '1'];
        case 9:
          return ['ex'];
        case 10:
          return ['FOO'];
        default:
          return ['Px', number()];
      }
    };
    const hasTtlCommand = strata.server.commands.get('ttl') !== undefined;
    for (let i = 0; i < 400; i++) {
      const key = 'k' + rnd(3);
      const opts: string[] = [];
      for (let n = rnd(4); n > 0; n--) opts.push(...option());
      const cmd = rnd(3) ? ['SET', key, 'v' + i, ...opts] : ['GETEX', key, ...opts];
      const [ra, rb] = await Promise.all([a.call(...cmd), b.call(...cmd)]);
      assert.equal(ra, rb, `reply to ${JSON.stringify(cmd)}`);
      // TTLs: -1/-2 exactly; positive ones within a second (the two servers read their clocks apart).
      if (hasTtlCommand) {
        const [ta, tb] = (await Promise.all([a.call('TTL', key), b.call('TTL', key)])).map((r) =>
          Number(r.slice(1)),
        );
        const close = ta === tb || (ta >= 0 && tb >= 0 && Math.abs(ta - tb) <= 1);
        assert.ok(close, `TTL after ${JSON.stringify(cmd)}: ${ta} vs ${tb}`);
      }
    }
  });

  test('bit commands on random bitmaps match redis', async () => {
    await Promise.all([a.call('FLUSHALL'), b.call('FLUSHALL')]);
    let seed = 777;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const idx = () => String(rnd(2) ? rnd(60) : rnd(60) - 70);
    for (let i = 0; i < 600; i++) {
      const key = 'bm' + rnd(3);
      let cmd: Cmd;
      switch (rnd(9)) {
        case 0:
          cmd = ['SETBIT', key, String(rnd(300)), String(rnd(2))];
          break;
        case 1:
          cmd = ['SETRANGE', key, String(rnd(40)), String.fromCharCode(rnd(256), rnd(256))];
          break;
        case 2:
          cmd = ['BITCOUNT', key, idx(), idx(), rnd(2) ? 'BIT' : 'BYTE'];
          break;
        case 3:
          cmd = ['BITPOS', key, String(rnd(2)), idx(), idx(), rnd(2) ? 'BIT' : 'BYTE'];
          break;
        case 4:
          cmd = ['BITPOS', key, String(rnd(2)), idx()].concat(rnd(2) ? [] : [idx()]);
          break;
        case 5:
          cmd = ['BITOP', ['AND', 'OR', 'XOR', 'NOT'][rnd(4)], 'bm' + rnd(3), key].concat(
            rnd(2) ? [] : ['bm' + rnd(3)],
          );
          break;
        case 6: {
          const t = (rnd(2) ? 'i' : 'u') + String(1 + rnd(63));
          cmd = ['BITFIELD', key, 'OVERFLOW', ['WRAP', 'SAT', 'FAIL'][rnd(3)]];
          cmd.push(...['INCRBY', t, String(rnd(200)), String(rnd(1000) - 500)]);
          cmd.push(...['SET', t, '#' + rnd(5), String(rnd(100000) - 50000), 'GET', t, String(rnd(200))]);
          break;
        }
        case 7:
          cmd = ['GETRANGE', key, idx(), idx()];
          break;
        default:
          cmd = ['GET', key];
      }
      const [ra, rb] = await Promise.all([a.call(...cmd), b.call(...cmd)]);
      assert.equal(ra, rb, `reply to ${JSON.stringify(cmd)}`);
    }
  });

  test('BITCOUNT and BITOP on multi-kilobyte strings (word-at-a-time paths) match redis', async () => {
    await Promise.all([a.call('FLUSHALL'), b.call('FLUSHALL')]);
    let seed = 4242;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const blob = (len: number) => Array.from({ length: len }, () => String.fromCharCode(rnd(256))).join('');
    const cmds: Cmd[] = [
      ['SET', 'w1', blob(5001)],
      ['SET', 'w2', blob(4099)],
      ['SET', 'w3', blob(3)],
      ['SET', 'w4', blob(8192)],
    ];
    for (let i = 0; i < 40; i++) {
      const key = 'w' + (1 + rnd(4));
      const unit = rnd(2) ? 'BIT' : 'BYTE';
      const span = unit === 'BIT' ? 70000 : 9000;
      cmds.push(['BITCOUNT', key, String(rnd(span) - 200), String(rnd(span) - 200), unit]);
    }
    cmds.push(['BITCOUNT', 'w1'], ['BITCOUNT', 'w4', '0', '-1']);
    for (const op of ['AND', 'OR', 'XOR']) {
      cmds.push(['BITOP', op, 'd', 'w1', 'w2', 'w3', 'w4'], ['GET', 'd']);
      cmds.push(['BITOP', op, 'd', 'w3', 'w2'], ['GET', 'd']);
    }
    cmds.push(['BITOP', 'NOT', 'd', 'w1'], ['GET', 'd'], ['BITOP', 'NOT', 'd', 'w4'], ['BITCOUNT', 'd']);
    for (const cmd of cmds) {
      const [ra, rb] = await Promise.all([a.call(...cmd), b.call(...cmd)]);
      assert.equal(ra, rb, `reply to ${JSON.stringify(cmd).slice(0, 100)}`);
    }
  });

  test('LCS on random strings matches redis', async () => {
    await Promise.all([a.call('FLUSHALL'), b.call('FLUSHALL')]);
    let seed = 99;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 60; i++) {
      const word = () => Array.from({ length: rnd(40) }, () => 'ACGT'[rnd(4)]).join('');
      const set: Cmd = ['MSET', 'x', word(), 'y', word()];
      const lcs: Cmd = ['LCS', 'x', 'y', 'IDX', 'MINMATCHLEN', String(rnd(4)), 'WITHMATCHLEN'];
      for (const cmd of [set, lcs, ['LCS', 'x', 'y'], ['LCS', 'y', 'x', 'LEN']]) {
        const [ra, rb] = await Promise.all([a.call(...cmd), b.call(...cmd)]);
        assert.equal(ra, rb, `reply to ${JSON.stringify(cmd)}`);
      }
    }
  });

  test('COMMAND INFO of the family matches redis (arity, flags, key range, categories)', async (t) => {
    if ((await a.call('COMMAND', 'INFO', 'get')).startsWith('-'))
      return t.skip('no COMMAND INFO in this build');
    const names = ['get', 'set', 'setnx', 'getex', 'getdel', 'mset', 'mget', 'msetnx', 'incrbyfloat', 'lcs'];
    names.push('substr', 'setbit', 'getbit', 'bitcount', 'bitpos', 'bitop', 'bitfield', 'bitfield_ro');
    for (const n of names) {
      const [ra, rb] = await Promise.all([a.call('COMMAND', 'INFO', n), b.call('COMMAND', 'INFO', n)]);
      const summary = (raw: string) => {
        const info = (parseReply(raw) as unknown[][])[0];
        const sorted = (v: unknown) => [...(v as string[])].sort();
        return [info[0], info[1], sorted(info[2]), info[3], info[4], info[5], sorted(info[6])];
      };
      assert.deepEqual(summary(ra), summary(rb), n);
    }
  });

  test('keyspace hits and misses are counted as redis counts them', async () => {
    const seq: Cmd[] = [
      ['SET', 'k', '1'],
      ['GET', 'k'],
      ['GET', 'n'],
      ['MGET', 'k', 'n'],
      ['INCR', 'k'],
      ['INCRBYFLOAT', 'k', '1'],
      ['APPEND', 'k', 'x'],
      ['STRLEN', 'n'],
      ['GETRANGE', 'k', '0', '1'],
      ['SETRANGE', 'k', '0', 'a'],
      ['GETBIT', 'n', '1'],
      ['SETBIT', 'k', '1', '1'],
      ['BITCOUNT', 'k'],
      ['BITPOS', 'n', '1'],
      ['BITOP', 'AND', 'd', 'k', 'n'],
      ['BITFIELD', 'k', 'GET', 'u8', '0'],
      ['BITFIELD', 'k', 'SET', 'u8', '0', '1'],
      ['BITFIELD_RO', 'n', 'GET', 'u8', '0'],
      ['LCS', 'k', 'n'],
      ['GETEX', 'k'],
      ['GETDEL', 'n'],
      ['GETSET', 'k', 'v'],
      ['SET', 'k', 'v', 'GET'],
      ['SETNX', 'k', 'x'],
      ['MSETNX', 'k', 'x'],
      ['SET', 'k', 'v', 'XX'],
      ['HSET', 'h', 'f', 'v'],
      ['GET', 'h'],
      ['MGET', 'h', 'k'],
      ['LCS', 'h', 'k'],
      ['GETRANGE', 'h', '0', '1'],
      ['SET', 'h', 'v', 'GET'],
      ['INCR', 'h'],
    ];
    const stats = async (c: RespClient) =>
      (await c.call('INFO', 'stats')).split('\r\n').filter((l) => l.startsWith('keyspace_'));
    await Promise.all([a.call('FLUSHALL'), b.call('FLUSHALL')]);
    await Promise.all([a.call('CONFIG', 'RESETSTAT'), b.call('CONFIG', 'RESETSTAT')]);
    for (const cmd of seq) {
      if (!strata.server.commands.get(cmd[0].toLowerCase())) continue;
      await Promise.all([a.call(...cmd), b.call(...cmd)]);
    }
    const [sa, sb] = await Promise.all([stats(a), stats(b)]);
    assert.equal(sb.length, 2);
    assert.deepEqual(sa, sb);
  });

  test('keyspace notifications carry redis event names', async () => {
    const seq: Cmd[] = [
      ['SET', 'k', '1'],
      ['SET', 'k', '2', 'EX', '100'],
      ['SETNX', 'n', 'x'],
      ['SETEX', 'e', '100', 'x'],
      ['PSETEX', 'e', '100000', 'x'],
      ['GETSET', 'k', '3'],
      ['INCR', 'k'],
      ['DECRBY', 'k', '2'],
      ['INCRBYFLOAT', 'k', '1.5'],
      ['APPEND', 'k', 'x'],
      ['SETRANGE', 'k', '1', 'yy'],
      ['SETRANGE', 'k', '1', ''],
      ['SETBIT', 'b', '3', '1'],
      ['SETBIT', 'b', '3', '1'],
      ['BITFIELD', 'b', 'SET', 'u8', '0', '7', 'INCRBY', 'u8', '8', '1'],
      ['BITFIELD', 'b', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', '0', '1000'],
      ['BITOP', 'OR', 'd', 'b', 'k'],
      ['BITOP', 'OR', 'd', 'nokey'],
      ['MSET', 'm1', 'a', 'm2', 'b'],
      ['MSETNX', 'm3', 'a', 'm4', 'b'],
      ['GETEX', 'm1', 'EX', '100'],
      ['GETEX', 'm1', 'PERSIST'],
      ['GETEX', 'm1', 'PERSIST'],
      ['GETEX', 'm2', 'PXAT', '1'],
      ['GETDEL', 'm3'],
      ['GETDEL', 'm3'],
      ['SET', 'last', 'x'],
    ];
    // Redis: collect __keyevent@0__ messages through a subscriber.
    const sub = new Redis(redis.port, { lazyConnect: true });
    const cli = new Redis(redis.port, { lazyConnect: true });
    await Promise.all([sub.connect(), cli.connect()]);
    await cli.flushall();
    await cli.config('SET', 'notify-keyspace-events', 'KEA');
    const redisEvents: string[] = [];
    const lastSeen = new Promise<void>((resolve) => {
      sub.on('pmessage', (_p: string, channel: string, key: string) => {
        redisEvents.push(channel.slice('__keyevent@0__:'.length) + ' ' + key);
        if (key === 'last') resolve();
      });
    });
    await sub.psubscribe('__keyevent@0__:*');
    for (const cmd of seq) await cli.call(cmd[0], ...cmd.slice(1)).catch(() => undefined);
    await lastSeen;
    sub.disconnect();
    cli.disconnect();

    // Strata: record what the notifier is asked to publish.
    const strataEvents: string[] = [];
    const notifier = strata.server.notifier;
    const original = notifier.notify.bind(notifier);
    notifier.notify = (cls, event, key, db) => {
      strataEvents.push(event + ' ' + key);
      original(cls, event, key, db);
    };
    try {
      await a.call('FLUSHALL');
      strataEvents.length = 0;
      for (const cmd of seq) await a.call(...cmd);
    } finally {
      notifier.notify = original;
    }
    assert.deepEqual(strataEvents, redisEvents);
  });
});

// -------------------------------------------------------------------------------------------------
// In-process tests
// -------------------------------------------------------------------------------------------------

describe('long double arithmetic (INCRBYFLOAT)', () => {
  const ld = (s: string): LongDouble => {
    const v = parseLongDouble(s);
    assert.ok(v !== null && v !== 'inf', s);
    return v;
  };

  test('formats with %.17Lf and strips trailing zeros', () => {
    assert.equal(formatLongDouble(ld('10.5')), '10.5');
    assert.equal(formatLongDouble(ld('1e20')), '100000000000000000000');
    assert.equal(formatLongDouble(ld('5.0e3')), '5000');
    assert.equal(formatLongDouble(ld('1e-20')), '0');
    assert.equal(formatLongDouble(ld('-1e-20')), '0');
    assert.equal(formatLongDouble(ld('-0.5')), '-0.5');
    assert.equal(formatLongDouble(ld('0.1')), '0.1');
    // Exact ties at the 18th decimal round to even, as glibc's printf does.
    assert.equal(formatLongDouble(ld('0.000003814697265625')), '0.00000381469726562');
    assert.equal(formatLongDouble(ld('0.000011444091796875')), '0.00001144409179688');
  });

  test('0.1 + 0.2 is 0.3 in long double, unlike in double', () => {
    assert.equal(formatLongDouble(addLongDouble(ld('0.1'), ld('0.2')) as LongDouble), '0.3');
    assert.equal(incrByFloat('0.3', '0.3'), '0.6');
    assert.notEqual(String(0.1 + 0.2), '0.3');
  });

  test('parses like strtold inside string2ld', () => {
    for (const bad of [
      '',
      ' 1',
      '1 ',
      'abc',
      '1e',
      '0x',
      'nan',
      '-nan',
      '1e5000',
      '1e-5000',
      '1_0',
      '--1',
      '1..2',
    ])
      assert.equal(parseLongDouble(bad), null, JSON.stringify(bad));
    assert.equal(parseLongDouble('inf'), 'inf');
    assert.equal(parseLongDouble('-Infinity'), 'inf');
    assert.equal(formatLongDouble(ld('0x1.8p3')), '12');
    assert.equal(formatLongDouble(ld('.5')), '0.5');
    assert.equal(formatLongDouble(ld('5.')), '5');
    assert.equal(formatLongDouble(ld('+7')), '7');
    assert.equal(parseLongDouble('1'.repeat(5120)), null);
    // Values beyond a double's range are fine for a long double.
    assert.equal(formatLongDouble(ld('1e400')).length, 401);
    assert.equal(formatLongDouble(ld('1e-4940')), '0');
  });

  test('errors and the integer fast path', () => {
    assert.equal(incrByFloat('abc', '1'), 'invalid-current');
    assert.equal(incrByFloat('1', 'abc'), 'invalid-incr');
    assert.equal(incrByFloat('1', 'inf'), 'inf');
    assert.equal(incrByFloat('1e4932', '1e4932'), 'inf');
    assert.equal(incrByFloat('5', '-5'), '0');
    assert.equal(incrByFloat('999999999999999', '999999999999999'), '1999999999999998');
    assert.equal(incrByFloat('9007199254740993', '0'), '9007199254740993');
  });
});

describe('large strings', () => {
  let c: RespClient;
  let close: () => Promise<void>;
  before(async () => ({ c, close } = await openStrataClient()));
  after(() => close?.());

  test('SETBIT, SETRANGE and APPEND on a 16 MB string keep every other byte', async () => {
    const size = 16 * 1024 * 1024;
    assert.equal(await c.call('SETRANGE', 'big', String(size - 1), 'z'), `:${size}\r\n`);
    for (let i = 0; i < 50; i++) {
      assert.equal(await c.call('SETBIT', 'big', String(i * 8 * 300000 + 1), '1'), ':0\r\n');
    }
    assert.equal(await c.call('BITCOUNT', 'big'), `:${50 + 5}\r\n`); // the 50 bits and 'z' (0x7a)
    assert.equal(await c.call('APPEND', 'big', 'tail'), `:${size + 4}\r\n`);
    assert.equal(await c.call('GETRANGE', 'big', String(size - 1), '-1'), '$5\r\nztail\r\n');
    assert.equal(await c.call('GETBIT', 'big', String(49 * 8 * 300000 + 1)), ':1\r\n');
    assert.equal(await c.call('BITPOS', 'big', '1', '1'), `:${300000 * 8 + 1}\r\n`);
    assert.equal(await c.call('STRLEN', 'big'), `:${size + 4}\r\n`);
  });
});
