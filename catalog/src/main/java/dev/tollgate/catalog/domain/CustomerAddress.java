package dev.tollgate.catalog.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * OpenMeter's {@code Address}: a billing address for tax and invoicing. Every field is optional.
 *
 * @param country ISO 3166-1 alpha-2, such as {@code US}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CustomerAddress(String country, String postalCode, String state, String city, String line1,
        String line2, String phoneNumber) {
}
