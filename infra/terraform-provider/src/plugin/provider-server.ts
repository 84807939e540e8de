// The tfplugin6.Provider service: decodes DynamicValues with each schema's type, applies the
// planning rules common to every resource (computed values unknown on create, replacement paths,
// destroy plans) and turns every failure into diagnostics instead of a crashed call.
import * as grpc from '@grpc/grpc-js';
import { StrataClient } from '../api/client';
import { DATA_SOURCES, PROVIDER_VERSION, RESOURCES, providerSchema } from '../provider';
import { parseDuration, type DataSourceType, type ResourceType } from '../resources/resource';
import { PartialStateError } from '../resources/errors';
import { blockType, replacementPaths, schemaMessage, type Block } from '../schema/schema';
import { fromJson, fromMsgpack, toMsgpack } from '../values/codec';
import {
  UNKNOWN,
  containsUnknown,
  isObjectValue,
  sameValue,
  type ObjectValue,
  type Type,
  type Value,
} from '../values/types';
import { Diagnostics, DiagnosticsError, toDiagnostic, type Diagnostic } from './diagnostics';

type Msg = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type DynamicValue = { msgpack?: Buffer; json?: Buffer } | null | undefined;

// ---------------------------------------------------------------------------------------------
// Wire helpers
// ---------------------------------------------------------------------------------------------

function decodeDynamic(value: DynamicValue, type: Type): Value {
  if (!value) return null;
  if (value.msgpack && value.msgpack.length > 0) return fromMsgpack(value.msgpack, type);
  if (value.json && value.json.length > 0) return fromJson(value.json, type);
  return null;
}

const encodeDynamic = (value: Value, type: Type) => ({ msgpack: Buffer.from(toMsgpack(value, type)) });

function diagnosticMessage(d: Diagnostic): Msg {
  return {
    severity: d.severity,
    summary: d.summary,
    detail: d.detail,
    ...(d.path
      ? {
          attribute: {
            steps: d.path.map((s) => (typeof s === 'number' ? { elementKeyInt: s } : { attributeName: s })),
          },
        }
      : {}),
  };
}

function diagnosticsOf(err: unknown, action: string): Diagnostic[] {
  if (err instanceof DiagnosticsError) return err.diagnostics;
  return [toDiagnostic(err instanceof PartialStateError ? err.failure : err, action)];
}

/** A value at an attribute path (null when a step is missing). */
function valueAt(value: Value, path: string[]): Value {
  let current: Value = value;
  for (const step of path) {
    if (!isObjectValue(current)) return null;
    current = current[step] ?? null;
  }
  return current;
}

/** Marks the computed attributes that the configuration leaves null as unknown (create). */
function unknownComputed(block: Block, planned: ObjectValue, config: ObjectValue): void {
  for (const attr of block.attributes) {
    if (attr.computed && (config[attr.name] ?? null) === null) planned[attr.name] = UNKNOWN;
  }
}

// ---------------------------------------------------------------------------------------------
// The service
// ---------------------------------------------------------------------------------------------

export interface ProviderServerOptions {
  log: (line: string) => void;
  env?: Record<string, string | undefined>;
}

export class ProviderServer {
  private client: StrataClient | null = null;
  private readonly resources = new Map<string, ResourceType>(RESOURCES.map((r) => [r.name, r]));
  private readonly dataSources = new Map<string, DataSourceType>(DATA_SOURCES.map((d) => [d.name, d]));

  constructor(private readonly options: ProviderServerOptions) {}

