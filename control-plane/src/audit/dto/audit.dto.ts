import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { PageQuery } from '../../common/pagination';

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Platform admins: only this tenant' })
  @IsOptional()
  @IsString()
  tenantId?: string;
}

export class AuditEntryDto {
  @ApiProperty() id: string;
  @ApiProperty() at: string;
  @ApiProperty({ nullable: true, type: String }) apiKeyId: string | null;
  @ApiProperty({ nullable: true, type: String }) tenantId: string | null;
  @ApiProperty() role: string;
  @ApiProperty({ example: 'datastore.create' }) action: string;
  @ApiProperty() targetType: string;
  @ApiProperty() targetId: string;
  @ApiProperty({ enum: ['ok', 'error'] }) result: 'ok' | 'error';
  @ApiProperty() statusCode: number;
  @ApiProperty() detail: string;
  @ApiProperty({ description: 'Trace id of the request, when tracing is on' }) traceId: string;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items: AuditEntryDto[];
  @ApiProperty({ nullable: true, type: String }) nextPageToken: string | null;
}
