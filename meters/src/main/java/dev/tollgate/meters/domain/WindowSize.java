package dev.tollgate.meters.domain;

import java.time.ZonedDateTime;

/** The size of the time windows a usage query returns. DAY and MONTH follow the calendar of the query's zone. */
public enum WindowSize {
    MINUTE, HOUR, DAY, MONTH;

    /** The end of the window that starts at {@code start}: a DAY across a DST change lasts 23 or 25 hours. */
    public ZonedDateTime end(ZonedDateTime start) {
        return switch (this) {
            case MINUTE -> start.plusMinutes(1);
            case HOUR -> start.plusHours(1);
            case DAY -> start.plusDays(1);
            case MONTH -> start.plusMonths(1);
        };
    }
}
