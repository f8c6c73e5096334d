"""Drives Bosun with Kubernetes' official Python client (test/python-client.e2e-spec.ts).

Every answer goes through the client's typed models, which refuse a field Kubernetes marks required
and Bosun left out. Prints one JSON object of what it saw; the Jest suite asserts on it.
Usage: official_client.py KUBECONFIG WATCH_CACHE_SIZE   (bosun up's --watch-cache-size)
"""
import json
import sys
import threading
import time

from kubernetes import client, config, watch
from kubernetes.client.rest import ApiException
from kubernetes.dynamic import DynamicClient

WATCH_CACHE_SIZE = int(sys.argv[2])
config.load_kube_config(config_file=sys.argv[1])
v1 = client.CoreV1Api()
seen = {}


def until(what, check, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise TimeoutError(what)


def error_of(call):
    """The ApiException a call raises, as its status and the Status body Kubernetes sends."""
    try:
        call()
    except ApiException as e:
        body = json.loads(e.body) if e.body else {}
        details = body.get("details") or {}
        return {
            "status": e.status,
            "http_reason": e.reason,
            "kind": body.get("kind"),
            "outcome": body.get("status"),
            "code": body.get("code"),
            "reason": body.get("reason"),
            "message": body.get("message"),
            "details_kind": details.get("kind"),
            "causes": [c.get("field") for c in details.get("causes", [])],
        }
    return None


def retrying_conflicts(call, attempts=5):
    """Read-modify-write as client code does it: a 409 from a concurrent writer is retried."""
    for attempt in range(attempts):
        try:
            return call()
        except ApiException as e:
            if e.status != 409 or attempt == attempts - 1:
                raise


def container(name="c", image="busybox"):
    return client.V1Container(name=name, image=image, command=["sleep", "300"])


def pod(name, labels=None, namespace=None):
    return client.V1Pod(metadata=client.V1ObjectMeta(name=name, labels=labels, namespace=namespace), spec=client.V1PodSpec(containers=[container()]))


seen["version"] = client.VersionApi().get_code().git_version
seen["namespaces"] = sorted(n.metadata.name for n in v1.list_namespace().items)
seen["nodes"] = sorted(n.metadata.name for n in v1.list_node().items)

# --- Namespaces: create, patch, replace, and a delete that leaves it Terminating until it is empty.
v1.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name="py-ns")))
v1.create_namespaced_pod("py-ns", pod("inside"))
ns = v1.patch_namespace("py-ns", {"metadata": {"labels": {"team": "py"}}})
ns.metadata.labels["tier"] = "x"
seen["ns_replaced"] = v1.replace_namespace("py-ns", ns).metadata.labels
deleted_ns = v1.delete_namespace("py-ns")
seen["ns_deleted"] = {"phase": deleted_ns["status"]["phase"], "deleting": bool(deleted_ns["metadata"].get("deletionTimestamp"))}
seen["ns_create_inside"] = error_of(lambda: v1.create_namespaced_pod("py-ns", pod("late")))
seen["ns_gone"] = until("py-ns gone", lambda: error_of(lambda: v1.read_namespace("py-ns")))["status"]

