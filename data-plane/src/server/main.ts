export function main(_argv: string[]): void {
  throw new Error('strata-server: not built yet');
}
