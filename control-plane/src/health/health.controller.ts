import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/decorators';
import { PrismaService } from '../database/prisma.service';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(private readonly prisma: PrismaService) {}

  @Get('healthz')
  @Public()
  @ApiOperation({ summary: 'Liveness and database reachability (no API key needed)' })
  async health() {
    await this.prisma.client.tenant.count({ take: 1 });
    return { status: 'ok', database: this.prisma.provider };
  }
}
