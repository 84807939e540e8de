// Terraform (cty) types and values as this provider holds them in JavaScript.
//
// Values: null is null; an unknown value ("known after apply") is the UNKNOWN marker; strings,
// numbers and bools are JavaScript primitives; objects and maps are plain objects; lists and sets
// are arrays. Encoding and decoding are always directed by the type, so an object always carries
// every attribute of its type (absent ones are null), as Terraform requires.

export type Type =
  | 'string'
  | 'number'
  | 'bool'
  | { list: Type }
  | { set: Type }
  | { map: Type }
  | { object: Readonly<Record<string, Type>> };

/** The "known after apply" value. Terraform's msgpack form is extension type 0. */
export const UNKNOWN: unique symbol = Symbol('unknown');
export type Unknown = typeof UNKNOWN;

export type Value = null | Unknown | string | number | boolean | Value[] | { [key: string]: Value };
export type ObjectValue = { [key: string]: Value };

export const isUnknown = (v: unknown): v is Unknown => v === UNKNOWN;

export function isObjectValue(v: unknown): v is ObjectValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The JSON type constraint Terraform reads from a schema ("string", ["list","string"], ...). */
export function typeToJson(type: Type): unknown {
  if (typeof type === 'string') return type;
  if ('list' in type) return ['list', typeToJson(type.list)];
  if ('set' in type) return ['set', typeToJson(type.set)];
  if ('map' in type) return ['map', typeToJson(type.map)];
  const attrs: Record<string, unknown> = {};
  for (const name of Object.keys(type.object).sort()) attrs[name] = typeToJson(type.object[name]);
  return ['object', attrs];
}

/** Whether a value holds an unknown anywhere. */
export function containsUnknown(v: Value): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (isObjectValue(v)) return Object.values(v).some(containsUnknown);
  return false;
}

/** Deep equality of two values (unknown equals only unknown). */
export function sameValue(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isObjectValue(a) && isObjectValue(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!sameValue(a[k] ?? null, b[k] ?? null)) return false;
    return true;
  }
  return false;
}
