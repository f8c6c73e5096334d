"""Drives Bosun with Kubernetes' official Python client (test/python-client.e2e-spec.ts).

Prints one JSON object of what it saw; the Jest suite asserts on it. Usage: official_client.py KUBECONFIG
"""
import json
import sys
import threading
import time

from kubernetes import client, config, watch
from kubernetes.client.rest import ApiException
from kubernetes.dynamic import DynamicClient

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
    try:
        call()
    except ApiException as e:
        body = json.loads(e.body)
        return {"status": e.status, "reason": body.get("reason"), "causes": [c.get("field") for c in (body.get("details") or {}).get("causes", [])]}
    return None


def container(name="c"):
    return client.V1Container(name=name, image="busybox", command=["sleep", "300"])


seen["version"] = client.VersionApi().get_code().git_version
seen["namespaces"] = sorted(n.metadata.name for n in v1.list_namespace().items)
seen["nodes"] = sorted(n.metadata.name for n in v1.list_node().items)

pod = client.V1Pod(metadata=client.V1ObjectMeta(name="py-pod", labels={"app": "py"}), spec=client.V1PodSpec(containers=[container()]))
seen["created_uid"] = bool(v1.create_namespaced_pod("default", pod).metadata.uid)
running = until("py-pod running", lambda: (lambda p: p if p.status.phase == "Running" else None)(v1.read_namespaced_pod("py-pod", "default")))
seen["pod"] = {"phase": running.status.phase, "node": running.spec.node_name, "ready": [c.ready for c in running.status.container_statuses], "conditions": sorted(c.type for c in running.status.conditions)}
# What the client read, sent back with a change: every field it deserialised must round-trip.
running.metadata.labels["tier"] = "front"
seen["replaced_labels"] = v1.replace_namespaced_pod("py-pod", "default", running).metadata.labels
seen["patched_labels"] = v1.patch_namespaced_pod("py-pod", "default", {"metadata": {"labels": {"tier": None, "patched": "yes"}}}).metadata.labels
seen["by_label"] = [p.metadata.name for p in v1.list_namespaced_pod("default", label_selector="app in (py),patched").items]
seen["by_field"] = [p.metadata.name for p in v1.list_pod_for_all_namespaces(field_selector="status.phase=Running,metadata.namespace=default").items]
seen["status_read"] = v1.read_namespaced_pod_status("py-pod", "default").status.phase

seen["already_exists"] = error_of(lambda: v1.create_namespaced_pod("default", pod))
seen["not_found"] = error_of(lambda: v1.read_namespaced_pod("nope", "default"))
seen["invalid"] = error_of(lambda: v1.create_namespaced_pod("default", client.V1Pod(metadata=client.V1ObjectMeta(name="Bad_Name"), spec=client.V1PodSpec(containers=[container()]))))

template = client.V1PodTemplateSpec(metadata=client.V1ObjectMeta(labels={"app": "py-rc"}), spec=client.V1PodSpec(containers=[container()]))
rc = client.V1ReplicationController(metadata=client.V1ObjectMeta(name="py-rc"), spec=client.V1ReplicationControllerSpec(replicas=2, selector={"app": "py-rc"}, template=template))
v1.create_namespaced_replication_controller("default", rc)
seen["scale_patched"] = v1.patch_namespaced_replication_controller_scale("py-rc", "default", {"spec": {"replicas": 3}}).spec.replicas
seen["rc_ready"] = until("3 ready replicas", lambda: v1.read_namespaced_replication_controller_status("py-rc", "default").status.ready_replicas == 3)
service = client.V1Service(metadata=client.V1ObjectMeta(name="py-svc"), spec=client.V1ServiceSpec(selector={"app": "py-rc"}, ports=[client.V1ServicePort(port=80, target_port=8080)], type="NodePort"))
created = v1.create_namespaced_service("default", service)
seen["service"] = {"cluster_ip": created.spec.cluster_ip, "node_port": created.spec.ports[0].node_port, "protocol": created.spec.ports[0].protocol}
seen["service_replaced"] = bool(v1.replace_namespaced_service("py-svc", "default", v1.read_namespaced_service("py-svc", "default")).metadata.resource_version)
seen["endpoints"] = until("3 endpoints", lambda: (lambda e: len(e) == 3 and e)([a.ip for s in (v1.read_namespaced_endpoints("py-svc", "default").subsets or []) for a in (s.addresses or [])]))
seen["event_reasons"] = sorted({e.reason for e in v1.list_namespaced_event("default").items})

# A watch from the list's resourceVersion sees a pod come and go.
events = []
rv = v1.list_namespaced_pod("default").metadata.resource_version
stream = watch.Watch()


def churn():
    time.sleep(0.5)
    v1.create_namespaced_pod("default", client.V1Pod(metadata=client.V1ObjectMeta(name="py-watched"), spec=client.V1PodSpec(containers=[container()])))
    time.sleep(0.5)
    v1.delete_namespaced_pod("py-watched", "default", grace_period_seconds=0)


threading.Thread(target=churn).start()
for event in stream.stream(v1.list_namespaced_pod, "default", resource_version=rv, timeout_seconds=10):
    if event["object"].metadata.name == "py-watched":
        events.append(event["type"])
    if "DELETED" in events:
        stream.stop()
seen["watch"] = [t for i, t in enumerate(events) if i == 0 or events[i - 1] != t]

# deletecollection: every pod the selector matches, and nothing else.
for name in ("py-bulk-1", "py-bulk-2"):
    v1.create_namespaced_pod("default", client.V1Pod(metadata=client.V1ObjectMeta(name=name, labels={"bulk": "yes"}), spec=client.V1PodSpec(containers=[container()])))
v1.delete_collection_namespaced_pod("default", label_selector="bulk=yes", grace_period_seconds=0)
seen["bulk_left"] = until("bulk pods gone", lambda: len(v1.list_namespaced_pod("default", label_selector="bulk=yes").items) == 0 and "none")

seen["dynamic_pods"] = sorted(p.metadata.name for p in DynamicClient(client.ApiClient()).resources.get(api_version="v1", kind="Pod").get(namespace="default").items)
v1.delete_namespaced_service("py-svc", "default")
v1.delete_namespaced_replication_controller("py-rc", "default")
v1.delete_namespaced_pod("py-pod", "default", grace_period_seconds=0)
seen["gone"] = until("py-pod gone", lambda: error_of(lambda: v1.read_namespaced_pod("py-pod", "default")) is not None)
print(json.dumps(seen))