  /** Handlers by RPC name, for grpc.Server.addService. */
  handlers(): grpc.UntypedServiceImplementation {
    const unary =
      (name: string, fn: (req: Msg) => Promise<Msg> | Msg) =>
      (call: grpc.ServerUnaryCall<Msg, Msg>, callback: grpc.sendUnaryData<Msg>) => {
        Promise.resolve()
          .then(() => fn(call.request))
          .then(
            (reply) => callback(null, reply),
            (err: unknown) => {
              // Handlers answer failures as diagnostics; reaching here is a bug: still answer.
              this.options.log(`[ERROR] ${name}: ${(err as Error)?.stack ?? String(err)}`);
              callback({
                code: grpc.status.INTERNAL,
                details: `${name}: ${(err as Error)?.message ?? String(err)}`,
              });
            },
          );
      };
    return {
      GetMetadata: unary('GetMetadata', () => this.getMetadata()),
      GetProviderSchema: unary('GetProviderSchema', () => this.getProviderSchema()),
      ValidateProviderConfig: unary('ValidateProviderConfig', (r) => this.validateProviderConfig(r)),
      ValidateResourceConfig: unary('ValidateResourceConfig', (r) => this.validateResourceConfig(r)),
      ValidateDataResourceConfig: unary('ValidateDataResourceConfig', (r) =>
        this.validateDataResourceConfig(r),
      ),
      UpgradeResourceState: unary('UpgradeResourceState', (r) => this.upgradeResourceState(r)),
      ConfigureProvider: unary('ConfigureProvider', (r) => this.configureProvider(r)),
      ReadResource: unary('ReadResource', (r) => this.readResource(r)),
      PlanResourceChange: unary('PlanResourceChange', (r) => this.planResourceChange(r)),
      ApplyResourceChange: unary('ApplyResourceChange', (r) => this.applyResourceChange(r)),
      ImportResourceState: unary('ImportResourceState', (r) => this.importResourceState(r)),
      ReadDataSource: unary('ReadDataSource', (r) => this.readDataSource(r)),
      GetFunctions: unary('GetFunctions', () => ({ functions: {}, diagnostics: [] })),
      StopProvider: unary('StopProvider', () => ({ Error: '' })),
    };
  }

  // --- information --------------------------------------------------------------------------

  getMetadata(): Msg {
    return {
      serverCapabilities: { planDestroy: false, getProviderSchemaOptional: false },
      resources: [...this.resources.keys()].map((typeName) => ({ typeName })),
      dataSources: [...this.dataSources.keys()].map((typeName) => ({ typeName })),
      diagnostics: [],
    };
  }

  getProviderSchema(): Msg {
    return {
      provider: schemaMessage(providerSchema),
      resourceSchemas: Object.fromEntries([...this.resources].map(([n, r]) => [n, schemaMessage(r.schema)])),
      dataSourceSchemas: Object.fromEntries(
        [...this.dataSources].map(([n, d]) => [n, schemaMessage(d.schema)]),
      ),
      serverCapabilities: { planDestroy: false, getProviderSchemaOptional: false },
      diagnostics: [],
    };
  }

  // --- provider configuration ---------------------------------------------------------------

  validateProviderConfig(req: Msg): Msg {
    const diags = new Diagnostics();
    try {
      const config = decodeDynamic(req.config, blockType(providerSchema.block)) as ObjectValue | null;
      const endpoint = config?.endpoint;
      if (typeof endpoint === 'string' && !/^https?:\/\/[^\s/]+/.test(endpoint)) {
        diags.error('Invalid endpoint', `endpoint: "${endpoint}" must be an http:// or https:// URL.`, [
          'endpoint',
        ]);
      }
      const poll = config?.poll_interval;
      if (typeof poll === 'string' && parseDuration(poll) === null) {
        diags.error(
          'Invalid poll_interval',
          `poll_interval: "${poll}" is not a duration such as "250ms" or "1s".`,
          ['poll_interval'],
        );
      }
    } catch (err) {
      diags.items.push(toDiagnostic(err, 'Reading the provider configuration'));
    }
    return { diagnostics: diags.items.map(diagnosticMessage) };
  }

