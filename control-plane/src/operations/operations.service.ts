// Operations: long actions (create, update, delete, password rotation, tenant roll-out) return one
// at once; it waits for datastore generations to be applied by the reconciler, which settles it.
import { Injectable } from '@nestjs/common';
import type { Operation, Prisma } from '@strata/prisma';
import { canSee, isPlatformAdmin, type Principal } from '../common/auth/principal';
import { notFound } from '../common/errors';
import { newId } from '../common/ids';
import { pageArgs, toPage, type Page } from '../common/pagination';
import { PrismaService } from '../database/prisma.service';
import type { OperationDto, OperationKind, OperationStatus } from './dto/operation.dto';

type Tx = Prisma.TransactionClient;

/** Datastore id -> the generation that completes the operation. */
export type WaitFor = Record<string, number>;

export function parseWaitFor(json: string): WaitFor {
  try {
    return JSON.parse(json) as WaitFor;
  } catch {
    return {};
  }
}

export function toOperationDto(op: Operation, progress?: { done: number; total: number }): OperationDto {
  const total = Object.keys(parseWaitFor(op.waitFor)).length;
  const done = op.status === 'succeeded' || op.status === 'failed';
  return {
    id: op.id,
    kind: op.kind as OperationKind,
    targetType: op.targetType,
    targetId: op.targetId,
    tenantId: op.tenantId,
    status: op.status as OperationStatus,
    done,
    error: op.error,
    progress: progress ?? { done: op.status === 'succeeded' ? total : 0, total },
    createdAt: op.createdAt.toISOString(),
    updatedAt: op.updatedAt.toISOString(),
    finishedAt: op.finishedAt?.toISOString() ?? null,
  };
}

@Injectable()
export class OperationsService {
  constructor(private readonly prisma: PrismaService) {}

  /** Creates an operation inside the caller's transaction; with nothing to wait for it succeeds at once. */
  async create(
    tx: Tx,
    kind: OperationKind,
    target: { type: string; id: string },
    tenantId: string | null,
    waitFor: WaitFor,
  ): Promise<Operation> {
    const empty = Object.keys(waitFor).length === 0;
    return tx.operation.create({
      data: {
        id: newId('op'),
        kind,
        targetType: target.type,
        targetId: target.id,
        tenantId,
        waitFor: JSON.stringify(waitFor),
        status: empty ? 'succeeded' : 'running',
        finishedAt: empty ? new Date() : null,
      },
    });
  }

  async get(caller: Principal, id: string): Promise<OperationDto> {
    const op = await this.prisma.client.operation.findUnique({ where: { id } });
    if (!op || !canSee(caller, op.tenantId)) throw notFound('operation', id);
    return toOperationDto(op, await this.progress(op));
  }

  async list(
    caller: Principal,
    query: { limit?: number; pageToken?: string; tenantId?: string; targetId?: string; status?: string },
  ): Promise<Page<OperationDto>> {
    const { limit, where, ...args } = pageArgs(query);
    const tenantId = isPlatformAdmin(caller) ? query.tenantId : caller.tenantId;
    const rows = await this.prisma.client.operation.findMany({
      ...args,
      where: {
        ...where,
        ...(tenantId ? { tenantId } : {}),
        ...(query.targetId ? { targetId: query.targetId } : {}),
        ...(query.status ? { status: query.status } : {}),
      },
    });
    return toPage(rows, limit, (op) => toOperationDto(op));
  }

  private async progress(op: Operation): Promise<{ done: number; total: number }> {
    const waitFor = parseWaitFor(op.waitFor);
    const ids = Object.keys(waitFor);
    if (op.status === 'succeeded' || ids.length === 0) return { done: ids.length, total: ids.length };
    const rows = await this.prisma.client.datastore.findMany({
      where: { id: { in: ids } },
      select: { id: true, appliedGeneration: true, status: true },
    });
    const done = rows.filter((d) => d.appliedGeneration >= waitFor[d.id]).length;
    return { done, total: ids.length };
  }

  /**
   * Settles running operations: succeeded when every datastore reached its generation, failed
   * when one of them failed. Called by the reconciler after each pass.
   */
  async settle(): Promise<number> {
    const running = await this.prisma.client.operation.findMany({
      where: { status: { in: ['pending', 'running'] } },
    });
    let settled = 0;
    for (const op of running) {
      const waitFor = parseWaitFor(op.waitFor);
      const ids = Object.keys(waitFor);
      const rows = await this.prisma.client.datastore.findMany({
        where: { id: { in: ids } },
        select: { id: true, appliedGeneration: true, status: true, statusReason: true, name: true },
      });
      const failed = rows.find((d) => d.status === 'failed');
      const allDone =
        rows.length === ids.length &&
        rows.every(
          (d) =>
            d.appliedGeneration >= waitFor[d.id] &&
            (op.kind !== 'delete_datastore' || d.status === 'deleted'),
        );
      if (!failed && !allDone) continue;
      await this.prisma.client.operation.update({
        where: { id: op.id },
        data: allDone
          ? { status: 'succeeded', finishedAt: new Date() }
          : {
              status: 'failed',
              error: `datastore ${failed!.name}: ${failed!.statusReason}`,
              finishedAt: new Date(),
            },
      });
      settled++;
    }
    return settled;
  }
}
