/**
 * One set of in-memory implementations of Spotter's ports, shared by the functions' tests, the seeded fault harness
 * and the simulator. Time comes from an injected {@link java.time.Clock}.
 *
 * <ul>
 *   <li>{@link dev.spotter.inmemory.RecordingCloudProvider}: EC2 (CreateFleet-like launch, finite per-offering
 *       capacity, insufficient-capacity errors, DescribeInstances visibility lag, termination, spot reclaim).</li>
 *   <li>{@link dev.spotter.inmemory.RecordingClusterApi}: Kubernetes (nodes, pods, DaemonSets, PDB-honouring
 *       eviction, taints, cordon).</li>
 *   <li>{@link dev.spotter.inmemory.InMemoryNodeClaimStore}, {@link dev.spotter.inmemory.InMemoryProvisioningLease},
 *       {@link dev.spotter.inmemory.InMemoryUnavailableOfferings}, {@link dev.spotter.inmemory.InMemoryCatalogCache}:
 *       the DynamoDB-backed ports, with the same conditional-write rules.</li>
 *   <li>{@link dev.spotter.inmemory.FakeCalls}: what they share: a call log, queued errors
 *       ({@code failNext}) and a {@link dev.spotter.inmemory.FaultHook} at every call;
 *       {@link dev.spotter.inmemory.SeededFaults} is one driven by a seed.</li>
 * </ul>
 */
package dev.spotter.inmemory;