  configureProvider(req: Msg): Msg {
    const diags = new Diagnostics();
    const env = this.options.env ?? process.env;
    try {
      const config = (decodeDynamic(req.config, blockType(providerSchema.block)) ?? {}) as ObjectValue;
      if (containsUnknown(config)) {
        diags.error(
          'Provider configuration not known yet',
          'endpoint and api_key must be known at plan time.',
        );
      }
      const endpoint =
        (typeof config.endpoint === 'string' ? config.endpoint : null) ?? env.STRATA_ENDPOINT ?? null;
      const apiKey =
        (typeof config.api_key === 'string' ? config.api_key : null) ?? env.STRATA_API_KEY ?? null;
      if (!endpoint)
        diags.error('Missing endpoint', 'Set endpoint in the provider block or STRATA_ENDPOINT.', [
          'endpoint',
        ]);
      if (!apiKey)
        diags.error('Missing api_key', 'Set api_key in the provider block or STRATA_API_KEY.', ['api_key']);
      const poll = typeof config.poll_interval === 'string' ? parseDuration(config.poll_interval) : null;
      if (endpoint && apiKey && !diags.hasErrors) {
        this.client = new StrataClient({
          endpoint,
          apiKey,
          pollIntervalMs: poll ?? 250,
          userAgent: `terraform-provider-strata/${PROVIDER_VERSION} terraform/${req.terraformVersion ?? '?'}`,
        });
      }
    } catch (err) {
      diags.items.push(toDiagnostic(err, 'Configuring the provider'));
    }
    return { diagnostics: diags.items.map(diagnosticMessage) };
  }

  private requireClient(): StrataClient {
    if (!this.client) {
      throw new DiagnosticsError([
        {
          severity: 'ERROR',
          summary: 'The Strata provider is not configured',
          detail: 'Set endpoint and api_key.',
        },
      ]);
    }
    return this.client;
  }

  private resource(name: string): ResourceType {
    const r = this.resources.get(name);
    if (!r)
      throw new DiagnosticsError([
        { severity: 'ERROR', summary: `Unknown resource type ${name}`, detail: '' },
      ]);
    return r;
  }

  // --- validation ---------------------------------------------------------------------------

  validateResourceConfig(req: Msg): Msg {
    const diags = new Diagnostics();
    try {
      const r = this.resource(req.typeName);
      const config = decodeDynamic(req.config, blockType(r.schema.block));
      if (isObjectValue(config)) r.validate(config, diags);
    } catch (err) {
      diags.items.push(...diagnosticsOf(err, `Validating ${req.typeName}`));
    }
    return { diagnostics: diags.items.map(diagnosticMessage) };
  }

  validateDataResourceConfig(req: Msg): Msg {
    const diags = new Diagnostics();
    try {
      const d = this.dataSources.get(req.typeName);
      if (!d) throw new Error(`unknown data source ${req.typeName}`);
      const config = decodeDynamic(req.config, blockType(d.schema.block));
      if (isObjectValue(config)) d.validate(config, diags);
    } catch (err) {
      diags.items.push(...diagnosticsOf(err, `Validating data source ${req.typeName}`));
    }
    return { diagnostics: diags.items.map(diagnosticMessage) };
  }

  // --- state upgrade ------------------------------------------------------------------------

  upgradeResourceState(req: Msg): Msg {
    try {
      const r = this.resource(req.typeName);
      const type = blockType(r.schema.block);
      // Version 0 is the only schema so far: the stored JSON is re-read with the current type,
      // which drops attributes that no longer exist and adds new ones as null.
      const json = req.rawState?.json as Buffer | undefined;
      const state = json && json.length > 0 ? fromJson(json, type) : null;
      return { upgradedState: encodeDynamic(state, type), diagnostics: [] };
    } catch (err) {
      return { diagnostics: diagnosticsOf(err, `Upgrading ${req.typeName} state`).map(diagnosticMessage) };
    }
  }

  // --- managed resources --------------------------------------------------------------------

  async readResource(req: Msg): Promise<Msg> {
    let r: ResourceType;
    try {
      r = this.resource(req.typeName);
    } catch (err) {
      return { diagnostics: diagnosticsOf(err, 'Reading').map(diagnosticMessage) };
    }
    const type = blockType(r.schema.block);
    try {
      const current = decodeDynamic(req.currentState, type);
      if (!isObjectValue(current)) return { newState: encodeDynamic(null, type), diagnostics: [] };
      const fresh = await r.read(current, this.requireClient());
      // A null state tells Terraform the resource is gone (deleted outside Terraform).
      return { newState: encodeDynamic(fresh, type), private: req.private, diagnostics: [] };
    } catch (err) {
      return {
        newState: req.currentState,
        diagnostics: diagnosticsOf(err, `Reading ${req.typeName}`).map(diagnosticMessage),
      };
    }
  }

