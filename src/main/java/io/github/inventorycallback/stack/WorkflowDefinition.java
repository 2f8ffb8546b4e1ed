package io.github.inventorycallback.stack;

import io.github.inventorycallback.contract.Answers;
import io.github.inventorycallback.contract.CallbackBody;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** The state machine's Amazon States Language definition: the tutorial's states, with a timeout and kept errors. */
public final class WorkflowDefinition {
    public static final String CHECK_INVENTORY = "Check Inventory";
    public static final String NOTIFY_SUCCESS = Answers.NOTIFY_SUCCESS;
    public static final String NOTIFY_FAILURE = Answers.NOTIFY_FAILURE;

    /** Indented, as the console shows it: the deployed definition is readable in the console and in plans. */
    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private WorkflowDefinition() {
    }

    /**
     * @param queueUrl           the Orders queue's URL
     * @param taskTimeoutSeconds how long Check Inventory waits for the callback before failing with States.Timeout
     */
    public static String asl(String queueUrl, int taskTimeoutSeconds) {
        JsonObject messageBody = new JsonObject();
        messageBody.addProperty(CallbackBody.MESSAGE_TITLE, CallbackBody.TITLE);
        messageBody.addProperty(CallbackBody.TASK_TOKEN + ".$", "$$.Task.Token");
        messageBody.addProperty(CallbackBody.INPUT + ".$", "$");

        JsonObject parameters = new JsonObject();
        parameters.addProperty("QueueUrl", queueUrl);
        parameters.add("MessageBody", messageBody);

        JsonObject catchAll = new JsonObject();
        JsonArray errors = new JsonArray();
        errors.add("States.ALL");
        catchAll.add("ErrorEquals", errors);
        // Keeps the order and adds {"Error": ..., "Cause": ...}, so the execution's output says why it failed.
        catchAll.addProperty("ResultPath", "$.error");
        catchAll.addProperty("Next", NOTIFY_FAILURE);
        JsonArray catchers = new JsonArray();
        catchers.add(catchAll);

        JsonObject check = new JsonObject();
        check.addProperty("Type", "Task");
        check.addProperty("Resource", "arn:aws:states:::sqs:sendMessage.waitForTaskToken");
        check.add("Parameters", parameters);
        check.addProperty("TimeoutSeconds", taskTimeoutSeconds);
        // Keeps the order and adds the inventory's answer beside it.
        check.addProperty("ResultPath", "$.inventory");
        check.add("Catch", catchers);
        check.addProperty("Next", NOTIFY_SUCCESS);

        JsonObject states = new JsonObject();
        states.add(CHECK_INVENTORY, check);
        states.add(NOTIFY_SUCCESS, notify("Callback Task started by Step Functions succeeded"));
        states.add(NOTIFY_FAILURE, notify("Callback Task started by Step Functions failed"));

        JsonObject definition = new JsonObject();
        definition.addProperty("Comment", "Checks an order's inventory through the Orders queue and waits for the"
                + " Inventory function's callback.");
        definition.addProperty("StartAt", CHECK_INVENTORY);
        definition.add("States", states);
        return PRETTY.toJson(definition);
    }

    private static JsonObject notify(String result) {
        JsonObject pass = new JsonObject();
        pass.addProperty("Type", "Pass");
        pass.addProperty("Result", result);
        pass.addProperty("ResultPath", "$.notification");
        pass.addProperty("End", true);
        return pass;
    }
}
