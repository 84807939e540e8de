// Terraform diagnostics: errors and warnings with an optional attribute path, and the mapping of
// API errors (the catalogue's {"error": {code, message, field}}) onto the attribute they name.
import { ApiError } from '../api/client';

export interface Diagnostic {
  severity: 'ERROR' | 'WARNING';
  summary: string;
  detail: string;
  /** Attribute path steps (attribute names; numbers are list indexes). */
  path?: (string | number)[];
}

export class Diagnostics {
  readonly items: Diagnostic[] = [];

  error(summary: string, detail = '', path?: (string | number)[]): void {
    this.items.push({ severity: 'ERROR', summary, detail, path });
  }

  warning(summary: string, detail = '', path?: (string | number)[]): void {
    this.items.push({ severity: 'WARNING', summary, detail, path });
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'ERROR');
  }
}

/** Thrown inside a handler to end it with these diagnostics. */
export class DiagnosticsError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => d.summary).join('; '));
  }
}

/** API field names that are not simply the attribute's name in lowerCamelCase. */
const FIELD_ALIASES: Record<string, string> = { memoryBytes: 'memory', tenantId: 'tenant_id' };

/** "tiering.offloadThreshold" -> ["tiering", "offload_threshold"]. */
export function apiFieldToPath(field: string): string[] {
  return field
    .split('.')
    .map((step) => FIELD_ALIASES[step] ?? step.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
}

/** An error of any kind as a diagnostic; API errors name the attribute they are about. */
export function toDiagnostic(err: unknown, action: string): Diagnostic {
  if (err instanceof ApiError) {
    return {
      severity: 'ERROR',
      summary: `${action}: ${err.message}`,
      detail: `The Strata API answered ${err.status ? `${err.status} ` : ''}(${err.code}): ${err.message}`,
      path: err.field ? apiFieldToPath(err.field) : undefined,
    };
  }
  return { severity: 'ERROR', summary: `${action}: ${(err as Error)?.message ?? String(err)}`, detail: '' };
}