  planResourceChange(req: Msg): Msg {
    try {
      const r = this.resource(req.typeName);
      const type = blockType(r.schema.block);
      const prior = decodeDynamic(req.priorState, type) as ObjectValue | null;
      const proposed = decodeDynamic(req.proposedNewState, type) as ObjectValue | null;
      const config = decodeDynamic(req.config, type) as ObjectValue | null;
      if (proposed === null || config === null) {
        return { plannedState: encodeDynamic(null, type), requiresReplace: [], diagnostics: [] };
      }
      const planned: ObjectValue = { ...proposed };
      const requiresReplace: string[][] = [];
      if (prior === null) {
        unknownComputed(r.schema.block, planned, config);
      } else {
        for (const path of replacementPaths(r.schema.block)) {
          if (!sameValue(valueAt(prior, path), valueAt(planned, path))) requiresReplace.push(path);
        }
      }
      // A replacement is planned like a create (Terraform asks again with no prior state too).
      if (requiresReplace.length > 0) unknownComputed(r.schema.block, planned, config);
      r.plan(planned, requiresReplace.length > 0 ? null : prior);
      return {
        plannedState: encodeDynamic(planned, type),
        requiresReplace: requiresReplace.map((path) => ({
          steps: path.map((attributeName) => ({ attributeName })),
        })),
        plannedPrivate: req.priorPrivate,
        diagnostics: [],
      };
    } catch (err) {
      return { diagnostics: diagnosticsOf(err, `Planning ${req.typeName}`).map(diagnosticMessage) };
    }
  }

  async applyResourceChange(req: Msg): Promise<Msg> {
    let r: ResourceType;
    try {
      r = this.resource(req.typeName);
    } catch (err) {
      return { diagnostics: diagnosticsOf(err, 'Applying').map(diagnosticMessage) };
    }
    const type = blockType(r.schema.block);
    const prior = decodeDynamic(req.priorState, type) as ObjectValue | null;
    const planned = decodeDynamic(req.plannedState, type) as ObjectValue | null;
    const action = planned === null ? 'Deleting' : prior === null ? 'Creating' : 'Updating';
    try {
      const client = this.requireClient();
      let state: ObjectValue | null;
      if (planned === null) {
        if (prior !== null) await r.delete(prior, client);
        state = null;
      } else if (prior === null) {
        state = await r.create(planned, client);
      } else {
        state = await r.update(prior, planned, client);
      }
      return { newState: encodeDynamic(state, type), diagnostics: [] };
    } catch (err) {
      // What the server holds now: a partial result, or the prior state (nothing changed).
      const state = err instanceof PartialStateError ? err.state : prior;
      return {
        newState: encodeDynamic(state, type),
        diagnostics: diagnosticsOf(err, `${action} ${req.typeName}`).map(diagnosticMessage),
      };
    }
  }

  async importResourceState(req: Msg): Promise<Msg> {
    try {
      const r = this.resource(req.typeName);
      const type = blockType(r.schema.block);
      const state = await r.import(String(req.id).trim(), this.requireClient());
      if (!state) {
        throw new DiagnosticsError([
          {
            severity: 'ERROR',
            summary: `Cannot import ${req.typeName}: ${req.id} does not exist`,
            detail: `No ${req.typeName} with id "${req.id}" is visible to this API key.`,
          },
        ]);
      }
      return {
        importedResources: [{ typeName: req.typeName, state: encodeDynamic(state, type) }],
        diagnostics: [],
      };
    } catch (err) {
      return { diagnostics: diagnosticsOf(err, `Importing ${req.typeName}`).map(diagnosticMessage) };
    }
  }

  // --- data sources -------------------------------------------------------------------------

  async readDataSource(req: Msg): Promise<Msg> {
    try {
      const d = this.dataSources.get(req.typeName);
      if (!d) throw new Error(`unknown data source ${req.typeName}`);
      const type = blockType(d.schema.block);
      const config = (decodeDynamic(req.config, type) ?? {}) as ObjectValue;
      const read = await d.read(config, this.requireClient());
      return { state: encodeDynamic(read, type), diagnostics: [] };
    } catch (err) {
      return {
        diagnostics: diagnosticsOf(err, `Reading data source ${req.typeName}`).map(diagnosticMessage),
      };
    }
  }
}
