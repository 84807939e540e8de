/**
 * ACL users: differential tests against a real redis-server (exact reply bytes of ACL SETUSER,
 * GETUSER, LIST, DRYRUN, CAT and of the NOPERM refusals, RESP2 and RESP3), and black-box tests of
 * what the dispatcher enforces: commands by category and name, key patterns with read/write
 * permissions, channels, AUTH and HELLO with a username, requirepass as the default user's password,
 * DELUSER closing the user's connections, the ACL LOG, invalid rules.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Redis from 'ioredis';
import { startRedis, startStrata, type RunningProcess, type RunningServer } from '../testing/harness';
import { parseReply, RespClient, same, type Step } from './resp-test-client';

interface Pair {
  a: RespClient;
  b: RespClient;
}

describe('ACL, differential against redis-server', () => {
  let strata: RunningServer;
  let redis: RunningProcess;
  let admin: Pair;

  const connect = async (): Promise<Pair> => {
    const [a, b] = await Promise.all([RespClient.connect(strata.port), RespClient.connect(redis.port)]);
    return { a, b };
  };
  const run = (p: Pair, steps: Step[]) => same(p.a, p.b, steps);

  before(async () => {
    [strata, redis] = await Promise.all([startStrata(), startRedis()]);
    admin = await connect();
  });
  after(async () => {
    admin?.a.close();
    admin?.b.close();
    await Promise.all([strata?.close(), redis?.close()]);
  });

  for (const resp of ['2', '3']) {
    test(`RESP${resp}: SETUSER, GETUSER, LIST, USERS, DRYRUN, invalid rules`, async () => {
      await run(admin, [
        { quiet: ['HELLO', resp] },
        { quiet: ['ACL', 'DELUSER', 'alice', 'bob', 'carol'] },
        ['ACL', 'SETUSER', 'alice'],
        ['ACL', 'GETUSER', 'alice'],
        ['ACL', 'LIST'],
        ['ACL', 'SETUSER', 'alice', 'on', '>pw1', '>pw2', '<pw1', '~app:*', '%R~ro:*', '%W~wo:*', '&news'],
        // Single-command rules are listed in Redis's hash order (random per process): one at most here.
        ['ACL', 'SETUSER', 'alice', '+@read', '-keys'],
        ['ACL', 'GETUSER', 'alice'],
        [
          'ACL',
          'SETUSER',
          'bob',
          'reset',
          '+@all',
          '-@admin',
          '+config|get',
          'allkeys',
          'allchannels',
          'nopass',
        ],
        ['ACL', 'GETUSER', 'bob'],
        ['ACL', 'SETUSER', 'carol', 'on', '#' + 'a'.repeat(64), '-@all', '+client', '-client|kill'],
        ['ACL', 'GETUSER', 'carol'],
        ['ACL', 'LIST'],
        ['ACL', 'USERS'],
        ['ACL', 'GETUSER', 'nobody'],
        // A description built from many rules depends on each server's command set and hash order:
        // from here on alice is compared by what she may do (DRYRUN), not by her description.
        ['ACL', 'SETUSER', 'alice', '-@dangerous', '+@hash', '-hdel', '+set'],
        // Invalid rules: nothing of the SETUSER applies.
        ['ACL', 'SETUSER', 'alice', 'off', '+nosuchcommand'],
        ['ACL', 'SETUSER', 'alice', '+@nosuchcategory'],
        ['ACL', 'SETUSER', 'alice', '%X~foo'],
        ['ACL', 'SETUSER', 'alice', 'bogus'],
        ['ACL', 'SETUSER', 'alice', '#tooshort'],
        ['ACL', 'SETUSER', 'alice', '<notapassword'],
        ['ACL', 'SETUSER', 'alice', '+config|get|x'],
        ['ACL', 'SETUSER', 'bob', '~foo'],
        ['ACL', 'SETUSER', 'bob', '&foo'],
        ['ACL', 'SETUSER', 'has space'],
        ['ACL', 'GETUSER', 'bob'],
        // DRYRUN
        ['ACL', 'DRYRUN', 'alice', 'GET', 'app:1'],
        ['ACL', 'DRYRUN', 'alice', 'get', 'other'],
        ['ACL', 'DRYRUN', 'alice', 'SET', 'ro:1', 'v'],
        ['ACL', 'DRYRUN', 'alice', 'SET', 'wo:1', 'v'],
        ['ACL', 'DRYRUN', 'alice', 'GET', 'wo:1'],
        ['ACL', 'DRYRUN', 'alice', 'HGET', 'app:h', 'f'],
        ['ACL', 'DRYRUN', 'alice', 'HDEL', 'app:h', 'f'],
        ['ACL', 'DRYRUN', 'alice', 'LPUSH', 'app:1', 'v'],
        ['ACL', 'DRYRUN', 'alice', 'MGET', 'app:1', 'ro:2', 'zzz'],
        ['ACL', 'DRYRUN', 'alice', 'FLUSHALL'],
        ['ACL', 'DRYRUN', 'bob', 'CONFIG', 'GET', 'maxmemory'],
        ['ACL', 'DRYRUN', 'bob', 'CONFIG', 'SET', 'maxmemory', '0'],
        ['ACL', 'DRYRUN', 'bob', 'PUBLISH', 'anything', 'm'],
        ['ACL', 'DRYRUN', 'carol', 'CLIENT', 'ID'],
        ['ACL', 'DRYRUN', 'carol', 'CLIENT', 'KILL', '1.2.3.4:5'],
        ['ACL', 'DRYRUN', 'carol', 'LPOP', 'x'],
        ['ACL', 'SETUSER', 'carol', '+select|0', '+config|get|x'],
        ['ACL', 'SETUSER', 'carol', '+select|0', '+select|Two'],
        ['ACL', 'DRYRUN', 'carol', 'SELECT', '0'],
        ['ACL', 'DRYRUN', 'carol', 'SELECT', 'two'],
        ['ACL', 'DRYRUN', 'carol', 'SELECT', '1'],
        ['ACL', 'SETUSER', 'carol', '-select'],
        ['ACL', 'DRYRUN', 'carol', 'SELECT', '0'],
        ['ACL', 'DRYRUN', 'nobody', 'GET', 'x'],
        ['ACL', 'DRYRUN', 'alice', 'NOSUCHCMD', 'x'],
        ['ACL', 'DRYRUN', 'alice', 'GET'],
        ['ACL', 'DRYRUN', 'alice', 'CONFIG', 'NOSUCHSUB'],
        ['ACL', 'DELUSER', 'default'],
        ['ACL', 'DELUSER', 'carol', 'nobody', 'alice'],
        ['ACL', 'LIST'],
        ['ACL', 'USERS'],
        ['ACL', 'WHOAMI'],
        ['ACL', 'CAT', 'nosuchcategory'],
        ['ACL', 'CAT', 'read', 'extra'],
        ['ACL', 'GENPASS', '0'],
        ['ACL', 'GENPASS', 'abc'],
        ['ACL', 'LOG', 'abc'],
        ['ACL', 'LOAD'],
        ['ACL', 'SAVE'],
        ['ACL', 'NOSUCH'],
        ['ACL', 'GETUSER'],
        ['ACL', 'HELP'],
      ]);
    });
  }

  test('ACL CAT lists the categories and, per category, the same commands (where both servers have them)', async () => {
    await run(admin, [['ACL', 'CAT']]);
    // Every command strata-server has is in @fast or @slow.
    const strataCommands = new Set<string>();
    for (const cat of ['fast', 'slow'])
      for (const name of parseReply(await admin.a.call('ACL', 'CAT', cat)) as string[])
        strataCommands.add(name);
    for (const cat of [
      'read',
      'write',
      'keyspace',
      'string',
      'list',
      'hash',
      'set',
      'sortedset',
      'pubsub',
      'admin',
    ]) {
      const ours = (parseReply(await admin.a.call('ACL', 'CAT', cat)) as string[]).sort();
      const theirs = (parseReply(await admin.b.call('ACL', 'CAT', cat)) as string[])
        .filter((name) => strataCommands.has(name))
        .sort();
      assert.deepEqual(ours, theirs, `ACL CAT ${cat}`);
    }
  });

  test('the dispatcher refuses commands, keys and channels with NOPERM, as redis-server does', async () => {
    await run(admin, [
      { quiet: ['ACL', 'DELUSER', 'dave'] },
      [
        'ACL',
        'SETUSER',
        'dave',
        'on',
        '>secret',
        '~app:*',
        '%R~ro:*',
        '&news',
        '+@read',
        '+@write',
        '+@pubsub',
        '+multi',
        '+exec',
        '-flushall',
      ],
    ]);
    const dave = await connect();
    try {
      await run(dave, [
        ['GET', 'app:1'],
        ['AUTH', 'dave', 'wrong'],
        ['AUTH', 'nobody', 'secret'],
        ['AUTH', 'dave', 'secret'],
        ['ACL', 'WHOAMI'],
        ['AUTH', 'dave', 'secret'], // AUTH is not in dave's categories: no_auth commands are always allowed
        ['SET', 'app:1', 'v'],
        ['GET', 'app:1'],
        ['SET', 'other', 'v'],
        ['GET', 'ro:1'],
        ['SET', 'ro:1', 'v'],
        ['MSET', 'app:2', 'x', 'other', 'y'],
        ['EXISTS', 'app:2'],
        ['FLUSHALL'],
        ['CONFIG', 'GET', 'maxmemory'],
        ['PUBLISH', 'news', 'hello'],
        ['PUBLISH', 'sports', 'hello'],
        ['MULTI'],
        ['SET', 'app:3', '1'],
        ['SET', 'forbidden', '1'],
        ['EXEC'],
        ['EXISTS', 'app:3'],
        ['SUBSCRIBE', 'sports'],
        ['PSUBSCRIBE', 'n*'],
        ['SUBSCRIBE', 'news'],
      ]);
    } finally {
      dave.a.close();
      dave.b.close();
    }
    // The refusals are in the ACL LOG (newest first); time and client details differ between servers.
    const strip = (raw: string) =>
      (parseReply(raw) as unknown[][]).map((e) => {
        const m = new Map<unknown, unknown>();
        for (let i = 0; i < e.length; i += 2) m.set(e[i], e[i + 1]);
        return [m.get('count'), m.get('reason'), m.get('context'), m.get('object'), m.get('username')];
      });
    const [ours, theirs] = await Promise.all([admin.a.call('ACL', 'LOG'), admin.b.call('ACL', 'LOG')]);
    assert.deepEqual(strip(ours), strip(theirs));
    assert.ok(strip(ours).length >= 8);
    await run(admin, [
      ['ACL', 'LOG', 'RESET'],
      ['ACL', 'LOG'],
      ['ACL', 'DELUSER', 'dave'],
      { quiet: ['FLUSHALL'] },
    ]);
  });

  test('requirepass is the default user password; AUTH and HELLO AUTH with a username', async () => {
    await run(admin, [
      ['CONFIG', 'SET', 'requirepass', 'topsecret'],
      ['ACL', 'GETUSER', 'default'],
    ]);
    const anon = await connect();
    try {
      await run(anon, [
        ['GET', 'k'],
        ['AUTH', 'wrong'],
        ['AUTH', 'default', 'wrong'],
        ['HELLO', '3', 'AUTH', 'default', 'wrong'],
        { quiet: ['HELLO', '2', 'AUTH', 'default', 'topsecret'] }, // the reply holds the client id
        ['ACL', 'WHOAMI'],
        ['AUTH', 'topsecret'],
        ['GET', 'k'],
      ]);
    } finally {
      anon.a.close();
      anon.b.close();
    }
    await run(admin, [
      ['AUTH', 'topsecret'],
      ['CONFIG', 'SET', 'requirepass', ''],
      ['ACL', 'GETUSER', 'default'],
      ['AUTH', 'x'],
      ['ACL', 'LOG', 'RESET'],
    ]);
  });
});

describe('secrets stay out of SLOWLOG and MONITOR, as in redis-server', () => {
  let strata: RunningServer;
  let redis: RunningProcess;
  before(async () => {
    [strata, redis] = await Promise.all([startStrata(), startRedis()]);
  });
  after(async () => {
    await Promise.all([strata?.close(), redis?.close()]);
  });

  test('AUTH, HELLO AUTH, ACL SETUSER and CONFIG SET requirepass are redacted', async () => {
    const [a, b] = await Promise.all([RespClient.connect(strata.port), RespClient.connect(redis.port)]);
    const monitor = await RespClient.connect(strata.port);
    try {
      await monitor.call('MONITOR');
      const steps: Step[] = [
        ['CONFIG', 'SET', 'slowlog-log-slower-than', '0'],
        ['SLOWLOG', 'RESET'],
        ['AUTH', 'pw-one'],
        ['AUTH', 'someone', 'pw-two'],
        ['HELLO', '2', 'AUTH', 'someone', 'pw-three', 'SETNAME', 'n'],
        ['ACL', 'SETUSER', 'someone', 'on', '>pw-four'],
        ['ACL', 'SETUSER', 'someone', 'bad-rule', '>pw-five'],
        ['CONFIG', 'SET', 'requirepass', 'pw-six', 'maxmemory-samples', '5'],
        ['CONFIG', 'SET', 'requirepass', ''],
        ['ACL', 'DELUSER', 'someone'],
        ['CONFIG', 'SET', 'slowlog-log-slower-than', '10000'],
      ];
      await same(a, b, steps);
      const argvs = async (c: RespClient) =>
        (parseReply(await c.call('SLOWLOG', 'GET', '-1')) as unknown[][]).map((e) => e[3]);
      const ours = await argvs(a);
      assert.deepEqual(ours, await argvs(b));
      assert.ok(ours.length >= 9);
      let seen = '';
      for (let line = await monitor.next(500); line !== undefined; line = await monitor.next(200))
        seen += line;
      assert.match(seen, /"AUTH" "\(redacted\)" "\(redacted\)"/);
      assert.doesNotMatch(JSON.stringify(ours) + seen, /pw-/);
    } finally {
      a.close();
      b.close();
      monitor.close();
    }
  });
});

describe('ACL, black-box', () => {
  let strata: RunningServer;
  before(async () => {
    strata = await startStrata();
  });
  after(async () => {
    await strata?.close();
  });

  test(
    'DELUSER closes the connections of that user; other clients are untouched',
    { timeout: 10_000 },
    async () => {
      const admin = new Redis({ port: strata.port, lazyConnect: true });
      await admin.connect();
      await admin.call('ACL', 'SETUSER', 'eve', 'on', '>pw', '+@all', '~*');
      const eve = new Redis({
        port: strata.port,
        username: 'eve',
        password: 'pw',
        lazyConnect: true,
        retryStrategy: () => null,
      });
      await eve.connect();
      assert.equal(await eve.call('ACL', 'WHOAMI'), 'eve');
      const closed = new Promise<void>((resolve) => eve.once('end', () => resolve()));
      assert.equal(await admin.call('ACL', 'DELUSER', 'eve'), 1);
      await closed;
      assert.equal(await admin.ping(), 'PONG');
      admin.disconnect();
    },
  );

  test('permission changes apply at once to connected clients; a user switched off cannot log in', async () => {
    const admin = new Redis({ port: strata.port, lazyConnect: true });
    await admin.connect();
    await admin.call('ACL', 'SETUSER', 'frank', 'on', '>pw', '+@all', '~*');
    const frank = new Redis({ port: strata.port, username: 'frank', password: 'pw', lazyConnect: true });
    await frank.connect();
    assert.equal(await frank.set('k', 'v'), 'OK');
    await admin.call('ACL', 'SETUSER', 'frank', '-set');
    await assert.rejects(frank.set('k', 'v'), /NOPERM this user has no permissions to run the 'set' command/);
    assert.equal(await frank.get('k'), 'v');
    await admin.call('ACL', 'SETUSER', 'frank', 'off');
    await assert.rejects(frank.call('AUTH', 'frank', 'pw'), /WRONGPASS/);
    frank.disconnect();
    await admin.call('ACL', 'DELUSER', 'frank');
    await admin.del('k');
    admin.disconnect();
  });

  test(
    'a subscriber whose channel permission is revoked is disconnected; one that keeps it is not',
    { timeout: 10_000 },
    async () => {
      const admin = new Redis({ port: strata.port, lazyConnect: true });
      await admin.connect();
      await admin.call(
        'ACL',
        'SETUSER',
        'sub',
        'on',
        'nopass',
        '+@all',
        '~*',
        'resetchannels',
        '&news',
        '&sport*',
      );
      const opts = {
        port: strata.port,
        username: 'sub',
        password: 'x',
        lazyConnect: true,
        retryStrategy: () => null,
      };
      const keeps = new Redis(opts);
      const loses = new Redis(opts);
      await Promise.all([keeps.connect(), loses.connect()]);
      await keeps.subscribe('sports');
      await loses.subscribe('news');
      const closed = new Promise<void>((resolve) => loses.once('end', () => resolve()));
      await admin.call('ACL', 'SETUSER', 'sub', 'resetchannels', '&sport*');
      await closed;
      assert.equal(keeps.status, 'ready');
      const got = new Promise<string>((resolve) =>
        keeps.once('message', (_ch: string, msg: string) => resolve(msg)),
      );
      assert.equal(await admin.publish('sports', 'goal'), 1);
      assert.equal(await got, 'goal');
      keeps.disconnect();
      await admin.call('ACL', 'DELUSER', 'sub');
      admin.disconnect();
    },
  );

  test('thousands of invalid rules and odd user names are refused without harm', async () => {
    const admin = new Redis({ port: strata.port, lazyConnect: true });
    await admin.connect();
    const junk = Array.from({ length: 5000 }, (_, i) => (i % 2 ? '+@' : '%') + 'x'.repeat(i % 50));
    await assert.rejects(admin.call('ACL', 'SETUSER', 'junk', ...junk), /Error in ACL SETUSER modifier/);
    assert.equal(await admin.call('ACL', 'GETUSER', 'junk'), null);
    await assert.rejects(
      admin.call('ACL', 'SETUSER', 'a\0b'),
      /Usernames can't contain spaces or null characters/,
    );
    const gen = (await admin.call('ACL', 'GENPASS')) as string;
    assert.match(gen, /^[0-9a-f]{64}$/);
    assert.match((await admin.call('ACL', 'GENPASS', '5')) as string, /^[0-9a-f]{2}$/);
    assert.equal(await admin.ping(), 'PONG');
    admin.disconnect();
  });
});
