import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Caller } from '../common/auth/decorators';
import { requireRole, type Principal } from '../common/auth/principal';
import { MetricsService } from './metrics.service';

@ApiTags('metrics')
@ApiBearerAuth()
@Controller()
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOperation({
    summary: 'Prometheus metrics of the whole service (platform admins; scrape with a bearer token)',
  })
  prometheus(@Caller() caller: Principal): Promise<string> {
    requireRole(caller, 'platform_admin');
    return this.metrics.prometheus();
  }
}
