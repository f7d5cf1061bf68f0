package dev.spotter.scheduling;

/** One simulated node: the groups packed and how many of each. */
final class Fill {
    final PackingGroup[] members;
    final int[] amounts;
    int count;
    long pods;
    double value;
    TypeModel type;
    long zones;
    int capacityTypes;
    double price;
    double score;
    int position;

    Fill(int groups, int resources) {
        this.members = new PackingGroup[groups];
        this.amounts = new int[groups];
    }

    void clear() {
        count = 0;
        pods = 0;
        value = 0;
        type = null;
    }

    void add(PackingGroup group, int amount, long[] remaining) {
        members[count] = group;
        amounts[count] = amount;
        count++;
        pods += amount;
        value += amount * group.fair;
        long[] requests = group.requests();
        for (int r = 0; r < remaining.length; r++) {
            remaining[r] -= requests[r] * amount;
        }
    }

    /** Lower price per fair price packed wins; within rounding, the cheaper node. */
    boolean better(Fill other) {
        if (other.count == 0) {
            return true;
        }
        double tolerance = 1e-9 * Math.abs(other.score);
        if (score < other.score - tolerance) {
            return true;
        }
        return score <= other.score + tolerance && price < other.price;
    }

    void copyFrom(Fill other) {
        System.arraycopy(other.members, 0, members, 0, other.count);
        System.arraycopy(other.amounts, 0, amounts, 0, other.count);
        count = other.count;
        pods = other.pods;
        value = other.value;
        type = other.type;
        zones = other.zones;
        capacityTypes = other.capacityTypes;
        price = other.price;
        score = other.score;
        position = other.position;
    }
}
