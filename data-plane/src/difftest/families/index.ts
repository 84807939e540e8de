// The registry of command families. A later issue adds a family by writing one module (sets, zsets,
// pubsub, transactions, scripts, streams...) and listing it here; the runner, the CLI and the report
// need no change.
import type { Family } from '../step';
import { geo } from './geo';
import { hashes } from './hashes';
import { hll } from './hll';
import { keys } from './keys';
import { lists } from './lists';
import { scripts } from './scripts';
import { server } from './server';
import { sets } from './sets';
import { streams } from './streams';
import { strings } from './strings';
import { transactions } from './transactions';
import { zsets } from './zsets';

export const FAMILIES: Readonly<Record<string, Family>> = {
  strings,
  lists,
  hashes,
  keys,
  server,
  transactions,
  sets,
  zsets,
  streams,
  scripts,
  geo,
  hll,
};

export const ALL_FAMILY_NAMES = Object.keys(FAMILIES);

/** Resolves a comma-separated list ("all" for every family); throws on unknown names. */
export function parseFamilies(spec: string): Family[] {
  const names =
    spec === 'all'
      ? ALL_FAMILY_NAMES
      : spec
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
  const unknown = names.filter((n) => !(n in FAMILIES));
  if (unknown.length) {
    throw new Error(`unknown families: ${unknown.join(', ')} (known: ${ALL_FAMILY_NAMES.join(', ')})`);
  }
  return names.map((n) => FAMILIES[n]);
}
