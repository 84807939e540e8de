// The differential test runner: generates steps from a seed, runs each on two servers at the same
// time, compares the replies, and reports every difference with the seed, the step, both replies, the
// minimal history of the keys involved and a command that reproduces it.
import { compareReplies } from './compare';
import { RespConnection } from './connection';
import { Gen } from './gen';
import { minimalHistory } from './history';
import { Prng } from './prng';
import {
  Arg,
  NO_REPLY_CLOSED,
  NO_REPLY_TIMEOUT,
  Reply,
  formatCommand,
  formatReply,
  replyEquals,
} from './resp';
import type { ServerHandle } from './servers';
import type { BlockingStep, Family, ScanStep, Step } from './step';

export interface RunOptions {
  seed: number;
  steps: number;
  families: Family[];
  /** [reference, server under test]; both already running. */
  servers: [ServerHandle, ServerHandle];
  /** Stop after this many differences (default 10). */
  maxMismatches?: number;
  /** RESP version of the connections (default 2). */
  protocol?: 2 | 3;
  /** Reply timeout for ordinary commands (ms). */
  commandTimeoutMs?: number;
  /** Progress and report lines (default: none). */
  log?: (line: string) => void;
  /** Log every step with both servers' replies (for reading what a seed does). */
  trace?: boolean;
  /** Extra text for the reproduce command line, e.g. '--strata-args "--maxmemory 10mb"'. */
  reproduceExtra?: string;
}

export interface Mismatch {
  seed: number;
  step: number;
  family: string;
  command: string;
  reason: string;
  /** Rendered replies of the reference and of the server under test. */
  replies: [string, string];
  history: string[];
  reproduce: string;
}

export interface FamilyStats {
  steps: number;
  mismatches: number;
  /** Mismatch count per command name. */
  commands: Map<string, number>;
}

export interface RunResult {
  seed: number;
  stepsRun: number;
  mismatches: Mismatch[];
  families: Map<string, FamilyStats>;
  /** Set when the run stopped early (a server stopped answering, too many differences). */
  stoppedBecause?: string;
  elapsedMs: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// ---- one server's side -----------------------------------------------------------------------------

/** What one server answered to one step, in a form the runner can compare. */
interface Outcome {
  /** Replies in order (probe first when there is one; wake-up first for blocking steps). */
  replies: Reply[];
  probe?: Reply;
  /** For scan steps: the set of elements seen, or the error that ended the iteration. */
  scanned?: { error?: Reply; elements: string[]; invalid?: string };
}

class Session {
  main!: RespConnection;
  private aux: RespConnection[] = [];

  constructor(
    readonly server: ServerHandle,
    private readonly protocol: 2 | 3,
  ) {}

  async open(): Promise<void> {
    this.main = await this.connect();
  }

  private async connect(): Promise<RespConnection> {
    const c = await RespConnection.connect(this.server.host, this.server.port);
    if (this.protocol === 3) await c.call(['HELLO', '3']);
    return c;
  }

  private async auxConnection(i: number, db: number): Promise<RespConnection> {
    if (!this.aux[i] || this.aux[i].isClosed) this.aux[i] = await this.connect();
    await this.aux[i].call(['SELECT', String(db)]);
    return this.aux[i];
  }

  close(): void {
    this.main?.close();
    for (const c of this.aux) c.close();
  }

  async run(step: Step, timeoutMs: number): Promise<Outcome> {
    switch (step.kind) {
      case 'command': {
        let probe: Reply | undefined;
        if (step.check.kind === 'valid' && step.check.probe)
          probe = await this.main.call(step.check.probe, timeoutMs);
        const r = await this.main.call(step.args, step.timeoutMs ?? timeoutMs);
        return { replies: probe ? [probe, r] : [r], probe };
      }
      case 'sleep':
        return { replies: [] };
      case 'blocking':
        return this.runBlocking(step, timeoutMs);
      case 'scan':
        return this.runScan(step, timeoutMs);
    }
  }

  private async runBlocking(step: BlockingStep, timeoutMs: number): Promise<Outcome> {
    const pending: Promise<Reply>[] = [];
    for (let i = 0; i < step.waiters.length; i++) {
      const c = await this.auxConnection(i, step.db);
      pending.push(c.call(step.waiters[i].args, step.waiters[i].timeoutMs));
      await sleep(step.gapMs);
    }
    const replies: Reply[] = [];
    if (step.wake) replies.push(await this.main.call(step.wake, timeoutMs));
    replies.push(...(await Promise.all(pending)));
    return { replies };
  }

