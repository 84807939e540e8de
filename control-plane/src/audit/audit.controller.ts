import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller } from '../common/auth/decorators';
import type { Principal } from '../common/auth/principal';
import { AuditService } from './audit.service';
import { AuditPageDto, AuditQuery } from './dto/audit.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({
    summary: 'Audit log: who did what, when, with what result (admins; tenant admins see their tenant)',
  })
  @ApiOkResponse({ type: AuditPageDto })
  list(@Caller() caller: Principal, @Query() query: AuditQuery) {
    return this.audit.list(caller, query);
  }
}
