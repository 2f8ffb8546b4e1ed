package io.github.inventorycallback.stack.plan;

import io.github.inventorycallback.stack.App;
import io.github.inventorycallback.stack.StackConfig;
import com.pulumi.Log;
import com.pulumi.resources.Resource;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestOptions;
import com.pulumi.test.TestResult;
import com.pulumi.test.internal.MockMonitor;
import com.pulumi.test.internal.PulumiTestInternal;
import pulumirpc.Resource.RegisterResourceRequest;
import pulumirpc.Resource.RegisterResourceResponse;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the real program ({@link App#stack}) on Pulumi's offline engine with {@link AwsMocks}: no CLI, no
 * credentials. Used by the unit tests and by the plan command.
 */
public final class OfflineEngine {
    /**
     * The tag this engine's stacks give their {@link io.github.inventorycallback.stack.NameClaim}: fixed, so that two
     * plans of one config are the same, line for line.
     */
    public static final String CLAIM_OWNER = "offline-engine";

    private OfflineEngine() {
    }

    /**
     * @param stackName the stack, as in {@code Pulumi.STACK.yaml}
     * @param config    config values by full key ({@code inventory-callback:batchSize}, {@code aws:region}), as the
     *                  CLI hands them to the program: a key without a namespace is one the program refuses
     */
    public static TestResult run(String stackName, Map<String, String> config, AwsMocks mocks) {
        Map<String, String> namespaced = new HashMap<>(config);
        // The public PulumiTest API cannot pass stack config (pulumi/pulumi-java#1333); this builder can, so
        // the program reads its config exactly as under `pulumi up`.
        var engine = PulumiTestInternal.builder()
                .options(TestOptions.builder()
                        .projectName(StackConfig.NAMESPACE)
                        .stackName(stackName)
                        .preview(false)
                        .build())
                .mocks(mocks)
                // The engine would log each failure of the program (a refused config, say) as SEVERE with its stack
                // trace; the result carries it, and the plan and the tests report it once, in their own words.
                .standardLogger(quietLogger())
                // The mocks see a resource's inputs only; the request also carries its options (dependsOn,
                // customTimeouts, ...), which decide update, replace and destroy: hand them to the mocks too.
                .monitorDecorator(monitor -> new LifecycleMonitor(mocks))
                .config(namespaced)
                .build();
        try {
            return engine.runTest(ctx -> App.stack(ctx, namespaced.keySet(), CLAIM_OWNER));
        } finally {
            PulumiTest.cleanup();
        }
    }

    private static java.util.logging.Logger quietLogger() {
        var logger = java.util.logging.Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        logger.setLevel(java.util.logging.Level.OFF);
        return logger;
    }

    /** The engine's monitor, telling the mocks each resource's options before they answer it. */
    private static final class LifecycleMonitor extends MockMonitor {
        private final AwsMocks mocks;

        LifecycleMonitor(AwsMocks mocks) {
            super(mocks, Log.ignore());
            this.mocks = mocks;
        }

        @Override
        public CompletableFuture<RegisterResourceResponse> registerResourceAsync(Resource resource,
                                                                                RegisterResourceRequest request) {
            var timeouts = new LinkedHashMap<String, Long>();
            var custom = request.getCustomTimeouts();
            putSeconds(timeouts, "create", custom.getCreate());
            putSeconds(timeouts, "update", custom.getUpdate());
            putSeconds(timeouts, "delete", custom.getDelete());
            mocks.lifecycle(request.getType(), request.getName(), new AwsMocks.Lifecycle(
                    AwsMocks.Lifecycle.key(request.getParent()),
                    request.getDependenciesList().stream().map(AwsMocks.Lifecycle::key).sorted().toList(),
                    Collections.unmodifiableMap(timeouts), request.getDeleteBeforeReplace(),
                    request.getRetainOnDelete(), List.copyOf(request.getIgnoreChangesList()), request.getProtect()));
            return super.registerResourceAsync(resource, request);
        }

        /** The SDK sends a timeout as a Go duration in nanoseconds ("600000000000ns"); plans show seconds. */
        private static void putSeconds(Map<String, Long> timeouts, String operation, String goDuration) {
            if (!goDuration.isEmpty()) {
                if (!goDuration.endsWith("ns")) {
                    throw new IllegalStateException("unexpected " + operation + " timeout " + goDuration);
                }
                timeouts.put(operation, Long.parseLong(goDuration.substring(0, goDuration.length() - 2)) / 1_000_000_000L);
            }
        }
    }
}
