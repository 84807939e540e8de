// A small SVG line chart: time on x, one or more series on y, a legend with the latest values and a
// text summary for screen readers. `data-latest` carries the latest values for tests.

export interface ChartSeries {
  label: string;
  color: string;
  points: { t: number; v: number }[];
  dashed?: boolean;
}

interface ChartProps {
  title: string;
  series: ChartSeries[];
  format: (value: number) => string;
  id: string;
}

const WIDTH = 560;
const HEIGHT = 170;
const PAD = { left: 64, right: 12, top: 10, bottom: 24 };

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (value <= step * power) return step * power;
  return 10 * power;
}

function clock(t: number): string {
  return new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function Chart({ title, series, format, id }: ChartProps) {
  const all = series.flatMap((s) => s.points);
  const latest = Object.fromEntries(series.map((s) => [s.label, s.points.at(-1)?.v ?? null]));
  const headingId = `${id}-title`;
  if (all.length === 0) {
    return (
      <figure class="chart" data-chart={id} data-latest={JSON.stringify(latest)} aria-labelledby={headingId}>
        <figcaption id={headingId}>{title}</figcaption>
        <p class="muted">No figures yet: they appear a few seconds after the datastore is active.</p>
      </figure>
    );
  }
  const t0 = Math.min(...all.map((p) => p.t));
  const t1 = Math.max(...all.map((p) => p.t), t0 + 1000);
  const yMax = niceMax(Math.max(...all.map((p) => p.v)));
  const x = (t: number) => PAD.left + ((t - t0) / (t1 - t0)) * (WIDTH - PAD.left - PAD.right);
  const y = (v: number) => HEIGHT - PAD.bottom - (v / yMax) * (HEIGHT - PAD.top - PAD.bottom);
  const summary = series
    .map((s) => `${s.label}: ${latest[s.label] === null ? 'no data' : format(latest[s.label] as number)}`)
    .join('; ');
  return (
    <figure class="chart" data-chart={id} data-latest={JSON.stringify(latest)} aria-labelledby={headingId}>
      <figcaption id={headingId}>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${title}. Latest: ${summary}`}>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line class="grid" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(yMax * f)} y2={y(yMax * f)} />
            <text class="axis" x={PAD.left - 6} y={y(yMax * f) + 4} text-anchor="end">
              {format(yMax * f)}
            </text>
          </g>
        ))}
        <text class="axis" x={PAD.left} y={HEIGHT - 6}>
          {clock(t0)}
        </text>
        <text class="axis" x={WIDTH - PAD.right} y={HEIGHT - 6} text-anchor="end">
          {clock(t1)}
        </text>
        {series.map((s) =>
          s.points.length === 1 ? (
            <circle key={s.label} cx={x(s.points[0].t)} cy={y(s.points[0].v)} r="3" fill={s.color} />
          ) : (
            <polyline
              key={s.label}
              fill="none"
              stroke={s.color}
              stroke-width="2"
              stroke-dasharray={s.dashed ? '6 4' : undefined}
              points={s.points.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ')}
            />
          ),
        )}
      </svg>
      <ul class="legend">
        {series.map((s) => (
          <li key={s.label}>
            <span
              class={`swatch${s.dashed ? ' dashed' : ''}`}
              style={{ borderColor: s.color }}
              aria-hidden="true"
            />
            {s.label}: <strong>{latest[s.label] === null ? '-' : format(latest[s.label] as number)}</strong>
          </li>
        ))}
      </ul>
    </figure>
  );
}
