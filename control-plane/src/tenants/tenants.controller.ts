import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Audited } from '../audit/audit.interceptor';
import { Caller } from '../common/auth/decorators';
import type { Principal } from '../common/auth/principal';
import { PageQuery } from '../common/pagination';
import {
  CreateTenantDto,
  TenantDto,
  TenantOperationDto,
  TenantPageDto,
  UpdateTenantDto,
} from './dto/tenant.dto';
import { TenantsService } from './tenants.service';

type Response = { setHeader(name: string, value: string): void };

@ApiTags('tenants')
@ApiBearerAuth()
@Controller('v1/tenants')
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Post()
  @Audited('tenant.create', 'tenant')
  @ApiOperation({ summary: 'Create a tenant (platform admins)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: TenantDto })
  async create(
    @Caller() caller: Principal,
    @Body() dto: CreateTenantDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const tenant = await this.tenants.create(caller, dto);
    res.setHeader('ETag', tenant.etag);
    return tenant;
  }

  @Get()
  @ApiOperation({ summary: 'List tenants (tenant keys see their own)' })
  @ApiOkResponse({ type: TenantPageDto })
  list(@Caller() caller: Principal, @Query() query: PageQuery) {
    return this.tenants.list(caller, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: TenantDto })
  async get(@Caller() caller: Principal, @Param('id') id: string, @Res({ passthrough: true }) res: Response) {
    const tenant = await this.tenants.get(caller, id);
    res.setHeader('ETag', tenant.etag);
    return tenant;
  }

  @Patch(':id')
  @HttpCode(202)
  @Audited('tenant.update', 'tenant')
  @ApiOperation({ summary: "Change the tenant's tiering defaults; rolls out to its datastores live" })
  @ApiHeader({ name: 'If-Match', required: false, description: 'ETag of the version being changed' })
  @ApiAcceptedResponse({ type: TenantOperationDto })
  async update(
    @Caller() caller: Principal,
    @Param('id') id: string,
    @Body() dto: UpdateTenantDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.tenants.update(caller, id, dto, ifMatch);
    res.setHeader('ETag', result.tenant.etag);
    return result;
  }

  @Delete(':id')
  @Audited('tenant.delete', 'tenant')
  @ApiOperation({ summary: 'Delete a tenant without datastores (platform admins)' })
  @ApiOkResponse({ type: TenantDto })
  remove(
    @Caller() caller: Principal,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
  ) {
    return this.tenants.remove(caller, id, ifMatch);
  }
}
