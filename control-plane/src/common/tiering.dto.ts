// The tiering settings as they appear in the REST API: the JSON form of strata.v1.TieringSettings
// (lowerCamelCase). Documentation, defaults and ranges come from @strata/proto's TIERING_FIELDS, the
// one place that knows them; validation is IsTieringSettings (common/validation.ts).
import { ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { TIERING_FIELDS, mergeTiering, type EffectiveTiering } from '@strata/proto';

function doc(path: string): ApiPropertyOptions {
  const field = TIERING_FIELDS.find((f) => f.path === path);
  if (!field) throw new Error(`unknown tiering field ${path}`);
  const range =
    field.kind === 'bool'
      ? ''
      : ` Range ${field.zeroAllowed ? '0 or ' : ''}${field.min ?? 0} to ${field.max}.`;
  return {
    type: field.kind === 'bool' ? Boolean : Number,
    description: `${field.description}. Default ${field.defaultValue}.${range} Server setting: ${field.serverName}${field.live ? '' : ' (a change restarts the datastore)'}.`,
    ...(field.kind === 'bool' ? {} : { minimum: field.zeroAllowed ? 0 : field.min, maximum: field.max }),
  };
}

export class ListTieringDto {
  @ApiPropertyOptional(doc('lists.enabled')) enabled?: boolean;
  @ApiPropertyOptional(doc('lists.threshold')) threshold?: number;
}

export class HashTieringDto {
  @ApiPropertyOptional(doc('hashes.enabled')) enabled?: boolean;
  @ApiPropertyOptional(doc('hashes.maxBytes')) maxBytes?: number;
  @ApiPropertyOptional(doc('hashes.maxFieldLen')) maxFieldLen?: number;
}

/** Partial settings: an absent field inherits (datastore override <- tenant default <- built-in). */
export class TieringSettingsDto {
  @ApiPropertyOptional(doc('enabled')) enabled?: boolean;
  @ApiPropertyOptional(doc('offloadThreshold')) offloadThreshold?: number;
  @ApiPropertyOptional(doc('uploadThreshold')) uploadThreshold?: number;
  @ApiPropertyOptional(doc('minValueSize')) minValueSize?: number;
  @ApiPropertyOptional(doc('maxFileSize')) maxFileSize?: number;
  @ApiPropertyOptional(doc('cooling')) cooling?: boolean;
  @ApiPropertyOptional(doc('maxPendingStashBytes')) maxPendingStashBytes?: number;
  @ApiPropertyOptional(doc('minTtlToOffloadMs')) minTtlToOffloadMs?: number;
  @ApiPropertyOptional({ type: ListTieringDto }) lists?: ListTieringDto;
  @ApiPropertyOptional({ type: HashTieringDto }) hashes?: HashTieringDto;
}

/** Stored JSON of partial settings -> object ('{}' when empty or unreadable). */
export function parseTiering(json: string): Record<string, unknown> {
  try {
    const value = JSON.parse(json || '{}') as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Partial settings without null/undefined leaves, ready to store. */
export function cleanTiering(settings: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!settings || typeof settings !== 'object') return out;
  for (const [key, value] of Object.entries(settings as Record<string, unknown>)) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'object') {
      const inner = cleanTiering(value);
      if (Object.keys(inner).length > 0) out[key] = inner;
    } else out[key] = value;
  }
  return out;
}

export function effectiveTiering(...layers: string[]): EffectiveTiering {
  return mergeTiering(...layers.map(parseTiering));
}
