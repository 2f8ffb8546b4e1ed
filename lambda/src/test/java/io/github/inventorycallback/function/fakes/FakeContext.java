package io.github.inventorycallback.function.fakes;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/** A Lambda context with a fixed amount of remaining time. */
public record FakeContext(int remainingTimeInMillis) implements Context {
    @Override public String getAwsRequestId() { return "request-1"; }
    @Override public String getLogGroupName() { return "/aws/lambda/dev-Inventory"; }
    @Override public String getLogStreamName() { return "stream"; }
    @Override public String getFunctionName() { return "dev-Inventory"; }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:123456789012:function:dev-Inventory"; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getRemainingTimeInMillis() { return remainingTimeInMillis; }
    @Override public int getMemoryLimitInMB() { return 512; }
    @Override public LambdaLogger getLogger() { return null; }
}
