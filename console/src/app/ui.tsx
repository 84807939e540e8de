// Small building blocks shared by the views: error and notice boxes, status badges, operation
// progress, polling, copyable code, and the tiering settings fields.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { api, ApiProblem, type Operation, type Tiering } from './api';
import { inheritedText, TIERING_FIELDS, type FieldErrors, type TieringForm } from './validation';

export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  const text = error instanceof Error ? error.message : String(error);
  return (
    <div class="error" role="alert">
      {text}
    </div>
  );
}

export function Notice({ children }: { children: ComponentChildren }) {
  return (
    <div class="notice" role="status">
      {children}
    </div>
  );
}

export function StatusBadge({ status, healthy }: { status: string; healthy?: boolean | null }) {
  return (
    <span class={`badge badge-${status}`} data-status={status}>
      {status}
      {healthy === false ? ' (node unreachable)' : ''}
    </span>
  );
}

/** Calls `load` now and every `ms` while mounted (and while `active`); returns its latest result. */
export function usePoll<T>(load: () => Promise<T>, ms: number, deps: unknown[], active = true) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      try {
        const value = await loadRef.current();
        if (!stopped) {
          setData(value);
          setError(null);
        }
      } catch (err) {
        if (!stopped) setError(err);
      }
      if (!stopped && active) timer = setTimeout(run, ms);
    };
    void run();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [...deps, tick, active, ms]);
  return { data, error, reload: () => setTick((t) => t + 1), setData };
}

const KIND_WORDS: Record<string, string> = {
  create_datastore: 'Creating the datastore',
  update_datastore: 'Applying the change',
  delete_datastore: 'Deleting the datastore',
  rotate_password: 'Rotating the password',
  update_tenant: 'Rolling the tenant defaults out',
};

export function describeKind(kind: string): string {
  return KIND_WORDS[kind] ?? kind;
}

/** Shows an operation until done, polling it; calls onDone once with the final operation. */
export function OperationProgress({
  operation,
  onDone,
}: {
  operation: Operation;
  onDone?: (op: Operation) => void;
}) {
  const [op, setOp] = useState(operation);
  const notified = useRef(false);
  useEffect(() => {
    setOp(operation);
    notified.current = false;
  }, [operation.id]);
  useEffect(() => {
    if (op.done) {
      if (!notified.current) {
        notified.current = true;
        onDone?.(op);
      }
      return;
    }
    const timer = setTimeout(async () => {
      try {
        setOp(await api<Operation>('GET', `/v1/operations/${op.id}`));
      } catch {
        setOp({ ...op }); // retry on the next tick
      }
    }, 500);
    return () => clearTimeout(timer);
  }, [op]);
  return <OperationLine op={op} live />;
}

/** One operation's state; `live` announces its changes to screen readers (one live line per page). */
export function OperationLine({ op, live }: { op: Operation; live?: boolean }) {
  const total = Math.max(op.progress?.total ?? 1, 1);
  const done = op.progress?.done ?? (op.done ? total : 0);
  return (
    <div
      class={`operation op-${op.status}`}
      role={live ? 'status' : undefined}
      data-operation={op.id}
      data-op-status={op.status}
    >
      <span>
        {describeKind(op.kind)}: <strong>{op.status}</strong>
        {op.status === 'failed' && op.error ? ` — ${op.error}` : ''}
      </span>
      <progress max={total} value={op.done ? total : done} aria-label={`${describeKind(op.kind)} progress`}>
        {done}/{total}
      </progress>
      <span class="muted">
        {done}/{total}
      </span>
    </div>
  );
}

export function CopyBlock({ label, text, id }: { label: string; text: string; id: string }) {
  const [copied, setCopied] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('Copied.');
    } catch {
      setCopied('Copy is not allowed here: select the text and copy it.');
    }
  };
  return (
    <div class="copy-block">
      <div class="copy-head">
        <span id={`${id}-label`}>{label}</span>
        <button type="button" class="small" onClick={copy} aria-describedby={`${id}-label`}>
          Copy
        </button>
        <span class="muted" role="status">
          {copied}
        </span>
      </div>
      <pre id={id} aria-labelledby={`${id}-label`} tabIndex={0}>
        <code>{text}</code>
      </pre>
    </div>
  );
}

