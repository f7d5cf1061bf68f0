/**
 * Test support shared by every module's tests.
 *
 * <ul>
 *   <li>{@link dev.spotter.testing.DynamoDbTestServer#client()}: a DynamoDB client for DynamoDB Local running in this
 *       JVM (once), or for {@code AWS_ENDPOINT_URL_DYNAMODB} when set.</li>
 *   <li>{@link dev.spotter.testing.SqsTestServer#client()} and {@code createQueue(prefix)}: the same for SQS with
 *       ElasticMQ, or {@code AWS_ENDPOINT_URL_SQS}.</li>
 *   <li>{@link dev.spotter.testing.TestAws#uniqueName(String)}: a per-test table or queue name.</li>
 *   <li>{@code dev.spotter.testing.fakes}: in-memory ports (NodeClaim store, lease, unavailable offerings, catalog
 *       cache) for unit tests, recording calls and injecting failures.</li>
 * </ul>
 */
package dev.spotter.testing;
