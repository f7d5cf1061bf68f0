package dev.spotter.scheduling;

/** Fixed-size bit sets as {@code long[]}, so candidate sets can be intersected without allocating. */
final class Bits {
    private Bits() {
    }

    static long[] create(int size) {
        return new long[(size + 63) >>> 6];
    }

    static void set(long[] bits, int index) {
        bits[index >>> 6] |= 1L << index;
    }

    static void clear(long[] bits, int index) {
        bits[index >>> 6] &= ~(1L << index);
    }

    static boolean get(long[] bits, int index) {
        return (bits[index >>> 6] & (1L << index)) != 0;
    }

    static boolean isEmpty(long[] bits) {
        for (long word : bits) {
            if (word != 0) {
                return false;
            }
        }
        return true;
    }

    static int count(long[] bits) {
        int count = 0;
        for (long word : bits) {
            count += Long.bitCount(word);
        }
        return count;
    }

    /** The index of the first set bit at or after {@code from}, or -1. */
    static int next(long[] bits, int from) {
        int word = from >>> 6;
        if (word >= bits.length) {
            return -1;
        }
        long current = bits[word] & (-1L << from);
        while (true) {
            if (current != 0) {
                return (word << 6) + Long.numberOfTrailingZeros(current);
            }
            if (++word == bits.length) {
                return -1;
            }
            current = bits[word];
        }
    }

    static boolean intersects(long[] a, long[] b) {
        for (int i = 0; i < a.length; i++) {
            if ((a[i] & b[i]) != 0) {
                return true;
            }
        }
        return false;
    }

    static void and(long[] target, long[] other) {
        for (int i = 0; i < target.length; i++) {
            target[i] &= other[i];
        }
    }

    /** Iterates the set bits of a single-word mask (zones, capacity types). */
    static int lowest(long mask) {
        return Long.numberOfTrailingZeros(mask);
    }
}
