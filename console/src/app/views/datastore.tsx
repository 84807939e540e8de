// One datastore: status, endpoint and connection snippets, password reveal and rotation, charts
// of its figures over time, live settings (memory, eviction, tiering overrides) and deletion.
import { useEffect, useState } from 'preact/hooks';
import {
  api,
  ApiProblem,
  type Datastore,
  type DatastoreMetrics,
  type MetricPoint,
  type NodeInfo,
  type Operation,
  type Page,
  type Tenant,
} from '../api';
import { Chart, type ChartSeries } from '../chart';
import { formatBytes, formatCount, parseSize, ratePerSecond, sizeText } from '../format';
import type { Session } from '../main';
import {
  CopyBlock,
  ErrorBox,
  Field,
  Notice,
  OperationProgress,
  StatusBadge,
  TieringFields,
  usePoll,
} from '../ui';
import {
  EVICTION_POLICIES,
  formFieldOf,
  formToTiering,
  tieringToForm,
  validateMemory,
  validateTieringForm,
  type FieldErrors,
  type TieringForm,
} from '../validation';

type Result = { datastore: Datastore; operation: Operation };

export function DatastoreView({ session, id }: { session: Session; id: string }) {
  const [operation, setOperation] = useState<Operation | null>(null);
  const ds = usePoll(() => api<Datastore>('GET', `/v1/datastores/${id}`), 2000, [id]);
  const d = ds.data;
  const gone = d?.status === 'deleted';
  const tenant = usePoll(
    () => (d ? api<Tenant>('GET', `/v1/tenants/${d.tenantId}`) : Promise.resolve(null)),
    30_000,
    [d?.tenantId],
  );
  const node = usePoll(
    () =>
      session.isAdmin && d?.nodeId ? api<NodeInfo>('GET', `/v1/nodes/${d.nodeId}`) : Promise.resolve(null),
    30_000,
    [d?.nodeId],
  );
  // An operation already running on this datastore (started elsewhere) shows its progress too.
  const running = usePoll(
    () =>
      api<Page<Operation>>('GET', `/v1/operations?targetId=${encodeURIComponent(id)}&status=running&limit=5`),
    3000,
    [id],
    !gone,
  );
  const shownOperation = operation ?? running.data?.items.at(-1) ?? null;

  if (ds.error && !d) return <ErrorBox error={ds.error} />;
  if (!d) return <p class="loading">Loading…</p>;
  const onOperation = (result: Result) => {
    ds.setData(result.datastore);
    setOperation(result.operation);
  };
  return (
    <section aria-labelledby="page-title" data-datastore-id={d.id}>
      <p class="crumbs">
        <a href="#/datastores">Datastores</a> /
      </p>
      <div class="page-head">
        <h1 id="page-title">{d.name}</h1>
        <StatusBadge status={d.status} healthy={d.nodeHealthy} />
      </div>
      {d.statusReason && d.status !== 'active' ? <p class="reason">{d.statusReason}</p> : null}
      <ErrorBox error={ds.error} />
      {shownOperation ? (
        <OperationProgress
          key={shownOperation.id}
          operation={shownOperation}
          onDone={() => {
            ds.reload();
            running.reload();
          }}
        />
      ) : null}
      <dl class="facts">
        <dt>Tenant</dt>
        <dd>{tenant.data?.name ?? d.tenantId}</dd>
        <dt>Memory</dt>
        <dd>{formatBytes(d.memoryBytes)}</dd>
        <dt>Eviction policy</dt>
        <dd>{d.evictionPolicy}</dd>
        <dt>Tiering</dt>
        <dd data-tiering={d.effectiveTiering.enabled ? 'on' : 'off'}>
          {d.effectiveTiering.enabled ? 'on' : 'off'}
        </dd>
        <dt>Node</dt>
        <dd>
          {node.data?.name ?? d.nodeId ?? '-'}
          {d.nodeHealthy === false ? ' (not answering health checks)' : ''}
        </dd>
        <dt>Id</dt>
        <dd>
          <code>{d.id}</code>
        </dd>
      </dl>
      {gone ? (
        <Notice>This datastore was deleted with its data.</Notice>
      ) : (
        <>
          <Connection d={d} session={session} onOperation={onOperation} />
          <Charts id={d.id} />
          {session.canChange ? <Settings d={d} tenant={tenant.data} onOperation={onOperation} /> : null}
          {session.canChange ? <DeleteZone d={d} onOperation={onOperation} /> : null}
        </>
      )}
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// Connection
// ---------------------------------------------------------------------------------------------

function snippets(host: string, port: number, password: string | null) {
  const pw = password ?? '$STRATA_PASSWORD';
  const quoted = password ? `'${password}'` : 'process.env.STRATA_PASSWORD';
  const py = password ? `'${password}'` : 'os.environ["STRATA_PASSWORD"]';
  return {
    cli: `redis-cli -h ${host} -p ${port} -a ${password ? `'${pw}'` : `"${pw}"`} --no-auth-warning PING`,
    ioredis: `import Redis from 'ioredis';\n\nconst redis = new Redis({ host: '${host}', port: ${port}, password: ${quoted} });\nawait redis.set('greeting', 'hello');\nconsole.log(await redis.get('greeting'));`,
    python: `${password ? '' : 'import os\n'}import redis\n\nr = redis.Redis(host='${host}', port=${port}, password=${py}, decode_responses=True)\nr.set('greeting', 'hello')\nprint(r.get('greeting'))`,
  };
}

function Connection({
  d,
  session,
  onOperation,
}: {
  d: Datastore;
  session: Session;
  onOperation: (r: Result) => void;
}) {
  const [revealed, setRevealed] = useState(false);
  const [confirmRotate, setConfirmRotate] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (!d.endpoint) {
    return (
      <section aria-labelledby="connect-title">
        <h2 id="connect-title">Connect</h2>
        <p class="muted">The endpoint appears once the datastore is placed on a node.</p>
      </section>
    );
  }
  const s = snippets(d.endpoint.host, d.endpoint.port, revealed ? d.password : null);
  const rotate = async () => {
    setError(null);
    try {
      onOperation(await api<Result>('POST', `/v1/datastores/${d.id}/rotate-password`));
      setConfirmRotate(false);
      setRevealed(false);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section aria-labelledby="connect-title">
      <h2 id="connect-title">Connect</h2>
      <dl class="facts">
        <dt>Endpoint</dt>
        <dd>
          <code data-endpoint>{`${d.endpoint.host}:${d.endpoint.port}`}</code>
        </dd>
        <dt>Password</dt>
        <dd class="password">
          {d.password === null ? (
            <span class="muted">hidden from your role</span>
          ) : (
            <>
              <code data-password={revealed ? 'shown' : 'hidden'}>
                {revealed ? d.password : '•'.repeat(16)}
              </code>
              <button
                type="button"
                class="small secondary"
                aria-pressed={revealed}
                onClick={() => setRevealed(!revealed)}
              >
                {revealed ? 'Hide password' : 'Reveal password'}
              </button>
              {session.canChange && !confirmRotate ? (
                <button type="button" class="small secondary" onClick={() => setConfirmRotate(true)}>
                  Rotate password
                </button>
              ) : null}
            </>
          )}
        </dd>
      </dl>
      {confirmRotate ? (
        <div class="confirm" role="group" aria-label="Confirm password rotation">
          <p>Clients using the current password must reconnect with the new one once the rotation is done.</p>
          <button type="button" onClick={rotate}>
            Rotate now
          </button>
          <button type="button" class="secondary" onClick={() => setConfirmRotate(false)}>
            Cancel
          </button>
        </div>
      ) : null}
      <ErrorBox error={error} />
      {!revealed && d.password !== null ? (
        <p class="muted">The snippets read the password from STRATA_PASSWORD; reveal it to include it.</p>
      ) : null}
      <div class="snippets">
        <CopyBlock id="snippet-cli" label="redis-cli" text={s.cli} />
        <CopyBlock id="snippet-ioredis" label="Node.js (ioredis)" text={s.ioredis} />
        <CopyBlock id="snippet-python" label="Python (redis-py)" text={s.python} />
      </div>
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// Charts
// ---------------------------------------------------------------------------------------------

const COLORS = { a: '#0b57d0', b: '#b3261e', c: '#146c2e', d: '#7c4dff' };

function series(points: MetricPoint[], pick: (p: MetricPoint) => number) {
  return points.map((p) => ({ t: Date.parse(p.at), v: pick(p) }));
}

export function chartsOf(points: MetricPoint[]) {
  const rate = (pick: (p: MetricPoint) => number) => ratePerSecond(series(points, pick));
  const charts: { id: string; title: string; format: (v: number) => string; series: ChartSeries[] }[] = [
    {
      id: 'memory',
      title: 'RAM used against maxmemory',
      format: formatBytes,
      series: [
        { label: 'RAM used', color: COLORS.a, points: series(points, (p) => p.usedMemory) },
        { label: 'maxmemory', color: COLORS.b, points: series(points, (p) => p.maxmemory), dashed: true },
      ],
    },
    {
      id: 'disk',
      title: 'Bytes on disk',
      format: formatBytes,
      series: [{ label: 'values on disk', color: COLORS.a, points: series(points, (p) => p.tieredBytes) }],
    },
    {
      id: 'entries',
      title: 'Entries in RAM and on disk',
      format: formatCount,
      series: [
        {
          label: 'in RAM only',
          color: COLORS.a,
          points: series(points, (p) => Math.max(0, p.keys - p.tieredEntries)),
        },
        // tiered_entries counts cooled values too: on disk with a RAM copy kept.
        { label: 'on disk', color: COLORS.c, points: series(points, (p) => p.tieredEntries) },
      ],
    },
    {
      id: 'hits',
      title: 'Reads by tier (per second)',
      format: formatCount,
      series: [
        { label: 'RAM', color: COLORS.a, points: rate((p) => p.ramHits) },
        { label: 'cooled RAM copy', color: COLORS.d, points: rate((p) => p.ramCoolHits) },
        { label: 'disk', color: COLORS.b, points: rate((p) => p.ramMisses) },
      ],
    },
    {
      id: 'ops',
      title: 'Commands per second',
      format: formatCount,
      series: [{ label: 'ops/s', color: COLORS.a, points: series(points, (p) => p.opsPerSec) }],
    },
    {
      id: 'io',
      title: 'Disk reads and writes per second',
      format: formatCount,
      series: [
        { label: 'reads', color: COLORS.a, points: rate((p) => p.totalFetches) },
        { label: 'writes', color: COLORS.c, points: rate((p) => p.totalStashes) },
      ],
    },
    {
      id: 'throttled',
      title: 'Clients throttled by pending disk writes',
      format: formatCount,
      series: [
        { label: 'throttled clients', color: COLORS.b, points: series(points, (p) => p.clientsThrottled) },
      ],
    },
  ];
  return charts;
}

function Charts({ id }: { id: string }) {
  const [hours, setHours] = useState(1);
  const metrics = usePoll(
    () => api<DatastoreMetrics>('GET', `/v1/datastores/${id}/metrics?hours=${hours}`),
    2000,
    [id, hours],
  );
  const points = metrics.data?.series ?? [];
  return (
    <section aria-labelledby="charts-title">
      <div class="page-head">
        <h2 id="charts-title">Figures over time</h2>
        <label class="inline">
          Window{' '}
          <select value={hours} onChange={(e) => setHours(Number((e.target as HTMLSelectElement).value))}>
            <option value={1}>last hour</option>
            <option value={3}>last 3 hours</option>
            <option value={6}>last 6 hours</option>
          </select>
        </label>
      </div>
      <ErrorBox error={metrics.error} />
      <p class="muted" aria-live="polite">
        {points.length} samples
        {metrics.data?.latestAt ? `, latest at ${new Date(metrics.data.latestAt).toLocaleTimeString()}` : ''}.
      </p>
      <div class="charts">
        {chartsOf(points).map((c) => (
          <Chart key={c.id} id={c.id} title={c.title} format={c.format} series={c.series} />
        ))}
      </div>
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------

function Settings({
  d,
  tenant,
  onOperation,
}: {
  d: Datastore;
  tenant: Tenant | null;
  onOperation: (r: Result) => void;
}) {
  const [memory, setMemory] = useState(sizeText(d.memoryBytes));
  const [eviction, setEviction] = useState(d.evictionPolicy);
  const [tiering, setTiering] = useState<TieringForm>(tieringToForm(d.tiering));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  const [dirty, setDirty] = useState(false);

  // Follow the server's version while the form is untouched.
  useEffect(() => {
    if (dirty) return;
    setMemory(sizeText(d.memoryBytes));
    setEviction(d.evictionPolicy);
    setTiering(tieringToForm(d.tiering));
  }, [d.etag]);

  const save = async (e: Event) => {
    e.preventDefault();
    setSaved('');
    const found = { ...validateMemory(memory), ...validateTieringForm(tiering) };
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setProblem(new Error('Some settings need attention: see the messages under them.'));
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      const body: Record<string, unknown> = { tiering: formToTiering(tiering) };
      if (parseSize(memory) !== d.memoryBytes) body.memory = memory.trim();
      if (eviction !== d.evictionPolicy) body.evictionPolicy = eviction;
      const result = await api<Result>('PATCH', `/v1/datastores/${d.id}`, body, { ifMatch: d.etag });
      setDirty(false);
      setSaved('Saved: the change is being applied.');
      onOperation(result);
    } catch (err) {
      setProblem(err);
      const field = formFieldOf(err instanceof ApiProblem ? err.field : undefined);
      if (field) setErrors({ [field]: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };
  const touch =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      setDirty(true);
      set(v);
    };
  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <p class="muted">
        Changes apply live with CONFIG SET where the server can; turning tiering on or off restarts the
        datastore. Empty tiering fields inherit the tenant&apos;s defaults.
      </p>
      <form onSubmit={save} noValidate class="form" aria-labelledby="settings-title">
        <div class="row">
          <Field label="Memory (maxmemory)" name="memory" errors={errors}>
            {(props) => (
              <input
                {...props}
                name="memory"
                value={memory}
                onInput={(e) => touch(setMemory)((e.target as HTMLInputElement).value)}
              />
            )}
          </Field>
          <Field label="Eviction policy" name="evictionPolicy" errors={errors}>
            {(props) => (
              <select
                {...props}
                name="evictionPolicy"
                value={eviction}
                onChange={(e) => touch(setEviction)((e.target as HTMLSelectElement).value)}
              >
                {EVICTION_POLICIES.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <fieldset>
          <legend>Tiering overrides</legend>
          <TieringFields
            form={tiering}
            inherited={tenant?.effectiveTiering}
            errors={errors}
            onChange={touch(setTiering)}
          />
        </fieldset>
        <ErrorBox error={problem} />
        <div class="actions">
          <button type="submit" disabled={busy || d.status === 'deleting'}>
            {busy ? 'Saving…' : 'Save settings'}
          </button>
          <span role="status" class="muted">
            {saved}
          </span>
        </div>
      </form>
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// Delete
// ---------------------------------------------------------------------------------------------

function DeleteZone({ d, onOperation }: { d: Datastore; onOperation: (r: Result) => void }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<unknown>(null);
  const remove = async (e: Event) => {
    e.preventDefault();
    if (typed !== d.name) {
      setError(new Error(`Type ${d.name} to confirm.`));
      return;
    }
    setError(null);
    try {
      onOperation(await api<Result>('DELETE', `/v1/datastores/${d.id}`));
      setOpen(false);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section aria-labelledby="delete-title" class="danger">
      <h2 id="delete-title">Delete</h2>
      {d.status === 'deleting' ? (
        <p>Deleting…</p>
      ) : !open ? (
        <button type="button" class="danger" onClick={() => setOpen(true)}>
          Delete datastore…
        </button>
      ) : (
        <form onSubmit={remove} noValidate class="confirm">
          <p>
            This deletes <strong>{d.name}</strong> and all its data, in RAM and on disk. It cannot be undone.
          </p>
          <div class="field">
            <label for="confirm-name">Type the datastore&apos;s name to confirm</label>
            <input
              id="confirm-name"
              autocomplete="off"
              value={typed}
              onInput={(e) => setTyped((e.target as HTMLInputElement).value)}
            />
          </div>
          <ErrorBox error={error} />
          <button type="submit" class="danger" disabled={typed !== d.name}>
            Delete {d.name}
          </button>{' '}
          <button type="button" class="secondary" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </form>
      )}
    </section>
  );
}