# --- Pods.
created = v1.create_namespaced_pod("default", pod("py-pod", {"app": "py"}))
seen["created"] = {"uid": bool(created.metadata.uid), "rv": bool(created.metadata.resource_version), "phase": created.status.phase}
running = until("py-pod running", lambda: (lambda p: p if p.status.phase == "Running" else None)(v1.read_namespaced_pod("py-pod", "default")))
statuses = running.status.container_statuses
seen["pod"] = {
    "phase": running.status.phase,
    "node": running.spec.node_name,
    "ready": [c.ready for c in statuses],
    "container": [{"name": c.name, "image": c.image, "restarts": c.restart_count, "running": c.state.running is not None} for c in statuses],
    "conditions": sorted(c.type for c in running.status.conditions),
    "pod_ip": bool(running.status.pod_ip),
}
# What the client read, sent back with a change: every field it deserialised must round-trip.
running.metadata.labels["tier"] = "front"
seen["replaced_labels"] = v1.replace_namespaced_pod("py-pod", "default", running).metadata.labels
# A dict body goes as a strategic merge patch (the client's default): containers merge by name.
seen["strategic_image"] = [c.image for c in v1.patch_namespaced_pod("py-pod", "default", {"spec": {"containers": [{"name": "c", "image": "busybox:1.36"}]}}).spec.containers]
seen["patched_labels"] = v1.patch_namespaced_pod("py-pod", "default", {"metadata": {"labels": {"tier": None, "patched": "yes"}}}, _content_type="application/merge-patch+json").metadata.labels
seen["json_patched"] = v1.patch_namespaced_pod("py-pod", "default", [{"op": "add", "path": "/metadata/annotations", "value": {"by": "json-patch"}}]).metadata.annotations
seen["by_label"] = [p.metadata.name for p in v1.list_namespaced_pod("default", label_selector="app in (py),patched").items]
seen["by_field"] = [p.metadata.name for p in v1.list_pod_for_all_namespaces(field_selector="status.phase=Running,metadata.namespace=default").items]
seen["bad_field"] = error_of(lambda: v1.list_namespaced_pod("default", field_selector="spec.nope=1"))
seen["status_read"] = v1.read_namespaced_pod_status("py-pod", "default").status.phase
seen["log"] = error_of(lambda: v1.read_namespaced_pod_log("py-pod", "default"))
seen["dry_run_delete"] = bool(v1.delete_namespaced_pod("py-pod", "default", dry_run="All").metadata.deletion_timestamp)
seen["after_dry_run"] = v1.read_namespaced_pod("py-pod", "default").metadata.deletion_timestamp is None

# --- A scheduler of one's own: pods naming it wait for its Binding (the default scheduler leaves them).
# The client models the answer as a V1Binding, but kube-apiserver sends a Status: read it raw.
for name in ("py-custom-1", "py-custom-2"):
    v1.create_namespaced_pod("default", client.V1Pod(metadata=client.V1ObjectMeta(name=name), spec=client.V1PodSpec(scheduler_name="py-scheduler", containers=[container()])))
time.sleep(0.5)
seen["custom_unscheduled"] = v1.read_namespaced_pod("py-custom-1", "default").spec.node_name
target = client.V1ObjectReference(kind="Node", api_version="v1", name="sim-node-2")
bound = v1.create_namespaced_binding("default", client.V1Binding(metadata=client.V1ObjectMeta(name="py-custom-1"), target=target), _preload_content=False)
seen["binding_answer"] = [bound.status, json.loads(bound.data)]
# The Binding's uid is a precondition on the pod; its annotations are added to the pod's.
seen["binding_stale_uid"] = error_of(lambda: v1.create_namespaced_pod_binding("py-custom-2", "default", client.V1Binding(metadata=client.V1ObjectMeta(name="py-custom-2", uid="00000000-0000-0000-0000-000000000000"), target=target), _preload_content=False))
v1.create_namespaced_pod_binding("py-custom-2", "default", client.V1Binding(metadata=client.V1ObjectMeta(name="py-custom-2", annotations={"example.com/placed-by": "py-scheduler"}), target=target), _preload_content=False)
seen["binding_annotations"] = v1.read_namespaced_pod("py-custom-2", "default").metadata.annotations
seen["custom_bound"] = [until(name, lambda: (lambda p: p.status.phase == "Running" and p.spec.node_name)(v1.read_namespaced_pod(name, "default"))) for name in ("py-custom-1", "py-custom-2")]
seen["rebind"] = error_of(lambda: v1.create_namespaced_pod_binding("py-custom-2", "default", client.V1Binding(metadata=client.V1ObjectMeta(name="py-custom-2"), target=target), _preload_content=False))
seen["custom_scheduled_by"] = [e.source.component for e in v1.list_namespaced_event("default", field_selector="involvedObject.name=py-custom-1,reason=Scheduled").items]
for name in ("py-custom-1", "py-custom-2"):
    v1.delete_namespaced_pod(name, "default", grace_period_seconds=0)

# --- Errors: Kubernetes' Status bodies.
seen["already_exists"] = error_of(lambda: v1.create_namespaced_pod("default", pod("py-pod")))
seen["not_found"] = error_of(lambda: v1.read_namespaced_pod("nope", "default"))
seen["invalid"] = error_of(lambda: v1.create_namespaced_pod("default", client.V1Pod(metadata=client.V1ObjectMeta(name="Bad_Name"), spec=client.V1PodSpec(containers=[container()]))))
stale = v1.read_namespaced_pod("py-pod", "default")
stale.metadata.resource_version = "1"
stale.spec.restart_policy = "Never"  # also forbidden on update: the stale version is reported first
seen["stale"] = error_of(lambda: v1.replace_namespaced_pod("py-pod", "default", stale))

