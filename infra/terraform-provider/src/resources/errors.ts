import type { ObjectValue } from '../values/types';

/**
 * A create or update that failed after the resource changed on the server: Terraform keeps this
 * state (a created resource is tainted) and shows the error.
 */
export class PartialStateError extends Error {
  constructor(
    readonly state: ObjectValue | null,
    readonly failure: unknown,
  ) {
    super((failure as Error)?.message ?? String(failure));
  }
}
