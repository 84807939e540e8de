// Instance events: kept in memory (the most recent 100 per instance) for WatchEvents and written
// to the agent's log (stderr) as one line each.

import { EventEmitter } from 'node:events';
import type { InstanceEvent__Output, InstanceEventType } from '@strata/proto';

export type EventType = Exclude<InstanceEventType, number | 'INSTANCE_EVENT_TYPE_UNSPECIFIED'>;

export interface AgentEvent extends Required<Omit<InstanceEvent__Output, 'type'>> {
  type: EventType;
}

const RECENT_PER_INSTANCE = 100;

export class EventLog {
  private readonly emitter = new EventEmitter();
  private readonly recentByInstance = new Map<string, AgentEvent[]>();
  private sequence = 0;

  constructor(private readonly log: (line: string) => void) {
    this.emitter.setMaxListeners(0);
  }

  record(
    instanceId: string,
    type: EventType,
    message: string,
    extra: Partial<Pick<AgentEvent, 'exitCode' | 'signal' | 'backoffMs'>> = {},
  ): AgentEvent {
    const event: AgentEvent = {
      instanceId,
      type,
      atMs: Date.now(),
      message,
      exitCode: extra.exitCode ?? 0,
      signal: extra.signal ?? '',
      backoffMs: extra.backoffMs ?? 0,
      sequence: ++this.sequence,
    };
    let recent = this.recentByInstance.get(instanceId);
    if (!recent) this.recentByInstance.set(instanceId, (recent = []));
    recent.push(event);
    if (recent.length > RECENT_PER_INSTANCE) recent.shift();
    this.log(
      `instance ${instanceId}: ${type.replace('INSTANCE_EVENT_TYPE_', '').toLowerCase()}: ${message.split('\n')[0]}`,
    );
    this.emitter.emit('event', event);
    return event;
  }

  /** Recent events of the instances (all when ids is empty), oldest first. */
  recent(ids: readonly string[]): AgentEvent[] {
    const lists = ids.length
      ? ids.map((id) => this.recentByInstance.get(id) ?? [])
      : [...this.recentByInstance.values()];
    return lists.flat().sort((a, b) => a.sequence - b.sequence);
  }

  forget(instanceId: string): void {
    this.recentByInstance.delete(instanceId);
  }

  subscribe(listener: (event: AgentEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
