/**
 * Test support shared by every module's tests.
 *
 * <ul>
 *   <li>{@link dev.spotter.testing.DynamoDbTestEndpoint#client()}: a DynamoDB client for {@code AWS_ENDPOINT_URL_DYNAMODB}
 *       or else {@code AWS_ENDPOINT_URL} (moto's server in scripts/test-all.sh).</li>
 *   <li>{@link dev.spotter.testing.SqsTestServer#client()} and {@code createQueue(prefix)}: the same for SQS with
 *       ElasticMQ, or {@code AWS_ENDPOINT_URL_SQS}.</li>
 *   <li>{@link dev.spotter.testing.TestAws#uniqueName(String)}: a per-test table or queue name.</li>
 *   <li>{@link dev.spotter.testing.StateTables#create(String)}: a fresh Spotter state table (GSIs, TTL) on that
 *       endpoint.</li>
 *   <li>{@link dev.spotter.testing.Races#runTogether(java.util.List)}: start attempts on threads at once.</li>
 *   <li>{@code dev.spotter.inmemory} (module inmemory): the in-memory ports (EC2, Kubernetes, NodeClaim store, lease,
 *       unavailable offerings, catalog cache) for unit tests, recording calls ({@code calls()}) and injecting
 *       failures ({@code failNext}, a {@code FaultHook}).</li>
 *   <li>{@code dev.spotter.testing.contracts}: the behaviour both the DynamoDB adapters and the in-memory ports must show.</li>
 * </ul>
 */
package dev.spotter.testing;
