import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DATA_SOURCES, RESOURCES, providerSchema } from '../provider';
import type { Attribute, Block } from '../schema/schema';
import { renderDocs } from './render';

const DOCS = path.resolve(__dirname, '..', '..', 'docs');

function* attributes(block: Block, at = ''): Generator<[string, Attribute | { description: string }]> {
  for (const a of block.attributes) {
    yield [`${at}${a.name}`, a];
    if (a.nested)
      yield* attributes({ description: a.description, attributes: a.nested.attributes }, `${at}${a.name}.`);
  }
  for (const b of block.blocks ?? []) {
    yield [`${at}${b.name}`, b];
    yield* attributes(b.block, `${at}${b.name}.`);
  }
}

test('every attribute and block of every schema has a description', () => {
  for (const { name, schema } of [
    { name: 'provider', schema: providerSchema },
    ...RESOURCES,
    ...DATA_SOURCES,
  ]) {
    for (const [where, a] of attributes(schema.block)) {
      assert.ok(a.description.trim().length >= 8, `${name} ${where} needs a description`);
    }
  }
});

test('the committed docs are what the generator writes (run `npm run generate -w @strata/terraform-provider`)', () => {
  const examples = () => ({ usage: null, importing: null });
  const pages = renderDocs(providerSchema, RESOURCES, DATA_SOURCES, examples);
  assert.deepEqual(
    pages.map((p) => p.path),
    [
      'index.md',
      'resources/api_key.md',
      'resources/datastore.md',
      'resources/tenant.md',
      'data-sources/datastore.md',
      'data-sources/nodes.md',
    ],
  );
  for (const p of pages) {
    const committed = fs.readFileSync(path.join(DOCS, p.path), 'utf8');
    // The schema part (everything from "## Schema" up to the import section) must match.
    const schemaPart = (text: string) =>
      text.slice(text.indexOf('## Schema')).split('## Import')[0].trimEnd();
    assert.equal(schemaPart(committed), schemaPart(p.content), `docs/${p.path} is stale`);
  }
  // Rendering twice gives the same bytes.
  assert.deepEqual(renderDocs(providerSchema, RESOURCES, DATA_SOURCES, examples), pages);
});

test('the README shows the complete example exactly as examples/complete/main.tf has it', () => {
  const root = path.resolve(__dirname, '..', '..');
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const example = fs.readFileSync(path.join(root, 'examples', 'complete', 'main.tf'), 'utf8');
  assert.ok(readme.includes(`\`\`\`terraform\n${example}\`\`\``));
});
