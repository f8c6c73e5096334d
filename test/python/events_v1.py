"""events.k8s.io/v1 Events through Kubernetes' official Python client (test/python-client.e2e-spec.ts).

What client-go's new event recorder (controller-runtime's since v0.23) does, from Python: create an
Event in events.k8s.io/v1, patch its series, read it back in both versions, list, watch and delete
it. Prints one JSON object of what it saw; the Jest suite asserts on it.
Usage: events_v1.py KUBECONFIG
"""
import datetime
import json
import sys

from kubernetes import client, config, watch
from kubernetes.client.rest import ApiException

config.load_kube_config(config_file=sys.argv[1])
events = client.EventsV1Api()
core = client.CoreV1Api()
seen = {}
now = datetime.datetime.now(datetime.timezone.utc)


def error_of(call):
    try:
        call()
    except ApiException as e:
        body = json.loads(e.body) if e.body else {}
        return {"status": e.status, "reason": body.get("reason"), "message": body.get("message")}
    return None


def event(name, **changes):
    fields = dict(
        metadata=client.V1ObjectMeta(name=name),
        event_time=now,
        reporting_controller="example.com/py-operator",
        reporting_instance="py-operator-1",
        action="Reconciling",
        reason="Reconciled",
        note="all good",
        type="Normal",
        regarding=client.V1ObjectReference(api_version="v1", kind="ConfigMap", name="subject", namespace="default"),
    )
    fields.update(changes)
    return client.EventsV1Event(**fields)


created = events.create_namespaced_event("default", event("py-event"))
seen["created"] = {"api_version": created.api_version, "note": created.note, "controller": created.reporting_controller, "rv": bool(created.metadata.resource_version)}
as_core = core.read_namespaced_event("py-event", "default")
seen["as_core"] = {
    "message": as_core.message,
    "reporting_component": as_core.reporting_component,
    "involved": as_core.involved_object.name,
    "action": as_core.action,
    "first_timestamp": as_core.first_timestamp,
}
# The recorder's series update: a merge patch of the series.
patched = events.patch_namespaced_event("py-event", "default", {"series": {"count": 2, "lastObservedTime": now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")}})
seen["patched_series"] = patched.series.count
seen["core_series"] = core.read_namespaced_event("py-event", "default").series.count
listed = events.list_namespaced_event("default", field_selector="metadata.name=py-event")
seen["listed"] = [(e.metadata.name, e.api_version, e.note) for e in listed.items]
seen["list_kind"] = [listed.api_version, listed.kind]
# Created through core/v1, read through events.k8s.io/v1.
core.create_namespaced_event("default", client.CoreV1Event(metadata=client.V1ObjectMeta(name="core-event"), involved_object=client.V1ObjectReference(kind="ConfigMap", name="subject", namespace="default"), reason="Old", message="from core", type="Warning", count=3))
# Read raw: such an Event has no eventTime, which the client's model requires (as against Kubernetes, whose kubelet writes these).
from_core = json.loads(events.read_namespaced_event("core-event", "default", _preload_content=False).data)
seen["from_core"] = {k: from_core.get(k) for k in ("apiVersion", "eventTime", "note", "deprecatedCount", "regarding", "deprecatedSource")}
seen["invalid"] = error_of(lambda: events.create_namespaced_event("default", event("bad", reporting_controller=None, action=None)))
w = watch.Watch()
for change in w.stream(events.list_namespaced_event, "default", field_selector="metadata.name=py-event", timeout_seconds=5):
    seen["watched"] = [change["type"], change["object"].api_version, change["object"].note]
    w.stop()
deleted = json.loads(events.delete_namespaced_event("py-event", "default", _preload_content=False).data)
seen["deleted"] = [deleted.get("kind"), deleted.get("apiVersion")]
seen["gone"] = error_of(lambda: core.read_namespaced_event("py-event", "default"))["status"]
print(json.dumps(seen, default=str))
