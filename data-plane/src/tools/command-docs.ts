/**
 * Generates the command reference from the command table: docs/commands.md (every command with
 * arity, flags, keys and ACL categories) and the summary table in README.md between the
 * `<!-- commands:start -->` and `<!-- commands:end -->` markers. Run by `npm run generate`; CI checks
 * the committed files are current.
 */
import fs from 'node:fs';
import path from 'node:path';
import { registerAllCommands } from '../commands';
import { aclCategories, CommandTable, keyRange, type CommandSpec } from '../commands/table';

const root = path.resolve(__dirname, '../../..');

function rows(specs: CommandSpec[]): string[] {
  const out: string[] = [];
  for (const spec of specs.sort((a, b) => a.name.localeCompare(b.name))) {
    const r = keyRange(spec);
    const keys = spec.getKeys ? 'computed' : r.first === 0 ? '-' : `${r.first},${r.last},${r.step}`;
    out.push(
      `| \`${spec.name.toUpperCase()}\` | ${spec.arity} | ${spec.flags.join(', ') || '-'} | ${keys} | ${aclCategories(
        spec,
      )
        .map((c) => '@' + c)
        .join(' ')} | ${spec.since} | ${spec.summary.replace(/\|/g, '\\|')} |`,
    );
    for (const sub of spec.subcommands ?? []) out.push(...rows([sub]));
  }
  return out;
}

function main(): void {
  const table = new CommandTable();
  registerAllCommands(table);
  const groups = new Map<string, CommandSpec[]>();
  for (const spec of table.all()) {
    const list = groups.get(spec.group) ?? [];
    list.push(spec);
    groups.set(spec.group, list);
  }
  const order = [...groups.keys()].sort();
  let md =
    '# Supported commands\n\nGenerated from the command table (`npm run generate`); do not edit by hand.\n';
  md += `\n${table.size} commands. Arity follows Redis: a positive number is exact, a negative one is a minimum.\n`;
  for (const g of order) {
    md += `\n## ${g}\n\n| command | arity | flags | keys (first,last,step) | ACL categories | since | summary |\n|---|---|---|---|---|---|---|\n`;
    md += rows(groups.get(g)!).join('\n') + '\n';
  }
  fs.writeFileSync(path.join(root, 'docs/commands.md'), md);

  let summary = `| group | commands |\n|---|---|\n`;
  for (const g of order) {
    const names = groups
      .get(g)!
      .map((s) => s.name.toUpperCase())
      .sort();
    summary += `| ${g} | ${names.join(' ')} |\n`;
  }
  const readmePath = path.join(root, 'README.md');
  const readme = fs.readFileSync(readmePath, 'utf8');
  const start = '<!-- commands:start -->';
  const end = '<!-- commands:end -->';
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  if (a < 0 || b < a) throw new Error('README.md lacks the commands markers');
  const next = readme.slice(0, a + start.length) + '\n' + summary + readme.slice(b);
  if (next !== readme) fs.writeFileSync(readmePath, next);
}

main();
