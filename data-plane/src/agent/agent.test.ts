// strata-node-agent against real strata-server processes: lifecycle, live settings, password
// rotation, supervision, agent restart, credentials and admission errors.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import Redis from 'ioredis';
import {
  loadProtos,
  type Instance__Output,
  type InstanceEvent__Output,
  type InstanceStats__Output,
} from '@strata/proto';
import {
  FAST_FLAGS,
  TOKEN,
  cleanup,
  eventually,
  makeDirs,
  portRange,
  processesOnPort,
  runAgent,
  startAgent,
  type Dirs,
  type RunningAgent,
} from './test-support';

const MIB = 1024 * 1024;

async function redisFor(instance: Instance__Output, password = instance.password): Promise<Redis> {
  const redis = new Redis({
    host: instance.host,
    port: instance.port,
    password: password || undefined,
    lazyConnect: true,
    enableReadyCheck: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  await redis.connect();
  return redis;
}

async function configGet(redis: Redis, name: string): Promise<string> {
  const reply = (await redis.config('GET', name)) as string[];
  return reply[1];
}

function grpcCode(code: grpc.status, pattern: RegExp) {
  return (err: grpc.ServiceError) => {
    assert.equal(err.code, code, `${grpc.status[err.code]}: ${err.details}`);
    assert.match(err.details, pattern);
    return true;
  };
}

/** Collects the events of one instance from a WatchEvents stream. */
function watchEvents(
  agent: RunningAgent,
  instanceId: string,
): { events: InstanceEvent__Output[]; cancel(): void } {
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${TOKEN}`);
  const call = agent.client.WatchEvents({ instanceIds: [instanceId], includeRecent: true }, metadata);
  const events: InstanceEvent__Output[] = [];
  call.on('data', (e: InstanceEvent__Output) => events.push(e));
  call.on('error', () => undefined);
  return { events, cancel: () => call.cancel() };
}

describe('instance lifecycle', () => {
  let dirs: Dirs;
  let agent: RunningAgent;
  before(async () => {
    dirs = makeDirs();
    agent = await startAgent(dirs, ['--memory-budget', '1gb', '--port-range', portRange(), ...FAST_FLAGS]);
  });
  after(async () => {
    await agent?.stop();
    cleanup(dirs);
  });

  test('create, connect, update live and by restart, rotate the password, stats, delete', async () => {
    const created = await agent.call<Instance__Output>('CreateInstance', {
      instanceId: 'ds-1',
      maxmemoryBytes: 64 * MIB,
      tiering: { enabled: true, maxFileSize: 64 * MIB, lists: { enabled: true } },
    });
    assert.equal(created.state, 'INSTANCE_STATE_RUNNING', created.stateReason);
    assert.equal(created.maxmemoryPolicy, 'noeviction');
    assert.ok(created.password.length >= 16);
    assert.equal(created.tierPrefix, path.join(dirs.nvmePath, 'ds-1', 'tier'));
    assert.equal(created.tiering?.offloadThreshold, 0.5);
    assert.equal(created.tiering?.lists?.enabled, true);

    // Idempotent on the id: same port and password, one process.
    const again = await agent.call<Instance__Output>('CreateInstance', {
      instanceId: 'ds-1',
      maxmemoryBytes: 64 * MIB,
      tiering: { enabled: true, maxFileSize: 64 * MIB, lists: { enabled: true } },
    });
    assert.equal(again.port, created.port);
    assert.equal(again.password, created.password);
    assert.equal(again.pid, created.pid);
    assert.deepEqual(processesOnPort(created.port), [created.pid]);
    const [twinA, twinB] = await Promise.all(
      [1, 2].map(() =>
        agent.call<Instance__Output>('CreateInstance', { instanceId: 'twin', maxmemoryBytes: 8 * MIB }),
      ),
    );
    assert.equal(twinA.pid, twinB.pid);
    assert.equal(twinA.password, twinB.password);
    assert.deepEqual(processesOnPort(twinA.port), [twinA.pid]);
    await agent.call('DeleteInstance', { instanceId: 'twin' });
    await assert.rejects(
      agent.call('CreateInstance', { instanceId: 'ds-1', maxmemoryBytes: 32 * MIB }),
      grpcCode(grpc.status.ALREADY_EXISTS, /different maxmemory_bytes/),
    );

    const redis = await redisFor(created);
    assert.equal(await redis.set('k', 'v'), 'OK');
    assert.equal(await redis.get('k'), 'v');
    assert.equal(await configGet(redis, 'maxmemory'), String(64 * MIB));
    assert.equal(await configGet(redis, 'tiered_prefix'), created.tierPrefix);
    // The server opened its tier file under the instance's NVMe directory.
    assert.ok(fs.existsSync(`${created.tierPrefix}-0000`), 'tier file exists');
    const tieredStats = await agent.call<InstanceStats__Output>('GetInstanceStats', { instanceId: 'ds-1' });
    assert.ok('tiered_entries' in tieredStats.raw, 'INFO has the tiered section');
    assert.ok(tieredStats.tiered!.tieredCapacityBytes > 0, 'the tier file has capacity');
    assert.equal(await configGet(redis, 'tiered_experimental_list_support'), 'true');
    redis.disconnect();

    // Live update: CONFIG SET, same process.
    const live = await agent.call<{ instance: Instance__Output; appliedLive: string[]; restarted: boolean }>(
      'UpdateInstance',
      {
        instanceId: 'ds-1',
        maxmemoryBytes: 96 * MIB,
        maxmemoryPolicy: 'allkeys-lru',
        tiering: { offloadThreshold: 0.25, hashes: { enabled: true, maxBytes: 2048 } },
      },
    );
    assert.equal(live.restarted, false);
    assert.deepEqual(live.appliedLive.sort(), [
      'listpack_max_bytes',
      'maxmemory',
      'maxmemory-policy',
      'tiered_experimental_hash_support',
      'tiered_offload_threshold',
    ]);
    assert.equal(live.instance.pid, created.pid);
    const r2 = await redisFor(created);
    assert.equal(await configGet(r2, 'maxmemory'), String(96 * MIB));
    assert.equal(await configGet(r2, 'maxmemory-policy'), 'allkeys-lru');
    assert.equal(await configGet(r2, 'tiered_offload_threshold'), '0.25');
    assert.equal(await configGet(r2, 'tiered_experimental_hash_support'), 'true');
    assert.equal(await configGet(r2, 'listpack_max_bytes'), '2048');
    assert.equal(await r2.get('k'), 'v');
    r2.disconnect();

    // Turning tiering off needs a restart, and the response says so.
    const off = await agent.call<{
      instance: Instance__Output;
      restarted: boolean;
      restartReasons: string[];
    }>('UpdateInstance', { instanceId: 'ds-1', tiering: { enabled: false } });
    assert.equal(off.restarted, true);
    assert.match(off.restartReasons.join(), /tiering\.enabled/);
    assert.notEqual(off.instance.pid, created.pid);
    assert.equal(off.instance.state, 'INSTANCE_STATE_RUNNING');
    assert.equal(off.instance.tierPrefix, '');
    const r3 = await redisFor(created);
    assert.equal(await configGet(r3, 'tiered_prefix'), '');
    assert.equal(await configGet(r3, 'tiered_offload_threshold'), '0.25');
    assert.equal(await configGet(r3, 'maxmemory'), String(96 * MIB));
    await r3.set('k2', 'v2');

    // Rotate: the new password works, the old one is refused; the open connection stays.
    const rotated = await agent.call<Instance__Output>('RotatePassword', { instanceId: 'ds-1' });
    assert.notEqual(rotated.password, created.password);
    assert.equal(rotated.pid, off.instance.pid, 'rotation is live, no restart');
    const r4 = await redisFor(rotated);
    assert.equal(await r4.get('k2'), 'v2');
    r4.disconnect();
    const anonymous = await redisFor(created, '');
    await assert.rejects(anonymous.auth(created.password), /WRONGPASS/);
    await assert.rejects(anonymous.get('k2'), /NOAUTH/);
    anonymous.disconnect();
    assert.equal(await r3.ping(), 'PONG');
    r3.disconnect();
    assert.equal((await agent.call<Instance__Output>('GetInstance', { instanceId: 'ds-1' })).password, '');

    // Stats: unary and streamed.
    const stats = await agent.call<InstanceStats__Output>('GetInstanceStats', { instanceId: 'ds-1' });
    assert.equal(stats.available, true, stats.error);
    assert.equal(stats.keys, 1);
    assert.equal(stats.maxmemory, 96 * MIB);
    assert.ok(stats.usedMemory > 0);
    assert.ok(stats.tiered, 'tiered figures present');
    assert.ok(stats.raw.redis_version);
    const metadata = new grpc.Metadata();
    metadata.set('authorization', `Bearer ${TOKEN}`);
    const stream = agent.client.WatchStats({ instanceIds: [], intervalMs: 100 }, metadata);
    const streamed: InstanceStats__Output[] = [];
    await new Promise<void>((resolve, reject) => {
      stream.on('data', (s: InstanceStats__Output) => {
        streamed.push(s);
        if (streamed.length === 3) resolve();
      });
      stream.on('error', reject);
    });
    stream.cancel();
    assert.ok(streamed.every((s) => s.instanceId === 'ds-1' && s.available));
    assert.ok(streamed[2].collectedAtMs >= streamed[0].collectedAtMs);

    // Delete: the process stops, the tier directory goes.
    const tierDirectory = path.join(dirs.nvmePath, 'ds-1');
    const pid = rotated.pid;
    // Tiering is on again so the tier directory holds what the server wrote there.
    const on = await agent.call<{ instance: Instance__Output }>('UpdateInstance', {
      instanceId: 'ds-1',
      tiering: { enabled: true },
    });
    assert.ok(fs.existsSync(`${on.instance.tierPrefix}-0000`), 'tier file exists again');
    fs.writeFileSync(`${on.instance.tierPrefix}-0000-test`, 'x'.repeat(8192));
    const used = await agent.call<{ diskUsedByInstancesBytes: number }>('GetNodeInfo', {});
    assert.ok(used.diskUsedByInstancesBytes >= 8192, String(used.diskUsedByInstancesBytes));
    const deleted = await agent.call<{ existed: boolean }>('DeleteInstance', { instanceId: 'ds-1' });
    assert.equal(deleted.existed, true);
    assert.equal(fs.existsSync(tierDirectory), false);
    const freed = await agent.call<{ diskUsedByInstancesBytes: number; instanceCount: number }>(
      'GetNodeInfo',
      {},
    );
    assert.equal(freed.diskUsedByInstancesBytes, 0);
    assert.equal(freed.instanceCount, 0);
    assert.deepEqual(processesOnPort(created.port), []);
    assert.throws(() => process.kill(pid, 0));
    await assert.rejects(
      agent.call('GetInstance', { instanceId: 'ds-1' }),
      grpcCode(grpc.status.NOT_FOUND, /instance_id/),
    );
    assert.equal(
      (await agent.call<{ existed: boolean }>('DeleteInstance', { instanceId: 'ds-1' })).existed,
      false,
    );
  });

  test('values written past the offload threshold reach the tier, and the stats show it', async () => {
    const instance = await agent.call<Instance__Output>('CreateInstance', {
      instanceId: 'tiered',
      maxmemoryBytes: 32 * MIB,
      tiering: { enabled: true, minTtlToOffloadMs: 0 },
    });
    const redis = await redisFor(instance);
    const value = 'x'.repeat(4096);
    for (let batch = 0; batch < 30; batch++) {
      const pipeline = redis.pipeline();
      for (let k = 0; k < 200; k++) pipeline.set(`k${batch}:${k}`, value);
      await pipeline.exec();
    }
    redis.disconnect();
    const stats = await eventually(async () => {
      const s = await agent.call<InstanceStats__Output>('GetInstanceStats', { instanceId: 'tiered' });
      return s.tiered!.tieredEntries > 0 ? s : undefined;
    });
    assert.equal(stats.keys, 6000);
    assert.ok(stats.tiered!.tieredTotalStashes >= stats.tiered!.tieredEntries);
    assert.ok(stats.tiered!.tieredEntriesBytes >= stats.tiered!.tieredEntries * 4096);
    await agent.call('DeleteInstance', { instanceId: 'tiered' });
  });
});

describe('supervision', () => {
  let dirs: Dirs;
  let agent: RunningAgent;
  let flags: string[];
  before(async () => {
    dirs = makeDirs();
    flags = [
      '--memory-budget',
      '1gb',
      '--port-range',
      portRange(),
      '--max-crashes',
      '3',
      '--crash-window',
      '60s',
      ...FAST_FLAGS,
    ];
    agent = await startAgent(dirs, flags);
  });
  after(async () => {
    await agent?.stop();
    cleanup(dirs);
  });

  test('kill -9: restarted and reported; killed repeatedly: FAILED with the reason', async () => {
    const created = await agent.call<Instance__Output>('CreateInstance', {
      instanceId: 'crashy',
      maxmemoryBytes: 32 * MIB,
    });
    const watch = watchEvents(agent, 'crashy');
    const types = () => watch.events.map((e) => e.type.replace('INSTANCE_EVENT_TYPE_', ''));

    process.kill(created.pid, 'SIGKILL');
    const restarted = await eventually(async () => {
      const i = await agent.call<Instance__Output>('GetInstance', { instanceId: 'crashy' });
      return i.state === 'INSTANCE_STATE_RUNNING' && i.pid !== created.pid ? i : undefined;
    });
    assert.equal(restarted.crashRestarts, 1);
    assert.equal(restarted.port, created.port);
    const redis = await redisFor(created);
    assert.equal(await redis.ping(), 'PONG');
    redis.disconnect();
    await eventually(() =>
      types().includes('STARTED') && types().lastIndexOf('STARTED') > types().indexOf('RESTARTED')
        ? true
        : undefined,
    );
    const crash = watch.events.find((e) => e.type === 'INSTANCE_EVENT_TYPE_CRASHED');
    assert.equal(crash?.signal, 'SIGKILL');
    assert.match(crash?.message ?? '', /killed by SIGKILL/);

    // Two more crashes (3 within the window) -> FAILED, not restarted.
    let pid = restarted.pid;
    for (let i = 0; i < 2; i++) {
      process.kill(pid, 'SIGKILL');
      if (i === 1) break;
      pid = await eventually(async () => {
        const inst = await agent.call<Instance__Output>('GetInstance', { instanceId: 'crashy' });
        return inst.state === 'INSTANCE_STATE_RUNNING' && inst.pid !== pid ? inst.pid : undefined;
      });
    }
    const failed = await eventually(async () => {
      const inst = await agent.call<Instance__Output>('GetInstance', { instanceId: 'crashy' });
      return inst.state === 'INSTANCE_STATE_FAILED' ? inst : undefined;
    });
    assert.match(failed.stateReason, /crashed 3 times/);
    assert.match(failed.stateReason, /last log lines:\n.*strata-server/s);
    assert.equal(failed.pid, 0);
    await eventually(() => (types().includes('FAILED') ? true : undefined));
    assert.deepEqual(processesOnPort(created.port), []);
    watch.cancel();

    // FAILED is kept across an agent restart: not started again behind the operator's back.
    await agent.stop('SIGTERM');
    agent = await startAgent(dirs, flags);
    const still = await agent.call<Instance__Output>('GetInstance', { instanceId: 'crashy' });
    assert.equal(still.state, 'INSTANCE_STATE_FAILED');
    assert.equal(still.stateReason, failed.stateReason);
    assert.deepEqual(processesOnPort(created.port), []);

    // A restart request brings it back.
    const back = await agent.call<Instance__Output>('RestartInstance', { instanceId: 'crashy' });
    assert.equal(back.state, 'INSTANCE_STATE_RUNNING');
    assert.equal(back.crashRestarts, 0);
  });

  test('a port held by another instance is refused', async () => {
    const busy = (await agent.call<Instance__Output>('GetInstance', { instanceId: 'crashy' })).port;
    await assert.rejects(
      agent.call('CreateInstance', { instanceId: 'clash', maxmemoryBytes: 16 * MIB, port: busy }),
      grpcCode(grpc.status.RESOURCE_EXHAUSTED, /^ports: port \d+ is used by another instance/),
    );
  });
});

describe('agent restart', () => {
  let dirs: Dirs;
  let agent: RunningAgent;
  const flags = () => ['--memory-budget', '1gb', '--port-range', range, ...FAST_FLAGS];
  let range: string;
  before(async () => {
    dirs = makeDirs();
    range = portRange();
    agent = await startAgent(dirs, flags());
  });
  after(async () => {
    await agent?.stop();
    cleanup(dirs);
  });

  test('instances keep running and are adopted; one that died meanwhile is started again; none duplicated', async () => {
    const a = await agent.call<Instance__Output>('CreateInstance', {
      instanceId: 'a',
      maxmemoryBytes: 16 * MIB,
    });
    const b = await agent.call<Instance__Output>('CreateInstance', {
      instanceId: 'b',
      maxmemoryBytes: 16 * MIB,
    });
    const c = await agent.call<Instance__Output>('CreateInstance', {
      instanceId: 'c',
      maxmemoryBytes: 16 * MIB,
    });
    const ra = await redisFor(a);
    await ra.set('kept', 'yes');
    ra.disconnect();

    await agent.stop('SIGKILL');
    // While the agent is down: a and b keep serving, c dies.
    process.kill(c.pid, 'SIGKILL');
    const rb = await redisFor(b);
    assert.equal(await rb.ping(), 'PONG');
    rb.disconnect();

    agent = await startAgent(dirs, flags());
    const list = await agent.call<{ instances: Instance__Output[] }>('ListInstances', {});
    assert.deepEqual(
      list.instances.map((i) => i.instanceId),
      ['a', 'b', 'c'],
    );
    const byId = new Map(list.instances.map((i) => [i.instanceId, i]));
    assert.equal(byId.get('a')?.pid, a.pid, 'a adopted, same process');
    assert.equal(byId.get('b')?.pid, b.pid, 'b adopted, same process');
    assert.equal(byId.get('c')?.state, 'INSTANCE_STATE_RUNNING');
    assert.notEqual(byId.get('c')?.pid, c.pid, 'c started again');
    for (const inst of [a, b, c])
      assert.equal(processesOnPort(inst.port).length, 1, `one process on ${inst.port}`);
    const ra2 = await redisFor(a);
    assert.equal(await ra2.get('kept'), 'yes');
    ra2.disconnect();

    // An adopted process is still supervised: kill -9 -> restarted.
    process.kill(a.pid, 'SIGKILL');
    await eventually(async () => {
      const inst = await agent.call<Instance__Output>('GetInstance', { instanceId: 'a' });
      return inst.state === 'INSTANCE_STATE_RUNNING' && inst.pid !== a.pid ? inst : undefined;
    });
    assert.equal(processesOnPort(a.port).length, 1);

    // The agent died after starting b but before recording its pid: b is found by port and
    // working directory and adopted, not started twice.
    await agent.stop('SIGKILL');
    const tableFile = path.join(dirs.dataDir, 'instances.json');
    const table = JSON.parse(fs.readFileSync(tableFile, 'utf8')) as {
      instances: { id: string; pid: number }[];
    };
    table.instances.find((i) => i.id === 'b')!.pid = 0;
    fs.writeFileSync(tableFile, JSON.stringify(table));
    agent = await startAgent(dirs, flags());
    const found = await agent.call<Instance__Output>('GetInstance', { instanceId: 'b' });
    assert.equal(found.pid, b.pid);
    assert.deepEqual(processesOnPort(b.port), [b.pid]);

    // A clean agent stop (SIGTERM) also leaves them running for the next agent.
    await agent.stop('SIGTERM');
    agent = await startAgent(dirs, flags());
    const again = await agent.call<{ instances: Instance__Output[] }>('ListInstances', {});
    assert.equal(again.instances.length, 3);
    assert.ok(again.instances.every((i) => i.state === 'INSTANCE_STATE_RUNNING'));
    for (const inst of [a, b, c]) assert.equal(processesOnPort(inst.port).length, 1);
    for (const id of ['a', 'b', 'c']) await agent.call('DeleteInstance', { instanceId: id });
  });
});

describe('credentials and admission', () => {
  let dirs: Dirs;
  let agent: RunningAgent;
  before(async () => {
    dirs = makeDirs();
    agent = await startAgent(dirs, ['--memory-budget', '64mb', '--port-range', portRange(2), ...FAST_FLAGS]);
  });
  after(async () => {
    await agent?.stop();
    cleanup(dirs);
  });

  test('a missing or wrong token is refused; health answers without one', async () => {
    await assert.rejects(
      agent.call('GetNodeInfo', {}, null),
      grpcCode(grpc.status.UNAUTHENTICATED, /missing/),
    );
    await assert.rejects(
      agent.call('GetNodeInfo', {}, 'not-the-token-0123456789'),
      grpcCode(grpc.status.UNAUTHENTICATED, /wrong/),
    );
    await assert.rejects(
      agent.call('ListInstances', {}, TOKEN.slice(0, -1)),
      grpcCode(grpc.status.UNAUTHENTICATED, /wrong/),
    );
    const info = await agent.call<{ memoryBudgetBytes: number; ioUringDetail: string; nvmePath: string }>(
      'GetNodeInfo',
      {},
    );
    assert.equal(info.memoryBudgetBytes, 64 * MIB);
    assert.equal(info.nvmePath, dirs.nvmePath);
    assert.ok(info.ioUringDetail.length > 0);

    const health = new (loadProtos().grpc.health.v1.Health)(
      `127.0.0.1:${agent.port}`,
      grpc.credentials.createInsecure(),
    );
    const status = await new Promise<string>((resolve, reject) =>
      health.Check({ service: 'strata.v1.NodeAgent' }, (err, res) =>
        err ? reject(err) : resolve(String(res?.status)),
      ),
    );
    health.close();
    assert.equal(status, 'SERVING');
  });

  test('bad fields are INVALID_ARGUMENT naming the field', async () => {
    const bad: [object, RegExp][] = [
      [{ instanceId: 'Bad_Id', maxmemoryBytes: 8 * MIB }, /^instance_id: /],
      [{ instanceId: 'x', maxmemoryBytes: 1000 }, /^maxmemory_bytes: /],
      [{ instanceId: 'x', maxmemoryBytes: 8 * MIB, maxmemoryPolicy: 'lru' }, /^maxmemory_policy: /],
      [{ instanceId: 'x', maxmemoryBytes: 8 * MIB, password: 'short' }, /^password: /],
      [{ instanceId: 'x', maxmemoryBytes: 8 * MIB, port: 1 }, /^port: 1 is outside/],
      [
        { instanceId: 'x', maxmemoryBytes: 8 * MIB, tiering: { offloadThreshold: 1.5 } },
        /^tiering\.offload_threshold: /,
      ],
      [
        { instanceId: 'x', maxmemoryBytes: 8 * MIB, tiering: { hashes: { maxFieldLen: 0 } } },
        /^tiering\.hashes\.max_field_len: /,
      ],
    ];
    for (const [request, pattern] of bad) {
      await assert.rejects(
        agent.call('CreateInstance', request),
        grpcCode(grpc.status.INVALID_ARGUMENT, pattern),
      );
    }
    await assert.rejects(
      agent.call('UpdateInstance', { instanceId: 'nope', tiering: {} }),
      grpcCode(grpc.status.NOT_FOUND, /instance_id/),
    );
    const metadata = new grpc.Metadata();
    metadata.set('authorization', `Bearer ${TOKEN}`);
    const stream = agent.client.WatchStats({ intervalMs: 5 }, metadata);
    const err = await new Promise<grpc.ServiceError>((resolve) => {
      stream.on('error', resolve);
      stream.on('data', () => undefined);
    });
    assert.equal(err.code, grpc.status.INVALID_ARGUMENT);
    assert.match(err.details, /^interval_ms: /);
  });

  test('over-commit is RESOURCE_EXHAUSTED naming the memory budget, the ports or the disk', async () => {
    await assert.rejects(
      agent.call('CreateInstance', { instanceId: 'big', maxmemoryBytes: 65 * MIB }),
      grpcCode(grpc.status.RESOURCE_EXHAUSTED, /^memory budget: .*64\.0 MiB/),
    );
    await assert.rejects(
      agent.call('CreateInstance', {
        instanceId: 'disk',
        maxmemoryBytes: 8 * MIB,
        tiering: { enabled: true, maxFileSize: 2 ** 52 },
      }),
      grpcCode(grpc.status.RESOURCE_EXHAUSTED, /^disk: /),
    );
    // Concurrent creates cannot both take the same budget.
    const race = await Promise.allSettled(
      ['r1', 'r2', 'r3'].map((id) =>
        agent.call('CreateInstance', { instanceId: id, maxmemoryBytes: 40 * MIB }),
      ),
    );
    assert.equal(race.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of race) {
      if (r.status === 'rejected') assert.match((r.reason as grpc.ServiceError).details, /^memory budget: /);
    }
    for (const id of ['r1', 'r2', 'r3']) await agent.call('DeleteInstance', { instanceId: id });

    const one = await agent.call<Instance__Output>('CreateInstance', {
      instanceId: 'one',
      maxmemoryBytes: 8 * MIB,
    });
    await agent.call('CreateInstance', { instanceId: 'two', maxmemoryBytes: 8 * MIB });
    await assert.rejects(
      agent.call('CreateInstance', { instanceId: 'three', maxmemoryBytes: 8 * MIB }),
      grpcCode(grpc.status.RESOURCE_EXHAUSTED, /^ports: all 2 ports/),
    );
    // A resize past the budget is refused and changes nothing.
    await assert.rejects(
      agent.call('UpdateInstance', { instanceId: 'one', maxmemoryBytes: 60 * MIB }),
      grpcCode(grpc.status.RESOURCE_EXHAUSTED, /^memory budget: /),
    );
    const after = await agent.call<Instance__Output>('GetInstance', { instanceId: 'one' });
    assert.equal(after.maxmemoryBytes, 8 * MIB);
    assert.equal(after.pid, one.pid);
    for (const id of ['one', 'two']) await agent.call('DeleteInstance', { instanceId: id });
  });

  test('start-up errors: missing NVMe path, no credential, bad sizes', async () => {
    const missing = path.join(dirs.root, 'no-such-nvme');
    const r1 = await runAgent(['--data-dir', dirs.dataDir, '--nvme-path', missing, '--token', TOKEN]);
    assert.equal(r1.code, 2);
    assert.match(r1.output, new RegExp(`--nvme-path: ${missing} does not exist`));
    const r2 = await runAgent(['--data-dir', dirs.dataDir, '--nvme-path', dirs.nvmePath]);
    assert.equal(r2.code, 2);
    assert.match(r2.output, /no credential/);
    const r3 = await runAgent(
      ['--data-dir', dirs.dataDir, '--nvme-path', dirs.nvmePath, '--memory-budget', '8 lots'],
      {
        STRATA_AGENT_TOKEN: TOKEN,
      },
    );
    assert.equal(r3.code, 2);
    assert.match(r3.output, /--memory-budget: expected a size/);
  });
});

describe('a server that cannot start', () => {
  let dirs: Dirs;
  let agent: RunningAgent;
  before(async () => {
    dirs = makeDirs();
    const script = path.join(dirs.root, 'broken-server.js');
    fs.writeFileSync(
      script,
      "process.stderr.write('fatal: cannot open tier file: permission denied\\n'); process.exit(3);\n",
    );
    agent = await startAgent(dirs, [
      '--server-command',
      `${process.execPath} ${script}`,
      '--max-crashes',
      '3',
      '--port-range',
      portRange(),
      '--memory-budget',
      '256mb',
      ...FAST_FLAGS,
    ]);
  });
  after(async () => {
    await agent?.stop();
    cleanup(dirs);
  });

  test('is retried with backoff, then FAILED with its last log lines', async () => {
    const created = await agent.call<Instance__Output>('CreateInstance', {
      instanceId: 'broken',
      maxmemoryBytes: 8 * MIB,
    });
    assert.notEqual(created.state, 'INSTANCE_STATE_RUNNING');
    const failed = await eventually(async () => {
      const inst = await agent.call<Instance__Output>('GetInstance', { instanceId: 'broken' });
      return inst.state === 'INSTANCE_STATE_FAILED' ? inst : undefined;
    });
    // The exit code is checked on the final reason: at CreateInstance's reply the first exit may not
    // have been seen yet (that raced on a busy machine).
    assert.match(failed.stateReason, /exited with code 3/);
    assert.match(failed.stateReason, /crashed 3 times/);
    assert.match(failed.stateReason, /fatal: cannot open tier file: permission denied/);
    assert.equal(failed.crashRestarts, 2);
    const info = await agent.call<{ instancesFailed: number }>('GetNodeInfo', {});
    assert.equal(info.instancesFailed, 1);
    assert.equal(
      (await agent.call<{ existed: boolean }>('DeleteInstance', { instanceId: 'broken' })).existed,
      true,
    );
  });
});

describe('another server answering on the instance port', () => {
  let dirs: Dirs;
  let agent: RunningAgent;
  let pidFile: string;
  before(async () => {
    dirs = makeDirs();
    // The "server" starts a real redis-server (another process, no password) on the instance port
    // and never listens itself: a PING-only readiness check would take the impostor for it.
    const script = path.join(dirs.root, 'impostor-server.js');
    pidFile = path.join(dirs.root, 'impostor.pid');
    fs.writeFileSync(
      script,
      [
        "const { spawn } = require('node:child_process');",
        "const port = process.argv[process.argv.indexOf('--port') + 1];",
        "const r = spawn('redis-server', ['--port', port, '--save', '', '--appendonly', 'no'], { stdio: 'ignore', detached: true });",
        `require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(r.pid));`,
        'setInterval(() => undefined, 1000);',
      ].join('\n'),
    );
    agent = await startAgent(dirs, [
      '--server-command',
      `${process.execPath} ${script}`,
      '--max-crashes',
      '1',
      '--port-range',
      portRange(),
      '--memory-budget',
      '256mb',
      ...FAST_FLAGS,
      '--start-timeout',
      '2s',
    ]);
  });
  after(async () => {
    await agent?.stop();
    try {
      process.kill(Number(fs.readFileSync(pidFile, 'utf8')), 'SIGKILL');
    } catch {
      // not started
    }
    cleanup(dirs);
  });

  test('is not taken for the instance: readiness checks the process id, the start times out', async () => {
    const created = await agent.call<Instance__Output>('CreateInstance', {
      instanceId: 'impostor',
      maxmemoryBytes: 8 * MIB,
    });
    assert.notEqual(created.state, 'INSTANCE_STATE_RUNNING');
    const failed = await eventually(async () => {
      const inst = await agent.call<Instance__Output>('GetInstance', { instanceId: 'impostor' });
      return inst.state === 'INSTANCE_STATE_FAILED' ? inst : undefined;
    });
    assert.match(failed.stateReason, /did not answer as itself \(PING and INFO process_id\) within 2000 ms/);
    // The impostor did answer PING on that port all along.
    const impostor = new Redis({ port: failed.port, lazyConnect: true, maxRetriesPerRequest: 0 });
    await impostor.connect();
    assert.equal(await impostor.ping(), 'PONG');
    impostor.disconnect();
  });
});
