package dev.tollgate.finance.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A report range cut at the starts of UTC months, for the cost rollup ({@code CostMonths}): each piece lies in one
 * month, and a piece that is the whole month can be answered from that month's stored costs.
 */
public final class MonthPieces {

    private MonthPieces() {
    }

    /**
     * One piece of the range.
     *
     * @param month the UTC month the piece lies in
     * @param from the piece's start: the month's start, or the range's start inside it
     * @param to the piece's end: the next month's start, or the range's end inside it
     */
    public record Piece(YearMonth month, Instant from, Instant to) {

        /** Whether the piece starts where its month starts (it may still end before the month does). */
        public boolean startsWithMonth() {
            return from.equals(start(month));
        }

        /** Whether the piece is its whole month. */
        public boolean wholeMonth() {
            return startsWithMonth() && to.equals(start(month.plusMonths(1)));
        }

        /** The end of the piece's month. */
        public Instant monthEnd() {
            return start(month.plusMonths(1));
        }
    }

    /** The pieces of [from, to) in order; none when the range is empty. */
    public static List<Piece> of(Instant from, Instant to) {
        List<Piece> pieces = new ArrayList<>();
        Instant at = from;
        while (at.isBefore(to)) {
            YearMonth month = YearMonth.from(at.atZone(ZoneOffset.UTC));
            Instant next = start(month.plusMonths(1));
            Instant end = next.isBefore(to) ? next : to;
            pieces.add(new Piece(month, at, end));
            at = end;
        }
        return pieces;
    }

    /** The instant the UTC month starts. */
    public static Instant start(YearMonth month) {
        return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The UTC month as the first day of it, as stored. */
    public static LocalDate firstDay(YearMonth month) {
        return month.atDay(1);
    }
}
