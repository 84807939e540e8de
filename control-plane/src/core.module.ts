// Providers shared by every feature: configuration, database, agent clients, API key
// authentication and rate limiting, the audit log, operations and the reconciler.
import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Database } from '@strata/prisma';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AuditService } from './audit/audit.service';
import { RateLimiter } from './common/auth/rate-limiter';
import type { AppConfig } from './config/config';
import { APP_CONFIG } from './config/config.provider';
import { PrismaService } from './database/prisma.service';
import { MetricsService } from './metrics/metrics.service';
import { AgentClients } from './nodes/agent-client';
import { NodesService } from './nodes/nodes.service';
import { OperationsService } from './operations/operations.service';
import { ReconcilerService } from './reconciler/reconciler.service';

@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, database: Database): DynamicModule {
    const providers = [
      { provide: APP_CONFIG, useValue: config },
      { provide: PrismaService, useValue: new PrismaService(database, config.otlpEndpoint !== null) },
      { provide: AgentClients, useValue: new AgentClients(config.agentTls) },
      { provide: RateLimiter, useValue: new RateLimiter(config.rateLimit.perSecond, config.rateLimit.burst) },
      ApiKeysService,
      AuditService,
      OperationsService,
      ReconcilerService,
      NodesService,
      MetricsService,
    ];
    return { module: CoreModule, providers, exports: providers.map((p) => ('provide' in p ? p.provide : p)) };
  }
}
