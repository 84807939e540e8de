import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller } from '../common/auth/decorators';
import type { Principal } from '../common/auth/principal';
import { AuditQuery } from '../audit/dto/audit.dto';
import { OperationDto, OperationPageDto } from './dto/operation.dto';
import { OperationsService } from './operations.service';

@ApiTags('operations')
@ApiBearerAuth()
@Controller('v1/operations')
export class OperationsController {
  constructor(private readonly operations: OperationsService) {}

  @Get()
  @ApiOperation({ summary: 'List operations, oldest first' })
  @ApiOkResponse({ type: OperationPageDto })
  list(@Caller() caller: Principal, @Query() query: AuditQuery) {
    return this.operations.list(caller, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Poll an operation until done is true' })
  @ApiOkResponse({ type: OperationDto })
  get(@Caller() caller: Principal, @Param('id') id: string) {
    return this.operations.get(caller, id);
  }
}
