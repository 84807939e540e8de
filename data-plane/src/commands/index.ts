/** Every command family registers its table here. */
import { aclCommands } from './acl';
import { bitCommands } from './bitops';
import { connectionCommands } from './connection';
import { dumpCommands } from './dump';
import { geoCommands } from './geo';
import { hashCommands } from './hashes';
import { hyperloglogCommands } from './hyperloglog';
import { keyCommands } from './keys';
import { listCommands } from './lists';
import { pubsubCommands } from './pubsub';
import { serverAdminCommands } from './server-admin';
import { scriptingCommands } from './scripting';
import { serverCommands } from './server-cmds';
import { setCommands } from './sets';
import { sortCommands } from './sort';
import { streamCommands } from './streams';
import { stringCommands } from './strings';
import type { CommandTable } from './table';
import { transactionCommands } from './transactions';
import { zsetCommands } from './zsets';

export function registerAllCommands(table: CommandTable): void {
  table.register(connectionCommands);
  table.register(hashCommands);
  table.register(keyCommands);
  table.register(dumpCommands);
  table.register(listCommands);
  table.register(serverAdminCommands);
  table.register(serverCommands);
  table.register(setCommands);
  table.register(stringCommands);
  table.register(bitCommands);
  table.register(hyperloglogCommands);
  table.register(pubsubCommands);
  table.register(transactionCommands);
  table.register(zsetCommands);
  table.register(geoCommands);
  table.register(aclCommands);
  table.register(sortCommands);
  table.register(streamCommands);
  table.register(scriptingCommands);
}
