#!/usr/bin/env python3
"""Regenerates the wrapped samples from the raw ones, so each payload has a single source.

  eventbridge/*.json  ->  sqs/*.json       (Lambda's SQS event: the EventBridge event as the message body)
  admission/*.json    ->  webhook/*.json   (Lambda Function URL event, payload format 2.0)
  provisioning/*.json ->  sqs/provisioning-signal.json

Deterministic: ids are derived from file names, so re-running changes nothing unless a source changed.
Run from anywhere: python3 events/generate.py
"""
import base64
import hashlib
import json
import pathlib
import uuid

ROOT = pathlib.Path(__file__).resolve().parent
ACCOUNT = "123456789012"
REGION = "us-east-1"
WEBHOOK_SECRET = "3f1c0e9a8b7d4c2e9f6a1b0c8d7e6f5a"  # the example value of SPOTTER_WEBHOOK_PATH_SECRET
URL_ID = "abcdefghijklmnopqrstuvwxyz123456"


def stable_uuid(name):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "spotter/" + name))


def write(path, document):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2) + "\n")


def compact(document):
    return json.dumps(document, separators=(",", ":"))


def sqs_record(name, body, queue, receive_count=1, sent=1762178711000):
    return {
        "messageId": stable_uuid("message/" + name),
        "receiptHandle": "AQEB" + base64.b64encode(hashlib.sha256(("receipt/" + name).encode()).digest() * 3).decode(),
        "body": body,
        "attributes": {
            "ApproximateReceiveCount": str(receive_count),
            "SentTimestamp": str(sent),
            "SenderId": "AIDAIENQZJOLO23YVJ4VO",
            "ApproximateFirstReceiveTimestamp": str(sent + 12),
        },
        "messageAttributes": {},
        "md5OfBody": hashlib.md5(body.encode()).hexdigest(),
        "eventSource": "aws:sqs",
        "eventSourceARN": f"arn:aws:sqs:{REGION}:{ACCOUNT}:{queue}",
        "awsRegion": REGION,
    }


def function_url_event(name, body, path, base64_body=False, method="POST"):
    raw = json.dumps(body) if isinstance(body, dict) else body
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": "timeout=10s",
        "headers": {
            "accept": "application/json, */*",
            "accept-encoding": "gzip",
            "content-type": "application/json",
            "content-length": str(len(raw.encode())),
            "host": f"{URL_ID}.lambda-url.{REGION}.on.aws",
            "user-agent": "kube-apiserver-admission",
            "x-amzn-trace-id": "Root=1-6728a9f7-" + hashlib.sha1(name.encode()).hexdigest()[:24],
            "x-forwarded-for": "203.0.113.17",
            "x-forwarded-port": "443",
            "x-forwarded-proto": "https",
        },
        "queryStringParameters": {"timeout": "10s"},
        "requestContext": {
            "accountId": "anonymous",
            "apiId": URL_ID,
            "domainName": f"{URL_ID}.lambda-url.{REGION}.on.aws",
            "domainPrefix": URL_ID,
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "203.0.113.17",
                "userAgent": "kube-apiserver-admission",
            },
            "requestId": stable_uuid("request/" + name),
            "routeKey": "$default",
            "stage": "$default",
            "time": "03/Nov/2025:14:05:11 +0000",
            "timeEpoch": 1762178711000,
        },
        "body": base64.b64encode(raw.encode()).decode() if base64_body else raw,
        "isBase64Encoded": base64_body,
    }


def main():
    interruption_queue = "spotter-interruption"
    for source in sorted((ROOT / "eventbridge").glob("*.json")):
        event = json.loads(source.read_text())
        record = sqs_record(source.stem, compact(event), interruption_queue)
        write(ROOT / "sqs" / source.name, {"Records": [record]})

    spot = compact(json.loads((ROOT / "eventbridge" / "spot-interruption.json").read_text()))
    terminated = compact(json.loads((ROOT / "eventbridge" / "state-change-terminated.json").read_text()))
    poison = "this is not JSON: {instance-id: i-1234567890abcdef0"
    write(ROOT / "sqs" / "batch-with-poison.json", {"Records": [
        sqs_record("batch/spot", spot, interruption_queue),
        sqs_record("batch/poison", poison, interruption_queue, receive_count=2),
        sqs_record("batch/terminated", terminated, interruption_queue),
    ]})

    signal = json.loads((ROOT / "provisioning" / "pod-created.json").read_text())
    write(ROOT / "sqs" / "provisioning-signal.json",
          {"Records": [sqs_record("provisioning/pod-created", compact(signal), "spotter-provisioning")]})

    path = "/" + WEBHOOK_SECRET
    create = json.loads((ROOT / "admission" / "pod-create.json").read_text())
    write(ROOT / "webhook" / "admission-pod-create.json", function_url_event("create", create, path))
    write(ROOT / "webhook" / "admission-pod-create-base64.json",
          function_url_event("create-base64", create, path, base64_body=True))
    write(ROOT / "webhook" / "admission-pod-create-dry-run.json",
          function_url_event("dry-run", json.loads((ROOT / "admission" / "pod-create-dry-run.json").read_text()), path))
    write(ROOT / "webhook" / "admission-pod-create-bound.json",
          function_url_event("bound", json.loads((ROOT / "admission" / "pod-create-bound.json").read_text()), path))
    write(ROOT / "webhook" / "admission-malformed.json",
          function_url_event("malformed", '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":', path))
    write(ROOT / "webhook" / "admission-wrong-path.json",
          function_url_event("wrong-path", create, "/not-the-secret"))


if __name__ == "__main__":
    main()
