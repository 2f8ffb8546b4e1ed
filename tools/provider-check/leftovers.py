"""Prints every resource of the stack's kinds that moto still holds, one per line; nothing when none is left."""
import sys

import boto3

kw = dict(endpoint_url=sys.argv[1], region_name=sys.argv[2], aws_access_key_id="test", aws_secret_access_key="test")
c = lambda service: boto3.client(service, **kw)
found = []
found += [f"sqs queue {u}" for u in c("sqs").list_queues().get("QueueUrls", [])]
found += [f"iam role {r['Arn']}" for r in c("iam").list_roles()["Roles"]]
found += [f"iam policy {p['Arn']}" for p in c("iam").list_policies(Scope="Local")["Policies"]]
found += [f"lambda function {f['FunctionArn']}" for f in c("lambda").list_functions()["Functions"]]
found += [f"lambda mapping {m['UUID']}" for m in c("lambda").list_event_source_mappings()["EventSourceMappings"]]
found += [f"state machine {m['stateMachineArn']}" for m in c("stepfunctions").list_state_machines()["stateMachines"]]
found += [f"log group {g['logGroupName']}" for g in c("logs").describe_log_groups()["logGroups"]]
found += [f"metric filter {f['filterName']}" for f in c("logs").describe_metric_filters()["metricFilters"]]
found += [f"sns topic {t['TopicArn']}" for t in c("sns").list_topics()["Topics"]]
found += [f"sns subscription {s['SubscriptionArn']}" for s in c("sns").list_subscriptions()["Subscriptions"]]
found += [f"alarm {a['AlarmName']}" for a in c("cloudwatch").describe_alarms()["MetricAlarms"]]
found += [f"dashboard {d['DashboardName']}" for d in c("cloudwatch").list_dashboards()["DashboardEntries"]]
found += [f"kms alias {a['AliasName']}" for a in c("kms").list_aliases()["Aliases"] if not a["AliasName"].startswith("alias/aws/")]
kms = c("kms")
# A key cannot be deleted at once: destroy schedules its deletion (7-30 days); only a key still usable is left over.
found += [f"kms key {k['KeyId']} ({state})" for k in kms.list_keys()["Keys"]
          if (state := kms.describe_key(KeyId=k["KeyId"])["KeyMetadata"]["KeyState"]) != "PendingDeletion"]
print("\n".join(found))
