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
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Audited } from '../audit/audit.interceptor';
import { Caller } from '../common/auth/decorators';
import type { Principal } from '../common/auth/principal';
import { MetricsService } from '../metrics/metrics.service';
import { DatastoreMetricsDto } from '../metrics/dto/metrics.dto';
import { DatastoresService } from './datastores.service';
import {
  CreateDatastoreDto,
  DatastoreDto,
  DatastoreOperationDto,
  DatastorePageDto,
  ListDatastoresQuery,
  MetricsQuery,
  UpdateDatastoreDto,
} from './dto/datastore.dto';

type Response = { setHeader(name: string, value: string): void };

@ApiTags('datastores')
@ApiBearerAuth()
@Controller('v1/datastores')
export class DatastoresController {
  constructor(
    private readonly datastores: DatastoresService,
    private readonly metrics: MetricsService,
  ) {}

  @Post()
  @HttpCode(202)
  @Audited('datastore.create', 'datastore')
  @ApiOperation({ summary: 'Create a datastore; poll the returned operation until done' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Repeats with the same key return the first result',
  })
  @ApiAcceptedResponse({ type: DatastoreOperationDto })
  async create(
    @Caller() caller: Principal,
    @Body() dto: CreateDatastoreDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.datastores.create(caller, dto);
    res.setHeader('Location', `/v1/datastores/${result.datastore.id}`);
    return result;
  }

  @Get()
  @ApiOperation({ summary: 'List datastores, oldest first' })
  @ApiOkResponse({ type: DatastorePageDto })
  list(@Caller() caller: Principal, @Query() query: ListDatastoresQuery) {
    return this.datastores.list(caller, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: DatastoreDto })
  async get(@Caller() caller: Principal, @Param('id') id: string, @Res({ passthrough: true }) res: Response) {
    const datastore = await this.datastores.get(caller, id);
    res.setHeader('ETag', datastore.etag);
    return datastore;
  }

  @Patch(':id')
  @HttpCode(202)
  @Audited('datastore.update', 'datastore')
  @ApiOperation({
    summary: 'Change memory, eviction policy or tiering overrides (applied live where possible)',
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'ETag of the version being changed' })
  @ApiAcceptedResponse({ type: DatastoreOperationDto })
  async update(
    @Caller() caller: Principal,
    @Param('id') id: string,
    @Body() dto: UpdateDatastoreDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.datastores.update(caller, id, dto, ifMatch);
    res.setHeader('ETag', result.datastore.etag);
    return result;
  }

  @Post(':id/rotate-password')
  @HttpCode(202)
  @Audited('datastore.rotate_password', 'datastore')
  @ApiOperation({ summary: 'Set a new password; the old one stops working once the operation is done' })
  @ApiAcceptedResponse({ type: DatastoreOperationDto })
  rotatePassword(@Caller() caller: Principal, @Param('id') id: string) {
    return this.datastores.rotatePassword(caller, id);
  }

  @Delete(':id')
  @HttpCode(202)
  @Audited('datastore.delete', 'datastore')
  @ApiOperation({ summary: 'Delete a datastore and its data (idempotent)' })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiAcceptedResponse({ type: DatastoreOperationDto })
  remove(
    @Caller() caller: Principal,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
  ) {
    return this.datastores.remove(caller, id, ifMatch);
  }

  @Get(':id/metrics')
  @ApiOperation({ summary: 'Latest INFO figures and a time series of the last hours' })
  @ApiOkResponse({ type: DatastoreMetricsDto })
  async getMetrics(@Caller() caller: Principal, @Param('id') id: string, @Query() query: MetricsQuery) {
    await this.datastores.get(caller, id); // visibility check
    return this.metrics.forDatastore(id, query.hours ?? 3);
  }
}
