/**
 * The Lua libraries Redis 7.0 bundles (cjson, cmsgpack, bit, struct) written in Lua 5.4, and the
 * Lua 5.1 compatibility chunk. The scripting engine runs LUA_PRELUDE in order when it creates a Lua
 * state: a chunk with a name returns a table that becomes the global of that name; a chunk whose
 * name is '' runs only for its effect. preludeScript() is all of it as one Lua chunk.
 */
import { COMPAT_LUA } from './compat';

export interface LuaChunk {
  /** Global the chunk's returned table is bound to; '' when the chunk runs only for its effect. */
  name: string;
  /** Lua 5.4 source text. */
  source: string;
}

export const LUA_PRELUDE: LuaChunk[] = [{ name: '', source: COMPAT_LUA }];

/** Quotes text as a Lua long string whose level does not occur in the text. */
function longString(text: string): string {
  let eq = '';
  while (text.includes(`]${eq}]`)) eq += '=';
  return `[${eq}[\n${text}]${eq}]`;
}

/**
 * One Lua chunk that runs every prelude chunk in order and binds the named results to globals, so
 * the engine needs a single doString (converting the returned tables to JS and back would lose the
 * Lua functions in them). Each chunk keeps its name in error positions ("cjson:12:").
 */
export function preludeScript(chunks: LuaChunk[] = LUA_PRELUDE): string {
  return chunks
    .map((c) => {
      const label = JSON.stringify(`=${c.name || 'compat'}`);
      const run = `assert(load(${longString(c.source)}, ${label}, 't'))()`;
      return c.name ? `${c.name} = ${run}` : run;
    })
    .join('\n');
}
