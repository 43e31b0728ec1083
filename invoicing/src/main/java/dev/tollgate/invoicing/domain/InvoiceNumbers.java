package dev.tollgate.invoicing.domain;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Invoice numbers: {@code INV-2026-000123}, the issuing year (UTC) and the profile's sequence for that year, which has
 * no gaps. Drafts carry a provisional {@code DRAFT-} number until they are issued, as OpenMeter's do.
 */
public final class InvoiceNumbers {

    public static final String PREFIX = "INV";

    private InvoiceNumbers() {
    }

    public static String issued(Instant issuedAt, long sequence) {
        return String.format("%s-%d-%06d", PREFIX, issuedAt.atZone(ZoneOffset.UTC).getYear(), sequence);
    }

    /** A draft's provisional number: not in the sequence, and never reused. */
    public static String draft(String invoiceId) {
        return "DRAFT-" + invoiceId;
    }
}
