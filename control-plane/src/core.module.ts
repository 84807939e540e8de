// Providers shared by every feature: configuration, database, agent clients, API key
// authentication and rate limiting, the audit log, operations and the reconciler.
import * as path from 'node:path';
import { Global, Logger, Module, type DynamicModule } from '@nestjs/common';
import type { Database } from '@strata/prisma';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AuditService } from './audit/audit.service';
import { RateLimiter } from './common/auth/rate-limiter';
import { SecretBox } from './common/secret-box';
import { persistentSecret } from './all-in-one/local-agent';
import type { AppConfig } from './config/config';
import { APP_CONFIG } from './config/config.provider';
import { PrismaService } from './database/prisma.service';
import { MetricsService } from './metrics/metrics.service';
import { AgentClients } from './nodes/agent-client';
import { NodesService } from './nodes/nodes.service';
import { OperationsService } from './operations/operations.service';
import { ReconcilerService } from './reconciler/reconciler.service';

/** STRATA_SECRET_KEY, or for SQLite a key kept in the data directory; PostgreSQL without one: plain text. */
function secretBoxFor(config: AppConfig, database: Database): SecretBox {
  let key = config.secretKey;
  if (!key && database.provider === 'sqlite') key = persistentSecret(path.join(config.dataDir, 'secret-key'));
  if (!key) {
    new Logger('control-plane').warn(
      'STRATA_SECRET_KEY is not set: datastore passwords and agent credentials are stored unencrypted',
    );
  }
  return new SecretBox(key);
}

@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, database: Database): DynamicModule {
    const secrets = secretBoxFor(config, database);
    const providers = [
      { provide: SecretBox, useValue: secrets },
      { provide: APP_CONFIG, useValue: config },
      { provide: PrismaService, useValue: new PrismaService(database, config.otlpEndpoint !== null) },
      { provide: AgentClients, useValue: new AgentClients(config.agentTls, secrets) },
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
