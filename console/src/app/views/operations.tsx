// Operations: long actions with their progress; the newest first, refreshed while any runs.
import { listAll, type Operation } from '../api';
import { formatTime } from '../format';
import { describeKind, ErrorBox, OperationLine, usePoll } from '../ui';

export function OperationsView() {
  const ops = usePoll(() => listAll<Operation>('/v1/operations', 2000), 2000, []);
  const items = [...(ops.data ?? [])].reverse();
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Operations</h1>
      <ErrorBox error={ops.error} />
      {!ops.data ? (
        <p class="loading">Loading…</p>
      ) : items.length === 0 ? (
        <p>No operations yet.</p>
      ) : (
        <table class="list">
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">What</th>
              <th scope="col">On</th>
              <th scope="col">Progress</th>
              <th scope="col">Finished</th>
            </tr>
          </thead>
          <tbody>
            {items.slice(0, 200).map((op) => (
              <tr key={op.id}>
                <td>{formatTime(op.createdAt)}</td>
                <td>{describeKind(op.kind)}</td>
                <td>
                  {op.targetType === 'datastore' ? (
                    <a href={`#/datastores/${op.targetId}`}>{op.targetId}</a>
                  ) : (
                    <code>{op.targetId}</code>
                  )}
                </td>
                <td>
                  <OperationLine op={op} />
                </td>
                <td>{formatTime(op.finishedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
