/** Server statistics: INFO stats, commandstats, errorstats, SLOWLOG and MONITOR feeds. */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { CommandSpec } from '../commands/table';
import type { Client } from './client';
import type { Server } from './server';

export interface CommandStat {
  calls: number;
  usec: number;
  rejectedCalls: number;
  failedCalls: number;
}

export interface SlowlogEntry {
  id: number;
  time: number;
  usec: number;
  argv: string[];
  addr: string;
  name: string;
}

export class Stats {
  connectionsReceived = 0;
  rejectedConnections = 0;
  commandsProcessed = 0;
  /** Times a client's pipelined input ran out of the turn's time slice and continued in the next. */
  inputDeferrals = 0;
  netInputBytes = 0;
  netOutputBytes = 0;
  evictedKeys = 0;
  errorReplies = 0;
  readonly commands = new Map<string, CommandStat>();
  readonly errors = new Map<string, number>();
  readonly slowlogEntries: SlowlogEntry[] = [];
  private slowlogNextId = 0;
  readonly monitors = new Set<Client>();
  /**
   * Event-loop delay (GC pauses and long commands included), sampled every 5 ms. Strata-specific
   * INFO fields eventloop_delay_p99_ms and eventloop_delay_max_ms report it.
   */
  readonly loopDelay: IntervalHistogram = monitorEventLoopDelay({ resolution: 5 });

  constructor() {
    this.loopDelay.enable();
  }
  // instantaneous_ops_per_sec: samples of (time, commands) every cron tick
  private opsSamples: number[] = [];
  private lastSampleTime = 0;
  private lastSampleCount = 0;

  private stat(name: string): CommandStat {
    let s = this.commands.get(name);
    if (!s) this.commands.set(name, (s = { calls: 0, usec: 0, rejectedCalls: 0, failedCalls: 0 }));
    return s;
  }

  /** One run of a command; `blocked` runs add their time but count no call (see BlockingManager). */
  called(spec: CommandSpec, usec: number, failed: boolean, errorCode: string, blocked = false): void {
    const s = this.stat(spec.name);
    s.usec += usec;
    if (blocked) return;
    this.commandsProcessed++;
    s.calls++;
    if (failed) {
      s.failedCalls++;
      this.countError(errorCode);
    }
  }

  rejected(name: string, _c: Client, error: string): void {
    this.stat(name).rejectedCalls++;
    this.countError(error.slice(0, error.indexOf(' ')));
  }

  /** An error reply that did not come from a command (unknown command, wrong arity). */
  errorReply(_c: Client): void {
    this.countError('ERR');
  }

  private countError(code: string): void {
    this.errorReplies++;
    const key = code || 'ERR';
    this.errors.set(key, (this.errors.get(key) ?? 0) + 1);
  }

  reset(): void {
    this.loopDelay.reset();
    this.commands.clear();
    this.errors.clear();
    this.errorReplies = 0;
    this.connectionsReceived = 0;
    this.rejectedConnections = 0;
    this.commandsProcessed = 0;
    this.inputDeferrals = 0;
    this.netInputBytes = 0;
    this.netOutputBytes = 0;
    this.evictedKeys = 0;
  }

  slowlog(server: Server, c: Client, argv: string[], usec: number): void {
    const threshold = server.config.num('slowlog-log-slower-than');
    if (threshold < 0 || usec < threshold) return;
    const max = server.config.num('slowlog-max-len');
    // Redis keeps at most 32 arguments and 128 bytes of each.
    const args = argv
      .slice(0, 32)
      .map((a) => (a.length > 128 ? a.slice(0, 128) + `... (${a.length - 128} more bytes)` : a));
    if (argv.length > 32) args[31] = `... (${argv.length - 31} more arguments)`;
    this.slowlogEntries.unshift({
      id: this.slowlogNextId++,
      time: Math.floor(Date.now() / 1000),
      usec: Math.round(usec),
      argv: args,
      addr: c.addr,
      name: c.name,
    });
    if (this.slowlogEntries.length > max) this.slowlogEntries.length = max;
  }

  slowlogReset(): void {
    this.slowlogEntries.length = 0;
  }

  feedMonitors(server: Server, c: Client, argv: string[]): void {
    const t = (performance.timeOrigin + performance.now()) / 1000; // microseconds, as Redis prints
    const line = `+${t.toFixed(6)} [${c.db.index} ${c.addr}] ${argv.map(quoteArg).join(' ')}\r\n`;
    for (const m of this.monitors) {
      if (m === c || m.closed) continue;
      m.reply.raw(line);
      server.deliver(m);
    }
  }

  sampleOps(now: number): void {
    if (this.lastSampleTime !== 0) {
      const dt = now - this.lastSampleTime;
      if (dt > 0) {
        this.opsSamples.push(((this.commandsProcessed - this.lastSampleCount) * 1000) / dt);
        if (this.opsSamples.length > 16) this.opsSamples.shift();
      }
    }
    this.lastSampleTime = now;
    this.lastSampleCount = this.commandsProcessed;
  }

  get instantaneousOps(): number {
    if (this.opsSamples.length === 0) return 0;
    return Math.round(this.opsSamples.reduce((a, b) => a + b, 0) / this.opsSamples.length);
  }
}

/** sdscatrepr: a quoted, escaped representation of a binary string. */
export function quoteArg(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const code = s.charCodeAt(i);
    if (ch === '\\' || ch === '"') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (code < 32 || code > 126) out += '\\x' + code.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}
