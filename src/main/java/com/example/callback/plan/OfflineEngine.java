package com.example.callback.plan;

import com.example.callback.App;
import com.example.callback.StackConfig;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestOptions;
import com.pulumi.test.TestResult;
import com.pulumi.test.internal.PulumiTestInternal;

import java.util.HashMap;
import java.util.Map;

/**
 * Runs the real program ({@link App#stack}) on Pulumi's offline engine with {@link AwsMocks}: no CLI, no
 * credentials. Used by the unit tests and by the plan command.
 */
public final class OfflineEngine {
    private OfflineEngine() {
    }

    /**
     * @param stackName the stack, as in {@code Pulumi.STACK.yaml}
     * @param config    config values by key, with or without the {@code inventory-callback:} namespace
     */
    public static TestResult run(String stackName, Map<String, String> config, AwsMocks mocks) {
        Map<String, String> namespaced = new HashMap<>();
        config.forEach((key, value) ->
                namespaced.put(key.contains(":") ? key : StackConfig.NAMESPACE + ":" + key, value));
        // The public PulumiTest API cannot pass stack config (pulumi/pulumi-java#1333); this builder can, so
        // the program reads its config exactly as under `pulumi up`.
        var engine = PulumiTestInternal.builder()
                .options(TestOptions.builder()
                        .projectName(StackConfig.NAMESPACE)
                        .stackName(stackName)
                        .preview(false)
                        .build())
                .mocks(mocks)
                .config(namespaced)
                .build();
        try {
            return engine.runTest(App::stack);
        } finally {
            PulumiTest.cleanup();
        }
    }
}