  private async runScan(step: ScanStep, timeoutMs: number): Promise<Outcome> {
    const args: Arg[] = step.args.slice();
    const seen = new Set<string>();
    let cursor = '0';
    for (let i = 0; i < 10000; i++) {
      args[step.cursorIndex] = cursor;
      const r = await this.main.call(args, timeoutMs);
      if (r.type !== 'array') return { replies: [r], scanned: { error: r, elements: [] } };
      const [c, items] = r.items;
      if (
        r.items.length !== 2 ||
        c?.type !== 'bulk' ||
        !/^\d+$/.test(c.value.toString()) ||
        items?.type !== 'array'
      ) {
        return { replies: [r], scanned: { elements: [], invalid: `malformed reply ${formatReply(r)}` } };
      }
      if (step.pairs) {
        if (items.items.length % 2 !== 0) {
          return { replies: [r], scanned: { elements: [], invalid: 'odd number of field/value items' } };
        }
        for (let j = 0; j < items.items.length; j += 2) {
          seen.add(formatReply(items.items[j]) + ' => ' + formatReply(items.items[j + 1]));
        }
      } else {
        for (const it of items.items) seen.add(formatReply(it));
      }
      cursor = c.value.toString();
      if (cursor === '0') return { replies: [], scanned: { elements: [...seen].sort() } };
    }
    return { replies: [], scanned: { elements: [], invalid: 'iteration did not end after 10000 calls' } };
  }
}

// ---- comparison of outcomes ------------------------------------------------------------------------

interface Difference {
  reason: string;
  replies: [string, string];
}

function compareOutcomes(step: Step, a: Outcome, b: Outcome): Difference | null {
  const show = (o: Outcome): string => {
    if (o.scanned) {
      if (o.scanned.error) return formatReply(o.scanned.error);
      if (o.scanned.invalid) return `<${o.scanned.invalid}>`;
      return `{${o.scanned.elements.join(', ')}} (all iterations)`;
    }
    return o.replies.map(formatReply).join('  |  ');
  };
  const diff = (reason: string): Difference => ({ reason, replies: [show(a), show(b)] });
  switch (step.kind) {
    case 'sleep':
      return null;
    case 'scan': {
      const sa = a.scanned!;
      const sb = b.scanned!;
      if (sa.invalid || sb.invalid) return diff('invalid SCAN-family reply');
      if (sa.error || sb.error) {
        return sa.error && sb.error && replyEquals(sa.error, sb.error) ? null : diff('replies differ');
      }
      return sa.elements.join('\u0000') === sb.elements.join('\u0000')
        ? null
        : diff('the full iterations returned different sets');
    }
    case 'blocking': {
      if (a.replies.length !== b.replies.length) return diff('different number of replies');
      for (let i = 0; i < a.replies.length; i++) {
        if (!replyEquals(a.replies[i], b.replies[i])) {
          const who =
            step.wake && i === 0 ? 'the wake-up command' : `blocked client ${step.wake ? i : i + 1}`;
          return diff(`replies differ (${who})`);
        }
      }
      return null;
    }
    case 'command': {
      const ra = a.replies[a.replies.length - 1];
      const rb = b.replies[b.replies.length - 1];
      if (step.check.kind === 'valid' && step.check.probe) {
        const pc = step.check.probeCheck ?? { kind: 'exact' };
        const p = compareReplies(pc, a.probe!, b.probe!);
        if (p)
          return diff(`state differs before the command: probe ${formatCommand(step.check.probe)}: ${p}`);
      }
      const r = compareReplies(step.check, ra, rb, [a.probe, b.probe]);
      return r ? diff(r) : null;
    }
  }
}

// ---- rendering -------------------------------------------------------------------------------------

function renderStep(s: Step): string[] {
  switch (s.kind) {
    case 'command':
      return [formatCommand(s.args, 120)];
    case 'sleep':
      return [`# sleep ${s.ms} ms`];
    case 'scan':
      return [`${formatCommand(s.args, 120)}   # iterated until cursor 0`];
    case 'blocking': {
      const lines = s.waiters.map(
        (w, i) => `# client ${i + 2} (does not wait for the reply): ${formatCommand(w.args, 120)}`,
      );
      if (s.wake) lines.push(formatCommand(s.wake, 120));
      return lines;
    }
  }
}

function commandName(s: Step): string {
  const args =
    s.kind === 'blocking' ? (s.waiters[0]?.args ?? []) : s.kind === 'sleep' ? ['(sleep)'] : (s.args as Arg[]);
  return String(args[0] ?? '').toUpperCase();
}

// ---- the run ---------------------------------------------------------------------------------------

/**
 * The step sequence of a seed: a family (by weight), then one of its generators (by weight); scenarios
 * of several steps are handed out one step at a time. Depends on nothing but the seed and the families
 * (absolute times such as EXAT are taken from the clock when the step is generated, just before it runs).
 */
export class StepSource {
  private readonly rng: Prng;
  private readonly gen: Gen;
  private queue: Step[] = [];

