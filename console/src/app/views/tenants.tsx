// Tenants and their tiering defaults. Platform admins see every tenant and may create one; tenant
// keys see their own. Saving the defaults returns a roll-out operation over the tenant's datastores.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiProblem, listAll, type Operation, type Tenant } from '../api';
import type { Session } from '../main';
import { ErrorBox, Field, OperationProgress, TieringFields, usePoll } from '../ui';
import {
  formFieldOf,
  formToTiering,
  NAME_PATTERN,
  NAME_RULE,
  tieringToForm,
  validateTieringForm,
  type FieldErrors,
  type TieringForm,
} from '../validation';

export function TenantsView({ session }: { session: Session }) {
  const tenants = usePoll(() => listAll<Tenant>('/v1/tenants'), 10_000, []);
  const [selected, setSelected] = useState<string>('');
  const list = tenants.data ?? [];
  const current = list.find((t) => t.id === selected) ?? (session.isAdmin ? undefined : list[0]);
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{session.isAdmin ? 'Tenants' : 'Tenant settings'}</h1>
      <ErrorBox error={tenants.error} />
      {session.isAdmin ? (
        <>
          <table class="list">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Tiering by default</th>
                <th scope="col">Lists offloaded</th>
                <th scope="col">Hashes offloaded</th>
                <th scope="col">Offload threshold</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((t) => (
                <tr key={t.id} data-tenant={t.name}>
                  <th scope="row">{t.name}</th>
                  <td>{t.effectiveTiering.enabled ? 'on' : 'off'}</td>
                  <td>{t.effectiveTiering.lists?.enabled ? 'yes' : 'no'}</td>
                  <td>{t.effectiveTiering.hashes?.enabled ? 'yes' : 'no'}</td>
                  <td>{t.effectiveTiering.offloadThreshold}</td>
                  <td>
                    <button
                      type="button"
                      class="small secondary"
                      aria-pressed={selected === t.id}
                      onClick={() => setSelected(t.id)}
                    >
                      Edit defaults<span class="visually-hidden"> of {t.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <NewTenant
            onCreated={(t) => {
              tenants.reload();
              setSelected(t.id);
            }}
          />
        </>
      ) : null}
      {current ? (
        <TenantDefaults
          key={current.id}
          tenant={current}
          canChange={session.canChange}
          onSaved={() => tenants.reload()}
        />
      ) : null}
    </section>
  );
}

function NewTenant({ onCreated }: { onCreated: (t: Tenant) => void }) {
  const [name, setName] = useState('');
  const [tieringOn, setTieringOn] = useState(true);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<unknown>(null);
  const create = async (e: Event) => {
    e.preventDefault();
    if (!NAME_PATTERN.test(name)) {
      setErrors({ name: `Must be ${NAME_RULE}.` });
      return;
    }
    setErrors({});
    setProblem(null);
    try {
      const tenant = await api<Tenant>('POST', '/v1/tenants', { name, tiering: { enabled: tieringOn } });
      setName('');
      onCreated(tenant);
    } catch (err) {
      setProblem(err);
      if (err instanceof ApiProblem && err.field) setErrors({ [err.field]: err.message });
    }
  };
  return (
    <form onSubmit={create} noValidate class="form inline-form" aria-labelledby="new-tenant-title">
      <h2 id="new-tenant-title">New tenant</h2>
      <div class="row">
        <Field label="Tenant name" name="name" errors={errors}>
          {(props) => (
            <input
              {...props}
              name="tenantName"
              autocomplete="off"
              value={name}
              onInput={(e) => setName((e.target as HTMLInputElement).value)}
            />
          )}
        </Field>
        <div class="field checkbox">
          <input
            id="new-tenant-tiering"
            type="checkbox"
            checked={tieringOn}
            onChange={(e) => setTieringOn((e.target as HTMLInputElement).checked)}
          />
          <label for="new-tenant-tiering">Tiering on by default</label>
        </div>
        <button type="submit">Create tenant</button>
      </div>
      <ErrorBox error={problem} />
    </form>
  );
}

function TenantDefaults({
  tenant,
  canChange,
  onSaved,
}: {
  tenant: Tenant;
  canChange: boolean;
  onSaved: () => void;
}) {
  const [form, setForm] = useState<TieringForm>(tieringToForm(tenant.tiering));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [operation, setOperation] = useState<Operation | null>(null);
  useEffect(() => setForm(tieringToForm(tenant.tiering)), [tenant.etag]);
  const save = async (e: Event) => {
    e.preventDefault();
    const found = validateTieringForm(form);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setProblem(new Error('Some settings need attention: see the messages under them.'));
      return;
    }
    setProblem(null);
    try {
      const result = await api<{ tenant: Tenant; operation: Operation }>(
        'PATCH',
        `/v1/tenants/${tenant.id}`,
        { tiering: formToTiering(form) },
        { ifMatch: tenant.etag },
      );
      setOperation(result.operation);
      onSaved();
    } catch (err) {
      setProblem(err);
      const field = formFieldOf(err instanceof ApiProblem ? err.field : undefined);
      if (field) setErrors({ [field]: err instanceof Error ? err.message : String(err) });
    }
  };
  return (
    <form onSubmit={save} noValidate class="form" aria-labelledby="defaults-title">
      <h2 id="defaults-title">Tiering defaults of {tenant.name}</h2>
      <p class="muted">
        Every datastore of the tenant inherits these unless it overrides them; a change rolls out to them
        live. Empty fields use the built-in defaults (shown in grey).
      </p>
      <TieringFields
        form={form}
        inherited={undefined}
        errors={errors}
        onChange={setForm}
        disabled={!canChange}
      />
      <ErrorBox error={problem} />
      {operation ? <OperationProgress operation={operation} /> : null}
      {canChange ? (
        <div class="actions">
          <button type="submit">Save defaults</button>
        </div>
      ) : null}
    </form>
  );
}
