/** Redis-style log lines on stdout: "pid:M 26 Nov 2026 20:28:28.123 * message". */
const LEVELS = { debug: 0, verbose: 1, notice: 2, warning: 3, nothing: 4 } as const;
export type LogLevel = keyof typeof LEVELS;

let threshold: number = LEVELS.notice;

export function setLogLevel(level: string): void {
  threshold = LEVELS[level as LogLevel] ?? LEVELS.notice;
}

export function log(level: LogLevel, message: string): void {
  if (LEVELS[level] < threshold) return;
  const mark = level === 'warning' ? '#' : level === 'notice' ? '*' : level === 'verbose' ? '-' : '.';
  process.stdout.write(`${process.pid}:M ${new Date().toISOString()} ${mark} ${message}\n`);
}