  constructor(
    seed: number,
    private readonly families: Family[],
  ) {
    if (families.length === 0) throw new Error('no family to generate steps from');
    this.rng = new Prng(seed);
    this.gen = new Gen(this.rng);
    this.gen.pools = families.map((f) => f.pool).filter((p): p is string => !!p);
    if (this.gen.pools.length === 0) this.gen.pools = ['str'];
  }

  /** The database the generator expects to be selected after the steps handed out so far. */
  get db(): number {
    return this.gen.db;
  }

  next(): Step {
    while (this.queue.length === 0) {
      const family = this.rng.weighted(this.families.map((f) => [f.weight ?? 1, f] as const));
      this.gen.family = family.name;
      const made = this.rng.weighted(family.generators)(this.gen);
      this.queue = Array.isArray(made) ? made : [made];
    }
    return this.queue.shift()!;
  }
}

export async function runDifferential(opts: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const log = opts.log ?? (() => undefined);
  const maxMismatches = opts.maxMismatches ?? 10;
  const timeoutMs = opts.commandTimeoutMs ?? 5000;
  const protocol = opts.protocol ?? 2;
  const names = opts.families.map((f) => f.name);
  const source = new StepSource(opts.seed, opts.families);

  const families = new Map<string, FamilyStats>(
    names.map((n) => [n, { steps: 0, mismatches: 0, commands: new Map() }]),
  );
  const result: RunResult = { seed: opts.seed, stepsRun: 0, mismatches: [], families, elapsedMs: 0 };
  const sessions = opts.servers.map((s) => new Session(s, protocol)) as [Session, Session];
  const history: Step[] = [];

  try {
    await Promise.all(sessions.map((s) => s.open()));
    // Start from empty servers in database 0.
    for (const s of sessions) {
      await s.main.call(['FLUSHALL']);
      await s.main.call(['SELECT', '0']);
    }

    while (result.stepsRun < opts.steps) {
      const step = source.next();
      const index = history.length;
      history.push(step);
      result.stepsRun++;
      const stats = families.get(step.family);
      if (stats) stats.steps++;

      if (step.kind === 'sleep') {
        await sleep(step.ms);
        continue;
      }
      const [a, b] = await Promise.all(sessions.map((s) => s.run(step, timeoutMs)));
      const difference = compareOutcomes(step, a, b);
      if (opts.trace) {
        const r = (o: Outcome): string =>
          o.scanned ? `{${o.scanned.elements.length} elements}` : o.replies.map(formatReply).join(' | ');
        log(
          `[${index}] db${step.db} ${step.family}: ${renderStep(step).join(' ; ')}\n    -> ${r(a)}${difference ? '\n    -> ' + r(b) : ''}`,
        );
      }
      if (difference) {
        const m = describe(opts, history, index, difference, names);
        result.mismatches.push(m);
        if (stats) {
          stats.mismatches++;
          const name = commandName(step);
          stats.commands.set(name, (stats.commands.get(name) ?? 0) + 1);
        }
        log(formatMismatch(m, opts.servers));
        if (result.mismatches.length >= maxMismatches) {
          result.stoppedBecause = `${maxMismatches} differences found`;
          break;
        }
      }
      const dead = sessions.find((s) => s.main.isClosed);
      if (dead) {
        const lastReplies = [a, b].flatMap((o) => o.replies);
        const why = lastReplies.some((r) => r === NO_REPLY_TIMEOUT)
          ? 'stopped answering'
          : 'closed the connection';
        result.stoppedBecause = `${dead.server.name} ${why} at step ${index}`;
        if (lastReplies.some((r) => r === NO_REPLY_CLOSED || r === NO_REPLY_TIMEOUT)) {
          const out = dead.server.output().trim().split('\n').slice(-15).join('\n');
          if (out) result.stoppedBecause += `; its last output:\n${out}`;
        }
        break;
      }
      if (difference) await resync(sessions, step, source.db);
      if (result.stepsRun % 500 === 0)
        log(`... ${result.stepsRun} steps, ${result.mismatches.length} differences`);
    }
  } finally {
    for (const s of sessions) s.close();
  }
  result.elapsedMs = Date.now() - started;
  return result;
}

/**
 * After a difference the keys involved may hold different data on the two servers; deleting them on
 * both (a whole database for SWAPDB, FLUSHDB, KEYS...) keeps one difference from cascading into many. The database the generator expects is selected
 * again (a failed SELECT would otherwise shift every later command).
 */
async function resync(sessions: Session[], step: Step, db: number): Promise<void> {
  for (const s of sessions) {
    for (const ref of step.keys) {
      if (ref.db < 0) {
        await s.main.call(['FLUSHALL']);
        continue;
      }
      const selected = await s.main.call(['SELECT', String(ref.db)]);
      // A server that cannot select that database must not lose the data of the current one.
      if (selected.type !== 'simple') continue;
      await s.main.call(ref.key === '*' ? ['FLUSHDB'] : ['DEL', ref.key]);
    }
    await s.main.call(['SELECT', String(db)]);
  }
}

function describe(
  opts: RunOptions,
  history: Step[],
  index: number,
  d: Difference,
  names: string[],
): Mismatch {
  const step = history[index];
  const relevant = minimalHistory(history, index);
  const lines: string[] = [];
  let db = 0;
  const MAX_LINES = 80;
  const shown = relevant.slice(-MAX_LINES);
  if (shown.length < relevant.length)
    lines.push(`# ... ${relevant.length - shown.length} earlier steps omitted`);
  for (const j of [...shown, index]) {
    const s = history[j];
    if (s.db !== db && s.kind !== 'sleep') {
      lines.push(`SELECT ${s.db}`);
      db = s.db;
    }
    for (const l of renderStep(s)) lines.push(`${j === index ? '>' : ' '}[${String(j).padStart(5)}] ${l}`);
  }
  const extra = opts.reproduceExtra ? ' ' + opts.reproduceExtra : '';
  return {
    seed: opts.seed,
    step: index,
    family: step.family,
    command: renderStep(step).join(' ; '),
    reason: d.reason,
    replies: d.replies,
    history: lines,
    reproduce:
      `node data-plane/dist/difftest/cli.js --seed ${opts.seed} --steps ${index + 1} ` +
      `--families ${names.join(',')}${extra}`,
  };
}

export function formatMismatch(m: Mismatch, servers: [ServerHandle, ServerHandle]): string {
  const keys = `${m.history.length - 1} earlier steps touch its keys`;
  return [
    `DIFFERENCE at step ${m.step} (seed ${m.seed}, family ${m.family}): ${m.reason}`,
    `  command: ${m.command}`,
    `  ${servers[0].name.padEnd(8)}: ${m.replies[0]}`,
    `  ${servers[1].name.padEnd(8)}: ${m.replies[1]}`,
    `  minimal history (${keys}; > marks the failing step):`,
    ...m.history.map((l) => '    ' + l),
    `  reproduce: ${m.reproduce}`,
  ].join('\n');
}

export function formatSummary(r: RunResult, servers: [ServerHandle, ServerHandle]): string {
  const lines = [
    `differential test: seed ${r.seed}, ${r.stepsRun} steps, ${servers[0].name} vs ${servers[1].name}, ` +
      `${(r.elapsedMs / 1000).toFixed(1)} s`,
    '',
    '| family | steps | differences | commands that differ |',
    '|---|---:|---:|---|',
  ];
  for (const [name, s] of r.families) {
    const cmds = [...s.commands].map(([c, n]) => `${c} (${n})`).join(', ');
    lines.push(`| ${name} | ${s.steps} | ${s.mismatches} | ${cmds} |`);
  }
  if (r.stoppedBecause) lines.push('', `stopped early: ${r.stoppedBecause}`);
  lines.push('', r.mismatches.length === 0 ? 'no differences' : `${r.mismatches.length} differences`);
  return lines.join('\n');
}
