// The `tiering` block (partial overrides or tenant defaults) and the computed `effective_tiering`
// attribute, both derived from @strata/proto's TIERING_FIELDS: the same names (the .proto's
// snake_case), defaults, ranges and validation as the control plane and the node agent.
// The tiering module alone: the package index also loads every .proto and gRPC reflection, which
// would slow down each start of the plugin.
import { TIERING_FIELDS, validateTiering, type TieringField } from '@strata/proto/dist/tiering';
import type { Attribute, NestedBlock } from '../schema/schema';
import { UNKNOWN, isObjectValue, type ObjectValue, type Value } from '../values/types';
import { Diagnostics } from '../plugin/diagnostics';

const GROUPS = {
  lists: 'List offloading: list nodes away from both ends of a list go to the NVMe tier.',
  hashes: 'Hash offloading: small hashes are offloaded whole.',
} as const;
type Group = keyof typeof GROUPS;

function describe(field: TieringField): string {
  const range =
    field.kind === 'bool'
      ? ''
      : ` Range ${field.zeroAllowed ? `0 or ${field.min} to ${field.max}` : `${field.min ?? 0} to ${field.max}`}.`;
  const live = field.live ? 'applied live' : 'a change restarts the datastore process';
  return `${field.description}. Default ${field.defaultValue}.${range} Server setting ${field.serverName} (${live}).`;
}

const leafName = (field: TieringField) => field.protoPath.split('.').pop()!;
const fieldsOf = (group: Group | null) =>
  TIERING_FIELDS.filter((f) => (group ? f.path.startsWith(`${group}.`) : !f.path.includes('.')));

function leafAttributes(group: Group | null, mode: 'optional' | 'computed'): Attribute[] {
  return fieldsOf(group).map((field) => ({
    name: leafName(field),
    type: field.kind === 'bool' ? 'bool' : 'number',
    description: describe(field),
    ...(mode === 'optional' ? { optional: true } : { computed: true }),
  }));
}

/** The configurable `tiering` block: every setting optional, absent means inherit. */
export function tieringBlock(description: string): NestedBlock {
  return {
    name: 'tiering',
    nesting: 'single',
    description,
    block: {
      description,
      attributes: leafAttributes(null, 'optional'),
      blocks: (Object.keys(GROUPS) as Group[]).map((group) => ({
        name: group,
        nesting: 'single' as const,
        description: `${GROUPS[group]} Absent means inherit every ${group === 'lists' ? 'list' : 'hash'} setting.`,
        block: { description: GROUPS[group], attributes: leafAttributes(group, 'optional') },
      })),
    },
  };
}

/** The computed `effective_tiering` attribute: every setting present. */
export function effectiveTieringAttribute(description: string): Attribute {
  return {
    name: 'effective_tiering',
    description,
    computed: true,
    nested: {
      nesting: 'single',
      attributes: [
        ...leafAttributes(null, 'computed'),
        ...(Object.keys(GROUPS) as Group[]).map((group) => ({
          name: group,
          description: GROUPS[group],
          computed: true,
          nested: { nesting: 'single' as const, attributes: leafAttributes(group, 'computed') },
        })),
      ],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Conversions between Terraform values (snake_case) and the API's JSON (lowerCamelCase)
// ---------------------------------------------------------------------------------------------

/** The API's partial settings from a `tiering` block value (null leaves and unknowns left out). */
export function tieringToApi(block: Value): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isObjectValue(block)) return out;
  for (const field of TIERING_FIELDS) {
    const [head, leaf] = field.protoPath.split('.');
    const container = leaf === undefined ? block : block[head];
    const value = isObjectValue(container) ? container[leaf ?? head] : null;
    if (value === null || value === undefined || value === UNKNOWN) continue;
    const [jsHead, jsLeaf] = field.path.split('.');
    if (jsLeaf === undefined) out[jsHead] = value;
    else out[jsHead] = { ...((out[jsHead] as object) ?? {}), [jsLeaf]: value };
  }
  return out;
}

/**
 * A `tiering` block value from the API's partial settings. Shape follows `prior` where the API
 * cannot tell: an empty block and no block both mean "no overrides", so an empty override set is
 * null unless the prior value had the block (the same for `lists` and `hashes`).
 */
export function tieringFromApi(settings: unknown, prior: Value): Value {
  const api = isObjectValue(settings as Value) ? (settings as Record<string, unknown>) : {};
  const read = (path: string): Value => {
    const [head, leaf] = path.split('.');
    const container = leaf === undefined ? api : api[head];
    const value = isObjectValue(container as Value)
      ? (container as Record<string, unknown>)[leaf ?? head]
      : undefined;
    return value === undefined ? null : (value as Value);
  };
  const priorObject = isObjectValue(prior) ? prior : null;
  const top: ObjectValue = {};
  let any = false;
  for (const field of fieldsOf(null)) {
    top[leafName(field)] = read(field.path);
    if (top[leafName(field)] !== null) any = true;
  }
  for (const group of Object.keys(GROUPS) as Group[]) {
    const sub: ObjectValue = {};
    let groupAny = false;
    for (const field of fieldsOf(group)) {
      sub[leafName(field)] = read(field.path);
      if (sub[leafName(field)] !== null) groupAny = true;
    }
    const priorHad = priorObject !== null && isObjectValue(priorObject[group]);
    top[group] = groupAny || priorHad ? sub : null;
    if (top[group] !== null) any = true;
  }
  return any || priorObject !== null ? top : null;
}

/** The `effective_tiering` value from the API's full settings. */
export function effectiveFromApi(settings: unknown): Value {
  const api = (settings ?? {}) as Record<string, unknown>;
  const top: ObjectValue = {};
  for (const field of fieldsOf(null)) top[leafName(field)] = (api[field.path] as Value) ?? null;
  for (const group of Object.keys(GROUPS) as Group[]) {
    const sub: ObjectValue = {};
    const source = (api[group] ?? {}) as Record<string, unknown>;
    for (const field of fieldsOf(group))
      sub[leafName(field)] = (source[field.path.split('.')[1]] as Value) ?? null;
    top[group] = sub;
  }
  return top;
}

/** Plan-time checks of a `tiering` block with the shared validation (ranges, whole numbers). */
export function validateTieringBlock(block: Value, diags: Diagnostics): void {
  const settings = tieringToApi(block);
  const violation = validateTiering(settings, 'tiering');
  if (!violation) return;
  const path = violation.field.split('.');
  diags.error(`Invalid tiering setting ${violation.field}`, violation.message, path);
}
