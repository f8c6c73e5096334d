/** The bootstrap servers of the broker the global setup started; a clear failure without one. */
export function testKafkaBrokers(): string[] {
  const bootstrap = process.env.BOSUN_TEST_KAFKA;
  if (!bootstrap) {
    throw new Error('BOSUN_TEST_KAFKA is not set: run Kafka suites through `npm run test:int` (it starts a broker)');
  }
  return bootstrap.split(',');
}
