import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { TieringSettingsDto } from '../../common/tiering.dto';
import { IsTieringSettings } from '../../common/validation';
import { OperationDto } from '../../operations/dto/operation.dto';

export const NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const NAME_RULE = 'must be 1 to 63 lower-case letters, digits or "-", starting with a letter or digit';

export class CreateTenantDto {
  @ApiProperty({ example: 'acme', description: `Unique; ${NAME_RULE.replace('must be ', '')}` })
  @IsString()
  @Matches(NAME_PATTERN, { message: `name: ${NAME_RULE}` })
  name: string;

  @ApiPropertyOptional({ type: TieringSettingsDto, description: "The tenant's tiering defaults" })
  @IsOptional()
  @IsTieringSettings()
  tiering?: TieringSettingsDto;
}

export class UpdateTenantDto {
  @ApiProperty({
    type: TieringSettingsDto,
    description: "Replaces the tenant's tiering defaults; the change rolls out to its datastores live",
  })
  @IsTieringSettings()
  tiering: TieringSettingsDto;
}

export class TenantDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: TieringSettingsDto, description: "The tenant's tiering defaults (partial)" })
  tiering: TieringSettingsDto;
  @ApiProperty({
    type: TieringSettingsDto,
    description: 'Built-in defaults with the tenant defaults applied',
  })
  effectiveTiering: TieringSettingsDto;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ description: 'Current version; send it back in If-Match' }) etag: string;
}

export class TenantOperationDto {
  @ApiProperty({ type: TenantDto }) tenant: TenantDto;
  @ApiProperty({ type: OperationDto, description: 'The roll-out to the datastores of the tenant' })
  operation: OperationDto;
}

export class TenantPageDto {
  @ApiProperty({ type: [TenantDto] }) items: TenantDto[];
  @ApiProperty({ nullable: true, type: String }) nextPageToken: string | null;
}
