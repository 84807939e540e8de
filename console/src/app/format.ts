// Formatting and parsing of sizes, rates and times, shared by the views. Pure functions (unit tested).

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** 1536 -> "1.5 KiB"; powers of 1024 as the API's sizes are. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '-';
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${bytes < 0 ? '-' : ''}${value
    .toFixed(digits)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '')} ${UNITS[unit]}`;
}

/** 12345 -> "12.3k"; plain counts and rates. */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return '-';
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toFixed(1).replace(/\.0$/, '')}G`;
  if (abs >= 1e6) return `${(value / 1e6).toFixed(1).replace(/\.0$/, '')}M`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(1).replace(/\.0$/, '')}k`;
  if (Number.isInteger(value)) return String(value);
  return value.toFixed(abs >= 10 ? 0 : abs >= 1 ? 1 : 2);
}

export function formatPercent(part: number, whole: number): string {
  if (!whole) return '-';
  return `${Math.round((part / whole) * 100)}%`;
}

const SIZE_PATTERN = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?$/i;

/** The API's sizes: "256mb", "1.5gb", "1048576" -> bytes (powers of 1024); null when not a size. */
export function parseSize(text: string): number | null {
  const match = SIZE_PATTERN.exec(text.trim());
  if (!match) return null;
  const unit = (match[2] ?? 'b').toLowerCase().replace(/i?b$/, '') || 'b';
  const scale: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };
  const bytes = Math.floor(Number(match[1]) * scale[unit]);
  return Number.isSafeInteger(bytes) ? bytes : null;
}

/** bytes -> the shortest exact size text the API accepts back ("256mb", "1536kb", "1000"). */
export function sizeText(bytes: number): string {
  for (const [unit, scale] of [
    ['tb', 1024 ** 4],
    ['gb', 1024 ** 3],
    ['mb', 1024 ** 2],
    ['kb', 1024],
  ] as const) {
    if (bytes >= scale && bytes % scale === 0) return `${bytes / scale}${unit}`;
  }
  return String(bytes);
}

/** ISO time -> "14:03:05" today, or a short date and time. */
export function formatTime(iso: string | null, now = new Date()): string {
  if (!iso) return '-';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '-';
  const time = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  if (at.toDateString() === now.toDateString()) return time;
  return `${at.toLocaleDateString([], { month: 'short', day: 'numeric' })} ${time}`;
}

/**
 * Per-second rates of a counter series: for each pair of neighbouring points, the increase over
 * the seconds between them. A counter that went down (server restarted) gives no point.
 */
export function ratePerSecond(points: readonly { t: number; v: number }[]): { t: number; v: number }[] {
  const out: { t: number; v: number }[] = [];
  for (let i = 1; i < points.length; i++) {
    const seconds = (points[i].t - points[i - 1].t) / 1000;
    const delta = points[i].v - points[i - 1].v;
    if (seconds <= 0 || delta < 0) continue;
    out.push({ t: points[i].t, v: delta / seconds });
  }
  return out;
}
