/**
 * Differential test support for the Lua libraries: the same Lua cases run inside real
 * redis-server 7.0 (EVAL, Lua 5.1 with the C libraries) and inside a wasmoon Lua 5.4 state with
 * the prelude installed, and every result is compared byte for byte. Each case is one Lua
 * expression list (optionally after some statements); its results are serialised by Lua code that
 * runs identically in 5.1 and 5.4: strings hex-encoded, numbers with %.17g (value, not 5.4's
 * integer/float subtype), tables sorted by key (Lua 5.1 and 5.4 iterate hashes differently),
 * errors as their message. Inputs go into the Lua source as \ddd escapes (see luaBytes), so
 * nothing passes through a UTF-8 conversion.
 */
import Redis from 'ioredis';
import { LuaFactory, type LuaEngine } from 'wasmoon';
import { cpuSecondsOf, startRedis, type RunningProcess } from '../../testing/harness';
import { installPrelude } from './index';

export interface LuaCase {
  /** statements run first (same line as the expression: line numbers in errors stay equal) */
  pre?: string;
  /** a Lua expression list; all of its values are compared */
  expr: string;
}

export interface Mismatch {
  case: LuaCase;
  redis: string;
  wasm: string;
}

/** A Lua string literal holding exactly these bytes (decimal escapes: valid in 5.1 and 5.4). */
export function luaBytes(bytes: Uint8Array | string): string {
  const b = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
  let s = '"';
  for (const c of b) {
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x20)
      s += String.fromCharCode(c);
    else
      s +=
        '\\' + String.fromCharCode(48 + Math.floor(c / 100), 48 + (Math.floor(c / 10) % 10), 48 + (c % 10));
  }
  return s + '"';
}

const SUPPORT = `local function H(s) return (string.gsub(s, '.', function(c) return string.format('%02x', string.byte(c)) end)) end
local S
S = function(v, d)
  local t = type(v)
  if t == 'string' then return 's' .. H(v) end
  if t == 'number' then return 'n' .. string.format('%.17g', v) end
  if t == 'boolean' or t == 'nil' then return tostring(v) end
  if v == cjson.null then return 'null' end
  if t == 'table' then
    if d > 40 then return 'deep' end
    local items = {}
    for k, x in pairs(v) do items[#items + 1] = S(k, d + 1) .. '=' .. S(x, d + 1) end
    table.sort(items)
    return '{' .. table.concat(items, ',') .. '}'
  end
  return t
end
local function P(...) return {n = select('#', ...), ...} end
local function R(f)
  local ok, r = pcall(f)
  if not ok then return 'E' .. H(tostring(r)) end
  local parts = {}
  for i = 1, r.n do parts[i] = S(r[i], 0) end
  return 'V' .. table.concat(parts, ' ')
end
local out = {}
`;

function script(cases: LuaCase[]): string {
  const lines = cases.map((c) => `out[#out + 1] = R(function() ${c.pre ?? ''} return P(${c.expr}) end)`);
  return SUPPORT + lines.join('\n') + "\nreturn table.concat(out, '\\n')\n";
}

/** Decodes the hex in a result line for a readable failure message. */
export function readable(line: string): string {
  return line
    .replace(
      /(^|[ =,{])s([0-9a-f]*)/g,
      (_m, p: string, h: string) => p + JSON.stringify(Buffer.from(h, 'hex').toString('latin1')),
    )
    .replace(
      /^E([0-9a-f]*)$/,
      (_m, h: string) => 'error ' + JSON.stringify(Buffer.from(h, 'hex').toString('latin1')),
    );
}

export class LuaDiff {
  private constructor(
    private readonly redisProcess: RunningProcess,
    private readonly client: Redis,
    readonly engine: LuaEngine,
  ) {}

  static async start(): Promise<LuaDiff> {
    const redisProcess = await startRedis();
    const client = new Redis(redisProcess.port, '127.0.0.1', { maxRetriesPerRequest: 1 });
    const engine = await new LuaFactory().createEngine({ injectObjects: false });
    installPrelude(engine);
    return new LuaDiff(redisProcess, client, engine);
  }

  /** Runs a whole script in redis-server (EVAL, no keys) and returns its string result. */
  async evalRedis(source: string): Promise<string> {
    return String(await this.client.eval(source, 0));
  }

  /** Runs a whole script in the wasmoon state as Redis names it (@user_script). */
  evalWasm(source: string): string {
    let eq = '';
    while (source.includes(`]${eq}]`)) eq += '=';
    return String(
      this.engine.doStringSync(`return assert(load([${eq}[${source}]${eq}], '@user_script', 't'))()`),
    );
  }

  /** Runs the cases on both sides (in batches) and returns those whose results differ. */
  async compare(cases: LuaCase[], batch = 250): Promise<Mismatch[]> {
    const mismatches: Mismatch[] = [];
    for (let i = 0; i < cases.length; i += batch) {
      const part = cases.slice(i, i + batch);
      const src = script(part);
      const [r, w] = [(await this.evalRedis(src)).split('\n'), this.evalWasm(src).split('\n')];
      if (r.length !== part.length || w.length !== part.length)
        throw new Error(`result count: redis ${r.length}, wasm ${w.length}, cases ${part.length}`);
      part.forEach((c, j) => {
        if (r[j] !== w[j]) mismatches.push({ case: c, redis: readable(r[j]), wasm: readable(w[j]) });
      });
    }
    return mismatches;
  }

  /** CPU seconds redis-server has used so far. */
  redisCpuSeconds(): number {
    return cpuSecondsOf(this.redisProcess.process.pid ?? 0);
  }

  async close(): Promise<void> {
    this.client.disconnect();
    this.engine.global.close();
    await this.redisProcess.close();
  }
}

/** Formats the first mismatches for an assertion message. */
export function describeMismatches(m: Mismatch[], max = 15): string {
  return m
    .slice(0, max)
    .map(
      (x) =>
        `${x.case.pre ? x.case.pre + ' ' : ''}${x.case.expr}\n    redis: ${x.redis}\n    wasm:  ${x.wasm}`,
    )
    .join('\n');
}
