// JetStream streams that test runs left behind. Each test file gets its own NATS namespace
// ("t" + 10 hex digits, libs/testing testNamespace) and drops its database at the end, but the
// namespace's streams stay on the server: on a machine that keeps its NATS server between runs they
// pile up (hundreds per full run). The jest global setup deletes those older than a run can be.

const { connect } = require('@nats-io/transport-node');
const { jetstreamManager } = require('@nats-io/jetstream');

/** A stream of a test namespace: `t` + 10 hex digits, then `_` and the producing service. */
const TEST_STREAM = /^t[0-9a-f]{10}_/;

/**
 * Deletes the streams whose name matches `match` and that were created more than `olderThanMs`
 * ago; resolves with their names. Throws when no server answers at `url` within `timeoutMs`.
 */
async function purgeStaleTestStreams({ url, olderThanMs, match = TEST_STREAM, now = Date.now(), timeoutMs = 2_000 }) {
  const nc = await connect({ servers: url, timeout: timeoutMs, reconnect: false, name: 'jest-global-setup' });
  try {
    const jsm = await jetstreamManager(nc);
    const stale = [];
    for await (const info of jsm.streams.list()) {
      if (match.test(info.config.name) && now - Date.parse(info.created) > olderThanMs) stale.push(info.config.name);
    }
    for (const name of stale) await jsm.streams.delete(name);
    return stale;
  } finally {
    await nc.close();
  }
}

module.exports = { purgeStaleTestStreams, TEST_STREAM };
