/**
 * Geo family tests: differential against a real redis-server (exact replies in RESP2 and RESP3, errors
 * included), keyspace events byte for byte, and unit checks of the geohash and number-formatting
 * helpers.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  distance,
  distanceWithin,
  formatDistance,
  humanDouble,
  positionOf,
  printfFixed,
  scoreOf,
  standardGeohash,
} from '../store/geohash';
import { canon, DiffPair, diffSuite, prng, sameEvents, type Reply } from '../testing/differential';

class Pair extends DiffPair {}

/** GEOADD arguments for n random points in [lon0, lon1] x [lat0, lat1], members `${prefix}${i}`. */
function randomPoints(
  rnd: () => number,
  n: number,
  prefix: string,
  [lon0, lon1]: [number, number],
  [lat0, lat1]: [number, number],
): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const lon = lon0 + rnd() * (lon1 - lon0);
    const lat = lat0 + rnd() * (lat1 - lat0);
    out.push(lon.toFixed(6), lat.toFixed(6), prefix + i);
  }
  return out;
}

describe('geo: differential vs redis-server', () => {
  const { servers: srv, fresh } = diffSuite(Pair, {
    'zset-max-listpack-entries': '128',
    'zset-max-listpack-value': '64',
  });

  test('GEOADD options and errors, GEOPOS, GEOHASH, GEODIST in every unit', async () => {
    for (const resp3 of [false, true]) {
      const p = await fresh(resp3);
      await p.run([
        ['GEOADD', 'Sicily', '13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania'],
        ['GEOADD', 'Sicily', 'NX', '13.361389', '38.115556', 'Palermo', '1', '1', 'new'],
        ['GEOADD', 'Sicily', 'XX', '13.4', '38.1', 'Palermo', '2', '2', 'other'],
        ['GEOADD', 'Sicily', 'XX', 'CH', '13.5', '38.1', 'Palermo', '2', '2', 'other'],
        ['GEOADD', 'Sicily', 'ch', '13.5', '38.1', 'Palermo', '3', '3', 'third'],
        ['GEOADD', 'Sicily', 'CH', '13.361389', '38.115556', 'Palermo'],
        ['GEOADD', 'Sicily', 'NX', 'XX', '1', '1', 'a'],
        ['GEOADD', 'Sicily', 'GT', '1', '1', 'a'],
        ['GEOADD', 'Sicily', 'GT', '1', '1'],
        ['GEOADD', 'Sicily', '1', '1', 'a', '2'],
        ['GEOADD', 'Sicily', 'NX', 'CH', 'XX'],
        ['GEOADD', 'Sicily', 'NX', 'CH', 'CH'],
        ['GEOADD', 'Sicily', '1', '1'],
        ['GEOADD', 'nokey', 'XX', '1', '1', 'a'],
        ['EXISTS', 'nokey'],
        ['TYPE', 'Sicily'],
        ['ZRANGE', 'Sicily', '0', '-1', 'WITHSCORES'],
        ['GEOPOS', 'Sicily', 'Palermo', 'Catania', 'nosuch', 'new'],
        ['GEOPOS', 'nokey', 'a', 'b'],
        ['GEOHASH', 'Sicily', 'Palermo', 'Catania', 'nosuch'],
        ['GEOHASH', 'nokey', 'a'],
        ['GEODIST', 'Sicily', 'Palermo', 'Catania'],
        ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'm'],
        ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'KM'],
        ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'ft'],
        ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'Mi'],
        ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'parsec'],
        ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'km', 'extra'],
        ['GEODIST', 'Sicily', 'Palermo', 'nosuch'],
        ['GEODIST', 'Sicily', 'Palermo', 'Palermo'],
        ['GEODIST', 'nokey', 'a', 'b'],
        ['GEODIST', 'nokey', 'a', 'b', 'parsec'],
        ['SET', 'str', 'x'],
        ['GEOADD', 'str', '1', '1', 'a'],
        ['GEOPOS', 'str', 'a'],
        ['GEOHASH', 'str', 'a'],
        ['GEODIST', 'str', 'a', 'b'],
        ['GEOSEARCH', 'str', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km'],
        ['GEOSEARCHSTORE', 'dst', 'str', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km'],
        ['GEORADIUS', 'str', '0', '0', '1', 'km'],
      ]);
    }
  });

  test('coordinates: invalid pairs, float syntax, the poles and the antimeridian', async () => {
    for (const resp3 of [false, true]) {
      const p = await fresh(resp3);
      await p.run([
        ['GEOADD', 'g', '200', '100', 'x'],
        ['GEOADD', 'g', '-180.000001', '0', 'x'],
        ['GEOADD', 'g', '0', '85.05112879', 'x'],
        ['GEOADD', 'g', '0', '-85.06', 'x'],
        ['GEOADD', 'g', '180.0078125', '1', 'x'], // a tie at the sixth decimal of "%f"
        ['GEOADD', 'g', 'inf', '1', 'x'],
        ['GEOADD', 'g', '1', '-inf', 'x'],
        ['GEOADD', 'g', 'nan', '1', 'x'],
        ['GEOADD', 'g', '1e400', '1', 'x'],
        ['GEOADD', 'g', '1e-400', '1', 'x'],
        ['GEOADD', 'g', ' 1', '1', 'x'],
        ['GEOADD', 'g', '1 ', '1', 'x'],
        ['GEOADD', 'g', '', '1', 'x'],
        ['GEOADD', 'g', 'abc', '1', 'x'],
        ['GEOADD', 'g', '1', '1', 'ok', '1', 'abc', 'x'],
        ['EXISTS', 'g'],
        ['GEOADD', 'g', '0x1p4', '0x.8p1', 'hex', '1e1', '-.5', 'exp', '+1.', '-0', 'signs'],
        [
          'GEOADD',
          'g',
          '180',
          '85.05112878',
          'ne',
          '-180',
          '-85.05112878',
          'sw',
          '180',
          '-85.05112878',
          'se',
        ],
        ['GEOADD', 'g', '-180', '85.05112878', 'nw', '0', '0', 'origin', '-0', '-0', 'negzero'],
        [
          'GEOADD',
          'g',
          '179.9999',
          '10',
          'east',
          '-179.9999',
          '10',
          'west',
          '0.0000001',
          '0.0000001',
          'tiny',
        ],
        ['ZRANGE', 'g', '0', '-1', 'WITHSCORES'],
        [
          'GEOPOS',
          'g',
          'hex',
          'exp',
          'signs',
          'ne',
          'sw',
          'se',
          'nw',
          'origin',
          'negzero',
          'east',
          'west',
          'tiny',
        ],
        [
          'GEOHASH',
          'g',
          'hex',
          'exp',
          'signs',
          'ne',
          'sw',
          'se',
          'nw',
          'origin',
          'negzero',
          'east',
          'west',
          'tiny',
        ],
        ['GEODIST', 'g', 'east', 'west', 'km'],
        ['GEODIST', 'g', 'ne', 'sw'],
        ['GEODIST', 'g', 'ne', 'nw', 'mi'],
        ['GEODIST', 'g', 'origin', 'negzero'],
        ['GEODIST', 'g', 'origin', 'tiny', 'ft'],
        [
          'GEOSEARCH',
          'g',
          'FROMMEMBER',
          'east',
          'BYRADIUS',
          '100',
          'km',
          'WITHDIST',
          'WITHCOORD',
          'WITHHASH',
        ],
        ['GEOSEARCH', 'g', 'FROMLONLAT', '180', '10', 'BYBOX', '100', '100', 'km', 'WITHDIST', 'ASC'],
        ['GEOSEARCH', 'g', 'FROMLONLAT', '-180', '85.05112878', 'BYRADIUS', '5000', 'km', 'WITHDIST', 'DESC'],
        ['GEOSEARCH', 'g', 'FROMLONLAT', '0', '-85', 'BYBOX', '40000', '1000', 'km', 'WITHDIST', 'ASC'],
        ['GEORADIUS', 'g', '0', '0', '20000', 'km', 'WITHDIST', 'ASC'],
        ['GEORADIUS', 'g', '0', '0', 'inf', 'km', 'ASC'],
        ['GEORADIUS', 'g', '0', '0', '0', 'km', 'WITHDIST'],
        ['GEORADIUSBYMEMBER', 'g', 'origin', '0', 'm', 'WITHDIST'],
      ]);
    }
  });

  test('scores not written by GEOADD decode as Redis decodes them', async () => {
    for (const resp3 of [false, true]) {
      const p = await fresh(resp3);
      const members = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm'];
      await p.run([
        // negative, infinite, beyond 2^52, 2^53, 2^54, 2^63 and more, fractional
        [
          'ZADD',
          'w',
          '-5',
          'a',
          'inf',
          'b',
          '1e30',
          'c',
          '-inf',
          'd',
          '4503599627370496',
          'e',
          '9007199254740992',
          'f',
          '18014398509481984',
          'g',
          '1e19',
          'h',
          '1.5',
          'i',
          '-1.5',
          'j',
          '9223372036854775807',
          'k',
          '-9223372036854775808',
          'l',
          '1e-300',
          'm',
        ],
        ['GEOPOS', 'w', ...members],
        ['GEOHASH', 'w', ...members],
        ['GEODIST', 'w', 'a', 'd'],
        [
          'GEOSEARCH',
          'w',
          'FROMLONLAT',
          '0',
          '0',
          'BYRADIUS',
          '30000',
          'km',
          'WITHHASH',
          'WITHCOORD',
          'WITHDIST',
        ],
        ['GEOSEARCH', 'w', 'FROMMEMBER', 'a', 'BYBOX', '1', '1', 'm', 'WITHHASH'],
        ['GEORADIUSBYMEMBER', 'w', 'e', '1', 'km', 'WITHHASH', 'WITHCOORD'],
      ]);
    }
  });

  test('searches: every option, every error, COUNT, ANY, ASC/DESC, STORE', async () => {
    for (const resp3 of [false, true]) {
      const p = await fresh(resp3);
      const rnd = prng(resp3 ? 11 : 12);
      await p.same(['GEOADD', 'pts', ...randomPoints(rnd, 60, 'p', [12, 16], [36, 40])]);
      await p.run([
        ['GEOSEARCH', 'pts', 'FROMLONLAT', '14', '38', 'BYRADIUS', '100', 'km'],
        ['GEOSEARCH', 'pts', 'FROMLONLAT', '14', '38', 'BYRADIUS', '100', 'km', 'ASC', 'WITHDIST'],
        ['GEOSEARCH', 'pts', 'FROMLONLAT', '14', '38', 'BYRADIUS', '100', 'km', 'DESC', 'WITHCOORD'],
        [
          'GEOSEARCH',
          'pts',
          'FROMMEMBER',
          'p3',
          'BYBOX',
          '200',
          '100',
          'km',
          'WITHHASH',
          'WITHDIST',
          'WITHCOORD',
        ],
        ['GEOSEARCH', 'pts', 'FROMMEMBER', 'p3', 'BYBOX', '200', '100', 'mi', 'COUNT', '5'],
        ['GEOSEARCH', 'pts', 'FROMMEMBER', 'p3', 'BYBOX', '200000', '100000', 'm', 'COUNT', '5', 'DESC'],
        ['GEOSEARCH', 'pts', 'FROMMEMBER', 'p3', 'BYRADIUS', '300000', 'ft', 'COUNT', '5', 'ANY'],
        ['GEOSEARCH', 'pts', 'FROMMEMBER', 'p3', 'BYRADIUS', '300', 'km', 'COUNT', '5', 'ANY', 'ASC'],
        ['GEOSEARCH', 'pts', 'FROMMEMBER', 'p3', 'BYRADIUS', '300', 'km', 'COUNT', '500'],
        ['GEOSEARCH', 'pts', 'FROMMEMBER', 'p3', 'BYRADIUS', '300', 'km', 'COUNT', '0'],
        ['GEOSEARCH', 'pts', 'FROMMEMBER', 'p3', 'BYRADIUS', '300', 'km', 'COUNT', '-1'],
        ['GEOSEARCH', 'pts', 'FROMMEMBER', 'p3', 'BYRADIUS', '300', 'km', 'COUNT', 'x'],
        ['GEOSEARCH', 'pts', 'FROMMEMBER', 'p3', 'BYRADIUS', '300', 'km', 'COUNT'],
        ['GEOSEARCH', 'pts', 'FROMMEMBER', 'p3', 'BYRADIUS', '300', 'km', 'ANY'],
        ['GEOSEARCH', 'pts', 'FROMMEMBER', 'nosuch', 'BYRADIUS', '300', 'km'],
        ['GEOSEARCH', 'pts', 'FROMMEMBER', 'p3'],
        ['GEOSEARCH', 'pts', 'BYRADIUS', '300', 'km', 'ASC'],
        ['geosearch', 'pts', 'BYRADIUS', '300', 'km', 'ASC'],
        ['GeoSearch', 'pts', 'FROMLONLAT', '1', '1', 'ASC', 'COUNT', '1'],
        ['GEOSEARCH', 'pts', 'FROMLONLAT', '1', '1', 'FROMMEMBER', 'p1', 'BYRADIUS', '1', 'km'],
        ['GEOSEARCH', 'pts', 'FROMMEMBER', 'p1', 'FROMLONLAT', '1', '1', 'BYRADIUS', '1', 'km'],
        [
          'GEOSEARCH',
          'pts',
          'FROMMEMBER',
          'p1',
          'FROMMEMBER',
          'p2',
          'BYRADIUS',
          '1',
          'km',
          'BYRADIUS',
          '90',
          'km',
        ],
        ['GEOSEARCH', 'pts', 'FROMMEMBER', 'p1', 'BYRADIUS', '1', 'km', 'BYBOX', '1', '1', 'km'],
        ['GEOSEARCH', 'pts', 'FROMMEMBER', 'p1', 'BYBOX', '1', '1', 'km', 'BYRADIUS', '1', 'km'],
        ['GEOSEARCH', 'pts', 'FROMMEMBER', 'p1', 'BYBOX', '1', '1', 'km', 'BYBOX', '90', '90', 'km'],
        ['GEOSEARCH', 'pts', 'FROMLONLAT', '200', '1', 'BYRADIUS', '1', 'km'],
        ['GEOSEARCH', 'pts', 'FROMLONLAT', 'x', '1', 'BYRADIUS', '1', 'km'],
        ['GEOSEARCH', 'pts', 'FROMLONLAT', '1', '1', 'BYRADIUS', '-1', 'km'],
        ['GEOSEARCH', 'pts', 'FROMLONLAT', '1', '1', 'BYRADIUS', 'x', 'km'],
        ['GEOSEARCH', 'pts', 'FROMLONLAT', '1', '1', 'BYRADIUS', '1', 'parsec'],
        ['GEOSEARCH', 'pts', 'FROMLONLAT', '1', '1', 'BYBOX', '-1', '1', 'km'],
        ['GEOSEARCH', 'pts', 'FROMLONLAT', '1', '1', 'BYBOX', '1', '-1', 'km'],
        ['GEOSEARCH', 'pts', 'FROMLONLAT', '1', '1', 'BYBOX', 'x', 'y', 'km'],
        ['GEOSEARCH', 'pts', 'FROMLONLAT', '1', '1', 'BYBOX', '1', 'y', 'km'],
        ['GEOSEARCH', 'pts', 'FROMLONLAT', '1', '1', 'BYBOX', '1', '1', 'yd'],
        ['GEOSEARCH', 'pts', 'FROMLONLAT', '1', '1', 'BYBOX', '1', '1'],
        ['GEOSEARCH', 'pts', 'FROMLONLAT', '1', '1', 'BYRADIUS', '1', 'km', 'STORE', 'x'],
        ['GEOSEARCH', 'pts', 'FROMLONLAT', '1', '1', 'BYRADIUS', '1', 'km', 'STOREDIST'],
        ['GEOSEARCH', 'nokey', 'FROMMEMBER', 'a', 'BYRADIUS', '1', 'km'],
        ['GEOSEARCH', 'nokey', 'FROMMEMBER', 'a', 'BYRADIUS', 'x', 'km'],
        ['GEOSEARCH', 'nokey', 'FROMMEMBER', 'a', 'BYBOX', '1', '1', 'km', 'COUNT', '2', 'ANY', 'WITHDIST'],
        ['GEOSEARCH', 'nokey', 'FROMMEMBER', 'a'],
        ['GEOSEARCH', 'nokey', 'FROMMEMBER', 'a', 'BYRADIUS', '1', 'km', 'ANY'],
        // GEOSEARCHSTORE
        ['GEOSEARCHSTORE', 'dst', 'pts', 'FROMMEMBER', 'p3', 'BYRADIUS', '100', 'km'],
        ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
        [
          'GEOSEARCHSTORE',
          'dst',
          'pts',
          'FROMMEMBER',
          'p3',
          'BYRADIUS',
          '100',
          'km',
          'STOREDIST',
          'COUNT',
          '3',
        ],
        ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
        ['GEOSEARCHSTORE', 'dst', 'pts', 'FROMMEMBER', 'p3', 'BYRADIUS', '100', 'km', 'WITHDIST'],
        ['GEOSEARCHSTORE', 'dst', 'pts', 'FROMMEMBER', 'p3', 'BYRADIUS', '100', 'km', 'STORE', 'x'],
        ['GEOSEARCHSTORE', 'dst', 'pts', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km'],
        ['EXISTS', 'dst'],
        ['SET', 'dst', 'x'],
        ['EXPIRE', 'dst', '100'],
        [
          'GEOSEARCHSTORE',
          'dst',
          'pts',
          'FROMMEMBER',
          'p3',
          'BYBOX',
          '100',
          '100',
          'km',
          'DESC',
          'STOREDIST',
        ],
        ['TTL', 'dst'],
        ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
        ['GEOSEARCHSTORE', 'dst', 'nokey', 'FROMMEMBER', 'p3', 'BYBOX', '100', '100', 'km'],
        ['EXISTS', 'dst'],
        ['GEOSEARCHSTORE', 'pts2', 'pts', 'FROMMEMBER', 'p3', 'BYRADIUS', '300', 'km'],
        ['GEOPOS', 'pts2', 'p3', 'p4'],
        // the GEORADIUS family
        ['GEORADIUS', 'pts', '14', '38', '100', 'km', 'WITHDIST', 'WITHCOORD', 'WITHHASH', 'COUNT', '4'],
        ['GEORADIUS', 'pts', '14', '38', '100', 'km', 'STORE', 'r1'],
        ['ZRANGE', 'r1', '0', '-1', 'WITHSCORES'],
        ['GEORADIUS', 'pts', '14', '38', '100', 'km', 'STORE', 'r1', 'STOREDIST', 'r2', 'COUNT', '2', 'DESC'],
        ['ZRANGE', 'r2', '0', '-1', 'WITHSCORES'],
        ['GEORADIUS', 'pts', '14', '38', '100', 'km', 'STORE', 'r1', 'WITHDIST'],
        ['GEORADIUS', 'pts', '14', '38', '100', 'km', 'STORE'],
        ['GEORADIUS', 'pts', '14', '38', '100', 'km', 'FROMMEMBER', 'p1'],
        ['GEORADIUS', 'pts', '14', '38', '100'],
        ['GEORADIUS', 'pts', '14', '100', '38', 'km'],
        ['GEORADIUS_RO', 'pts', '14', '38', '100', 'km', 'STORE', 'r1'],
        ['GEORADIUS_RO', 'pts', '14', '38', '100', 'km', 'WITHDIST', 'ASC'],
        ['GEORADIUSBYMEMBER', 'pts', 'p5', '100', 'km', 'WITHDIST', 'COUNT', '3', 'ANY'],
        ['GEORADIUSBYMEMBER', 'pts', 'p5', '100', 'km', 'STOREDIST', 'r3'],
        ['ZRANGE', 'r3', '0', '-1', 'WITHSCORES'],
        ['GEORADIUSBYMEMBER', 'pts', 'nosuch', '100', 'km'],
        ['GEORADIUSBYMEMBER', 'pts', 'p5', '-100', 'km'],
        ['GEORADIUSBYMEMBER', 'nokey', 'p5', 'abc', 'parsec'],
        ['GEORADIUSBYMEMBER', 'nokey', 'p5', 'abc', 'parsec', 'STORE', 'r3'],
        ['EXISTS', 'r3'],
        ['GEORADIUSBYMEMBER_RO', 'pts', 'p5', '100', 'km', 'WITHCOORD', 'DESC'],
        ['GEORADIUSBYMEMBER_RO', 'pts', 'p5', '100', 'km', 'STOREDIST', 'r3'],
        ['COMMAND', 'GETKEYS', 'GEORADIUS', 'pts', '1', '1', '1', 'km', 'STORE', 'a', 'STOREDIST', 'b'],
        ['COMMAND', 'GETKEYS', 'GEORADIUSBYMEMBER', 'pts', 'm', '1', 'km', 'STORE', 'a'],
        ['COMMAND', 'GETKEYS', 'GEORADIUS', 'pts', '1', '1', '1', 'km', 'STOREDIST', 'b', 'STORE', 'a'],
        ['COMMAND', 'GETKEYS', 'GEORADIUS', 'pts', '1', '1', '1', 'km', 'COUNT', '1', 'STORE'],
        ['COMMAND', 'GETKEYS', 'GEORADIUSBYMEMBER', 'pts', 'm', '1', 'km', 'store', 'a', 'Store', 'b'],
        ['COMMAND', 'GETKEYS', 'GEORADIUS_RO', 'pts', '1', '1', '1', 'km', 'STORE', 'a'],
        ['COMMAND', 'GETKEYS', 'GEOSEARCH', 'src', 'FROMMEMBER', 'm', 'BYRADIUS', '1', 'km'],
        ['COMMAND', 'GETKEYS', 'GEOSEARCHSTORE', 'dst', 'src', 'FROMMEMBER', 'm', 'BYRADIUS', '1', 'km'],
      ]);
    }
  });

  test('equal distances under COUNT, large sets, wide and polar searches', async () => {
    for (const resp3 of [false, true]) {
      const p = await fresh(resp3);
      const rnd = prng(resp3 ? 21 : 22);
      // A third of the points share one position and more share a few others: COUNT's partial sort
      // must order ties as Redis's does. 300 members: a skiplist.
      const args: string[] = [];
      const spots = [
        ['10.5', '10'],
        ['9.5', '10'],
        ['10', '10.5'],
      ];
      for (let i = 0; i < 300; i++) {
        if (i % 3 === 0) args.push('10', '10', `m${i}`);
        else if (i % 3 === 1) args.push(...randomPoints(rnd, 1, `m${i}-`, [9, 11], [9, 11]));
        else args.push(...spots[Math.floor(rnd() * 3)], `m${i}`);
      }
      await p.same(['GEOADD', 't', ...args]);
      await p.same(['OBJECT', 'ENCODING', 't']);
      for (const count of ['1', '2', '6', '7', '8', '40', '41', '99', '100', '101', '299'])
        await p.run([
          ['GEOSEARCH', 't', 'FROMLONLAT', '10', '10', 'BYRADIUS', '200', 'km', 'COUNT', count],
          [
            'GEOSEARCH',
            't',
            'FROMLONLAT',
            '10',
            '10',
            'BYRADIUS',
            '200',
            'km',
            'COUNT',
            count,
            'DESC',
            'WITHDIST',
          ],
          ['GEORADIUS', 't', '10.2', '10.1', '100', 'km', 'COUNT', count, 'WITHDIST'],
        ]);
      await p.run([
        ['GEOSEARCH', 't', 'FROMLONLAT', '10', '10', 'BYRADIUS', '200', 'km'],
        ['GEOSEARCH', 't', 'FROMLONLAT', '10', '10', 'BYRADIUS', '200', 'km', 'ASC'],
        ['GEOSEARCH', 't', 'FROMLONLAT', '10', '10', 'BYRADIUS', '200', 'km', 'DESC'],
        [
          'GEOSEARCHSTORE',
          'd',
          't',
          'FROMLONLAT',
          '10',
          '10',
          'BYBOX',
          '100',
          '300',
          'km',
          'COUNT',
          '20',
          'STOREDIST',
        ],
        ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'],
        ['OBJECT', 'ENCODING', 'd'],
      ]);
      // The whole globe, searched from everywhere with every size (duplicate neighbour boxes, the
      // antimeridian, the polar step reduction).
      await p.same(['GEOADD', 'w', ...randomPoints(rnd, 200, 'w', [-180, 180], [-85.05, 85.05])]);
      await p.same([
        'GEOADD',
        'w',
        '179.9',
        '0',
        'ea',
        '-179.9',
        '0',
        'we',
        '0',
        '84.9',
        'no',
        '0',
        '-84.9',
        'so',
      ]);
      const centres = [
        ['0', '0'],
        ['179.99', '0'],
        ['-180', '0'],
        ['0', '85'],
        ['0', '-85'],
        ['100', '70'],
        ['-100', '-82'],
        ['180', '85.05112878'],
      ];
      for (const km of ['1', '100', '1000', '5000', '10000', '40000'])
        for (const [lon, lat] of centres)
          await p.run([
            ['GEOSEARCH', 'w', 'FROMLONLAT', lon, lat, 'BYRADIUS', km, 'km', 'WITHDIST', 'ASC'],
            ['GEOSEARCH', 'w', 'FROMLONLAT', lon, lat, 'BYBOX', km, String(Number(km) / 2), 'km', 'ASC'],
            ['GEORADIUS', 'w', lon, lat, km, 'km', 'COUNT', '3', 'ANY'],
          ]);
    }
  });

  test('members exactly at the radius or the box edge: included as Redis includes them', async () => {
    for (const resp3 of [false, true]) {
      const p = await fresh(resp3);
      const rnd = prng(resp3 ? 31 : 32);
      await p.same(['GEOADD', 'pts', ...randomPoints(rnd, 40, 'p', [12, 16], [36, 40])]);
      // Redis's own distances (metres, every digit) become the radii: each search has members on its
      // edge, with and without the options that need distances.
      await p.same([
        'GEOSEARCHSTORE',
        'd',
        'pts',
        'FROMLONLAT',
        '14',
        '38',
        'BYRADIUS',
        '500',
        'km',
        'STOREDIST',
      ]);
      const stored = await p.redis.call(['ZRANGE', 'd', '0', '-1', 'WITHSCORES']);
      assert.ok(stored.type === 'array' && stored.items.length > 20);
      const radii = stored.items
        .filter((_, i) => i % 2 === 1)
        .map((r) => (r.type === 'bulk' ? r.value.toString() : '0'));
      for (const radius of radii.slice(0, 12)) {
        const next = String(Number(radius) * (1 - 2 ** -52));
        for (const r of [radius, next])
          await p.run([
            ['GEOSEARCH', 'pts', 'FROMLONLAT', '14', '38', 'BYRADIUS', r, 'm'],
            ['GEOSEARCH', 'pts', 'FROMLONLAT', '14', '38', 'BYRADIUS', r, 'm', 'WITHDIST'],
            ['GEOSEARCH', 'pts', 'FROMLONLAT', '14', '38', 'BYBOX', r, String(2 * Number(r)), 'm'],
            ['GEOSEARCH', 'pts', 'FROMLONLAT', '14', '38', 'BYBOX', String(2 * Number(r)), r, 'm', 'ASC'],
          ]);
      }
    }
  });

  test('COMMAND INFO and DOCS describe the geo commands as Redis does', async () => {
    const p = await fresh();
    const names = [
      'geoadd',
      'geodist',
      'geohash',
      'geopos',
      'georadius',
      'georadius_ro',
      'georadiusbymember',
      'georadiusbymember_ro',
      'geosearch',
      'geosearchstore',
    ];
    const head = (r: Reply): string =>
      r.type === 'array'
        ? r.items
            .map((i) =>
              i.type === 'array' ? canon({ type: 'array', items: i.items.slice(0, 7) }) : canon(i),
            )
            .join()
        : canon(r);
    const [s, r] = await Promise.all([
      p.strata.call(['COMMAND', 'INFO', ...names]),
      p.redis.call(['COMMAND', 'INFO', ...names]),
    ]);
    // name, arity, flags, first key, last key, step, ACL categories (key specs are simplified here)
    assert.equal(head(s), head(r));
    const docs = async (conn: typeof p.strata, name: string): Promise<string[]> => {
      const d = await conn.call(['COMMAND', 'DOCS', name]);
      assert.ok(d.type === 'array' && d.items[1].type === 'array');
      const fields = d.items[1].items;
      const out: string[] = [];
      for (let i = 0; i < fields.length; i += 2) {
        const key = canon(fields[i]);
        if (['$"summary"', '$"since"', '$"group"', '$"complexity"'].includes(key))
          out.push(key + canon(fields[i + 1]));
      }
      return out;
    };
    for (const name of names) assert.deepEqual(await docs(p.strata, name), await docs(p.redis, name), name);
  });

  test('keyspace events: GEOADD fires zadd, the searches geosearchstore/georadiusstore or del', async () => {
    const p = await fresh();
    await p.same(['CONFIG', 'SET', 'notify-keyspace-events', 'KEA']);
    await sameEvents([srv.strata.port, srv.redis.port], '__key*@0__:*', 'georadiusstore', async () => {
      await p.run([
        ['GEOADD', 'g', '13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania'],
        ['GEOADD', 'g', '13.361389', '38.115556', 'Palermo'],
        ['GEOADD', 'g', 'XX', '1', '1', 'nosuch'],
        ['GEOADD', 'g', 'CH', '1', '1', 'Palermo'],
        ['GEOSEARCHSTORE', 'd', 'g', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '1000', 'km'],
        ['GEOSEARCHSTORE', 'd', 'g', 'FROMLONLAT', '-100', '0', 'BYRADIUS', '1', 'km'],
        ['GEOSEARCHSTORE', 'd', 'g', 'FROMLONLAT', '-100', '0', 'BYRADIUS', '1', 'km'],
        ['GEORADIUS', 'g', '14', '38', '500', 'km', 'STORE', 'r'],
        ['GEORADIUSBYMEMBER', 'g', 'Catania', '500', 'km', 'STOREDIST', 'r'],
        ['GEORADIUS', 'g', '-100', '0', '1', 'km', 'STORE', 'r'],
        ['GEORADIUS', 'nokey', '-100', '0', '1', 'km', 'STORE', 'g'],
      ]);
    });
  });
});