# --- What client programs send more than kubectl does, answered as kube-apiserver answers it.
# A first page at a resourceVersion is the list as it was then (the legacy exact match of paged lists).
v1.create_namespaced_pod("default", pod("py-exact", {"exact": "yes"}))
before = v1.list_namespaced_pod("default", label_selector="exact=yes").metadata.resource_version
v1.patch_namespaced_pod("py-exact", "default", {"metadata": {"labels": {"later": "yes"}}})
paged = v1.list_namespaced_pod("default", label_selector="exact=yes", limit=500, resource_version=before)
seen["legacy_exact"] = {"same_rv": paged.metadata.resource_version == before, "later": [p.metadata.labels.get("later") for p in paged.items]}
seen["not_older_than"] = [p.metadata.labels.get("later") for p in v1.list_namespaced_pod("default", label_selector="exact=yes", limit=500, resource_version=before, resource_version_match="NotOlderThan").items]
# Delete preconditions (V1DeleteOptions in the body), in rest.BeforeDelete's words.
seen["precondition_rv"] = error_of(lambda: v1.delete_namespaced_pod("py-exact", "default", body=client.V1DeleteOptions(preconditions=client.V1Preconditions(resource_version=before))))
seen["precondition_uid"] = error_of(lambda: v1.delete_namespaced_pod("py-exact", "default", body=client.V1DeleteOptions(preconditions=client.V1Preconditions(uid="00000000-0000-0000-0000-000000000000"))))
# A negative grace period is taken as 1 s.
seen["negative_grace"] = v1.delete_namespaced_pod("py-exact", "default", grace_period_seconds=-5).metadata.deletion_grace_period_seconds
until("py-exact gone", lambda: error_of(lambda: v1.read_namespaced_pod("py-exact", "default")) is not None)
# A pod whose containers have all ended goes at once (its node, here none, has nothing left to stop).
v1.create_namespaced_pod("default", client.V1Pod(metadata=client.V1ObjectMeta(name="py-done"), spec=client.V1PodSpec(node_name="py-no-such-node", containers=[container()])))
v1.patch_namespaced_pod_status("py-done", "default", {"status": {"phase": "Succeeded"}})
seen["ended_deleted"] = v1.delete_namespaced_pod("py-done", "default").metadata.deletion_timestamp
seen["ended_gone"] = (error_of(lambda: v1.read_namespaced_pod("py-done", "default")) or {}).get("status")
# pods/log options are checked before the node is asked.
seen["log_tail_negative"] = error_of(lambda: v1.read_namespaced_pod_log("py-pod", "default", tail_lines=-1))
seen["log_limit_zero"] = error_of(lambda: v1.read_namespaced_pod_log("py-pod", "default", limit_bytes=0))

# Eviction (policy/v1), as kubectl drain and operators post it: the pod is marked DisruptionTarget, then deleted.
v1.create_namespaced_pod("default", pod("py-evictee"))
until("py-evictee running", lambda: v1.read_namespaced_pod("py-evictee", "default").status.phase == "Running")
evict_from = v1.read_namespaced_pod("py-evictee", "default").metadata.resource_version
seen["eviction_unnamed"] = error_of(lambda: v1.create_namespaced_pod_eviction("py-evictee", "default", client.V1Eviction(metadata=client.V1ObjectMeta(namespace="default"))))
v1.create_namespaced_pod_eviction("py-evictee", "default", client.V1Eviction(metadata=client.V1ObjectMeta(name="py-evictee", namespace="default")))
evicted = []
for event in watch.Watch().stream(v1.list_namespaced_pod, "default", field_selector="metadata.name=py-evictee", resource_version=evict_from, timeout_seconds=10):
    target = [[c.reason, c.message] for c in (event["object"].status.conditions or []) if c.type == "DisruptionTarget"]
    evicted.append([event["type"], target[0] if target else None])
    if event["type"] == "DELETED":
        break
seen["eviction_events"] = evicted

