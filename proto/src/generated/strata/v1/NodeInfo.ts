// Original file: strata/v1/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface NodeInfo {
  /**
   * Stable id of this agent, created in its --data-dir on first start.
   */
  'nodeId'?: (string);
  'hostname'?: (string);
  /**
   * The host datastores are reached at (--advertise-host).
   */
  'advertiseHost'?: (string);
  /**
   * Version of this contract (1 for strata.v1) and of the software.
   */
  'apiVersion'?: (number);
  'agentVersion'?: (string);
  'serverCommand'?: (string);
  'nodeVersion'?: (string);
  /**
   * Kernel release (uname -r) and whether io_uring can be used (kernel.io_uring_disabled).
   */
  'kernelRelease'?: (string);
  'ioUringSupported'?: (boolean);
  'ioUringDetail'?: (string);
  /**
   * RAM: the budget (--memory-budget) for the sum of the instances' maxmemory, what instances hold
   * of it and what is left; and the machine's own figures.
   */
  'memoryBudgetBytes'?: (number | string | Long);
  'memoryReservedBytes'?: (number | string | Long);
  'memoryFreeBytes'?: (number | string | Long);
  'hostMemoryTotalBytes'?: (number | string | Long);
  'hostMemoryAvailableBytes'?: (number | string | Long);
  /**
   * Disk of the NVMe path (--nvme-path): filesystem capacity and free space, bytes reserved by
   * instances with a max_file_size, and bytes their tier files use now.
   */
  'nvmePath'?: (string);
  'diskCapacityBytes'?: (number | string | Long);
  'diskFreeBytes'?: (number | string | Long);
  'diskReservedBytes'?: (number | string | Long);
  'diskUsedByInstancesBytes'?: (number | string | Long);
  /**
   * Ports for instances (--port-range) and how many are free.
   */
  'portRangeStart'?: (number);
  'portRangeEnd'?: (number);
  'portsFree'?: (number);
  'instanceCount'?: (number);
  'instancesRunning'?: (number);
  'instancesFailed'?: (number);
  'startedAtMs'?: (number | string | Long);
  /**
   * Version a running instance reports in INFO (strata_version, or redis_version); "" before any
   * instance ran.
   */
  'serverVersion'?: (string);
}

export interface NodeInfo__Output {
  /**
   * Stable id of this agent, created in its --data-dir on first start.
   */
  'nodeId': (string);
  'hostname': (string);
  /**
   * The host datastores are reached at (--advertise-host).
   */
  'advertiseHost': (string);
  /**
   * Version of this contract (1 for strata.v1) and of the software.
   */
  'apiVersion': (number);
  'agentVersion': (string);
  'serverCommand': (string);
  'nodeVersion': (string);
  /**
   * Kernel release (uname -r) and whether io_uring can be used (kernel.io_uring_disabled).
   */
  'kernelRelease': (string);
  'ioUringSupported': (boolean);
  'ioUringDetail': (string);
  /**
   * RAM: the budget (--memory-budget) for the sum of the instances' maxmemory, what instances hold
   * of it and what is left; and the machine's own figures.
   */
  'memoryBudgetBytes': (number);
  'memoryReservedBytes': (number);
  'memoryFreeBytes': (number);
  'hostMemoryTotalBytes': (number);
  'hostMemoryAvailableBytes': (number);
  /**
   * Disk of the NVMe path (--nvme-path): filesystem capacity and free space, bytes reserved by
   * instances with a max_file_size, and bytes their tier files use now.
   */
  'nvmePath': (string);
  'diskCapacityBytes': (number);
  'diskFreeBytes': (number);
  'diskReservedBytes': (number);
  'diskUsedByInstancesBytes': (number);
  /**
   * Ports for instances (--port-range) and how many are free.
   */
  'portRangeStart': (number);
  'portRangeEnd': (number);
  'portsFree': (number);
  'instanceCount': (number);
  'instancesRunning': (number);
  'instancesFailed': (number);
  'startedAtMs': (number);
  /**
   * Version a running instance reports in INFO (strata_version, or redis_version); "" before any
   * instance ran.
   */
  'serverVersion': (string);
}
