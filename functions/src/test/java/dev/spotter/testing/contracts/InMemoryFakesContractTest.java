package dev.spotter.testing.contracts;

import dev.spotter.catalog.CatalogCache;
import dev.spotter.catalog.UnavailableOfferings;
import dev.spotter.nodeclaim.NodeClaimStore;
import dev.spotter.nodeclaim.ProvisioningLease;
import dev.spotter.inmemory.InMemoryCatalogCache;
import dev.spotter.inmemory.InMemoryNodeClaimStore;
import dev.spotter.inmemory.InMemoryProvisioningLease;
import dev.spotter.inmemory.InMemoryUnavailableOfferings;
import org.junit.jupiter.api.Nested;

import java.time.Duration;

/** The in-memory ports (module inmemory) pass the same contracts as the DynamoDB adapters, so unit tests can trust them. */
class InMemoryFakesContractTest {

    @Nested
    class NodeClaimStoreFake extends NodeClaimStoreContract {
        private final InMemoryNodeClaimStore store = new InMemoryNodeClaimStore();

        @Override
        protected NodeClaimStore store() {
            return store;
        }
    }

    @Nested
    class ProvisioningLeaseFake extends ProvisioningLeaseContract {
        private final InMemoryProvisioningLease lease = new InMemoryProvisioningLease();

        @Override
        protected ProvisioningLease lease() {
            return lease;
        }
    }

    @Nested
    class UnavailableOfferingsFake extends UnavailableOfferingsContract {
        @Override
        protected UnavailableOfferings offerings(String cluster) {
            return new InMemoryUnavailableOfferings();
        }

        @Override
        protected UnavailableOfferings offerings(String cluster, Duration ttl) {
            return new InMemoryUnavailableOfferings(ttl);
        }
    }

    @Nested
    class CatalogCacheFake extends CatalogCacheContract {
        private final InMemoryCatalogCache cache = new InMemoryCatalogCache();

        @Override
        protected CatalogCache cache() {
            return cache;
        }
    }
}