# Scheduling gates: a gated pod waits, PodScheduled=False SchedulingGated; a Binding of it is refused; gates
# may only be removed; once the last is gone the scheduler places it.
v1.create_namespaced_pod("default", client.V1Pod(metadata=client.V1ObjectMeta(name="py-held"), spec=client.V1PodSpec(containers=[container()], scheduling_gates=[client.V1PodSchedulingGate(name="example.com/quota")])))
time.sleep(0.5)
held = v1.read_namespaced_pod("py-held", "default")
seen["held"] = [held.spec.node_name, [[c.type, c.status, c.reason] for c in held.status.conditions or []]]
seen["held_bind"] = error_of(lambda: v1.create_namespaced_pod_binding("py-held", "default", client.V1Binding(metadata=client.V1ObjectMeta(name="py-held"), target=client.V1ObjectReference(kind="Node", name="sim-node-1")), _preload_content=False))
seen["held_gate_added"] = error_of(lambda: v1.patch_namespaced_pod("py-held", "default", {"spec": {"schedulingGates": [{"name": "example.com/quota"}, {"name": "example.com/more"}]}}, _content_type="application/merge-patch+json"))
v1.patch_namespaced_pod("py-held", "default", {"spec": {"schedulingGates": None}}, _content_type="application/merge-patch+json")
seen["held_released"] = bool(until("py-held scheduled", lambda: v1.read_namespaced_pod("py-held", "default").spec.node_name))
v1.delete_namespaced_pod("py-held", "default", grace_period_seconds=0)

# Readiness gates: a controller of the client's sets the gate's condition through pods/status; the node keeps
# that condition and holds Ready back until it is True.
gated = client.V1Pod(metadata=client.V1ObjectMeta(name="py-gated"), spec=client.V1PodSpec(containers=[container()], readiness_gates=[client.V1PodReadinessGate(condition_type="example.com/lb")]))
v1.create_namespaced_pod("default", gated)


def ready_of(name):
    p = v1.read_namespaced_pod(name, "default")
    return p.status.phase == "Running" and [[c.status, c.reason, c.message] for c in p.status.conditions if c.type == "Ready"][0]


seen["gate_missing"] = until("py-gated running", lambda: ready_of("py-gated"))
v1.patch_namespaced_pod_status("py-gated", "default", {"status": {"conditions": [{"type": "example.com/lb", "status": "True"}]}})
seen["gate_open"] = until("py-gated ready", lambda: (lambda r: r[0] == "True" and r)(ready_of("py-gated")))
seen["gate_kept"] = [c.status for c in v1.read_namespaced_pod("py-gated", "default").status.conditions if c.type == "example.com/lb"]
# Server-side apply to the status subresource, as controllers write their conditions: merged by type.
applied_status = v1.patch_namespaced_pod_status("py-gated", "default", {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "py-gated"}, "status": {"conditions": [{"type": "example.com/applied", "status": "True"}]}}, field_manager="py-controller", _content_type="application/apply-patch+yaml")
seen["status_applied"] = sorted(c.type for c in applied_status.status.conditions if "example.com" in c.type)
# Both status writes are recorded with their managers, subresource status, as kube-apiserver records them.
seen["status_managers"] = sorted((m.operation, m.subresource) for m in applied_status.metadata.managed_fields if m.subresource == "status")
seen["status_apply_conflict"] = error_of(lambda: v1.patch_namespaced_pod_status("py-gated", "default", {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "py-gated"}, "status": {"conditions": [{"type": "example.com/applied", "status": "False"}]}}, field_manager="py-other", _content_type="application/apply-patch+yaml"))
seen["status_apply_missing"] = error_of(lambda: v1.patch_namespaced_pod_status("py-nope", "default", {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "py-nope"}, "status": {"phase": "Running"}}, field_manager="py-controller", _content_type="application/apply-patch+yaml"))
v1.delete_namespaced_pod("py-gated", "default", grace_period_seconds=0)

