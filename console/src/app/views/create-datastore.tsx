// The create form: tenant (platform admins), name, memory, eviction policy and tiering overrides,
// checked as the API checks them before sending; the API's own errors land on the field they name.
import { useState } from 'preact/hooks';
import { api, ApiProblem, listAll, type Datastore, type Operation, type Tenant } from '../api';
import type { Session } from '../main';
import { ErrorBox, Field, OperationProgress, TieringFields, usePoll } from '../ui';
import {
  EVICTION_POLICIES,
  formFieldOf,
  formToTiering,
  NAME_RULE,
  tieringToForm,
  validateCreate,
  type CreateForm,
  type FieldErrors,
} from '../validation';

export function CreateDatastoreView({ session }: { session: Session }) {
  const tenants = usePoll(() => listAll<Tenant>('/v1/tenants'), 60_000, []);
  const [form, setForm] = useState<CreateForm>({
    tenantId: '',
    name: '',
    memory: '256mb',
    evictionPolicy: 'noeviction',
    tiering: tieringToForm({}),
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [created, setCreated] = useState<{ datastore: Datastore; operation: Operation } | null>(null);
  const [busy, setBusy] = useState(false);

  const tenantList = tenants.data ?? [];
  const tenantId = session.isAdmin ? form.tenantId : (session.key.tenantId ?? '');
  const tenant = tenantList.find((t) => t.id === tenantId);

  const submit = async (e: Event) => {
    e.preventDefault();
    const found = validateCreate({ ...form, tenantId }, session.isAdmin);
    setErrors(found);
    setProblem(null);
    if (Object.keys(found).length > 0) {
      setProblem(new Error('Some fields need attention: see the messages under them.'));
      const first = document.querySelector<HTMLElement>('[aria-invalid="true"]');
      first?.focus();
      return;
    }
    setBusy(true);
    try {
      const result = await api<{ datastore: Datastore; operation: Operation }>('POST', '/v1/datastores', {
        ...(session.isAdmin ? { tenantId } : {}),
        name: form.name,
        memory: form.memory.trim(),
        evictionPolicy: form.evictionPolicy,
        tiering: formToTiering(form.tiering),
      });
      setCreated(result);
    } catch (err) {
      setProblem(err);
      const field = formFieldOf(err instanceof ApiProblem ? err.field : undefined);
      if (field) setErrors({ [field]: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  if (created) {
    return (
      <section>
        <h1>Creating {created.datastore.name}</h1>
        <OperationProgress
          operation={created.operation}
          onDone={(op) => {
            if (op.status === 'succeeded') location.hash = `#/datastores/${created.datastore.id}`;
          }}
        />
        <p>
          <a href={`#/datastores/${created.datastore.id}`}>Open the datastore page</a>
        </p>
      </section>
    );
  }

  const set = (patch: Partial<CreateForm>) => setForm({ ...form, ...patch });
  return (
    <section>
      <h1>Create a datastore</h1>
      <form onSubmit={submit} noValidate class="form">
        {session.isAdmin ? (
          <Field label="Tenant" name="tenantId" errors={errors}>
            {(props) => (
              <select
                {...props}
                name="tenantId"
                value={form.tenantId}
                onChange={(e) => set({ tenantId: (e.target as HTMLSelectElement).value })}
              >
                <option value="">Choose a tenant…</option>
                {tenantList.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        <Field label="Name" name="name" errors={errors} hint={`Unique in the tenant: ${NAME_RULE}.`}>
          {(props) => (
            <input
              {...props}
              name="name"
              autocomplete="off"
              value={form.name}
              onInput={(e) => set({ name: (e.target as HTMLInputElement).value })}
            />
          )}
        </Field>
        <Field
          label="Memory (maxmemory)"
          name="memory"
          errors={errors}
          hint="A size such as 256mb or 2gb; at least 1mb."
        >
          {(props) => (
            <input
              {...props}
              name="memory"
              autocomplete="off"
              value={form.memory}
              onInput={(e) => set({ memory: (e.target as HTMLInputElement).value })}
            />
          )}
        </Field>
        <Field
          label="Eviction policy"
          name="evictionPolicy"
          errors={errors}
          hint="What happens when memory is full; noeviction refuses writes."
        >
          {(props) => (
            <select
              {...props}
              name="evictionPolicy"
              value={form.evictionPolicy}
              onChange={(e) => set({ evictionPolicy: (e.target as HTMLSelectElement).value })}
            >
              {EVICTION_POLICIES.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          )}
        </Field>
        <fieldset>
          <legend>Tiering settings</legend>
          <p class="muted">
            Leave a field empty to inherit the tenant&apos;s default (shown in grey). Values go to the NVMe
            tier when free memory falls under the offload threshold.
          </p>
          <TieringFields
            form={form.tiering}
            inherited={tenant?.effectiveTiering}
            errors={errors}
            onChange={(tiering) => set({ tiering })}
          />
        </fieldset>
        <ErrorBox error={problem} />
        <div class="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Creating…' : 'Create datastore'}
          </button>
          <a href="#/datastores">Cancel</a>
        </div>
      </form>
    </section>
  );
}
