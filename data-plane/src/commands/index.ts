/** Every command family registers its table here. */
import { connectionCommands } from './connection';
import { serverAdminCommands } from './server-admin';
import { stringCommands } from './strings';
import type { CommandTable } from './table';

export function registerAllCommands(table: CommandTable): void {
  table.register(connectionCommands);
  table.register(serverAdminCommands);
  table.register(stringCommands);
}