# --- Replication controllers and their scale subresource.
template = client.V1PodTemplateSpec(metadata=client.V1ObjectMeta(labels={"app": "py-rc"}), spec=client.V1PodSpec(containers=[container()]))
rc = client.V1ReplicationController(metadata=client.V1ObjectMeta(name="py-rc"), spec=client.V1ReplicationControllerSpec(replicas=2, selector={"app": "py-rc"}, template=template))
v1.create_namespaced_replication_controller("default", rc)
scale = v1.read_namespaced_replication_controller_scale("py-rc", "default")
seen["scale_read"] = {"kind": scale.kind, "api_version": scale.api_version, "replicas": scale.spec.replicas, "selector": scale.status.selector}
seen["scale_dry_run"] = v1.patch_namespaced_replication_controller_scale("py-rc", "default", {"spec": {"replicas": 7}}, dry_run="All").spec.replicas
seen["scale_patched"] = v1.patch_namespaced_replication_controller_scale("py-rc", "default", {"spec": {"replicas": 3}}).spec.replicas


def replace_scale():
    s = v1.read_namespaced_replication_controller_scale("py-rc", "default")
    s.spec.replicas = 4
    return v1.replace_namespaced_replication_controller_scale("py-rc", "default", s).spec.replicas


seen["scale_replaced"] = retrying_conflicts(replace_scale)
seen["rc_ready"] = until("4 ready replicas", lambda: v1.read_namespaced_replication_controller_status("py-rc", "default").status.ready_replicas == 4)
seen["rc_pods"] = len(v1.list_namespaced_pod("default", label_selector="app=py-rc").items)
# A page says how many items remain only when no selector narrows the list, as kube-apiserver counts.
for label, selector in (("page_selected", "app"), ("page_unselected", None)):
    page = v1.list_namespaced_pod("default", label_selector=selector, limit=1) if selector else v1.list_namespaced_pod("default", limit=1)
    seen[label] = [bool(page.metadata._continue), page.metadata.remaining_item_count is not None]


def replace_rc():
    current = v1.read_namespaced_replication_controller("py-rc", "default")
    current.metadata.labels = {"app": "py-rc", "replaced": "yes"}
    return v1.replace_namespaced_replication_controller("py-rc", "default", current).metadata.labels


seen["rc_replaced"] = retrying_conflicts(replace_rc)

# --- Services and the endpoints the controller keeps.
service = client.V1Service(metadata=client.V1ObjectMeta(name="py-svc"), spec=client.V1ServiceSpec(selector={"app": "py-rc"}, ports=[client.V1ServicePort(port=80, target_port=8080)], type="NodePort"))
created = v1.create_namespaced_service("default", service)
seen["service"] = {"cluster_ip": created.spec.cluster_ip, "node_port": created.spec.ports[0].node_port, "protocol": created.spec.ports[0].protocol}
seen["service_replaced"] = bool(v1.replace_namespaced_service("py-svc", "default", v1.read_namespaced_service("py-svc", "default")).metadata.resource_version)
seen["service_patched"] = v1.patch_namespaced_service("py-svc", "default", {"metadata": {"labels": {"svc": "py"}}}).spec.cluster_ip == created.spec.cluster_ip
seen["endpoints"] = until("4 endpoints", lambda: (lambda e: len(e) == 4 and e)([a.ip for s in (v1.read_namespaced_endpoints("py-svc", "default").subsets or []) for a in (s.addresses or [])]))

# Endpoints written by hand, for a service outside the cluster.
external = client.V1Endpoints(metadata=client.V1ObjectMeta(name="py-external"), subsets=[client.V1EndpointSubset(addresses=[client.V1EndpointAddress(ip="192.0.2.10")], ports=[client.CoreV1EndpointPort(name="pg", port=5432)])])
seen["ep_created_protocol"] = v1.create_namespaced_endpoints("default", external).subsets[0].ports[0].protocol
seen["ep_patched"] = v1.patch_namespaced_endpoints("py-external", "default", {"metadata": {"labels": {"ext": "yes"}}}).metadata.labels
ep = v1.read_namespaced_endpoints("py-external", "default")
ep.subsets[0].addresses.append(client.V1EndpointAddress(ip="192.0.2.11"))
seen["ep_replaced"] = [a.ip for a in v1.replace_namespaced_endpoints("py-external", "default", ep).subsets[0].addresses]
seen["ep_deleted"] = v1.delete_namespaced_endpoints("py-external", "default")
# A PUT creates an absent object of the kinds whose registries allow it (Endpoints, Services, Events), not of others.
put_created = v1.replace_namespaced_endpoints_with_http_info("py-put", "default", client.V1Endpoints(metadata=client.V1ObjectMeta(name="py-put"), subsets=[client.V1EndpointSubset(addresses=[client.V1EndpointAddress(ip="192.0.2.20")], ports=[client.CoreV1EndpointPort(port=80)])]))
seen["put_created"] = [put_created[1], bool(put_created[0].metadata.uid), [a.ip for a in put_created[0].subsets[0].addresses]]
seen["put_replaced"] = v1.replace_namespaced_endpoints_with_http_info("py-put", "default", v1.read_namespaced_endpoints("py-put", "default"))[1]
v1.delete_namespaced_endpoints("py-put", "default")
seen["put_absent_configmap"] = error_of(lambda: v1.replace_namespaced_config_map("py-put", "default", client.V1ConfigMap(metadata=client.V1ObjectMeta(name="py-put"), data={"a": "b"})))

