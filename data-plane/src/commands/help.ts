// Replies shared by the container commands (CLIENT, CONFIG, OBJECT, SCRIPT, XINFO, ...).
import { CommandError, subcommandSyntax } from '../protocol/errors';
import type { Client } from '../server/client';

/** Redis's addReplyHelp: the usage line, the container's own lines, then HELP. */
export function replyHelp(c: Client, container: string, lines: readonly string[]): void {
  c.reply.arrayLen(lines.length + 3);
  c.reply.status(`${container} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`);
  for (const l of lines) c.reply.status(l);
  c.reply.status('HELP');
  c.reply.status('    Prints this help.');
}

/** A handler answering `container` HELP. */
export function helpHandler(container: string, lines: readonly string[]): (c: Client) => void {
  return (c) => replyHelp(c, container, lines);
}

/** The subcommand-syntax error for argv = [container, subcommand, ...]. */
export function subcommandSyntaxError(argv: readonly string[]): CommandError {
  return new CommandError(subcommandSyntax(argv[0], argv[1]));
}
