package dev.spotter.adapters.ec2;

import dev.spotter.config.CapacityReservation;
import dev.spotter.config.NodeClass;
import dev.spotter.config.SelectorTerm;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeCapacityReservationsRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the active capacity reservations an EC2NodeClass selects (one DescribeCapacityReservations call per
 * capacityReservationSelectorTerm, as Karpenter's capacity reservation provider does), with EC2's count of the
 * instances each can still take. Reservations of other tenancies than default and of instance platforms other than
 * Linux/UNIX are left out: Spotter launches neither.
 */
final class CapacityReservationResolver {
    private final Ec2Client ec2;

    CapacityReservationResolver(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    List<CapacityReservation> resolve(NodeClass nodeClass) {
        Map<String, CapacityReservation> byId = new LinkedHashMap<>();
        for (SelectorTerm term : nodeClass.capacityReservationSelectorTerms()) {
            DescribeCapacityReservationsRequest request = DescribeCapacityReservationsRequest.builder()
                    .filters(SelectorFilters.capacityReservationFilters(term)).build();
            ec2.describeCapacityReservationsPaginator(request).capacityReservations().forEach(reservation -> {
                if (reservation.tenancy() != null && !"default".equals(reservation.tenancyAsString())) {
                    return;
                }
                if (reservation.instancePlatform() != null && !reservation.instancePlatformAsString().startsWith("Linux/UNIX")) {
                    return;
                }
                CapacityReservation.Type type = CapacityReservation.Type.fromLabel(
                        reservation.reservationType() == null ? "default" : reservation.reservationTypeAsString())
                        .orElse(CapacityReservation.Type.DEFAULT);
                int available = reservation.availableInstanceCount() == null ? 0 : reservation.availableInstanceCount();
                byId.putIfAbsent(reservation.capacityReservationId(), new CapacityReservation(reservation.capacityReservationId(),
                        reservation.instanceType(), reservation.availabilityZone(), reservation.ownerId(), type,
                        reservation.endDate(), available));
            });
        }
        return new ArrayList<>(byId.values());
    }
}