describe('geohash helpers', () => {
  test('scores and positions of known places (from redis-server 7.0.15)', () => {
    assert.equal(scoreOf(13.361389, 38.115556), 3479099956230698);
    assert.equal(scoreOf(15.087269, 37.502669), 3479447370796909);
    assert.deepEqual(positionOf(3479099956230698).map(humanDouble), [
      '13.36138933897018433',
      '38.11555639549629859',
    ]);
    assert.equal(standardGeohash(3479099956230698), 'sqc8b49rny0');
    // the top of the latitude range sets bit 52
    assert.equal(scoreOf(180, 85.05112878), 13510798882111488);
  });

  test('the rough pre-checks never change which points are inside (radius and box edges)', () => {
    const rnd = prng(41);
    let checked = 0;
    for (let i = 0; i < 3000; i++) {
      const [clon, clat] = [rnd() * 360 - 180, rnd() * 170 - 85];
      const [lon, lat] = [clon + (rnd() - 0.5) * 20, Math.max(-85, Math.min(85, clat + (rnd() - 0.5) * 20))];
      if (lon < -180 || lon > 180) continue;
      const d = distance(clon, clat, lon, lat);
      const below = d * (1 - 2 ** -52);
      for (const need of [true, false]) {
        const at = distanceWithin(
          { kind: 'radius', lon: clon, lat: clat, conversion: 1, radius: d },
          lon,
          lat,
          need,
        );
        assert.ok(at >= 0, `radius ${d} from ${clon},${clat} to ${lon},${lat}`);
        if (need) assert.equal(at, d);
        const out = { kind: 'radius', lon: clon, lat: clat, conversion: 1, radius: below } as const;
        if (d > below) assert.equal(distanceWithin(out, lon, lat, need), -1);
        // a box whose half width is exactly the point's east-west distance
        const half = distance(lon, lat, clon, lat);
        const box = {
          kind: 'box',
          lon: clon,
          lat: clat,
          conversion: 1,
          width: 2 * half,
          height: 1e8,
        } as const;
        assert.ok(distanceWithin(box, lon, lat, need) >= 0, `box edge ${half}`);
        const narrow = { ...box, width: 2 * half * (1 - 2 ** -52) };
        if (half > narrow.width / 2) assert.equal(distanceWithin(narrow, lon, lat, need), -1);
      }
      checked++;
    }
    assert.ok(checked > 2000);
  });

  test('number formatting: %f ties to even, four-decimal distances, trimmed long doubles', () => {
    assert.equal(printfFixed(180.0078125, 6), '180.007812');
    assert.equal(printfFixed(180.0078135, 6), '180.007813');
    assert.equal(printfFixed(-0.5, 0), '-0');
    assert.equal(printfFixed(Infinity, 6), 'inf');
    assert.equal(formatDistance(0), '0.0000');
    assert.equal(formatDistance(166274.1516), '166274.1516');
    assert.equal(formatDistance(0.00005), '0.0000');
    assert.equal(formatDistance(0.00015), '0.0001'); // 0.00015 * 10000 is 1.4999999999999998
    assert.equal(formatDistance(0.00025), '0.0002'); // 2.5: ties to even
    assert.equal(formatDistance(0.00035), '0.0004'); // 3.5
    assert.equal(formatDistance(0.0005), '0.0005');
    assert.equal(humanDouble(-0), '0');
    assert.equal(humanDouble(180), '180');
    assert.equal(humanDouble(0.1), '0.10000000000000001');
  });
});