# --- Nodes.
node = v1.read_node(seen["pod"]["node"])
seen["node"] = {"ready": [c.status for c in node.status.conditions if c.type == "Ready"], "kubelet": node.status.node_info.kubelet_version, "addresses": sorted(a.type for a in node.status.addresses)}
seen["node_status_read"] = bool(v1.read_node_status(node.metadata.name).status.node_info.os_image)
seen["node_patched"] = v1.patch_node(node.metadata.name, {"metadata": {"labels": {"py": "yes"}}}).metadata.labels.get("py")
seen["node_cordoned"] = v1.patch_node(node.metadata.name, {"spec": {"unschedulable": True}}).spec.unschedulable
seen["node_uncordoned"] = v1.patch_node(node.metadata.name, {"spec": {"unschedulable": None}}).spec.unschedulable
# A namespace on a cluster-scoped object is dropped, as kube-apiserver drops it (tools put one on every object).
seen["node_namespace"] = v1.create_node(client.V1Node(metadata=client.V1ObjectMeta(name="py-node", namespace="default"))).metadata.namespace


def replace_node():
    current = v1.read_node("py-node")
    current.metadata.labels = {"replaced": "yes"}
    return v1.replace_node("py-node", current).metadata.labels


seen["node_replaced"] = retrying_conflicts(replace_node)
seen["node_deleted"] = v1.delete_node("py-node")

# --- Events: the cluster's, and one written by this client.
seen["event_reasons"] = sorted({e.reason for e in v1.list_namespaced_event("default").items})
scheduled = v1.list_namespaced_event("default", field_selector="involvedObject.name=py-pod,reason=Scheduled").items
seen["scheduled_event"] = [{"kind": e.involved_object.kind, "uid": e.involved_object.uid == running.metadata.uid, "source": e.source.component, "count": e.count} for e in scheduled]
note = client.CoreV1Event(
    metadata=client.V1ObjectMeta(name="py-note"),
    involved_object=client.V1ObjectReference(api_version="v1", kind="Pod", name="py-pod", namespace="default", uid=running.metadata.uid),
    reason="Noticed", message="seen from Python", type="Normal", source=client.V1EventSource(component="py-client"), count=1,
)
v1.create_namespaced_event("default", note)
seen["event_patched"] = v1.patch_namespaced_event("py-note", "default", {"count": 2, "message": "seen twice"}).count
ev = v1.read_namespaced_event("py-note", "default")
ev.message = "replaced"
seen["event_replaced"] = v1.replace_namespaced_event("py-note", "default", ev).message
seen["event_by_field"] = [e.metadata.name for e in v1.list_event_for_all_namespaces(field_selector="reason=Noticed,source=py-client").items]
seen["event_deleted"] = v1.delete_namespaced_event("py-note", "default")

# --- Watch: from the list's resourceVersion, a pod comes, changes and goes.
events = []
rv = v1.list_namespaced_pod("default").metadata.resource_version
stream = watch.Watch()


def churn():
    time.sleep(0.5)
    v1.create_namespaced_pod("default", pod("py-watched"))
    time.sleep(0.3)
    v1.patch_namespaced_pod("py-watched", "default", {"metadata": {"labels": {"touched": "yes"}}})
    time.sleep(0.3)
    v1.delete_namespaced_pod("py-watched", "default", grace_period_seconds=0)


threading.Thread(target=churn).start()
for event in stream.stream(v1.list_namespaced_pod, "default", resource_version=rv, timeout_seconds=10):
    if event["object"].metadata.name == "py-watched":
        events.append(event["type"])
    if "DELETED" in events:
        stream.stop()
