// The console's shell: sign-in, navigation by role, and hash routes (#/datastores/<id>...), so the
// control plane serves one index.html at / and the API keeps every other path.
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, storedKey, storeKey, type ApiKeyInfo } from './api';
import { ErrorBox } from './ui';
import { AuditView } from './views/audit';
import { CreateDatastoreView } from './views/create-datastore';
import { DatastoreView } from './views/datastore';
import { DatastoresView } from './views/datastores';
import { NodesView } from './views/nodes';
import { OperationsView } from './views/operations';
import { TenantsView } from './views/tenants';

export interface Session {
  key: ApiKeyInfo;
  isAdmin: boolean;
  canChange: boolean;
}

function useHashRoute(): string[] {
  const read = () => (location.hash.replace(/^#\/?/, '') || 'datastores').split('/').filter(Boolean);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onChange = () => setRoute(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

function SignIn({ onSignedIn }: { onSignedIn: (info: ApiKeyInfo) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!key.trim()) {
      setError(new Error('Enter an API key.'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const info = await api<ApiKeyInfo>('GET', '/v1/api-keys/current', undefined, { key: key.trim() });
      storeKey(key.trim());
      onSignedIn(info);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" class="signin">
      <h1>Strata console</h1>
      <p>Sign in with an API key. It is kept in this browser tab only, until you sign out or close it.</p>
      <form onSubmit={submit} noValidate>
        <div class="field">
          <label for="api-key">API key</label>
          <input
            id="api-key"
            name="apiKey"
            type="password"
            autocomplete="off"
            value={key}
            onInput={(e) => setKey((e.target as HTMLInputElement).value)}
            required
          />
        </div>
        <ErrorBox error={error} />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}

const ROLE_WORDS: Record<string, string> = {
  platform_admin: 'platform admin',
  tenant_admin: 'tenant admin',
  tenant_viewer: 'tenant viewer',
};

function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [checking, setChecking] = useState(Boolean(storedKey()));
  const [error, setError] = useState<unknown>(null);
  const route = useHashRoute();
  const mainRef = useRef<HTMLElement>(null);

  const start = (info: ApiKeyInfo) =>
    setSession({
      key: info,
      isAdmin: info.role === 'platform_admin',
      canChange: info.role !== 'tenant_viewer',
    });

  useEffect(() => {
    if (!storedKey()) return;
    api<ApiKeyInfo>('GET', '/v1/api-keys/current')
      .then(start)
      .catch((err) => {
        storeKey(null);
        setError(err);
      })
      .finally(() => setChecking(false));
  }, []);

  // Move focus to the new page's heading, so keyboard and screen reader users land on it (not at
  // the first load, where the skip link comes first).
  const firstPage = useRef(true);
  useEffect(() => {
    if (!session) return;
    if (firstPage.current) {
      firstPage.current = false;
      return;
    }
    const heading = mainRef.current?.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
    }
  }, [route.join('/'), Boolean(session)]);

  if (checking) return <p class="loading">Loading…</p>;
  if (!session) {
    return (
      <>
        {error ? <ErrorBox error={error} /> : null}
        <SignIn onSignedIn={start} />
      </>
    );
  }

  const signOut = () => {
    storeKey(null);
    setSession(null);
    location.hash = '#/datastores';
  };

  const [section, id] = route;
  const links: [string, string][] = [
    ['datastores', 'Datastores'],
    ['tenants', session.isAdmin ? 'Tenants' : 'Tenant settings'],
    ...(session.isAdmin ? ([['nodes', 'Nodes']] as [string, string][]) : []),
    ['operations', 'Operations'],
    ...(session.key.role !== 'tenant_viewer' ? ([['audit', 'Audit log']] as [string, string][]) : []),
  ];
  let page;
  if (section === 'datastores' && id === 'new') page = <CreateDatastoreView session={session} />;
  else if (section === 'datastores' && id) page = <DatastoreView session={session} id={id} />;
  else if (section === 'tenants') page = <TenantsView session={session} />;
  else if (section === 'nodes' && session.isAdmin) page = <NodesView />;
  else if (section === 'operations') page = <OperationsView />;
  else if (section === 'audit' && session.key.role !== 'tenant_viewer') page = <AuditView />;
  else page = <DatastoresView session={session} />;

  return (
    <>
      <a
        class="skip"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          mainRef.current?.focus();
        }}
      >
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Strata</span>
        <nav aria-label="Sections">
          <ul>
            {links.map(([path, label]) => (
              <li key={path}>
                <a href={`#/${path}`} aria-current={section === path ? 'page' : undefined}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span class="who" data-role={session.key.role}>
          {session.key.name} · {ROLE_WORDS[session.key.role] ?? session.key.role}
        </span>
        <button type="button" class="secondary small" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        {page}
      </main>
    </>
  );
}

const root = document.getElementById('app')!;
root.textContent = ''; // the static "Loading" line
render(<App />, root);
