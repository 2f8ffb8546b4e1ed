package io.github.inventorycallback.stack;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A key nobody reads is a mistake the user cannot see: each is refused, naming the key it most likely meant. */
class ConfigKeysTest {
    private static final Set<String> SETTINGS = Set.copyOf(StackConfig.settings().stream().map(StackConfig.Setting::key)
            .toList());

    private static List<String> problems(String... keys) {
        return ConfigKeys.problems(List.of(keys), SETTINGS);
    }

    @Test
    void aMisspelledSettingNamesTheOneItMeant() {
        assertEquals(List.of("inventory-callback:taskTimeoutSecond is not a setting of this stack: did you mean"
                + " inventory-callback:taskTimeoutSeconds? (every setting: Pulumi.yaml)"),
                problems("inventory-callback:taskTimeoutSecond"));
        assertTrue(problems("inventory-callback:functionMemoryMB").get(0)
                .contains("did you mean inventory-callback:functionMemoryMb?"));
    }

    @Test
    void aKeyInAMisspelledNamespaceOrWithoutOneIsRefused() {
        assertEquals(List.of("inventory_callback:namePrefix is in namespace 'inventory_callback', which nothing"
                + " reads: did you mean inventory-callback:namePrefix?"), problems("inventory_callback:namePrefix"));
        assertEquals(List.of("namePrefix has no namespace: write inventory-callback:namePrefix (or aws:namePrefix for"
                + " the provider)"), problems("namePrefix"));
        assertTrue(problems("aws_:region").get(0).contains("did you mean aws:region?"));
    }

    @Test
    void aMisspelledProviderKeyIsRefused() {
        assertEquals(List.of("aws:regoin is not a setting of the AWS provider: did you mean aws:region?"),
                problems("aws:regoin"));
    }

    @Test
    void everyRealKeyAndOtherNamespacesPass() {
        List<String> all = new java.util.ArrayList<>(List.of("aws:region", "aws:defaultTags", "aws:profile",
                "pulumi:tags", "aws-native:region"));
        SETTINGS.forEach(key -> all.add("inventory-callback:" + key));
        assertEquals(List.of(), ConfigKeys.problems(all, SETTINGS));
    }

    @Test
    void theProgramRefusesAnUnknownKeyBeforeRegisteringAnything() {
        String error = DeployedStack.rejected(Map.of("taskTimeoutSecond", "600", "aws:regoin", "eu-west-1"),
                DeployedStack.REGION);
        assertTrue(error.contains("inventory-callback:taskTimeoutSecond is not a setting of this stack"), error);
        assertTrue(error.contains("aws:regoin is not a setting of the AWS provider"), error);
    }

    @Test
    void aKeyFarFromEveryKnownOneGetsNoGuessAndAFarNamespaceIsLeftAlone() {
        assertEquals(List.of("inventory-callback:colour is not a setting of this stack (every setting: Pulumi.yaml)"),
                problems("inventory-callback:colour"));
        // Within four edits of the project's name is a typo; further is someone else's namespace.
        assertEquals(1, problems("inventory-calback:namePrefix").size());
        assertEquals(1, problems("inventory-callb:namePrefix").size());
        assertEquals(List.of(), problems("inventory-cal:namePrefix"));
        assertEquals(List.of(), problems("azure:location"));
    }

    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertEquals(0, ConfigKeys.distance("abc", "abc"));
        assertEquals(1, ConfigKeys.distance("abc", "abcd"));
        assertEquals(1, ConfigKeys.distance("abcd", "abc"));
        assertEquals(1, ConfigKeys.distance("abc", "abd"));
        assertEquals(3, ConfigKeys.distance("", "abc"));
    }
}
