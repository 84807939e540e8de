// The audit log: who did what, when, with what result; one page at a time.
import { useState } from 'preact/hooks';
import { api, type AuditEntry, type Page } from '../api';
import { formatTime } from '../format';
import { ErrorBox, usePoll } from '../ui';

export function AuditView() {
  const [tokens, setTokens] = useState<string[]>([]);
  const token = tokens.at(-1);
  const page = usePoll(
    () =>
      api<Page<AuditEntry>>(
        'GET',
        `/v1/audit?limit=50${token ? `&pageToken=${encodeURIComponent(token)}` : ''}`,
      ),
    10_000,
    [token],
  );
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Audit log</h1>
      <ErrorBox error={page.error} />
      {!page.data ? (
        <p class="loading">Loading…</p>
      ) : (
        <>
          <table class="list">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Result</th>
                <th scope="col">Who</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {page.data.items.map((e) => (
                <tr key={e.id} data-action={e.action}>
                  <td>{formatTime(e.at)}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>
                    {e.targetType} <code>{e.targetId}</code>
                  </td>
                  <td>
                    <span class={`badge badge-${e.result === 'ok' ? 'active' : 'failed'}`}>
                      {e.result} ({e.statusCode})
                    </span>
                  </td>
                  <td>
                    {e.role}
                    {e.apiKeyId ? (
                      <>
                        {' '}
                        <code>{e.apiKeyId}</code>
                      </>
                    ) : null}
                  </td>
                  <td>{e.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="actions">
            <button
              type="button"
              class="secondary"
              disabled={tokens.length === 0}
              onClick={() => setTokens(tokens.slice(0, -1))}
            >
              Previous page
            </button>
            <button
              type="button"
              class="secondary"
              disabled={!page.data.nextPageToken}
              onClick={() => setTokens([...tokens, page.data!.nextPageToken!])}
            >
              Next page
            </button>
          </div>
        </>
      )}
    </section>
  );
}
