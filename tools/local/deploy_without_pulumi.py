"""The stack's function, queues and state machine created in moto directly, without Pulumi: enough for
tools/local/try-without-pulumi to show the local runtime answering orders. Names and settings as the dev stack
deploys them, but for the queue's visibility timeout and maxReceiveCount (arguments), so that a message nobody can
answer reaches the dead-letter queue in seconds rather than minutes.

    python deploy_without_pulumi.py ENDPOINT JAR ASL_FILE VISIBILITY_SECONDS MAX_RECEIVE_COUNT
Prints the created resources as JSON."""
import json
import re
import sys

import boto3

endpoint, jar, asl_file, visibility, max_receives = sys.argv[1:6]
session = boto3.session.Session(aws_access_key_id="local", aws_secret_access_key="local", region_name="us-east-1")
client = lambda service: session.client(service, endpoint_url=endpoint)
iam, sqs, lam, sfn = client("iam"), client("sqs"), client("lambda"), client("stepfunctions")


def role(name, service):
    trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}]}
    return iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]


dlq_url = sqs.create_queue(QueueName="dev-Orders-dlq")["QueueUrl"]
dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
queue_url = sqs.create_queue(QueueName="dev-Orders", Attributes={
    "VisibilityTimeout": visibility,
    "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": int(max_receives)},
                                separators=(",", ":"))})["QueueUrl"]
queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]

with open(jar, "rb") as f:
    code = f.read()
function = lam.create_function(
    FunctionName="dev-Inventory", Runtime="java21", Role=role("dev-inventory-function", "lambda.amazonaws.com"),
    Handler="io.github.inventorycallback.function.InventoryHandler::handleRequest", Code={"ZipFile": code},
    Timeout=10, MemorySize=512, Architectures=["x86_64"],
    Environment={"Variables": {"STOCK": json.dumps({"apple": 25, "pear": 10, "plum": 0}),
                               "CALLBACK_CONCURRENCY": "10", "METRICS_NAMESPACE": "InventoryCallback/dev"}})
mapping = lam.create_event_source_mapping(
    EventSourceArn=queue_arn, FunctionName=function["FunctionArn"], BatchSize=10,
    MaximumBatchingWindowInSeconds=0, FunctionResponseTypes=["ReportBatchItemFailures"],
    ScalingConfig={"MaximumConcurrency": 10})

# The program's definition (the plan's state-machine.asl.json), pointed at this queue.
with open(asl_file) as f:
    definition = re.sub(r'"QueueUrl": "[^"]*"', json.dumps("QueueUrl") + ": " + json.dumps(queue_url), f.read())
machine = sfn.create_state_machine(name="dev-InventoryStateMachine", definition=definition,
                                   roleArn=role("dev-inventory-workflow", "states.amazonaws.com"), type="STANDARD")
print(json.dumps({"functionName": function["FunctionName"], "functionArn": function["FunctionArn"],
                  "eventSourceMappingId": mapping["UUID"], "queueUrl": queue_url, "queueArn": queue_arn,
                  "deadLetterQueueUrl": dlq_url, "deadLetterQueueArn": dlq_arn,
                  "stateMachineArn": machine["stateMachineArn"]}))
