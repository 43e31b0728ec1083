package dev.tollgate.catalog.domain;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.math.BigDecimal;

/**
 * What one unit of a feature's usage costs the provider, such as 0.000002 USD per input token: Tollgate's extension to
 * OpenMeter's feature, for finance's showback and chargeback (usage × amount). OpenMeter keeps a similar per-unit cost
 * internally, in USD only; here any ISO 4217 currency may be given.
 */
public record FeatureUnitCost(@JsonSerialize(using = RateCardJson.Amount.class) BigDecimal amount, String currency) {
}
