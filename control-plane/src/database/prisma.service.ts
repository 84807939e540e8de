// The one database handle of the application: the Prisma client of @strata/prisma (SQLite or
// PostgreSQL), with a span around every query so database calls show in traces.
import { Injectable } from '@nestjs/common';
import type { Database, StrataPrismaClient } from '@strata/prisma';
import { insideSpan, traced } from '../telemetry/telemetry';

@Injectable()
export class PrismaService {
  readonly client: StrataPrismaClient;
  readonly provider: Database['provider'];

  /** `traceQueries`: wrap every query in a span (only worth it when traces are exported). */
  constructor(
    private readonly database: Database,
    traceQueries = true,
  ) {
    this.provider = database.provider;
    if (!traceQueries) {
      this.client = database.client;
      return;
    }
    const system = database.provider === 'sqlite' ? 'sqlite' : 'postgresql';
    this.client = database.client.$extends({
      query: {
        $allModels: {
          $allOperations({ model, operation, args, query }) {
            // Only inside a traced unit of work: the background loops' polling would otherwise
            // make a one-span trace twice a second.
            if (!insideSpan()) return query(args);
            return traced(
              `prisma:${model}.${operation}`,
              { 'db.system': system, 'db.operation': operation, 'db.collection.name': model },
              () => query(args),
            );
          },
        },
      },
    }) as unknown as StrataPrismaClient;
  }

  close(): Promise<void> {
    return this.database.close();
  }
}
