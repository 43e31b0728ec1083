package dev.tollgate.invoicing.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tollgate.catalog.api.BillingCustomer;
import java.util.List;
import java.util.Map;

/**
 * OpenMeter's {@code BillingParty}: the supplier of a profile, or either party of an invoice.
 *
 * @param taxId the party's tax identification, such as a VAT number
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record BillingParty(String id, String key, String name, TaxIdentity taxId, List<Address> addresses) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TaxIdentity(String code) {
    }

    /** The customer as an invoice names it: id, key, name and billing address. */
    public static BillingParty of(BillingCustomer customer) {
        Map<String, String> a = customer.billingAddress();
        List<Address> addresses = a == null || a.isEmpty() ? null : List.of(new Address(a.get("country"),
                a.get("postalCode"), a.get("state"), a.get("city"), a.get("line1"), a.get("line2"),
                a.get("phoneNumber")));
        return new BillingParty(customer.id(), customer.key(), customer.name(), null, addresses);
    }

    /** OpenMeter's {@code Address}; country is ISO 3166-1 alpha-2. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Address(String country, String postalCode, String state, String city, String line1, String line2,
            String phoneNumber) {
    }
}
