// The provider's schemas as data: attributes (with nested attributes) and nested blocks, each with
// a description. From one definition come the protocol's Schema message, the value type used to
// encode and decode states, and the generated documentation.
import { typeToJson, type Type } from '../values/types';

export interface Attribute {
  name: string;
  description: string;
  /** A plain type; or `nested` for nested attributes (protocol 6). */
  type?: Type;
  nested?: { nesting: 'single' | 'list'; attributes: Attribute[] };
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  /** A change plans a replacement (destroy and create) instead of an in-place update. */
  forcesReplacement?: boolean;
}

export interface NestedBlock {
  name: string;
  description: string;
  nesting: 'single';
  block: Block;
  forcesReplacement?: boolean;
}

export interface Block {
  description: string;
  attributes: Attribute[];
  blocks?: NestedBlock[];
}

export interface ResourceSchema {
  /** Bumped when the state layout changes (UpgradeResourceState). */
  version: number;
  block: Block;
}

/** The value type of an attribute. */
export function attributeType(attr: Attribute): Type {
  if (attr.type) return attr.type;
  if (!attr.nested) throw new Error(`attribute ${attr.name} has neither a type nor nested attributes`);
  const object: Type = { object: objectOf(attr.nested.attributes) };
  return attr.nested.nesting === 'list' ? { list: object } : object;
}

function objectOf(attributes: Attribute[]): Record<string, Type> {
  const out: Record<string, Type> = {};
  for (const a of attributes) out[a.name] = attributeType(a);
  return out;
}

/** The object type of a block's values (attributes and nested blocks). */
export function blockType(block: Block): Type {
  const object = objectOf(block.attributes);
  for (const nested of block.blocks ?? []) object[nested.name] = blockType(nested.block);
  return { object };
}

// ---------------------------------------------------------------------------------------------
// The protocol's Schema message (tfplugin6.Schema), as @grpc/proto-loader objects.
// ---------------------------------------------------------------------------------------------

const NESTING_ATTR = { single: 'SINGLE', list: 'LIST' } as const;

function attributeMessage(attr: Attribute): Record<string, unknown> {
  return {
    name: attr.name,
    description: attr.description,
    descriptionKind: 'PLAIN',
    required: Boolean(attr.required),
    optional: Boolean(attr.optional),
    computed: Boolean(attr.computed),
    sensitive: Boolean(attr.sensitive),
    ...(attr.nested
      ? {
          nestedType: {
            nesting: NESTING_ATTR[attr.nested.nesting],
            attributes: attr.nested.attributes.map(attributeMessage),
          },
        }
      : { type: Buffer.from(JSON.stringify(typeToJson(attributeType(attr)))) }),
  };
}

function blockMessage(block: Block): Record<string, unknown> {
  return {
    version: 0,
    description: block.description,
    descriptionKind: 'PLAIN',
    attributes: block.attributes.map(attributeMessage),
    blockTypes: (block.blocks ?? []).map((nested) => ({
      typeName: nested.name,
      nesting: 'SINGLE',
      block: blockMessage({ ...nested.block, description: nested.description }),
    })),
  };
}

export function schemaMessage(schema: ResourceSchema): Record<string, unknown> {
  return { version: schema.version, block: blockMessage(schema.block) };
}

// ---------------------------------------------------------------------------------------------
// Walking a schema
// ---------------------------------------------------------------------------------------------

/** Attribute paths (as step lists) of everything marked forcesReplacement. */
export function replacementPaths(block: Block, prefix: string[] = []): string[][] {
  const out: string[][] = [];
  for (const a of block.attributes) if (a.forcesReplacement) out.push([...prefix, a.name]);
  for (const b of block.blocks ?? []) {
    if (b.forcesReplacement) out.push([...prefix, b.name]);
    else out.push(...replacementPaths(b.block, [...prefix, b.name]));
  }
  return out;
}
