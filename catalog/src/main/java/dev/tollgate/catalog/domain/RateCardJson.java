package dev.tollgate.catalog.domain;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.tollgate.catalog.api.pricing.Commitments;
import dev.tollgate.catalog.api.pricing.Discounts;
import dev.tollgate.catalog.api.pricing.DynamicPrice;
import dev.tollgate.catalog.api.pricing.FlatPrice;
import dev.tollgate.catalog.api.pricing.PackagePrice;
import dev.tollgate.catalog.api.pricing.Price;
import dev.tollgate.catalog.api.pricing.PriceTier;
import dev.tollgate.catalog.api.pricing.TieredPrice;
import dev.tollgate.catalog.api.pricing.UnitPrice;
import dev.tollgate.catalog.api.pricing.UsagePrice;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Prices and discounts in OpenMeter's JSON. Money and quantities are decimal strings ({@code "0.000002"}), never
 * floating point, written in their shortest exact form; only a discount's percentage is a JSON number, as in
 * OpenMeter.
 */
public final class RateCardJson {

    private RateCardJson() {
    }

    /** The shortest exact decimal: 0.0100 is "0.01", 5E+6 is "5000000". */
    public static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    /** A decimal as an exact string. */
    public static final class Amount extends StdSerializer<BigDecimal> {

        public Amount() {
            super(BigDecimal.class);
        }

        @Override
        public void serialize(BigDecimal value, JsonGenerator json, SerializerProvider provider) throws IOException {
            json.writeString(plain(value));
        }
    }

    /** A decimal that OpenMeter types as a JSON number, such as an entitlement's allowance, written exactly. */
    public static final class PlainNumber extends StdSerializer<BigDecimal> {

        public PlainNumber() {
            super(BigDecimal.class);
        }

        @Override
        public void serialize(BigDecimal value, JsonGenerator json, SerializerProvider provider) throws IOException {
            json.writeNumber(plain(value));
        }
    }

    /** A price: {@code {"type": "unit", "amount": "0.01", "minimumAmount": "10"}} and so on. */
    public static final class PriceWriter extends StdSerializer<Price> {

        public PriceWriter() {
            super(Price.class);
        }

        @Override
        public void serialize(Price price, JsonGenerator json, SerializerProvider provider) throws IOException {
            json.writeStartObject();
            json.writeStringField("type", price.type());
            if (price instanceof FlatPrice flat) {
                decimal(json, "amount", flat.amount());
                json.writeStringField("paymentTerm", flat.paymentTerm().apiName());
            } else if (price instanceof UnitPrice unit) {
                decimal(json, "amount", unit.amount());
            } else if (price instanceof TieredPrice tiered) {
                json.writeStringField("mode", tiered.mode().apiName());
                json.writeArrayFieldStart("tiers");
                for (PriceTier tier : tiered.tiers()) {
                    tier(json, tier);
                }
                json.writeEndArray();
            } else if (price instanceof PackagePrice pack) {
                decimal(json, "amount", pack.amount());
                decimal(json, "quantityPerPackage", pack.quantityPerPackage());
            } else if (price instanceof DynamicPrice dynamic) {
                decimal(json, "multiplier", dynamic.multiplier());
            }
            if (price instanceof UsagePrice usage) {
                Commitments commitments = usage.commitments();
                decimal(json, "minimumAmount", commitments.minimumAmount());
                decimal(json, "maximumAmount", commitments.maximumAmount());
            }
            json.writeEndObject();
        }

        private static void tier(JsonGenerator json, PriceTier tier) throws IOException {
            json.writeStartObject();
            if (tier.upToAmount() == null) {
                json.writeNullField("upToAmount");
            } else {
                json.writeStringField("upToAmount", plain(tier.upToAmount()));
            }
            component(json, "flatPrice", "flat", tier.flatPrice());
            component(json, "unitPrice", "unit", tier.unitPrice());
            json.writeEndObject();
        }

        /** A tier's price component, such as {@code "unitPrice": {"type": "unit", "amount": "0.08"}}. */
        private static void component(JsonGenerator json, String name, String type, BigDecimal amount)
                throws IOException {
            if (amount == null) {
                json.writeNullField(name);
                return;
            }
            json.writeObjectFieldStart(name);
            json.writeStringField("type", type);
            json.writeStringField("amount", plain(amount));
            json.writeEndObject();
        }
    }

    /** {@code {"percentage": {"percentage": 10}, "usage": {"quantity": "1000"}}}, either part optional. */
    public static final class DiscountsWriter extends StdSerializer<Discounts> {

        public DiscountsWriter() {
            super(Discounts.class);
        }

        @Override
        public void serialize(Discounts discounts, JsonGenerator json, SerializerProvider provider)
                throws IOException {
            json.writeStartObject();
            if (discounts.percentage() != null) {
                json.writeObjectFieldStart("percentage");
                json.writeFieldName("percentage");
                json.writeNumber(plain(discounts.percentage().percentage()));
                json.writeEndObject();
            }
            if (discounts.usage() != null) {
                json.writeObjectFieldStart("usage");
                decimal(json, "quantity", discounts.usage().quantity());
                json.writeEndObject();
            }
            json.writeEndObject();
        }
    }

    private static void decimal(JsonGenerator json, String name, BigDecimal value) throws IOException {
        if (value != null) {
            json.writeStringField(name, plain(value));
        }
    }
}
