"""What the two-stacks check asks moto, as one account's owner would ask AWS:
  queue-url NAME           the queue's URL
  send URL BODY            puts a message on it
  describe NAME...         each queue with its creation time and messages: equal output, the same queues untouched
  has-log-group NAME       exit 0 when the log group exists
"""
import sys

import boto3

endpoint, region, command, args = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
kw = dict(endpoint_url=endpoint, region_name=region, aws_access_key_id="test", aws_secret_access_key="test")
sqs = boto3.client("sqs", **kw)

if command == "queue-url":
    print(sqs.get_queue_url(QueueName=args[0])["QueueUrl"])
elif command == "send":
    sqs.send_message(QueueUrl=args[0], MessageBody=args[1])
elif command == "describe":
    queues = []
    for name in args:
        try:
            url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
        except sqs.exceptions.QueueDoesNotExist:
            queues.append(f"{name} missing")
            continue
        a = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        queues.append(f"{name} created {a['CreatedTimestamp']}, {a['ApproximateNumberOfMessages']} message(s)")
    print("; ".join(queues))
elif command == "has-log-group":
    groups = boto3.client("logs", **kw).describe_log_groups(logGroupNamePrefix=args[0])["logGroups"]
    sys.exit(0 if any(g["logGroupName"] == args[0] for g in groups) else 1)
else:
    sys.exit(f"unknown command {command}")
