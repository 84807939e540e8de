import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { PageQuery } from '../../common/pagination';

export const OPERATION_KINDS = [
  'create_datastore',
  'update_datastore',
  'delete_datastore',
  'rotate_password',
  'update_tenant',
] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];
export type OperationStatus = 'pending' | 'running' | 'succeeded' | 'failed';

export class OperationDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: OPERATION_KINDS }) kind: OperationKind;
  @ApiProperty({ example: 'datastore' }) targetType: string;
  @ApiProperty() targetId: string;
  @ApiProperty({ nullable: true, type: String }) tenantId: string | null;
  @ApiProperty({ enum: ['pending', 'running', 'succeeded', 'failed'] }) status: OperationStatus;
  @ApiProperty({ description: 'True once succeeded or failed' }) done: boolean;
  @ApiProperty({ description: 'Why it failed' }) error: string;
  @ApiProperty({ description: 'Datastores done out of those the operation waits for' })
  progress: { done: number; total: number };
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ nullable: true, type: String }) finishedAt: string | null;
}

export class OperationPageDto {
  @ApiProperty({ type: [OperationDto] }) items: OperationDto[];
  @ApiProperty({ nullable: true, type: String }) nextPageToken: string | null;
}

export class OperationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Platform admins: only this tenant' })
  @IsOptional()
  @IsString()
  tenantId?: string;

  @ApiPropertyOptional({ description: 'Only operations on this resource (datastore or tenant id)' })
  @IsOptional()
  @IsString()
  targetId?: string;

  @ApiPropertyOptional({ enum: ['pending', 'running', 'succeeded', 'failed'] })
  @IsOptional()
  @IsIn(['pending', 'running', 'succeeded', 'failed'])
  status?: OperationStatus;
}
