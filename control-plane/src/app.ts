// Builds and starts the control plane: database (migrations applied), Nest REST app with OpenAPI
// at /openapi.json and a browsable page at /docs, the gRPC provisioning server, the bootstrap admin
// key, and the background loops (node health, reconciler, stats).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { openDatabase } from '@strata/prisma';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AppModule } from './app.module';
import { AuditService } from './audit/audit.service';
import { RateLimiter } from './common/auth/rate-limiter';
import { createValidationPipe } from './common/validation';
import type { AppConfig } from './config/config';
import { redactUrl } from './config/config';
import { PrismaService } from './database/prisma.service';
import { DatastoresService } from './datastores/datastores.service';
import { ProvisioningServer } from './grpc/provisioning.server';
import { MetricsService } from './metrics/metrics.service';
import { NodesService } from './nodes/nodes.service';
import { OperationsService } from './operations/operations.service';
import { ReconcilerService } from './reconciler/reconciler.service';
import { TenantsService } from './tenants/tenants.service';

export interface RunningControlPlane {
  app: NestExpressApplication;
  httpUrl: string;
  grpcPort: number;
  /** The bootstrap admin secret when known (STRATA_BOOTSTRAP_TOKEN or created by this start). */
  adminKey: string | null;
  nodes: NodesService;
  /** The id of the tenant with this name, created (with no tiering defaults) when missing. */
  ensureTenant(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface StartOptions {
  logLevels?: LogLevel[] | false;
  /** Start the background loops (default true); tests of the API alone may leave them off. */
  loops?: boolean;
}

export async function startControlPlane(
  config: AppConfig,
  options: StartOptions = {},
): Promise<RunningControlPlane> {
  const levels = options.logLevels ?? ['error', 'warn'];
  Logger.overrideLogger(levels);
  const logger = new Logger('control-plane');
  const database = await openDatabase({ url: config.databaseUrl });
  if (database.migrations.applied.length > 0) {
    logger.log(
      `database ${redactUrl(config.databaseUrl)}: applied ${database.migrations.applied.join(', ')}`,
    );
  }
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, database), {
    logger: levels,
  });
  app.useGlobalPipes(createValidationPipe());
  app.disable('x-powered-by');
  app.set('etag', false); // ETags are the resources' versions, set by the handlers
  // The web console (@strata/console, built into console/dist/public) at `/`, when it is built.
  const consoleDir = path.resolve(__dirname, '..', '..', 'console', 'dist', 'public');
  if (fs.existsSync(path.join(consoleDir, 'index.html'))) app.useStaticAssets(consoleDir);
  if (config.logRequests) {
    app.use(
      (
        req: { method: string; originalUrl: string },
        res: { statusCode: number; on(e: string, f: () => void): void },
        next: () => void,
      ) => {
        const started = performance.now();
        res.on('finish', () =>
          logger.log(
            `${req.method} ${req.originalUrl.split('?')[0]} ${res.statusCode} ${(performance.now() - started).toFixed(1)}ms`,
          ),
        );
        next();
      },
    );
  }

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Strata control plane')
      .setDescription(
        'Provisioning API of Strata: tenants, API keys, datastores with per-tenant SSD tiering settings, operations, nodes, metrics and the audit log. Authenticate with "Authorization: Bearer <api key>".',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key' })
      .build(),
    { operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}` },
  );
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'openapi.json',
    customSiteTitle: 'Strata API',
  });

  const apiKeys = app.get(ApiKeysService);
  const bootstrap = await apiKeys.ensureBootstrapKey(config.bootstrapToken);

  await app.listen(config.httpPort, config.httpHost);
  const address = app.getHttpServer().address() as { port: number };
  const httpUrl = `http://${config.httpHost.includes(':') ? `[${config.httpHost}]` : config.httpHost}:${address.port}`;

  const grpcServer = new ProvisioningServer({
    prisma: app.get(PrismaService),
    apiKeys,
    limiter: app.get(RateLimiter),
    audit: app.get(AuditService),
    tenants: app.get(TenantsService),
    datastores: app.get(DatastoresService),
    operations: app.get(OperationsService),
    nodes: app.get(NodesService),
  });
  const grpcPort = await grpcServer.listen(config.grpcHost, config.grpcPort);

  const nodes = app.get(NodesService);
  if (options.loops !== false) {
    nodes.start();
    await app.get(ReconcilerService).start();
    app.get(MetricsService).start();
  }

  let closed = false;
  return {
    app,
    httpUrl,
    grpcPort,
    adminKey: bootstrap.secret,
    nodes,
    ensureTenant: async (name) => {
      const prisma = app.get(PrismaService);
      const existing = await prisma.client.tenant.findUnique({ where: { name } });
      if (existing) return existing.id;
      const system = { apiKeyId: 'system', role: 'platform_admin' as const, tenantId: null };
      return (await app.get(TenantsService).create(system, { name })).id;
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await grpcServer.close();
      await app.close();
      await app.get(PrismaService).close();
    },
  };
}
