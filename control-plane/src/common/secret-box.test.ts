import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SecretBox } from './secret-box';

const KEY = 'k'.repeat(40);

test('seal and open round-trip; the sealed form hides the secret and differs each time', () => {
  const box = new SecretBox(KEY);
  const a = box.seal('hunter2-password');
  const b = box.seal('hunter2-password');
  assert.match(a, /^enc:v1:/);
  assert.doesNotMatch(a, /hunter2/);
  assert.notEqual(a, b);
  assert.equal(box.open(a), 'hunter2-password');
  assert.equal(box.open('legacy-plain'), 'legacy-plain', 'plain values stored before a key existed');
});

test('a wrong key or a tampered value is refused', () => {
  const sealed = new SecretBox(KEY).seal('secret');
  assert.throws(() => new SecretBox('x'.repeat(40)).open(sealed));
  const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'B' : 'A') + sealed.slice(-1);
  assert.throws(() => new SecretBox(KEY).open(tampered));
  assert.throws(() => new SecretBox(null).open(sealed), /no STRATA_SECRET_KEY/);
  assert.equal(new SecretBox(null).seal('plain'), 'plain');
});