seen["watch"] = [t for i, t in enumerate(events) if i == 0 or events[i - 1] != t]
seen["watch_resource_version"] = int(stream.resource_version) > int(rv)

# An expired resourceVersion: more changes than the watch cache holds, then a watch from before them.
old = v1.list_namespaced_pod("default").metadata.resource_version
for i in range(WATCH_CACHE_SIZE + 20):
    v1.patch_namespaced_pod("py-pod", "default", {"metadata": {"annotations": {"n": str(i)}}})
seen["expired"] = error_of(lambda: list(watch.Watch().stream(v1.list_namespaced_pod, "default", resource_version=old, timeout_seconds=5)))
seen["expired_retried"] = error_of(lambda: list(watch.Watch().stream(v1.list_namespaced_pod, "default", resource_version=old)))
# ...recovered as the client documents it: relist, and watch from the new list.
relisted = v1.list_namespaced_pod("default", label_selector="app=py")
resumed = watch.Watch()
after_relist = []
threading.Thread(target=lambda: (time.sleep(0.5), v1.patch_namespaced_pod("py-pod", "default", {"metadata": {"labels": {"resumed": "yes"}}}))).start()
for event in resumed.stream(v1.list_namespaced_pod, "default", label_selector="app=py", resource_version=relisted.metadata.resource_version, timeout_seconds=10):
    after_relist.append([event["type"], event["object"].metadata.labels.get("resumed")])
    resumed.stop()
seen["after_relist"] = after_relist

# --- deletecollection: every pod the selector matches, and nothing else.
for name in ("py-bulk-1", "py-bulk-2"):
    v1.create_namespaced_pod("default", pod(name, {"bulk": "yes"}))
v1.delete_collection_namespaced_pod("default", label_selector="bulk=yes", grace_period_seconds=0)
seen["bulk_left"] = until("bulk pods gone", lambda: len(v1.list_namespaced_pod("default", label_selector="bulk=yes").items) == 0 and "none")

# --- The dynamic client, which walks discovery.
dynamic = DynamicClient(client.ApiClient())
seen["dynamic_pods"] = sorted(p.metadata.name for p in dynamic.resources.get(api_version="v1", kind="Pod").get(namespace="default").items)
config_maps = dynamic.resources.get(api_version="v1", kind="ConfigMap")
config_maps.create(namespace="default", body={"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "py-cm"}, "data": {"a": "1"}})
config_maps.patch(namespace="default", name="py-cm", body={"data": {"b": "2"}})
seen["dynamic_applied"] = config_maps.server_side_apply(namespace="default", body={"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "py-cm"}, "data": {"c": "3"}}, field_manager="py").data.to_dict()
seen["apply_no_version"] = error_of(lambda: v1.patch_namespaced_config_map("py-cm", "default", {"kind": "ConfigMap", "metadata": {"name": "py-cm"}, "data": {"d": "4"}}, field_manager="py", _content_type="application/apply-patch+yaml"))
read_back = v1.read_namespaced_config_map("py-cm", "default").to_dict()
seen["apply_read_back"] = error_of(lambda: v1.patch_namespaced_config_map("py-cm", "default", {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "py-cm", "managedFields": [{"manager": "py", "operation": "Apply"}]}, "data": read_back["data"]}, field_manager="py", _content_type="application/apply-patch+yaml"))
seen["dynamic_scale"] = dynamic.resources.get(api_version="v1", kind="ReplicationController").subresources["scale"].get(namespace="default", name="py-rc").spec.replicas
seen["dynamic_deleted"] = config_maps.delete(namespace="default", name="py-cm").status

# --- Deletes, each answered as kube-apiserver answers it.
seen["service_deleted"] = v1.delete_namespaced_service("py-svc", "default").kind
seen["rc_deleted"] = v1.delete_namespaced_replication_controller("py-rc", "default")
graceful = v1.delete_namespaced_pod("py-pod", "default")
seen["pod_deleted"] = {"kind": graceful.kind, "grace": graceful.metadata.deletion_grace_period_seconds}
seen["gone"] = until("py-pod gone", lambda: error_of(lambda: v1.read_namespaced_pod("py-pod", "default")) is not None)
print(json.dumps(seen))
