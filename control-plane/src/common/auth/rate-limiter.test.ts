import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RateLimiter } from './rate-limiter';

test('a key gets its burst, then is refused until tokens refill; keys are independent', () => {
  let now = 0;
  const limiter = new RateLimiter(2, 3, () => now);
  for (let i = 0; i < 3; i++) assert.equal(limiter.take('a').allowed, true);
  const refused = limiter.take('a');
  assert.equal(refused.allowed, false);
  assert.equal(refused.retryAfterSeconds, 1);
  assert.equal(limiter.take('b').allowed, true, 'another key has its own bucket');
  now += 500; // one token at 2/s
  assert.equal(limiter.take('a').allowed, true);
  assert.equal(limiter.take('a').allowed, false);
  now += 10_000;
  assert.equal(limiter.take('a').remaining, 2, 'refill stops at the burst');
});
