import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { NAME_PATTERN, NAME_RULE } from '../../tenants/dto/tenant.dto';

export class RegisterNodeDto {
  @ApiProperty({ example: 'node-a', description: `Unique; ${NAME_RULE.replace('must be ', '')}` })
  @IsString()
  @Matches(NAME_PATTERN, { message: `name: ${NAME_RULE}` })
  name: string;

  @ApiProperty({ example: '10.0.0.5:7400', description: "host:port of the agent's gRPC server" })
  @IsString()
  @Matches(/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/, { message: 'address: must be host:port' })
  address: string;

  @ApiProperty({ description: "The agent's --token; stored, never returned" })
  @IsString()
  @Length(16, 512, { message: 'credential: must be 16 to 512 characters' })
  credential: string;
}

export class NodeDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() address: string;
  @ApiProperty({ description: 'Id the agent reports' }) agentNodeId: string;
  @ApiProperty() advertiseHost: string;
  @ApiProperty({ enum: ['healthy', 'unhealthy', 'unknown'] }) health: string;
  @ApiProperty() draining: boolean;
  @ApiProperty({ nullable: true, type: String }) lastSeenAt: string | null;
  @ApiProperty() lastError: string;
  @ApiProperty() memoryBudgetBytes: number;
  @ApiProperty() memoryFreeBytes: number;
  @ApiProperty() diskCapacityBytes: number;
  @ApiProperty() diskFreeBytes: number;
  @ApiProperty() instanceCount: number;
  @ApiProperty({ description: 'Datastores the control plane placed on this node' }) datastoreCount: number;
  @ApiProperty({ description: "The agent's last NodeInfo (kernel, io_uring, versions...)" })
  info: Record<string, unknown>;
  @ApiProperty() createdAt: string;
}

export class NodePageDto {
  @ApiProperty({ type: [NodeDto] }) items: NodeDto[];
  @ApiProperty({ nullable: true, type: String }) nextPageToken: string | null;
}
