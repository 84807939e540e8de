import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audit.interceptor';
import { Caller } from '../common/auth/decorators';
import type { Principal } from '../common/auth/principal';
import { PageQuery } from '../common/pagination';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';

@ApiTags('api-keys')
@ApiBearerAuth()
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @Audited('api_key.create', 'api_key')
  @ApiOperation({ summary: 'Create an API key; the secret is in this response only' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  create(@Caller() caller: Principal, @Body() dto: CreateApiKeyDto) {
    return this.apiKeys.create(caller, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List API keys (admins; tenant admins see their tenant)' })
  @ApiOkResponse({ type: [ApiKeyDto] })
  list(@Caller() caller: Principal, @Query() query: PageQuery) {
    return this.apiKeys.list(caller, query);
  }

  @Get('current')
  @ApiOperation({ summary: 'The key making the request: its role and tenant (what a console may show)' })
  @ApiOkResponse({ type: ApiKeyDto })
  current(@Caller() caller: Principal) {
    return this.apiKeys.get(caller, caller.apiKeyId);
  }

  @Get(':id')
  @ApiOkResponse({ type: ApiKeyDto })
  get(@Caller() caller: Principal, @Param('id') id: string) {
    return this.apiKeys.get(caller, id);
  }

  @Delete(':id')
  @Audited('api_key.revoke', 'api_key')
  @ApiOperation({ summary: 'Revoke an API key' })
  @ApiOkResponse({ type: ApiKeyDto })
  revoke(@Caller() caller: Principal, @Param('id') id: string) {
    return this.apiKeys.revoke(caller, id);
  }
}
