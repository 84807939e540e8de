import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { TieringSettingsDto } from '../../common/tiering.dto';
import { IsTieringSettings } from '../../common/validation';
import { OperationDto } from '../../operations/dto/operation.dto';
import { NAME_PATTERN, NAME_RULE } from '../../tenants/dto/tenant.dto';

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

export const DATASTORE_STATUSES = [
  'creating',
  'active',
  'updating',
  'deleting',
  'deleted',
  'failed',
] as const;
export type DatastoreStatus = (typeof DATASTORE_STATUSES)[number];

export const MIN_MEMORY = 1024 * 1024;
export const MAX_MEMORY = Number.MAX_SAFE_INTEGER;
const SIZE_PATTERN = /^\d+(\.\d+)?\s*(b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?$/i;

/** "256mb", "1.5gb", "1048576" -> bytes (powers of 1024); null when not a size. */
export function parseSize(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  if (!match || !SIZE_PATTERN.test(text.trim())) return null;
  const unit = match[2].toLowerCase().replace(/i?b$/, '') || 'b';
  const scale: Record<string, number> = { b: 1, '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };
  const bytes = Math.floor(Number(match[1]) * (scale[unit] ?? NaN));
  return Number.isSafeInteger(bytes) ? bytes : null;
}

class MemoryFields {
  @ApiPropertyOptional({ description: 'maxmemory in bytes (at least 1 MiB)', example: 268435456 })
  @IsOptional()
  @IsInt()
  @Min(MIN_MEMORY)
  @Max(MAX_MEMORY)
  memoryBytes?: number;

  @ApiPropertyOptional({ description: 'maxmemory as a size, instead of memoryBytes', example: '256mb' })
  @IsOptional()
  @IsString()
  @Matches(SIZE_PATTERN, { message: 'memory: must be a size such as 256mb or 2gb' })
  memory?: string;

  @ApiPropertyOptional({ enum: EVICTION_POLICIES, default: 'noeviction' })
  @IsOptional()
  @IsIn(EVICTION_POLICIES as unknown as string[], {
    message: `evictionPolicy: must be one of ${EVICTION_POLICIES.join(', ')}`,
  })
  evictionPolicy?: string;

  @ApiPropertyOptional({
    type: TieringSettingsDto,
    description: "The datastore's tiering overrides (partial)",
  })
  @IsOptional()
  @IsTieringSettings()
  tiering?: TieringSettingsDto;
}

export class CreateDatastoreDto extends MemoryFields {
  @ApiPropertyOptional({
    description: 'The tenant (platform admins); tenant keys create in their own tenant',
  })
  @IsOptional()
  @IsString()
  tenantId?: string;

  @ApiProperty({
    example: 'sessions',
    description: `Unique within the tenant; ${NAME_RULE.replace('must be ', '')}`,
  })
  @IsString()
  @Matches(NAME_PATTERN, { message: `name: ${NAME_RULE}` })
  name: string;
}

export class UpdateDatastoreDto extends MemoryFields {}

export class ListDatastoresQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Platform admins: only this tenant' })
  @IsOptional()
  @IsString()
  tenantId?: string;

  @ApiPropertyOptional({ enum: DATASTORE_STATUSES, description: 'Only datastores in this status' })
  @IsOptional()
  @IsIn(DATASTORE_STATUSES as unknown as string[])
  status?: DatastoreStatus;

  @ApiPropertyOptional({ description: 'Include deleted datastores', default: false })
  @IsOptional()
  @Transform(({ value }) => value === 'true' || value === true)
  @IsBoolean()
  includeDeleted?: boolean;
}

export class MetricsQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 168, default: 3, description: 'Hours of time series' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(168)
  hours?: number;
}

export class EndpointDto {
  @ApiProperty() host: string;
  @ApiProperty() port: number;
}

export class DatastoreDto {
  @ApiProperty() id: string;
  @ApiProperty() tenantId: string;
  @ApiProperty() name: string;
  @ApiProperty() memoryBytes: number;
  @ApiProperty({ enum: EVICTION_POLICIES }) evictionPolicy: string;
  @ApiProperty({ type: TieringSettingsDto, description: 'Overrides of this datastore (partial)' })
  tiering: TieringSettingsDto;
  @ApiProperty({ type: TieringSettingsDto, description: 'Built-in defaults <- tenant defaults <- overrides' })
  effectiveTiering: TieringSettingsDto;
  @ApiProperty({ enum: DATASTORE_STATUSES }) status: DatastoreStatus;
  @ApiProperty({ description: 'Why the datastore is failed, or what it waits for' }) statusReason: string;
  @ApiProperty({ type: EndpointDto, nullable: true }) endpoint: EndpointDto | null;
  @ApiProperty({ nullable: true, type: String }) nodeId: string | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'Whether its node answers health checks' })
  nodeHealthy: boolean | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'AUTH password (hidden from tenant viewers); rotate with POST .../rotate-password',
  })
  password: string | null;
  @ApiProperty({ description: 'redis-cli command line (without the password)' }) connect: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ nullable: true, type: String }) deletedAt: string | null;
  @ApiProperty() etag: string;
}

export class DatastoreOperationDto {
  @ApiProperty({ type: DatastoreDto }) datastore: DatastoreDto;
  @ApiProperty({ type: OperationDto }) operation: OperationDto;
}

export class DatastorePageDto {
  @ApiProperty({ type: [DatastoreDto] }) items: DatastoreDto[];
  @ApiProperty({ nullable: true, type: String }) nextPageToken: string | null;
}
