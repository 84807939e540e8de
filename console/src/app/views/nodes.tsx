// Nodes (platform admins): health, RAM and disk capacity, datastores placed, drain and undrain.
import { useState } from 'preact/hooks';
import { api, listAll, type NodeInfo } from '../api';
import { formatBytes, formatTime } from '../format';
import { ErrorBox, usePoll } from '../ui';

export function NodesView() {
  const nodes = usePoll(() => listAll<NodeInfo>('/v1/nodes'), 3000, []);
  const [error, setError] = useState<unknown>(null);
  const toggle = async (n: NodeInfo) => {
    setError(null);
    try {
      await api('POST', `/v1/nodes/${n.id}/${n.draining ? 'undrain' : 'drain'}`);
      nodes.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Nodes</h1>
      <ErrorBox error={nodes.error ?? error} />
      {!nodes.data ? (
        <p class="loading">Loading…</p>
      ) : nodes.data.length === 0 ? (
        <p>No nodes registered.</p>
      ) : (
        <table class="list">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Address</th>
              <th scope="col">Health</th>
              <th scope="col">RAM budget used</th>
              <th scope="col">Disk used</th>
              <th scope="col">Datastores</th>
              <th scope="col">Last seen</th>
              <th scope="col">Placement</th>
            </tr>
          </thead>
          <tbody>
            {nodes.data.map((n) => {
              const ramUsed = n.memoryBudgetBytes - n.memoryFreeBytes;
              const diskUsed = n.diskCapacityBytes - n.diskFreeBytes;
              return (
                <tr key={n.id} data-node={n.name}>
                  <th scope="row">{n.name}</th>
                  <td>
                    <code>{n.address}</code>
                  </td>
                  <td>
                    <span class={`badge badge-${n.health === 'healthy' ? 'active' : 'failed'}`}>
                      {n.health}
                    </span>
                    {n.lastError ? <div class="muted">{n.lastError}</div> : null}
                  </td>
                  <td>
                    <meter
                      min={0}
                      max={n.memoryBudgetBytes || 1}
                      value={ramUsed}
                      aria-label={`${n.name} RAM used`}
                    />{' '}
                    {formatBytes(ramUsed)} of {formatBytes(n.memoryBudgetBytes)}
                  </td>
                  <td>
                    <meter
                      min={0}
                      max={n.diskCapacityBytes || 1}
                      value={diskUsed}
                      aria-label={`${n.name} disk used`}
                    />{' '}
                    {formatBytes(diskUsed)} of {formatBytes(n.diskCapacityBytes)}
                  </td>
                  <td>
                    {n.datastoreCount} ({n.instanceCount} running)
                  </td>
                  <td>{formatTime(n.lastSeenAt)}</td>
                  <td>
                    {n.draining ? 'draining ' : 'open '}
                    <button type="button" class="small secondary" onClick={() => toggle(n)}>
                      {n.draining ? 'Undrain' : 'Drain'}
                      <span class="visually-hidden"> {n.name}</span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
