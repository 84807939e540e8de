// Resource ids: a kind prefix, then a time part and a random part in lower-case base32, so ids sort
// by creation time (the pagination cursor) and satisfy the node agent's instance id rules
// (lower-case letters, digits and '-').
import { randomBytes, randomInt } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function base32(value: bigint, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out = ALPHABET[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

let lastTime = 0n;
let counter = 0n;

export function newId(prefix: 'ten' | 'key' | 'ds' | 'op' | 'node' | 'aud' | 'idem' | 'ms'): string {
  // Same millisecond: a counter keeps ids of one process increasing.
  let now = BigInt(Date.now());
  if (now <= lastTime) {
    counter++;
    now = lastTime;
  } else {
    counter = 0n;
    lastTime = now;
  }
  const time = base32((now << 10n) | (counter & 1023n), 11);
  const random = base32(BigInt(`0x${randomBytes(8).toString('hex')}`), 10);
  return `${prefix}-${time}${random}`;
}

/** A random secret of the given length, letters and digits only (no look-alikes). */
export function randomSecret(length: number): string {
  const chars = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  let out = '';
  for (let i = 0; i < length; i++) out += chars[randomInt(chars.length)];
  return out;
}
