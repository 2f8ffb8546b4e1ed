package io.github.inventorycallback.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StackConfigTest {

    private static StackConfig read(Map<String, String> values) {
        return StackConfig.from(key -> Optional.ofNullable(values.get(key)), "dev");
    }

    private static String rejection(Map<String, String> values) {
        return assertThrows(IllegalArgumentException.class, () -> read(values)).getMessage();
    }

    @Test
    void defaultsAreSafeAndConsistent() {
        var config = read(Map.of());
        assertEquals("dev-", config.namePrefix());
        assertEquals(512, config.function().memoryMb());
        assertEquals(10, config.function().timeoutSeconds());
        assertEquals("arm64", config.function().architecture());
        assertEquals(300, config.workflow().taskTimeoutSeconds());
        assertEquals(10, config.function().batchSize());
        assertEquals(0, config.function().batchingWindowSeconds());
        assertEquals(10, config.function().maximumConcurrency());
        assertEquals(5, config.queue().maxReceiveCount());
        assertEquals(60, config.queue().visibilityTimeoutSeconds());
        assertEquals(14, config.function().logRetentionDays());
        assertEquals(14, config.workflow().logRetentionDays());
        assertEquals("ALL", config.workflow().logLevel());
        assertTrue(config.workflow().logging());
        assertFalse(config.workflow().logExecutionData());
        assertTrue(config.workflow().tracing());
        assertFalse(config.function().snapStart());
        assertEquals(StackConfig.CallbackScope.STATE_MACHINE, config.function().callbackScope());
        assertEquals("{\"apple\":25,\"pear\":10,\"plum\":0}", config.function().stock());
    }

    @ParameterizedTest
    @CsvSource({"my_stack, my-stack-", "team.dev, team-dev-", "a-stack-name-longer-than-any-prefix, a-stack-name-longer-tha-"})
    void aStackNameThatIsNoPrefixAsksForOneWithoutBlamingAKeyTheUserNeverSet(String stackName, String suggestion) {
        String error = assertThrows(IllegalArgumentException.class,
                () -> StackConfig.from(key -> Optional.empty(), stackName)).getMessage();
        assertTrue(error.contains("inventory-callback:namePrefix is not set, and its default, the stack's name and a"
                + " hyphen ('" + stackName + "-'), is not a valid prefix (at most 24 letters, digits and hyphens). Set"
                + " one: `pulumi config set inventory-callback:namePrefix " + suggestion + "`"), error);
        // The suggestion is one the program takes.
        assertEquals(suggestion, StackConfig.from(key -> Optional.ofNullable(Map.of("namePrefix", suggestion).get(key)),
                stackName).namePrefix());
    }

    @Test
    void theDefaultsPulumiYamlDeclaresStandForTheDerivedValues() {
        // Pulumi passes a declared default as if it were set: "" and 0 mean "derive it".
        var config = read(Map.of("namePrefix", "", "queueVisibilityTimeoutSeconds", "0", "functionTimeoutSeconds", "20",
                "taskTimeoutSeconds", "900"));
        assertEquals("dev-", config.namePrefix());
        assertEquals(120, config.queue().visibilityTimeoutSeconds());
    }

    @Test
    void aSetPrefixThatIsInvalidIsNamedAsSet() {
        assertTrue(rejection(Map.of("namePrefix", "my_prefix-")).contains(
                "inventory-callback:namePrefix = 'my_prefix-' is invalid: must be at most 24 letters, digits and"
                        + " hyphens"));
    }

    @ParameterizedTest
    @CsvSource({"aws-dev-", "AWSdev-", "awsome-"})
    void aPrefixBeginningWithAwsCannotNameACreatedKey(String prefix) {
        assertTrue(rejection(Map.of("namePrefix", prefix, "kmsKey", "create")).contains(
                "inventory-callback:namePrefix = '" + prefix + "' is invalid: must be a prefix that does not begin with"
                        + " \"aws\" when kmsKey is \"create\": the key's alias would be alias/" + prefix
                        + "inventory-callback, and KMS reserves aliases beginning with alias/aws"));
        // Without a key of the stack's own there is no alias: the prefix is fine.
        assertEquals(prefix, read(Map.of("namePrefix", prefix)).namePrefix());
    }

    @Test
    void visibilityTimeoutDefaultsToSixTimesTheFunctionTimeoutPlusTheBatchingWindow() {
        var config = read(Map.of("functionTimeoutSeconds", "100", "batchingWindowSeconds", "7",
                "taskTimeoutSeconds", "3600"));
        assertEquals(607, config.queue().visibilityTimeoutSeconds());
    }

    @Test
    void batchSizeAboveTenIsAllowedWithABatchingWindow() {
        var config = read(Map.of("batchSize", "10000", "batchingWindowSeconds", "1", "taskTimeoutSeconds", "600"));
        assertEquals(10_000, config.function().batchSize());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "batchSize|0|a whole number from 1 to 10000",
            "batchSize|10001|a whole number from 1 to 10000",
            "batchSize|ten|a whole number from 1 to 10000",
            "batchSize|2.5|a whole number from 1 to 10000",
            "functionTimeoutSeconds|0|a whole number from 1 to 900",
            "functionTimeoutSeconds|901|a whole number from 1 to 900",
            "functionMemoryMb|64|a whole number from 128 to 10240",
            "taskTimeoutSeconds|0|a whole number from 1 to 31536000",
            "taskTimeoutSeconds|31536001|a whole number from 1 to 31536000",
            "batchingWindowSeconds|301|a whole number from 0 to 300",
            "maximumConcurrency|1|a whole number from 2 to 1000",
            "maxReceiveCount|0|a whole number from 1 to 1000",
            "functionArchitecture|arm|one of arm64, x86_64",
            "workflowLogLevel|DEBUG|one of ALL, ERROR, FATAL, OFF",
            "tracing|yes|one of true, false",
            "snapStart|on|one of true, false",
            "callbackResourceScope|account|one of stateMachine, any",
            "logRetentionDays|10|one of [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827,"
                    + " 2192, 2557, 2922, 3288, 3653]",
            "namePrefix|my_stack|at most 24 letters, digits and hyphens",
            "namePrefix|a-very-long-prefix-for-names-|at most 24 letters, digits and hyphens",
    })
    void invalidValueIsRejectedNamingTheKeyAndWhatIsAllowed(String key, String value, String allowed) {
        var message = rejection(Map.of(key, value));
        assertTrue(message.contains("inventory-callback:" + key + " = '" + value + "' is invalid: must be " + allowed),
                message);
    }

    @Test
    void batchSizeAboveTenWithoutABatchingWindowIsRejected() {
        var message = rejection(Map.of("batchSize", "11"));
        assertTrue(message.contains("inventory-callback:batchingWindowSeconds = '0' is invalid: must be at least 1"
                + " when batchSize is above 10 (batchSize is 11)"), message);
    }

    @Test
    void visibilityTimeoutBelowSixTimesTheFunctionTimeoutIsRejected() {
        var message = rejection(Map.of("functionTimeoutSeconds", "60", "queueVisibilityTimeoutSeconds", "300"));
        assertTrue(message.contains("inventory-callback:queueVisibilityTimeoutSeconds = '300' is invalid: must be at"
                + " least 6 x functionTimeoutSeconds + batchingWindowSeconds = 360, up to 43200"), message);
    }

    @Test
    void everyReceiveOfAnOrderMustFitInTheTaskTimeout() {
        // Defaults: 4 x 60 + 5 x 0 + 10 = 250 s of receives within a 300 s task timeout.
        assertEquals(250, StackConfig.deliveryWindowSeconds(5, 60, 0, 10));
        assertEquals(4 * 65 + 5 * 5 + 10, StackConfig.deliveryWindowSeconds(5, 65, 5, 10));
        // Exactly at the limit is fine; one second over is not, and the message names every key involved.
        assertEquals(250, read(Map.of("taskTimeoutSeconds", "250")).workflow().taskTimeoutSeconds());
        var message = rejection(Map.of("taskTimeoutSeconds", "249"));
        assertTrue(message.contains("inventory-callback:maxReceiveCount = '5' is invalid: must be small enough that"
                + " every receive fits in taskTimeoutSeconds (249): (maxReceiveCount - 1) x"
                + " queueVisibilityTimeoutSeconds (60) + maxReceiveCount x batchingWindowSeconds (0) +"
                + " functionTimeoutSeconds (10) = 250 s; lower maxReceiveCount, queueVisibilityTimeoutSeconds or"
                + " functionTimeoutSeconds, or raise taskTimeoutSeconds"), message);
    }

    @Test
    void aRuleOverSeveralKeysIsNotCheckedOnAValueAlreadyRejected() {
        var message = rejection(Map.of("taskTimeoutSeconds", "0"));
        assertEquals(1, message.lines().filter(l -> l.contains("is invalid")).count(), message);
    }

    @Test
    void executionDataCannotBeLoggedWhenLoggingIsOff() {
        assertTrue(read(Map.of("workflowLogExecutionData", "true")).workflow().logExecutionData());
        assertFalse(read(Map.of("workflowLogLevel", "OFF")).workflow().logging());
        var message = rejection(Map.of("workflowLogLevel", "OFF", "workflowLogExecutionData", "true"));
        assertTrue(message.contains("inventory-callback:workflowLogExecutionData = 'true' is invalid: must be false"
                + " when workflowLogLevel is OFF"), message);
    }

    @Test
    void documentedMaximumsAreAccepted() {
        String prefix = "p".repeat(StackConfig.MAX_PREFIX_LENGTH - 1) + "-";
        assertEquals(prefix, read(Map.of("namePrefix", prefix)).namePrefix());
        var stock = new StringBuilder("{\"a\":1");
        while (stock.length() < StackConfig.MAX_STOCK_LENGTH - 1) {
            stock.append(",\"s").append(stock.length() % 10).append(stock.length()).append("\":0");
        }
        String exact = stock.substring(0, stock.lastIndexOf(",")) + "}";
        String padded = exact.substring(0, exact.length() - 1) + " ".repeat(StackConfig.MAX_STOCK_LENGTH - exact.length())
                + "}";
        assertEquals(StackConfig.MAX_STOCK_LENGTH, padded.length());
        assertEquals(exact, read(Map.of("stock", padded)).function().stock());
        assertTrue(rejection(Map.of("stock", padded.replace("} ", "}  ").replaceFirst(" }$", "  }")))
                .contains("at most 3000 characters"));
        var wide = read(Map.of("functionMemoryMb", "10240", "functionTimeoutSeconds", "900",
                "taskTimeoutSeconds", "31536000", "maximumConcurrency", "1000", "maxReceiveCount", "1000",
                "batchSize", "10000", "batchingWindowSeconds", "300"));
        assertEquals(10_240, wide.function().memoryMb());
        assertEquals(1000, wide.queue().maxReceiveCount());
        assertEquals(6 * 900 + 300, wide.queue().visibilityTimeoutSeconds());
        assertEquals(43_200, read(Map.of("queueVisibilityTimeoutSeconds", "43200", "maxReceiveCount", "700",
                "taskTimeoutSeconds", "31536000")).queue().visibilityTimeoutSeconds());
    }

    @Test
    void malformedStockIsRejected() {
        for (var stock : new String[] {"[1, 2]", "{\"apple\": -1}", "{\"apple\": 1.5}", "{\"apple\": \"3\"}",
                "{\"apple\": ", "{\"\": 3}"}) {
            var message = rejection(Map.of("stock", stock));
            assertTrue(message.contains("inventory-callback:stock = '" + stock + "' is invalid: must be a JSON object"
                    + " of SKU to whole number >= 0"), message);
        }
    }

    @Test
    void stockLongerThanTheFunctionEnvironmentAllowsIsRejected() {
        var big = new StringBuilder("{");
        for (int i = 0; i < 400; i++) {
            big.append(i == 0 ? "" : ",").append("\"sku-").append(i).append("\":1");
        }
        var message = rejection(Map.of("stock", big.append("}").toString()));
        assertTrue(message.contains("at most 3000 characters"), message);
    }

    @Test
    void everyInvalidKeyIsReportedInOneMessage() {
        var message = rejection(Map.of("batchSize", "0", "functionArchitecture", "sparc", "tracing", "maybe"));
        assertTrue(message.startsWith("Invalid stack configuration; nothing was deployed:"), message);
        assertTrue(message.contains("inventory-callback:batchSize"), message);
        assertTrue(message.contains("inventory-callback:functionArchitecture"), message);
        assertTrue(message.contains("inventory-callback:tracing"), message);
    }
}
