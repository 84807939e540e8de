// Original file: strata/v1/agent.proto

import type { Long } from '@grpc/proto-loader';

/**
 * The INFO TIERED fields, named as the server (and Dragonfly) names them.
 */
export interface TieredStats {
  'tieredEntries'?: (number | string | Long);
  'tieredEntriesBytes'?: (number | string | Long);
  'tieredTotalStashes'?: (number | string | Long);
  'tieredTotalFetches'?: (number | string | Long);
  'tieredTotalCancels'?: (number | string | Long);
  'tieredTotalDeletes'?: (number | string | Long);
  'tieredTotalUploads'?: (number | string | Long);
  'tieredTotalDefrags'?: (number | string | Long);
  'tieredTotalStashOverflows'?: (number | string | Long);
  'tieredHeapBufAllocations'?: (number | string | Long);
  'tieredRegisteredBufAllocations'?: (number | string | Long);
  'tieredAllocatedBytes'?: (number | string | Long);
  'tieredCapacityBytes'?: (number | string | Long);
  'tieredPendingReadCnt'?: (number | string | Long);
  'tieredPendingStashCnt'?: (number | string | Long);
  'tieredPendingStashBytes'?: (number | string | Long);
  'tieredSmallBinsCnt'?: (number | string | Long);
  'tieredSmallBinsEntriesCnt'?: (number | string | Long);
  'tieredSmallBinsFillingBytes'?: (number | string | Long);
  'tieredColdStorageBytes'?: (number | string | Long);
  'tieredOffloadingSteps'?: (number | string | Long);
  'tieredOffloadingStashes'?: (number | string | Long);
  'tieredRamHits'?: (number | string | Long);
  'tieredRamCoolHits'?: (number | string | Long);
  'tieredRamMisses'?: (number | string | Long);
  'tieredClientsThrottled'?: (number | string | Long);
  'tieredTotalClientsThrottled'?: (number | string | Long);
}

/**
 * The INFO TIERED fields, named as the server (and Dragonfly) names them.
 */
export interface TieredStats__Output {
  'tieredEntries': (number);
  'tieredEntriesBytes': (number);
  'tieredTotalStashes': (number);
  'tieredTotalFetches': (number);
  'tieredTotalCancels': (number);
  'tieredTotalDeletes': (number);
  'tieredTotalUploads': (number);
  'tieredTotalDefrags': (number);
  'tieredTotalStashOverflows': (number);
  'tieredHeapBufAllocations': (number);
  'tieredRegisteredBufAllocations': (number);
  'tieredAllocatedBytes': (number);
  'tieredCapacityBytes': (number);
  'tieredPendingReadCnt': (number);
  'tieredPendingStashCnt': (number);
  'tieredPendingStashBytes': (number);
  'tieredSmallBinsCnt': (number);
  'tieredSmallBinsEntriesCnt': (number);
  'tieredSmallBinsFillingBytes': (number);
  'tieredColdStorageBytes': (number);
  'tieredOffloadingSteps': (number);
  'tieredOffloadingStashes': (number);
  'tieredRamHits': (number);
  'tieredRamCoolHits': (number);
  'tieredRamMisses': (number);
  'tieredClientsThrottled': (number);
  'tieredTotalClientsThrottled': (number);
}
