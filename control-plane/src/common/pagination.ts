// List endpoints are paginated by id (ids sort by creation time): `?limit=N&pageToken=T` returns
// `{ items, nextPageToken }`, where nextPageToken is null on the last page.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { invalid } from './errors';

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextPageToken of the previous page' })
  @IsOptional()
  @IsString()
  pageToken?: string;
}

export interface Page<T> {
  items: T[];
  nextPageToken: string | null;
}

/** The id after which the page starts (decoded pageToken), or undefined for the first page. */
export function decodePageToken(token: string | undefined): string | undefined {
  if (!token) return undefined;
  const id = Buffer.from(token, 'base64url').toString('utf8');
  if (!/^[a-z]+-[0-9a-z]+$/.test(id)) throw invalid('pageToken', 'not a token from a previous page');
  return id;
}

/** Prisma arguments for one page: take one more than asked to know whether another page exists. */
export function pageArgs(query: { limit?: number; pageToken?: string }) {
  const after = decodePageToken(query.pageToken);
  const limit = query.limit ?? 50;
  return {
    take: limit + 1,
    orderBy: { id: 'asc' as const },
    ...(after ? { where: { id: { gt: after } } } : {}),
    limit,
  };
}

export function toPage<R extends { id: string }, T>(rows: R[], limit: number, map: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return {
    items: items.map(map),
    nextPageToken: more && last ? Buffer.from(last.id, 'utf8').toString('base64url') : null,
  };
}
