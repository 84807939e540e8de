import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audited } from '../audit/audit.interceptor';
import { Caller } from '../common/auth/decorators';
import type { Principal } from '../common/auth/principal';
import { PageQuery } from '../common/pagination';
import { NodeDto, NodePageDto, RegisterNodeDto } from './dto/node.dto';
import { NodesService } from './nodes.service';

@ApiTags('nodes')
@ApiBearerAuth()
@Controller('v1/nodes')
export class NodesController {
  constructor(private readonly nodes: NodesService) {}

  @Post()
  @Audited('node.register', 'node')
  @ApiOperation({ summary: 'Register a node agent (platform admins); it must answer with the credential' })
  @ApiCreatedResponse({ type: NodeDto })
  register(@Caller() caller: Principal, @Body() dto: RegisterNodeDto) {
    return this.nodes.register(caller, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Nodes with capacity and health (platform admins)' })
  @ApiOkResponse({ type: NodePageDto })
  list(@Caller() caller: Principal, @Query() query: PageQuery) {
    return this.nodes.list(caller, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: NodeDto })
  get(@Caller() caller: Principal, @Param('id') id: string) {
    return this.nodes.get(caller, id);
  }

  @Post(':id/drain')
  @HttpCode(200)
  @Audited('node.drain', 'node')
  @ApiOperation({ summary: 'Stop placing datastores on the node' })
  @ApiOkResponse({ type: NodeDto })
  drain(@Caller() caller: Principal, @Param('id') id: string) {
    return this.nodes.setDraining(caller, id, true);
  }

  @Post(':id/undrain')
  @HttpCode(200)
  @Audited('node.undrain', 'node')
  @ApiOkResponse({ type: NodeDto })
  undrain(@Caller() caller: Principal, @Param('id') id: string) {
    return this.nodes.setDraining(caller, id, false);
  }

  @Delete(':id')
  @Audited('node.delete', 'node')
  @ApiOperation({ summary: 'Forget a node that holds no datastores' })
  @ApiOkResponse({ type: NodeDto })
  remove(@Caller() caller: Principal, @Param('id') id: string) {
    return this.nodes.remove(caller, id);
  }
}
