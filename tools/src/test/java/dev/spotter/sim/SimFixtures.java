package dev.spotter.sim;

import dev.spotter.catalog.OfferingKey;
import dev.spotter.config.ConfigLoader;
import dev.spotter.config.SpotterConfig;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Small configurations and workloads for the simulator's tests: a NodePool of a few types, short runs. */
final class SimFixtures {
    private SimFixtures() {
    }

    /** One NodePool "default" on one EC2NodeClass, limited to {@code types} and to spot (and on-demand if asked). */
    static SpotterConfig config(String capacityTypes, String... types) {
        return ConfigLoader.parse("nodepools.yaml", """
                apiVersion: karpenter.sh/v1
                kind: NodePool
                metadata:
                  name: default
                spec:
                  template:
                    spec:
                      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
                      requirements:
                        - key: karpenter.sh/capacity-type
                          operator: In
                          values: [%s]
                        - key: node.kubernetes.io/instance-type
                          operator: In
                          values: [%s]
                        - key: topology.kubernetes.io/zone
                          operator: In
                          values: [us-east-1a, us-east-1b, us-east-1c]
                ---
                apiVersion: karpenter.k8s.aws/v1
                kind: EC2NodeClass
                metadata:
                  name: default
                spec:
                  role: KarpenterNodeRole-sim
                  amiSelectorTerms:
                    - alias: al2023@latest
                  subnetSelectorTerms:
                    - tags: {karpenter.sh/discovery: sim}
                  securityGroupSelectorTerms:
                    - tags: {karpenter.sh/discovery: sim}
                """.formatted(capacityTypes, String.join(", ", types)));
    }

    /** A Deployment "web/app" of {@code replicas} pods of {@code cpu}, optionally guarded by a PDB and rescheduled. */
    static Workload deployment(int replicas, String cpu, String extraDocuments) {
        return YamlWorkload.parse("workload.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: app, namespace: web}
                spec:
                  replicas: %d
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                        - name: app
                          image: example/app:1
                          resources:
                            requests: {cpu: "%s", memory: 1Gi}
                """.formatted(replicas, cpu) + extraDocuments);
    }

    static SimulationSettings settings(SpotterConfig config, Workload workload, Duration duration, long seed,
                                       double interruptionScale, Optional<SimulationSettings.Storm> storm,
                                       Map<OfferingKey, Integer> capacity) {
        return new SimulationSettings(config, workload, duration, seed, interruptionScale, Optional.empty(),
                BootDelays.DEFAULT, storm, capacity);
    }
}
