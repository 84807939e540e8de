// What every managed resource and data source of this provider implements; the protocol server
// (plugin/provider-server.ts) does the decoding, planning rules common to all and error mapping.
import type { StrataClient } from '../api/client';
import type { Diagnostics } from '../plugin/diagnostics';
import type { NestedBlock, ResourceSchema } from '../schema/schema';
import { isObjectValue, type ObjectValue, type Value } from '../values/types';

export interface ResourceType {
  name: string;
  schema: ResourceSchema;
  /** Plan-time checks of the configuration (values may be unknown). */
  validate(config: ObjectValue, diags: Diagnostics): void;
  /**
   * Adjusts the planned state of a create or update: `planned` starts as Terraform's proposed new
   * state, with computed attributes unknown on create. Mark what the change will recompute unknown.
   */
  plan(planned: ObjectValue, prior: ObjectValue | null): void;
  create(planned: ObjectValue, client: StrataClient): Promise<ObjectValue>;
  update(prior: ObjectValue, planned: ObjectValue, client: StrataClient): Promise<ObjectValue>;
  delete(prior: ObjectValue, client: StrataClient): Promise<void>;
  /** The current state, or null when the resource no longer exists. */
  read(state: ObjectValue, client: StrataClient): Promise<ObjectValue | null>;
  /** The state of an existing resource by id, for `terraform import`. */
  import(id: string, client: StrataClient): Promise<ObjectValue | null>;
}

export interface DataSourceType {
  name: string;
  schema: ResourceSchema;
  validate(config: ObjectValue, diags: Diagnostics): void;
  read(config: ObjectValue, client: StrataClient): Promise<ObjectValue>;
}

// ---------------------------------------------------------------------------------------------
// The `timeouts` block
// ---------------------------------------------------------------------------------------------

export const DEFAULT_TIMEOUT_MS = 10 * 60_000;

export function timeoutsBlock(actions: ('create' | 'update' | 'delete')[]): NestedBlock {
  return {
    name: 'timeouts',
    nesting: 'single',
    description: 'How long to wait for the operations of this resource.',
    block: {
      description: 'How long to wait for the operations of this resource.',
      attributes: actions.map((action) => ({
        name: action,
        type: 'string' as const,
        optional: true,
        description: `How long to wait for the ${action} operation, as a duration such as "30s", "10m" or "1h". Default 10m.`,
      })),
    },
  };
}

/** "90s", "10m", "1h30m" -> milliseconds; null when not a duration. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(trimmed)) return null;
  let ms = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    ms += Number(amount) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as 'ms' | 's' | 'm' | 'h'];
  }
  return ms;
}

export function timeoutOf(state: ObjectValue, action: 'create' | 'update' | 'delete'): number {
  const block = state.timeouts;
  const raw = isObjectValue(block) ? block[action] : null;
  return typeof raw === 'string' ? (parseDuration(raw) ?? DEFAULT_TIMEOUT_MS) : DEFAULT_TIMEOUT_MS;
}

export function validateTimeouts(config: ObjectValue, diags: Diagnostics): void {
  const block = config.timeouts;
  if (!isObjectValue(block)) return;
  for (const [action, raw] of Object.entries(block)) {
    if (typeof raw === 'string' && parseDuration(raw) === null) {
      diags.error(
        `Invalid timeouts.${action}`,
        `timeouts.${action}: "${raw}" is not a duration; use a number with a unit, such as "30s", "10m" or "1h".`,
        ['timeouts', action],
      );
    }
  }
}

/** A string attribute of a state (null when null or unknown). */
export function str(state: ObjectValue, name: string): string | null {
  const v: Value = state[name];
  return typeof v === 'string' ? v : null;
}
