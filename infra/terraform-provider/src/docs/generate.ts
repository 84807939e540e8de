// `npm run generate -w @strata/terraform-provider`: writes docs/*.md from the schemas and the
// examples (examples/provider/provider.tf, examples/resources/<name>/resource.tf and import.sh,
// examples/data-sources/<name>/data-source.tf). Stale pages are removed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DATA_SOURCES, RESOURCES, providerSchema } from '../provider';
import { renderDocs, type Examples } from './render';

const ROOT = path.resolve(__dirname, '..', '..');
const DOCS = path.join(ROOT, 'docs');
const EXAMPLES = path.join(ROOT, 'examples');

function read(file: string): string | null {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
}

function examplesOf(kind: 'provider' | 'resources' | 'data-sources', name: string): Examples {
  if (kind === 'provider')
    return { usage: read(path.join(EXAMPLES, 'provider', 'provider.tf')), importing: null };
  const dir = path.join(EXAMPLES, kind, name);
  return {
    usage: read(path.join(dir, kind === 'resources' ? 'resource.tf' : 'data-source.tf')),
    importing: kind === 'resources' ? read(path.join(dir, 'import.sh')) : null,
  };
}

function main(): void {
  const pages = renderDocs(providerSchema, RESOURCES, DATA_SOURCES, examplesOf);
  const wanted = new Set(pages.map((p) => p.path));
  for (const sub of ['resources', 'data-sources']) {
    const dir = path.join(DOCS, sub);
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir)) {
      if (file.endsWith('.md') && !wanted.has(`${sub}/${file}`)) fs.rmSync(path.join(dir, file));
    }
  }
  for (const p of pages) {
    const file = path.join(DOCS, p.path);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, p.content);
  }
  process.stdout.write(`wrote ${pages.length} pages under ${path.relative(process.cwd(), DOCS) || DOCS}\n`);
}

main();
