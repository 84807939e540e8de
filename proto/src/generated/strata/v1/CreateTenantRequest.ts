// Original file: strata/v1/provisioning.proto

import type { TieringSettings as _strata_v1_TieringSettings, TieringSettings__Output as _strata_v1_TieringSettings__Output } from '../../strata/v1/TieringSettings';

export interface CreateTenantRequest {
  'name'?: (string);
  'tiering'?: (_strata_v1_TieringSettings | null);
}

export interface CreateTenantRequest__Output {
  'name': (string);
  'tiering': (_strata_v1_TieringSettings__Output | null);
}
