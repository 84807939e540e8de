// Moved to testing/resp-client.ts; kept for the tests that still import it from here.
export * from '../testing/resp-client';
