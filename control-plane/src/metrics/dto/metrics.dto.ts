import { ApiProperty } from '@nestjs/swagger';

export class MetricPointDto {
  @ApiProperty() at: string;
  @ApiProperty({ description: 'used_memory (bytes in RAM)' }) usedMemory: number;
  @ApiProperty() maxmemory: number;
  @ApiProperty({ description: 'Keys (all in RAM)' }) keys: number;
  @ApiProperty({ description: 'Entries whose value is on disk (tiered_entries)' }) tieredEntries: number;
  @ApiProperty({ description: 'Bytes of values on disk (tiered_entries_bytes)' }) tieredBytes: number;
  @ApiProperty({ description: 'Reads served from RAM (tiered_ram_hits, counter)' }) ramHits: number;
  @ApiProperty({ description: 'Reads served from cooled RAM copies (tiered_ram_cool_hits, counter)' })
  ramCoolHits: number;
  @ApiProperty({ description: 'Reads that went to disk (tiered_ram_misses, counter)' }) ramMisses: number;
  @ApiProperty() opsPerSec: number;
  @ApiProperty({ description: 'Disk writes (tiered_total_stashes, counter)' }) totalStashes: number;
  @ApiProperty({ description: 'Disk reads (tiered_total_fetches, counter)' }) totalFetches: number;
  @ApiProperty({ description: 'Clients throttled now (tiered_clients_throttled)' }) clientsThrottled: number;
}

export class DatastoreMetricsDto {
  @ApiProperty() datastoreId: string;
  @ApiProperty({ nullable: true, type: String, description: 'When the latest figures were read' })
  latestAt: string | null;
  @ApiProperty({
    nullable: true,
    type: Object,
    description: 'The latest InstanceStats from the node agent (memory, keyspace, stats, tiered section)',
  })
  latest: Record<string, unknown> | null;
  @ApiProperty({ type: [MetricPointDto] }) series: MetricPointDto[];
}
