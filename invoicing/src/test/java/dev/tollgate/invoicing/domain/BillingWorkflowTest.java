package dev.tollgate.invoicing.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BillingWorkflowTest {

    @Test
    void anOverrideChangesOnlyWhatItSays() {
        BillingWorkflow profile = BillingWorkflow.DEFAULTS;
        BillingWorkflow override = new BillingWorkflow(null,
                new BillingWorkflow.Invoicing(false, null, "P14D", null, null, true, null), null, null);
        BillingWorkflow effective = override.over(profile);
        assertThat(effective.autoAdvance()).isFalse();
        assertThat(effective.dueAfter().text()).isEqualTo("P14D");
        assertThat(effective.consolidatesSubsidiaries()).isTrue();
        assertThat(effective.draftPeriod().text()).isEqualTo("P0D");
        assertThat(effective.collectionInterval().text()).isEqualTo("PT1H");
        assertThat(effective.payment().collectionMethod()).isEqualTo(BillingWorkflow.CHARGE_AUTOMATICALLY);
    }

    @Test
    void subscriptionAlignmentCollectsWhenALineFallsDue() {
        Instant due = Instant.parse("2026-03-15T10:20:00Z");
        assertThat(BillingWorkflow.DEFAULTS.collectionTime(due)).isEqualTo(due);
    }

    @Test
    void anchoredAlignmentWaitsForTheNextAnchorWithoutDriftingAtMonthEnds() {
        BillingWorkflow anchored = new BillingWorkflow(new BillingWorkflow.Collection(
                new BillingWorkflow.Alignment(BillingWorkflow.ALIGN_ANCHORED, new BillingWorkflow.RecurringPeriod(
                        "P1M", Instant.parse("2026-01-31T00:00:00Z"))), "PT1H"), null, null, null).complete();
        assertThat(anchored.collectionTime(Instant.parse("2026-02-10T00:00:00Z")))
                .isEqualTo(Instant.parse("2026-02-28T00:00:00Z"));
        assertThat(anchored.collectionTime(Instant.parse("2026-03-01T00:00:00Z")))
                .isEqualTo(Instant.parse("2026-03-31T00:00:00Z"));
        assertThat(anchored.collectionTime(Instant.parse("2026-03-31T00:00:00Z")))
                .isEqualTo(Instant.parse("2026-03-31T00:00:00Z"));
        assertThat(anchored.collectionTime(Instant.parse("2025-12-15T00:00:00Z")))
                .isEqualTo(Instant.parse("2025-12-31T00:00:00Z"));
    }

    @Test
    void numbersAreYearlyAndZeroPadded() {
        assertThat(InvoiceNumbers.issued(Instant.parse("2026-12-31T23:59:59Z"), 123)).isEqualTo("INV-2026-000123");
        assertThat(InvoiceNumbers.issued(Instant.parse("2027-01-01T00:00:00Z"), 1)).isEqualTo("INV-2027-000001");
    }
}
