// Original file: grpc/health/v1/health.proto


export interface HealthCheckRequest {
  /**
   * The service to check; "" means the whole server.
   */
  'service'?: (string);
}

export interface HealthCheckRequest__Output {
  /**
   * The service to check; "" means the whole server.
   */
  'service': (string);
}
