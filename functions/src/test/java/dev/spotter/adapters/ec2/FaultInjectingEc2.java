package dev.spotter.adapters.ec2;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateFleetError;
import software.amazon.awssdk.services.ec2.model.CreateFleetRequest;
import software.amazon.awssdk.services.ec2.model.CreateFleetResponse;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateConfigRequest;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverrides;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverridesRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateAndOverridesResponse;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An Ec2Client that talks to the real endpoint (moto, LocalStack, EC2) for everything, except that CreateFleet acts
 * out of capacity for chosen instance types and capacity types: their overrides are taken out of the request that is
 * sent, and come back as InsufficientInstanceCapacity errors, as EC2 reports them. When no override is left, nothing
 * is sent and the answer holds only the errors. Emulators cannot produce capacity errors by themselves.
 */
final class FaultInjectingEc2 {
    final List<CreateFleetRequest> fleetRequests = new CopyOnWriteArrayList<>();
    private final Set<String> outOfCapacity = new HashSet<>();
    private volatile int shortFleetCapacity = -1;
    final Ec2Client client;

    FaultInjectingEc2(Ec2Client real) {
        this.client = (Ec2Client) Proxy.newProxyInstance(Ec2Client.class.getClassLoader(), new Class<?>[]{Ec2Client.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("createFleet") && args != null && args.length == 1
                            && args[0] instanceof CreateFleetRequest request) {
                        return createFleet(real, request);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Makes CreateFleet fail for this instance type bought this way ("spot" or "on-demand"). */
    FaultInjectingEc2 outOfCapacity(String capacityType, String instanceType) {
        outOfCapacity.add(capacityType + ":" + instanceType);
        return this;
    }

    /**
     * Makes a fleet asking for more than {@code instances} instances come back short, as EC2 can when MinTargetCapacity
     * is not honoured: only {@code instances} are launched (for real) and the rest is reported as
     * InsufficientInstanceCapacity on every override.
     */
    FaultInjectingEc2 shortFleet(int instances) {
        shortFleetCapacity = instances;
        return this;
    }

    private CreateFleetResponse createFleet(Ec2Client real, CreateFleetRequest request) {
        fleetRequests.add(request);
        int wanted = request.targetCapacitySpecification().totalTargetCapacity();
        if (shortFleetCapacity >= 0 && wanted > shortFleetCapacity) {
            return shortFleet(real, request);
        }
        String capacityType = request.targetCapacitySpecification().defaultTargetCapacityTypeAsString();
        List<CreateFleetError> errors = new ArrayList<>();
        List<FleetLaunchTemplateConfigRequest> kept = new ArrayList<>();
        for (FleetLaunchTemplateConfigRequest config : request.launchTemplateConfigs()) {
            List<FleetLaunchTemplateOverridesRequest> overrides = new ArrayList<>();
            for (FleetLaunchTemplateOverridesRequest override : config.overrides()) {
                if (outOfCapacity.contains(capacityType + ":" + override.instanceTypeAsString())) {
                    errors.add(insufficientCapacity(override, capacityType));
                } else {
                    overrides.add(override);
                }
            }
            if (!overrides.isEmpty()) {
                kept.add(config.toBuilder().overrides(overrides).build());
            }
        }
        if (kept.isEmpty()) {
            return CreateFleetResponse.builder().fleetId("fleet-injected").errors(errors).instances(List.of()).build();
        }
        CreateFleetResponse answer = real.createFleet(request.toBuilder().launchTemplateConfigs(kept).build());
        List<CreateFleetError> allErrors = new ArrayList<>(answer.errors());
        allErrors.addAll(errors);
        return answer.toBuilder().errors(allErrors).build();
    }

    private CreateFleetResponse shortFleet(Ec2Client real, CreateFleetRequest request) {
        String capacityType = request.targetCapacitySpecification().defaultTargetCapacityTypeAsString();
        List<CreateFleetError> errors = new ArrayList<>();
        request.launchTemplateConfigs().forEach(config -> config.overrides().forEach(o -> errors.add(insufficientCapacity(o, capacityType))));
        if (shortFleetCapacity == 0) {
            return CreateFleetResponse.builder().fleetId("fleet-injected").errors(errors).instances(List.of()).build();
        }
        CreateFleetRequest.Builder smaller = request.toBuilder().targetCapacitySpecification(request.targetCapacitySpecification()
                .toBuilder().totalTargetCapacity(shortFleetCapacity).build());
        if (request.onDemandOptions() != null) {
            smaller.onDemandOptions(request.onDemandOptions().toBuilder().minTargetCapacity(null).build());
        }
        if (request.spotOptions() != null) {
            smaller.spotOptions(request.spotOptions().toBuilder().minTargetCapacity(null).build());
        }
        CreateFleetResponse answer = real.createFleet(smaller.build());
        List<CreateFleetError> allErrors = new ArrayList<>(answer.errors());
        allErrors.addAll(errors);
        return answer.toBuilder().errors(allErrors).build();
    }

    private static CreateFleetError insufficientCapacity(FleetLaunchTemplateOverridesRequest override, String capacityType) {
        return CreateFleetError.builder()
                .errorCode("InsufficientInstanceCapacity")
                .errorMessage("We currently do not have sufficient " + override.instanceTypeAsString() + " capacity in the Availability Zone you requested")
                .lifecycle(capacityType)
                .launchTemplateAndOverrides(LaunchTemplateAndOverridesResponse.builder().overrides(FleetLaunchTemplateOverrides.builder()
                        .instanceType(override.instanceTypeAsString())
                        .subnetId(override.subnetId())
                        .availabilityZone(override.availabilityZone())
                        .build()).build())
                .build();
    }
}
