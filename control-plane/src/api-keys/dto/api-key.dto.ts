import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ROLES, type Role } from '../../common/auth/principal';

export class CreateApiKeyDto {
  @ApiProperty({ description: 'A name to recognise the key by', example: 'ci-pipeline', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ enum: ROLES, description: 'platform_admin, tenant_admin or tenant_viewer' })
  @IsIn(ROLES as unknown as string[])
  role: Role;

  @ApiPropertyOptional({
    description: "The key's tenant. Required for tenant roles (tenant admins may only name their own).",
  })
  @IsOptional()
  @IsString()
  @Matches(/^ten-[0-9a-z]{21}$/, { message: 'must be a tenant id (ten-...)' })
  tenantId?: string;
}

export class ApiKeyDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ nullable: true, type: String }) tenantId: string | null;
  @ApiProperty({ description: 'The first characters of the secret' }) prefix: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) revokedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) lastUsedAt: string | null;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({
    description:
      'The secret: shown once, only in this response. Send it as "Authorization: Bearer <secret>".',
  })
  secret: string;
}
