package io.github.inventorycallback.contract;

import com.google.gson.JsonElement;

import java.math.BigDecimal;

/** The mock inventory's stock, as the stack config gives it and the function reads it: SKU to units, whole, >= 0. */
public final class Stock {
    private Stock() {
    }

    /** Why this is not a stock (naming the SKU at fault), or null when it is one. */
    public static String problem(JsonElement stock) {
        if (stock == null || !stock.isJsonObject()) {
            return "must be a JSON object of SKU to whole number >= 0";
        }
        for (var entry : stock.getAsJsonObject().entrySet()) {
            if (entry.getKey().isBlank() || units(entry.getValue()) == null) {
                return "SKU '" + entry.getKey() + "' has " + entry.getValue() + ", not a whole number >= 0";
            }
        }
        return null;
    }

    /** A whole number of units from 0 to Long.MAX_VALUE, or null. */
    public static Long units(JsonElement count) {
        if (count == null || !count.isJsonPrimitive() || !count.getAsJsonPrimitive().isNumber()) {
            return null;
        }
        BigDecimal value = count.getAsBigDecimal();
        boolean whole = value.signum() >= 0 && value.stripTrailingZeros().scale() <= 0
                && value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
        return whole ? value.longValueExact() : null;
    }
}
