import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller } from '../common/auth/decorators';
import type { Principal } from '../common/auth/principal';
import { OperationDto, OperationPageDto, OperationsQuery } from './dto/operation.dto';
import { OperationsService } from './operations.service';

@ApiTags('operations')
@ApiBearerAuth()
@Controller('v1/operations')
export class OperationsController {
  constructor(private readonly operations: OperationsService) {}

  @Get()
  @ApiOperation({ summary: 'List operations, oldest first (filter by target or status)' })
  @ApiOkResponse({ type: OperationPageDto })
  list(@Caller() caller: Principal, @Query() query: OperationsQuery) {
    return this.operations.list(caller, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Poll an operation until done is true' })
  @ApiOkResponse({ type: OperationDto })
  get(@Caller() caller: Principal, @Param('id') id: string) {
    return this.operations.get(caller, id);
  }
}
