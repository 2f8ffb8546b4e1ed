package io.github.inventorycallback.function.order;

import com.google.gson.JsonNull;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderCheckTest {
    private final OrderCheck stock = new OrderCheck(new MockInventory(Map.of("apple", 10L, "pear", 0L)));

    private Decision check(String input) {
        return stock.check(JsonParser.parseString(input));
    }

    private Decision.Rejected rejected(String input) {
        return assertInstanceOf(Decision.Rejected.class, check(input));
    }

    @Test
    void exactStockIsEnough() {
        var decision = assertInstanceOf(Decision.InStock.class,
                check("{\"orderId\": \"o\", \"items\": [{\"sku\": \"apple\", \"quantity\": 10}]}"));
        assertEquals("{\"orderId\":\"o\",\"status\":\"IN_STOCK\",\"items\":[{\"sku\":\"apple\",\"quantity\":10}]}",
                decision.output());
    }

    @Test
    void wholeNumberWrittenWithADecimalPointIsAccepted() {
        assertInstanceOf(Decision.InStock.class,
                check("{\"items\": [{\"sku\": \"apple\", \"quantity\": 2.0}]}"));
    }

    @Test
    void messageWithoutInputIsTreatedLikeTheTutorialsOrderWithoutItems() {
        assertInstanceOf(Decision.InStock.class, stock.check(JsonNull.INSTANCE));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "[1, 2]|Input must be a JSON object, got an array",
            "\"order\"|Input must be a JSON object, got a string",
            "{\"orderId\": 7}|orderId must be a string, got a number",
            "{\"items\": {\"sku\": \"apple\"}}|items must be an array, got an object",
            "{\"items\": []}|items is empty; an order needs at least one item",
            "{\"items\": [\"apple\"]}|items[0] must be an object, got a string",
            "{\"items\": [null]}|items[0] must be an object, got null",
            "{\"items\": [{\"sku\": \"apple\", \"quantity\": 1000000001}]}|items[0].quantity must be a whole number from 1 to 1000000000, got 1000000001",
            "{\"items\": [{\"quantity\": 1}]}|items[0].sku is missing",
            "{\"items\": [{\"sku\": 5, \"quantity\": 1}]}|items[0].sku must be a string, got a number",
            "{\"items\": [{\"sku\": \" \", \"quantity\": 1}]}|items[0].sku is empty",
            "{\"items\": [{\"sku\": \"apple\"}]}|items[0].quantity is missing",
            "{\"items\": [{\"sku\": \"apple\", \"quantity\": 0}]}|items[0].quantity must be a whole number from 1 to 1000000000, got 0",
            "{\"items\": [{\"sku\": \"apple\", \"quantity\": -3}]}|items[0].quantity must be a whole number from 1 to 1000000000, got -3",
            "{\"items\": [{\"sku\": \"apple\", \"quantity\": 1.5}]}|items[0].quantity must be a whole number from 1 to 1000000000, got 1.5",
            "{\"items\": [{\"sku\": \"apple\", \"quantity\": 1e30}]}|items[0].quantity must be a whole number from 1 to 1000000000, got 1e30",
            "{\"items\": [{\"sku\": \"apple\", \"quantity\": \"2\"}]}|items[0].quantity must be a whole number from 1 to 1000000000, got \"2\"",
            "{\"items\": [{\"sku\": \"apple\", \"quantity\": true}]}|items[0].quantity must be a whole number from 1 to 1000000000, got true",
            "{\"items\": [{\"sku\": \"apple\", \"quantity\": 1}, {\"sku\": \"apple\", \"quantity\": 2}]}|items[1].sku 'apple' appears more than once; list each SKU once",
    })
    void malformedOrderIsAnInvalidOrderSayingWhatIsWrong(String input, String cause) {
        var decision = rejected(input);
        assertEquals("InvalidOrder", decision.error());
        assertEquals(cause, decision.cause());
    }

    /** The id the log names the order by, read once with the order, also when the order is not valid. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "{\"orderId\": \"o-1\", \"items\": [{\"sku\": \"apple\", \"quantity\": 1}]}|o-1",
            "{\"orderId\": \"o-2\", \"items\": [{\"sku\": \"pear\", \"quantity\": 1}]}|o-2",
            "{\"orderId\": \"o-3\", \"items\": []}|o-3",
            "{\"orderId\": \"o-4\", \"items\": [{\"sku\": \"apple\", \"quantity\": 0}]}|o-4",
            "{\"orderId\": \"o-5\", \"items\": \"apple\"}|o-5",
            "{\"orderId\": 7, \"items\": [{\"sku\": \"apple\", \"quantity\": 1}]}|null",
            "{\"items\": [{\"sku\": \"apple\", \"quantity\": 1}]}|null",
            "[\"o-6\"]|null",
    })
    void theDecisionNamesTheOrderItWasMadeFor(String input, String orderId) {
        assertEquals(orderId, check(input).orderId());
    }

    @Test
    void documentedMaximumsAreAccepted() {
        var big = new OrderCheck(new MockInventory(Map.of("a".repeat(Order.MAX_SKU_LENGTH), 2_000_000_000L)));
        var items = new StringBuilder("[{\"sku\": \"" + "a".repeat(Order.MAX_SKU_LENGTH) + "\", \"quantity\": 1000000000}");
        for (int i = 1; i < Order.MAX_ITEMS; i++) {
            items.append(", {\"sku\": \"s").append(String.format("%0" + (Order.MAX_SKU_LENGTH - 1) + "d", i))
                    .append("\", \"quantity\": 1}");
        }
        var decision = big.check(JsonParser.parseString("{\"items\": " + items + "]}"));
        var rejected = assertInstanceOf(Decision.Rejected.class, decision);
        // Accepted as an order: what it lacks is stock for the other 999 SKUs, not validity.
        assertEquals("OutOfStock", rejected.error());
        assertInstanceOf(Decision.InStock.class, big.check(JsonParser.parseString(
                "{\"items\": [{\"sku\": \"" + "a".repeat(Order.MAX_SKU_LENGTH) + "\", \"quantity\": 1000000000}]}")));
    }

    @Test
    void aSkuLongerThanTheLimitIsAnInvalidOrder() {
        var decision = rejected("{\"items\": [{\"sku\": \"" + "s".repeat(Order.MAX_SKU_LENGTH + 1)
                + "\", \"quantity\": 1}]}");
        assertEquals("InvalidOrder", decision.error());
        assertEquals("items[0].sku is longer than 256 characters", decision.cause());
    }

    @Test
    void orderWithThousandsOfItemsIsAnInvalidOrder() {
        var items = new StringBuilder("[");
        for (int i = 0; i < 5000; i++) {
            items.append(i == 0 ? "" : ",").append("{\"sku\": \"s").append(i).append("\", \"quantity\": 1}");
        }
        var decision = rejected("{\"items\": " + items + "]}");
        assertEquals("InvalidOrder", decision.error());
        assertEquals("items has 5000 entries; at most 1000 are allowed", decision.cause());
    }

    @Test
    void manyProblemsAreListedUpToTenThenCounted() {
        var items = new StringBuilder("[");
        for (int i = 0; i < 25; i++) {
            items.append(i == 0 ? "" : ",").append("{\"sku\": \"s").append(i).append("\", \"quantity\": 0}");
        }
        var cause = rejected("{\"items\": " + items + "]}").cause();
        assertTrue(cause.startsWith("items[0].quantity must be"), cause);
        assertTrue(cause.endsWith("; and 15 more problems"), cause);
    }

    @Test
    void stockIsReadFromStrictJson() {
        var check = new OrderCheck(MockInventory.fromJson("{\"apple\": 3}"));
        assertInstanceOf(Decision.InStock.class,
                check.check(JsonParser.parseString("{\"items\": [{\"sku\": \"apple\", \"quantity\": 3}]}")));
    }

    @Test
    void malformedStockFailsTheFunctionAtInitNamingTheProblem() {
        assertEquals("stock of SKU 'apple' must be a whole number >= 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> MockInventory.fromJson("{\"apple\": -1}")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MockInventory.fromJson("{apple: 1}"))
                .getMessage().startsWith("stock is not JSON"));
    }
}
