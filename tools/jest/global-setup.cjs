// jest global setup (jest.config.cjs): runs once before all test files.
const { purgeStaleTestStreams } = require('./purge-test-streams.cjs');

/** No test file runs this long: a test namespace's streams older than this are leftovers. */
const STALE_AFTER_MS = 2 * 60 * 60 * 1000;

module.exports = async function globalSetup() {
  // The server the tests use when one is named or on localhost (libs/testing testNatsUrl, minus containers).
  const url = process.env.TEST_NATS_URL ?? process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
  try {
    const deleted = await purgeStaleTestStreams({ url, olderThanMs: STALE_AFTER_MS });
    if (deleted.length > 0) console.log(`\njest: deleted ${deleted.length} JetStream streams left by test runs over 2 hours ago`);
  } catch {
    // No NATS server at that address: test files find or start their own (libs/testing).
  }
};
