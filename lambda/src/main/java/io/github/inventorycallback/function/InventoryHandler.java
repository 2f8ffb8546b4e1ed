package io.github.inventorycallback.function;

import io.github.inventorycallback.function.batch.BatchRunner;
import io.github.inventorycallback.function.batch.InventoryService;
import io.github.inventorycallback.function.callback.CallbackClients;
import io.github.inventorycallback.function.callback.StepFunctionsCallback;
import io.github.inventorycallback.function.log.Log;
import io.github.inventorycallback.function.order.Inventory;
import io.github.inventorycallback.function.order.MockInventory;
import io.github.inventorycallback.function.snapstart.SnapStartPriming;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import org.crac.Core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * Lambda's entry point for the {@code Orders} event source: builds the function from its environment
 * ({@link FunctionSettings}) once at init, then hands each batch to its {@link BatchRunner}. A stream handler, so
 * that the runtime does not build its Jackson serializer for the SQS event at every cold start.
 */
public final class InventoryHandler implements RequestStreamHandler {
    private final BatchRunner batches;
    /** Held here because org.crac holds registered resources only weakly; null unless Lambda snapshots this JVM. */
    private final SnapStartPriming priming;

    /** Called once by the Lambda runtime at init: everything expensive is built here, not per invocation. */
    public InventoryHandler() {
        // One line per call: on Lambda each call is one log event; elsewhere (SAM, the runtime emulator) the logger
        // writes to stdout as-is, so the newline keeps messages apart.
        this(System.getenv(), message -> LambdaRuntime.getLogger().log(message + "\n"));
    }

    InventoryHandler(Map<String, String> env, Log log) {
        FunctionSettings settings = FunctionSettings.read(env);
        Inventory inventory = inventory(settings);
        var callback = new StepFunctionsCallback(
                () -> CallbackClients.client(settings.region(), settings.credentials(), settings.concurrency()));
        this.batches = new BatchRunner(new InventoryService(inventory, callback, log, settings.namespace()),
                settings.concurrency(), log);
        if (settings.snapStart()) {
            // The runtime routes org.crac to its checkpoint hooks. Only when Lambda initialises a SnapStart version:
            // on demand the hooks never run, and the cold start does not load them.
            this.priming = new SnapStartPriming(batches, callback, settings.region(), settings.namespace(), log);
            Core.getGlobalContext().register(priming);
        } else {
            this.priming = null;
        }
    }

    /**
     * The inventory orders are checked against: the tutorial's mock, stocked from {@code STOCK}. To check your
     * own, return your {@link Inventory} here.
     */
    static Inventory inventory(FunctionSettings settings) {
        return MockInventory.fromJson(settings.stock());
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        batches.handle(input, output, context);
    }

    /** The priming registered for SnapStart, or null on demand. */
    SnapStartPriming priming() {
        return priming;
    }
}
