/**
 * formatDouble against printf("%.17g") as Redis uses it for scores and RESP3 doubles (the expected
 * texts are what glibc, and Python's '%.17g', print for the same doubles).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDouble } from './reply';

test('integers print exactly, beyond 2^53 too; 1e17 and up in exponent form', () => {
  const cases: [number, string][] = [
    [5, '5'],
    [-0, '-0'],
    [Number.MAX_SAFE_INTEGER, '9007199254740991'],
    [2 ** 53, '9007199254740992'],
    [2 ** 53 + 2, '9007199254740994'],
    [-3.888032916356391e16, '-38880329163563912'],
    [9.999999999999998e16, '99999999999999984'],
    [1.2345678901234568e16, '12345678901234568'],
    [1e17, '1e+17'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
  ];
  for (const [d, text] of cases) assert.equal(formatDouble(d), text, String(d));
});

test('fractions print 17 significant digits with trailing zeros stripped', () => {
  assert.equal(formatDouble(0.1), '0.10000000000000001');
  assert.equal(formatDouble(2.5), '2.5');
  assert.equal(formatDouble(1e-5), '1.0000000000000001e-05');
});
