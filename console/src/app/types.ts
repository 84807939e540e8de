// Types shared by the browser code and the node-side tests.

/** Partial tiering settings (the JSON form of strata.v1.TieringSettings); absent = inherit. */
export interface Tiering {
  enabled?: boolean;
  offloadThreshold?: number;
  uploadThreshold?: number;
  minValueSize?: number;
  maxFileSize?: number;
  cooling?: boolean;
  maxPendingStashBytes?: number;
  minTtlToOffloadMs?: number;
  lists?: { enabled?: boolean; threshold?: number };
  hashes?: { enabled?: boolean; maxBytes?: number; maxFieldLen?: number };
}
