#!/usr/bin/env bash
# `npm run test:cluster`: the queue, rate-limit and delivery tests against a local Redis
# Cluster of three masters (test/support/redis-cluster.sh), started here and stopped on exit.
# The tests reach it through LENDWIRE_TEST_REDIS_CLUSTER (test/support/testRedis.ts); PostgreSQL
# is the usual one. Extra arguments go to mocha (e.g. a single file instead of the subset).
set -euo pipefail
cd "$(dirname "$0")/../.."

CLUSTER=test/support/redis-cluster.sh
trap 'bash "$CLUSTER" stop' EXIT INT TERM
NODES=$(bash "$CLUSTER" start | tail -n 1)
echo "test:cluster: Redis Cluster up at $NODES"

# What runs on the cluster: BullMQ queues and workers (submissions, callbacks, deliveries, the outbox relay),
# the Lua scripts (dealer rate limit, the endpoint gate's token bucket and in-flight slots), the prefix claim.
SUBSET=(
  test/deployment/redisCluster.test.ts
  test/foundation/workerCli.test.ts
  test/delivery/endpointGate.test.ts
  test/applications/rateLimit.test.ts
  test/outbox/outboxRelay.test.ts
  test/delivery/webhookDelivery.test.ts
  test/delivery/endpointIsolation.test.ts
  test/delivery/circuitBreaker.test.ts
  test/submissions/submissionWorker.test.ts
  test/submissions/sweep.test.ts
  test/callbacks/callbackBatches.test.ts
  test/callbacks/callbackOrdering.test.ts
)
if [[ $# -gt 0 ]]; then SUBSET=("$@"); fi

LENDWIRE_TEST_REDIS_CLUSTER="$NODES" npx mocha "${SUBSET[@]}"
