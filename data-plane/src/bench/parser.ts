/**
 * `npm run bench -- parser`: the server's request parser against redis-parser on the same bytes.
 *
 * Requests are RESP arrays of bulk strings, which redis-parser (a reply parser) can read too, so both
 * parse one buffer of pipelined commands chunked the way a socket delivers them. This is the
 * measurement behind the choice documented in protocol/request-parser.ts: the server needs inline
 * commands, Redis's request limits and error texts, which redis-parser lacks; this shows what that
 * costs or saves in speed.
 *
 * Flags: --commands 200000, --chunk 16384 (bytes per socket read), --runs 5.
 */
import RedisParser from 'redis-parser';
import { RequestParser } from '../protocol/request-parser';
import { flags, median, resp, table } from './common';

function workload(n: number): { name: string; bytes: Buffer }[] {
  const value = 'v'.repeat(100);
  let set = '';
  let get = '';
  let mset = '';
  for (let i = 0; i < n; i++) {
    set += resp('SET', 'key:' + i, value);
    get += resp('GET', 'key:' + i);
    if (i % 10 === 0)
      mset += resp('MSET', ...Array.from({ length: 20 }, (_, j) => (j % 2 ? value : 'k' + i + ':' + j)));
  }
  return [
    { name: 'SET key value(100 B)', bytes: Buffer.from(set, 'latin1') },
    { name: 'GET key', bytes: Buffer.from(get, 'latin1') },
    { name: 'MSET 10 pairs', bytes: Buffer.from(mset, 'latin1') },
  ];
}

function chunks(buf: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return out;
}

function runStrata(parts: Buffer[]): number {
  const p = new RequestParser({ protoMaxBulkLen: 512 * 1024 * 1024, authenticated: true });
  let n = 0;
  for (const part of parts) {
    p.feed(part);
    for (let cmd = p.next(); cmd !== null; cmd = p.next()) n += cmd.length > 0 ? 1 : 0;
  }
  return n;
}

function runRedisParser(parts: Buffer[], returnBuffers: boolean): number {
  let n = 0;
  const p = new RedisParser({
    returnReply: () => n++,
    returnError: (e: Error) => {
      throw e;
    },
    returnBuffers,
  });
  for (const part of parts) p.execute(part);
  return n;
}

function timeIt(fn: () => number): { ops: number; ms: number } {
  const t = process.hrtime.bigint();
  const ops = fn();
  return { ops, ms: Number(process.hrtime.bigint() - t) / 1e6 };
}

function main(): void {
  const opt = flags(process.argv.slice(2), { commands: 200000, chunk: 16384, runs: 5 });
  const rows: (string | number)[][] = [];
  for (const w of workload(opt.commands)) {
    const parts = chunks(w.bytes, opt.chunk);
    const rates: Record<string, number[]> = {
      strata: [],
      'redis-parser (strings)': [],
      'redis-parser (buffers)': [],
    };
    for (let r = 0; r < opt.runs; r++) {
      const a = timeIt(() => runStrata(parts));
      const b = timeIt(() => runRedisParser(parts, false));
      const c = timeIt(() => runRedisParser(parts, true));
      if (a.ops !== b.ops || b.ops !== c.ops)
        throw new Error(`parsers disagree on ${w.name}: ${a.ops} ${b.ops} ${c.ops}`);
      rates.strata.push((a.ops / a.ms) * 1000);
      rates['redis-parser (strings)'].push((b.ops / b.ms) * 1000);
      rates['redis-parser (buffers)'].push((c.ops / c.ms) * 1000);
    }
    const s = median(rates.strata);
    const ps = median(rates['redis-parser (strings)']);
    const pb = median(rates['redis-parser (buffers)']);
    rows.push([w.name, s, ps, pb, (s / ps).toFixed(2), (s / pb).toFixed(2)]);
  }
  console.log(
    `Request parsing, ${opt.commands} commands per workload in ${opt.chunk}-byte reads, median of ${opt.runs} runs (commands/s)\n`,
  );
  console.log(
    table(
      [
        'workload',
        'strata parser',
        'redis-parser (utf8 strings)',
        'redis-parser (Buffers)',
        'ratio vs strings',
        'ratio vs Buffers',
      ],
      rows,
    ),
  );
  console.log(
    '\nredis-parser (utf8 strings) is not binary safe; the strata parser and redis-parser with Buffers are.',
  );
}

main();
