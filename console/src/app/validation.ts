// Client-side validation that mirrors the API's: names, memory sizes, eviction policies and the
// tiering settings, whose ranges come from @strata/proto's TIERING_FIELDS (the same table the
// control plane validates with). The API stays the judge: its errors are shown as well.
import { TIERING_FIELDS, validateTiering, type TieringField } from '@strata/proto/dist/tiering';
import { parseSize } from './format';
import type { Tiering } from './types';

export { TIERING_FIELDS, type TieringField };

export const NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const NAME_RULE = '1 to 63 lower-case letters, digits or "-", starting with a letter or digit';
export const MIN_MEMORY = 1024 * 1024;

export const EVICTION_POLICIES = [
  'noeviction',
  'allkeys-lru',
  'allkeys-lfu',
  'allkeys-random',
  'volatile-lru',
  'volatile-lfu',
  'volatile-random',
  'volatile-ttl',
] as const;

/** Tiering overrides as a form holds them: path -> text ('' = inherit; booleans 'true'/'false'). */
export type TieringForm = Record<string, string>;

/** Field errors by input name (name, memory, evictionPolicy, tiering.<path>). */
export type FieldErrors = Record<string, string>;

function readPath(obj: unknown, path: string): unknown {
  let current = obj;
  for (const key of path.split('.')) {
    if (!current || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Overrides (partial settings) -> form texts. */
export function tieringToForm(tiering: Tiering | undefined): TieringForm {
  const form: TieringForm = {};
  for (const field of TIERING_FIELDS) {
    const value = readPath(tiering, field.path);
    form[field.path] = value === undefined || value === null ? '' : String(value);
  }
  return form;
}

/** Form texts -> overrides (absent = inherit). Numeric texts become numbers; others stay text. */
export function formToTiering(form: TieringForm): Tiering {
  const out: Record<string, unknown> = {};
  for (const field of TIERING_FIELDS) {
    const text = (form[field.path] ?? '').trim();
    if (text === '') continue;
    let value: unknown = text;
    if (field.kind === 'bool') value = text === 'true' ? true : text === 'false' ? false : text;
    else if (/^-?\d+(\.\d+)?(e\d+)?$/i.test(text)) value = Number(text);
    const [head, leaf] = field.path.split('.');
    if (leaf === undefined) out[head] = value;
    else ((out[head] ??= {}) as Record<string, unknown>)[leaf] = value;
  }
  return out as Tiering;
}

/** The tiering field errors of a form (all of them, not only the first), keyed 'tiering.<path>'. */
export function validateTieringForm(form: TieringForm): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of TIERING_FIELDS) {
    const text = (form[field.path] ?? '').trim();
    if (text === '') continue;
    const one = formToTiering({ [field.path]: text });
    const violation = validateTiering(one);
    if (violation) errors[`tiering.${field.path}`] = plainViolation(violation.message);
  }
  return errors;
}

/** "offload_threshold: must be between 0 and 1, got 2" -> "Must be between 0 and 1 (got 2)." */
export function plainViolation(message: string): string {
  const text = message.replace(/^[\w.]+: /, '').replace(/, got (.*)$/, ' (got $1)');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

export interface CreateForm {
  tenantId: string;
  name: string;
  memory: string;
  evictionPolicy: string;
  tiering: TieringForm;
}

/** Errors of the create form; `needTenant` when the key is a platform admin's (it must name one). */
export function validateCreate(form: CreateForm, needTenant: boolean): FieldErrors {
  const errors: FieldErrors = {};
  if (needTenant && !form.tenantId) errors.tenantId = 'Choose the tenant the datastore belongs to.';
  if (!NAME_PATTERN.test(form.name)) errors.name = `Must be ${NAME_RULE}.`;
  Object.assign(errors, validateMemory(form.memory));
  if (!(EVICTION_POLICIES as readonly string[]).includes(form.evictionPolicy)) {
    errors.evictionPolicy = `Must be one of ${EVICTION_POLICIES.join(', ')}.`;
  }
  Object.assign(errors, validateTieringForm(form.tiering));
  return errors;
}

export function validateMemory(text: string): FieldErrors {
  const bytes = parseSize(text);
  if (bytes === null) return { memory: 'Must be a size such as 256mb or 2gb.' };
  if (bytes < MIN_MEMORY) return { memory: 'Must be at least 1mb.' };
  return {};
}

/** The inherited value of a field, as text for a placeholder. */
export function inheritedText(field: TieringField, inherited: Tiering | undefined): string {
  const value = readPath(inherited, field.path);
  const shown = value === undefined || value === null ? field.defaultValue : value;
  if (field.kind === 'bool') return shown ? 'on' : 'off';
  return String(shown);
}

/** The form field name an API error's `field` points at ('tiering.offloadThreshold' stays). */
export function formFieldOf(apiField: string | undefined): string | undefined {
  if (!apiField) return undefined;
  if (apiField === 'memoryBytes') return 'memory';
  return apiField;
}
