// DynamicValue encoding: msgpack (what Terraform sends and expects back) and JSON (raw state and
// DynamicValue.json), both directed by the schema's type.
//
// Terraform's msgpack (cty's): null is nil; unknown is an extension of type 0 (or type 12, an
// unknown carrying refinements such as "not null", which this provider reads as plain unknown);
// numbers are integers, float64, or decimal strings when too large; objects are maps keyed by
// attribute name; lists and sets are arrays; maps are maps.
import { decode, encode, ExtData, ExtensionCodec } from '@msgpack/msgpack';
import { UNKNOWN, isObjectValue, type ObjectValue, type Type, type Value } from './types';

const UNKNOWN_EXT = 0;
const REFINED_UNKNOWN_EXT = 12;

const extensions = new ExtensionCodec();
extensions.register({
  type: UNKNOWN_EXT,
  encode: () => null,
  decode: () => UNKNOWN,
});
extensions.register({
  type: REFINED_UNKNOWN_EXT,
  encode: () => null,
  decode: () => UNKNOWN,
});

/** Decodes msgpack bytes into a value of the given type. */
export function fromMsgpack(bytes: Uint8Array, type: Type): Value {
  if (bytes.length === 0) return null;
  return conform(decode(bytes, { extensionCodec: extensions, useBigInt64: false }), type, '');
}

/** Encodes a value of the given type as msgpack. */
export function toMsgpack(value: Value, type: Type): Uint8Array {
  return encode(prepare(value, type, ''), { extensionCodec: extensions, ignoreUndefined: false });
}

/** Decodes JSON (no unknowns possible) into a value of the given type. */
export function fromJson(bytes: Uint8Array | string, type: Type): Value {
  const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8');
  if (text.trim() === '') return null;
  return conform(JSON.parse(text), type, '');
}

/** A value as plain JSON (unknowns are not representable and throw). */
export function toJsonValue(value: Value): unknown {
  if (value === UNKNOWN) throw new Error('an unknown value has no JSON form');
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (isObjectValue(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonValue(v)]));
  return value;
}

// ---------------------------------------------------------------------------------------------

/** Checks and normalises a decoded value against its type; `at` names the place in errors. */
function conform(raw: unknown, type: Type, at: string): Value {
  if (raw === null || raw === undefined) return null;
  if (raw === UNKNOWN) return UNKNOWN;
  const fail = (what: string) => new Error(`${at || 'value'}: expected ${what}, got ${describe(raw)}`);
  if (type === 'string') {
    if (typeof raw !== 'string') throw fail('a string');
    return raw;
  }
  if (type === 'number') {
    if (typeof raw === 'number') return raw;
    if (typeof raw === 'bigint') return Number(raw);
    if (typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
    throw fail('a number');
  }
  if (type === 'bool') {
    if (typeof raw !== 'boolean') throw fail('a bool');
    return raw;
  }
  if ('list' in type || 'set' in type) {
    if (!Array.isArray(raw)) throw fail('a list');
    const element = 'list' in type ? type.list : type.set;
    return raw.map((item, i) => conform(item, element, `${at}[${i}]`));
  }
  if ('map' in type) {
    if (!isPlainRecord(raw)) throw fail('a map');
    const out: ObjectValue = {};
    for (const key of Object.keys(raw).sort()) out[key] = conform(raw[key], type.map, `${at}["${key}"]`);
    return out;
  }
  if (!isPlainRecord(raw)) throw fail('an object');
  const out: ObjectValue = {};
  for (const name of Object.keys(type.object)) {
    out[name] = conform(raw[name], type.object[name], at ? `${at}.${name}` : name);
  }
  return out;
}

/** The msgpack-ready form: unknowns as extension 0, objects with every attribute of their type. */
function prepare(value: Value | undefined, type: Type, at: string): unknown {
  if (value === null || value === undefined) return null;
  if (value === UNKNOWN) return new ExtData(UNKNOWN_EXT, new Uint8Array([0]));
  if (type === 'string' || type === 'number' || type === 'bool') {
    const expected = type === 'bool' ? 'boolean' : type;
    if (typeof value !== expected)
      throw new Error(`${at || 'value'}: expected a ${type}, got ${describe(value)}`);
    return value;
  }
  if ('list' in type || 'set' in type) {
    if (!Array.isArray(value)) throw new Error(`${at}: expected a list, got ${describe(value)}`);
    const element = 'list' in type ? type.list : type.set;
    return value.map((item, i) => prepare(item, element, `${at}[${i}]`));
  }
  if (!isObjectValue(value)) throw new Error(`${at}: expected an object, got ${describe(value)}`);
  const out: Record<string, unknown> = {};
  if ('map' in type) {
    for (const key of Object.keys(value).sort()) out[key] = prepare(value[key], type.map, `${at}["${key}"]`);
    return out;
  }
  for (const name of Object.keys(type.object).sort()) {
    out[name] = prepare(value[name], type.object[name], at ? `${at}.${name}` : name);
  }
  return out;
}

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function describe(v: unknown): string {
  if (v === UNKNOWN) return 'an unknown value';
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Uint8Array) return 'bytes';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}
