/**
 * The Lua libraries Redis 7.0 bundles (cjson, cmsgpack, bit, struct) written in Lua 5.4, and the
 * Lua 5.1 compatibility chunk (docs/scripting.md, "Libraries and Lua 5.1 compatibility").
 *
 * Contract with the scripting engine: run LUA_PRELUDE in order when a Lua state is created, each
 * chunk loaded under the name '=<name>' ('=compat' for the unnamed ones, see PRELUDE_SOURCES); a
 * chunk with a name returns a table that becomes the global of that name; a chunk whose name is ''
 * runs only for its effect. Before the first chunk, push a light userdata 0 as the global
 * __prelude_null: it becomes cjson.null, as in Redis (without it a function stands in). The last
 * chunk removes the loading helpers. installPrelude(engine) does all of it for a wasmoon LuaEngine.
 *
 * Errors raised inside the libraries carry the position of the Lua code that called them
 * ("user_script:1: bad argument #1 to 'tobit' (...)"), as luaL_error in Redis's C functions does:
 * frames whose source is in PRELUDE_SOURCES are skipped to find it.
 */
import type { LuaEngine } from 'wasmoon';
import { BIT_LUA } from './bit';
import { CJSON_LUA } from './cjson';
import { CMSGPACK_LUA } from './cmsgpack';
import { COMPAT_LUA } from './compat';
import { STRUCT_LUA } from './struct';

export interface LuaChunk {
  /** Global the chunk's returned table is bound to; '' when the chunk runs only for its effect. */
  name: string;
  /** Lua 5.4 source text. */
  source: string;
}

export const LUA_PRELUDE: LuaChunk[] = [
  { name: '', source: COMPAT_LUA },
  { name: 'cjson', source: CJSON_LUA },
  { name: 'cmsgpack', source: CMSGPACK_LUA },
  { name: 'bit', source: BIT_LUA },
  { name: 'struct', source: STRUCT_LUA },
  // the helpers the chunks share while loading are not for scripts; the loading garbage is
  // collected now rather than during the first scripts (the Lua heap then grows as scripts load)
  { name: '', source: '__prelude = nil\n__prelude_null = nil\ncollectgarbage()\n' },
];

/** Chunk names (debug.getinfo source fields) of the prelude's functions. */
export const PRELUDE_SOURCES: ReadonlySet<string> = new Set(LUA_PRELUDE.map((c) => `=${c.name || 'compat'}`));

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
  const runs = chunks.map((c) => {
    const label = JSON.stringify(`=${c.name || 'compat'}`);
    const run = `assert(load(${longString(c.source)}, ${label}, 't'))()`;
    return c.name ? `${c.name} = ${run}` : run;
  });
  return runs.join('\n');
}

/** Runs the prelude in a wasmoon engine, with cjson.null as the light userdata NULL. */
export function installPrelude(engine: LuaEngine, chunks: LuaChunk[] = LUA_PRELUDE): void {
  const g = engine.global;
  g.lua.lua_pushlightuserdata(g.address, 0);
  g.lua.lua_setglobal(g.address, '__prelude_null');
  engine.doStringSync(preludeScript(chunks));
}