/** A labelled input with its error; `name` is the key of the error in `errors`. */
export function Field({
  label,
  name,
  errors,
  hint,
  children,
}: {
  label: string;
  name: string;
  errors: FieldErrors;
  hint?: string;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby': string }) => ComponentChildren;
}) {
  const id = `f-${name.replace(/\W/g, '-')}`;
  const error = errors[name];
  return (
    <div class={`field${error ? ' invalid' : ''}`}>
      <label for={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': `${id}-hint ${id}-error` })}
      {hint ? (
        <small id={`${id}-hint`} class="muted">
          {hint}
        </small>
      ) : null}
      {error ? (
        <small id={`${id}-error`} class="field-error">
          {error}
        </small>
      ) : null}
    </div>
  );
}

/** Every tiering setting as an override: empty inherits the value shown as placeholder. */
export function TieringFields({
  form,
  inherited,
  errors,
  onChange,
  disabled,
}: {
  form: TieringForm;
  inherited: Tiering | undefined;
  errors: FieldErrors;
  onChange: (form: TieringForm) => void;
  disabled?: boolean;
}) {
  const set = (path: string, value: string) => onChange({ ...form, [path]: value });
  return (
    <div class="tiering-grid">
      {TIERING_FIELDS.map((field) => {
        const name = `tiering.${field.path}`;
        const range =
          field.kind === 'bool'
            ? ''
            : ` Range ${field.zeroAllowed ? '0 or ' : ''}${field.min ?? 0} to ${field.max === Number.MAX_SAFE_INTEGER ? 'any' : field.max}.`;
        return (
          <Field
            key={field.path}
            label={labelOf(field.path)}
            name={name}
            errors={errors}
            hint={`${field.description}.${range}${field.live ? '' : ' Changing it restarts the datastore.'}`}
          >
            {(props) =>
              field.kind === 'bool' ? (
                <select
                  {...props}
                  name={name}
                  value={form[field.path] ?? ''}
                  disabled={disabled}
                  onChange={(e) => set(field.path, (e.target as HTMLSelectElement).value)}
                >
                  <option value="">inherit ({inheritedText(field, inherited)})</option>
                  <option value="true">on</option>
                  <option value="false">off</option>
                </select>
              ) : (
                <input
                  {...props}
                  name={name}
                  inputMode="decimal"
                  autocomplete="off"
                  value={form[field.path] ?? ''}
                  placeholder={`inherit (${inheritedText(field, inherited)})`}
                  disabled={disabled}
                  onInput={(e) => set(field.path, (e.target as HTMLInputElement).value)}
                />
              )
            }
          </Field>
        );
      })}
    </div>
  );
}

const LABELS: Record<string, string> = {
  enabled: 'Tiering to disk',
  offloadThreshold: 'Offload threshold (free-memory ratio)',
  uploadThreshold: 'Upload threshold (free-memory ratio)',
  minValueSize: 'Smallest value offloaded (bytes)',
  maxFileSize: 'Largest tier file (bytes)',
  cooling: 'Cooling (keep RAM copies)',
  maxPendingStashBytes: 'Pending disk writes before throttling (bytes)',
  minTtlToOffloadMs: 'Shortest TTL offloaded (ms)',
  'lists.enabled': 'Offload list nodes',
  'lists.threshold': 'List nodes kept in RAM at each end',
  'hashes.enabled': 'Offload small hashes',
  'hashes.maxBytes': 'Largest offloadable hash (bytes)',
  'hashes.maxFieldLen': 'Longest hash field or value (bytes)',
};

export function labelOf(path: string): string {
  return LABELS[path] ?? path;
}

export function isProblem(err: unknown): err is ApiProblem {
  return err instanceof ApiProblem;
}
