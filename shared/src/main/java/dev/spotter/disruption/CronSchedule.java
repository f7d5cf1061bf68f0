package dev.spotter.disruption;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;

/**
 * A standard five-field cron schedule (minute hour day-of-month month day-of-week, with lists, ranges, steps, month and
 * day names, and the @yearly/@annually/@monthly/@weekly/@daily/@midnight/@hourly macros), evaluated in UTC as Karpenter
 * evaluates budget schedules. When both day fields are restricted a day matching either matches (cron's rule).
 */
final class CronSchedule {
    private static final Map<String, String> MACROS = Map.of("@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");
    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    private static final String[] DAYS = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean domRestricted;
    private final boolean dowRestricted;

    private CronSchedule(String text) {
        String expanded = MACROS.getOrDefault(text.trim().toLowerCase(Locale.ROOT), text.trim());
        String[] fields = expanded.split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("schedule '" + text + "' must have 5 fields (minute hour day-of-month month day-of-week)");
        }
        minutes = field(fields[0], 0, 59, null, text);
        hours = field(fields[1], 0, 23, null, text);
        daysOfMonth = field(fields[2], 1, 31, null, text);
        months = field(fields[3], 1, 12, MONTHS, text);
        daysOfWeek = field(fields[4].replace("7", "0"), 0, 6, DAYS, text);
        domRestricted = !fields[2].startsWith("*");
        dowRestricted = !fields[4].startsWith("*");
    }

    static CronSchedule parse(String text) {
        return new CronSchedule(text);
    }

    /**
     * True when the schedule fired within {@code (now - duration, now]}: Karpenter's budget is active for
     * {@code duration} after each firing.
     */
    boolean activeAt(Instant now, Duration duration) {
        ZonedDateTime end = now.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
        Instant start = now.minus(duration);
        // walks back minute by minute, skipping whole days and hours that cannot match
        ZonedDateTime t = end;
        while (t.toInstant().isAfter(start)) {
            if (!matchesDay(t)) {
                t = t.truncatedTo(ChronoUnit.DAYS).minusMinutes(1);
                continue;
            }
            if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).minusMinutes(1);
                continue;
            }
            if (minutes.get(t.getMinute())) {
                return true;
            }
            t = t.minusMinutes(1);
        }
        return false;
    }

    private boolean matchesDay(ZonedDateTime t) {
        if (!months.get(t.getMonthValue())) {
            return false;
        }
        boolean dom = daysOfMonth.get(t.getDayOfMonth());
        boolean dow = daysOfWeek.get(t.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : t.getDayOfWeek().getValue());
        if (domRestricted && dowRestricted) {
            return dom || dow;
        }
        return dom && dow;
    }

    private static BitSet field(String field, int min, int max, String[] names, String text) {
        BitSet bits = new BitSet(max + 1);
        for (String part : field.toLowerCase(Locale.ROOT).split(",")) {
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = number(part.substring(slash + 1), names, text);
                range = part.substring(0, slash);
                if (step < 1) {
                    throw new IllegalArgumentException("schedule '" + text + "': step must be at least 1 in '" + part + "'");
                }
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] bounds = range.split("-", 2);
                from = number(bounds[0], names, text);
                to = number(bounds[1], names, text);
            } else {
                from = number(range, names, text);
                to = slash >= 0 ? max : from;
            }
            if (from < min || to > max || from > to) {
                throw new IllegalArgumentException("schedule '" + text + "': '" + part + "' is outside " + min + "-" + max);
            }
            for (int v = from; v <= to; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    private static int number(String value, String[] names, String text) {
        if (names != null) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(value)) {
                    return names == MONTHS ? i + 1 : i;
                }
            }
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("schedule '" + text + "': '" + value + "' is not a number", e);
        }
    }
}
