// The datastores list: status, memory use (from the latest figures) and tiering, newest last.
import { api, listAll, type Datastore, type DatastoreMetrics, type Tenant } from '../api';
import { formatBytes, formatCount, formatPercent } from '../format';
import type { Session } from '../main';
import { ErrorBox, StatusBadge, usePoll } from '../ui';

interface Row {
  datastore: Datastore;
  usedMemory: number | null;
  tieredEntries: number | null;
}

export function DatastoresView({ session }: { session: Session }) {
  const { data, error } = usePoll(
    async () => {
      const [datastores, tenants] = await Promise.all([
        listAll<Datastore>('/v1/datastores'),
        session.isAdmin ? listAll<Tenant>('/v1/tenants') : Promise.resolve([] as Tenant[]),
      ]);
      const rows: Row[] = await Promise.all(
        datastores.map(async (datastore) => {
          if (datastore.status !== 'active' && datastore.status !== 'updating') {
            return { datastore, usedMemory: null, tieredEntries: null };
          }
          // The latest figures only (an hour of series would be wasted here).
          const m = await api<DatastoreMetrics>('GET', `/v1/datastores/${datastore.id}/metrics?hours=1`);
          const last = m.series.at(-1);
          return {
            datastore,
            usedMemory: last?.usedMemory ?? null,
            tieredEntries: last?.tieredEntries ?? null,
          };
        }),
      );
      return { rows, tenants: new Map(tenants.map((t) => [t.id, t.name])) };
    },
    3000,
    [],
  );
  return (
    <section aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title">Datastores</h1>
        {session.canChange ? (
          <a class="button" href="#/datastores/new">
            Create datastore
          </a>
        ) : null}
      </div>
      <ErrorBox error={error} />
      {!data ? (
        <p class="loading">Loading…</p>
      ) : data.rows.length === 0 ? (
        <p>No datastores yet.{session.canChange ? ' Create one to get a Redis endpoint.' : ''}</p>
      ) : (
        <table class="list" aria-describedby="page-title">
          <thead>
            <tr>
              <th scope="col">Name</th>
              {session.isAdmin ? <th scope="col">Tenant</th> : null}
              <th scope="col">Status</th>
              <th scope="col">Memory used</th>
              <th scope="col">Values on disk</th>
              <th scope="col">Tiering</th>
              <th scope="col">Endpoint</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map(({ datastore: d, usedMemory, tieredEntries }) => (
              <tr key={d.id} data-datastore={d.name}>
                <th scope="row">
                  <a href={`#/datastores/${d.id}`}>{d.name}</a>
                </th>
                {session.isAdmin ? <td>{data.tenants.get(d.tenantId) ?? d.tenantId}</td> : null}
                <td>
                  <StatusBadge status={d.status} healthy={d.nodeHealthy} />
                </td>
                <td>
                  {usedMemory === null ? (
                    `- of ${formatBytes(d.memoryBytes)}`
                  ) : (
                    <span class="meter-cell">
                      <meter
                        min={0}
                        max={d.memoryBytes}
                        value={usedMemory}
                        aria-label={`${d.name} memory used`}
                      />
                      {formatBytes(usedMemory)} of {formatBytes(d.memoryBytes)} (
                      {formatPercent(usedMemory, d.memoryBytes)})
                    </span>
                  )}
                </td>
                <td>{tieredEntries === null ? '-' : formatCount(tieredEntries)}</td>
                <td>{d.effectiveTiering.enabled ? 'on' : 'off'}</td>
                <td>{d.endpoint ? <code>{`${d.endpoint.host}:${d.endpoint.port}`}</code> : '-'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
