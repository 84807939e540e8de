// The validated configuration as an injectable value.
export const APP_CONFIG = Symbol('APP_CONFIG');
