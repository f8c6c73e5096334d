// Command goclient drives Bosun with Kubernetes' Go client (k8s.io/client-go), as a typical
// operator does: typed clientsets (JSON and protobuf), discovery, the dynamic and metadata
// clients, watches, informers, patches, subresources, errors, events and leader election.
//
// Each step checks what a kube-apiserver would answer. The program prints one JSON object —
// {"failures": [...], "seen": {...}} — and exits 1 when a check failed (test/go-client.e2e-spec.ts).
//
// Usage: goclient KUBECONFIG
//
//	goclient exec KUBECONFIG NAMESPACE POD STDIN COMMAND... (exec.go: a command through the SPDY executor)
//	goclient attach KUBECONFIG NAMESPACE POD STDIN SECONDS (exec.go: an attach through the SPDY executor)
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/apimachinery/pkg/watch"
	corev1ac "k8s.io/client-go/applyconfigurations/core/v1"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"
	typedcorev1 "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/tools/pager"
	"k8s.io/client-go/tools/record"
	"k8s.io/client-go/util/retry"
)

const ns = "go-client"

var (
	ctx      = context.Background()
	failures []string
	seen     = map[string]any{}
)

// fail records a difference from what kube-apiserver answers; the run goes on.
func fail(step string, format string, args ...any) {
	failures = append(failures, step+": "+fmt.Sprintf(format, args...))
}

// must records an unexpected error and says whether the step may go on.
func must(step string, err error) bool {
	if err != nil {
		fail(step, "unexpected error: %v", err)
		return false
	}
	return true
}

func expect(step string, got, want any) {
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		fail(step, "got %s, want %s", g, w)
	}
}

// expectStatus checks an error is the API error kube-apiserver sends: reason, code and details kind.
func expectStatus(step string, err error, reason metav1.StatusReason, code int32) {
	if err == nil {
		fail(step, "no error, want %s (%d)", reason, code)
		return
	}
	status, ok := err.(apierrors.APIStatus)
	if !ok {
		fail(step, "not an API status error (%T): %v", err, err)
		return
	}
	s := status.Status()
	if s.Reason != reason || s.Code != code || s.Status != metav1.StatusFailure {
		fail(step, "got %s/%d/%s (%s), want %s/%d/Failure", s.Reason, s.Code, s.Status, s.Message, reason, code)
	}
}

func until(what string, timeout time.Duration, check func() (bool, error)) bool {
	err := wait.PollUntilContextTimeout(ctx, 100*time.Millisecond, timeout, true, func(context.Context) (bool, error) { return check() })
	if err != nil {
		fail(what, "not within %s: %v", timeout, err)
		return false
	}
	return true
}

func pod(name string, podLabels map[string]string) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: podLabels},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{
			Name: "c", Image: "busybox", Command: []string{"sleep", "300"},
			Resources: corev1.ResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("10m")}},
		}}},
	}
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "exec" {
		execMain(os.Args[2:])
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "attach" {
		attachMain(os.Args[2:])
		return
	}
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: goclient KUBECONFIG | goclient exec KUBECONFIG NAMESPACE POD STDIN COMMAND...")
		os.Exit(2)
	}
	config, err := clientcmd.BuildConfigFromFlags("", os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	config.UserAgent = "bosun-go-client"
	config.QPS, config.Burst = 200, 400
	if os.Getenv("GOCLIENT_CONTENT_TYPE") != "" {
		config.ContentType = os.Getenv("GOCLIENT_CONTENT_TYPE")
	}
	cs := kubernetes.NewForConfigOrDie(config)

	run("discovery", func() { discoveryChecks(config, cs) })
	run("namespace", func() { namespaceSetup(cs) })
	run("pods", func() { podChecks(cs) })
	run("protobuf", func() { protobufChecks(config) })
	run("watch", func() { watchChecks(cs) })
	run("informer", func() { informerChecks(cs) })
	run("configmaps", func() { configMapChecks(cs) })
	run("secrets", func() { secretChecks(cs) })
	run("services", func() { serviceChecks(cs) })
	run("rcs", func() { rcChecks(cs) })
	run("jobs", func() { jobChecks(cs) })
	run("budgets", func() { budgetChecks(cs) })
	run("daemonsets", func() { daemonSetChecks(cs) })
	run("statefulsets", func() { statefulSetChecks(cs) })
	run("rbac and networking", func() { rbacNetworkingChecks(cs) })
	run("priority", func() { priorityChecks(cs) })
	run("deployments", func() { deploymentChecks(cs) })
	run("dynamic", func() { dynamicChecks(config) })
	run("metadata", func() { metadataChecks(config) })
	run("events", func() { eventChecks(cs) })
	run("paging", func() { pagingChecks(cs) })
	run("nodes", func() { nodeChecks(cs) })
	run("leaderelection", func() { leaderElectionChecks(cs) })
	run("more", func() { moreChecks(cs, config) })
	run("cleanup", func() { cleanup(cs) })

	out, _ := json.Marshal(map[string]any{"failures": failures, "seen": seen})
	fmt.Println(string(out))
	if len(failures) > 0 {
		os.Exit(1)
	}
}

// run runs one group of steps; a panic (a nil answer, say) is a failure of that group only.
func run(name string, steps func()) {
	defer func() {
		if r := recover(); r != nil {
			fail(name, "panic: %v", r)
		}
	}()
	steps()
}

func discoveryChecks(config *rest.Config, cs *kubernetes.Clientset) {
	version, err := cs.Discovery().ServerVersion()
	if must("ServerVersion", err) {
		seen["version"] = version.GitVersion
		if version.Major == "" || version.Minor == "" {
			fail("ServerVersion", "major/minor missing: %+v", version)
		}
	}
	groups, resources, err := cs.Discovery().ServerGroupsAndResources()
	if must("ServerGroupsAndResources", err) {
		var names []string
		for _, g := range groups {
			names = append(names, g.Name)
		}
		seen["groups"] = names
		byName := map[string]metav1.APIResource{}
		for _, list := range resources {
			for _, r := range list.APIResources {
				byName[list.GroupVersion+"/"+r.Name] = r
			}
		}
		for _, want := range []string{"v1/pods", "v1/services", "v1/replicationcontrollers", "v1/configmaps", "v1/secrets", "v1/events", "v1/namespaces", "v1/nodes", "v1/pods/status", "v1/replicationcontrollers/scale"} {
			if _, ok := byName[want]; !ok {
				fail("ServerGroupsAndResources", "%s missing", want)
			}
		}
		if r := byName["v1/replicationcontrollers/scale"]; r.Group != "autoscaling" || r.Version != "v1" || r.Kind != "Scale" {
			fail("ServerGroupsAndResources", "rc scale: %+v", r)
		}
	}
	preferred, err := cs.Discovery().ServerPreferredResources()
	if must("ServerPreferredResources", err) {
		count := 0
		for _, l := range preferred {
			count += len(l.APIResources)
		}
		seen["preferred_resources"] = count
	}
	// A RESTMapper from discovery, as controller-runtime and kubectl build one.
	cached, err := restmapper.GetAPIGroupResources(cs.Discovery())
	if must("GetAPIGroupResources", err) {
		mapper := restmapper.NewDiscoveryRESTMapper(cached)
		m, err := mapper.RESTMapping(schema.GroupKind{Kind: "ReplicationController"}, "v1")
		if must("RESTMapping", err) {
			expect("RESTMapping", m.Resource.Resource, "replicationcontrollers")
			expect("RESTMapping scope", string(m.Scope.Name()), "namespace")
		}
		gvr, err := mapper.ResourceFor(schema.GroupVersionResource{Resource: "po"})
		if err == nil {
			fail("ResourceFor(po)", "a RESTMapper does not expand short names, got %v", gvr)
		}
	}
	// OpenAPI v3 through the discovery client (kubectl explain, apply and controller-gen read it).
	paths, err := cs.Discovery().OpenAPIV3().Paths()
	if must("OpenAPIV3().Paths", err) {
		gv, ok := paths["api/v1"]
		if !ok {
			fail("OpenAPIV3().Paths", "no api/v1 in %v", keys(paths))
		} else {
			doc, err := gv.Schema("application/json")
			if must("OpenAPIV3 api/v1 schema", err) && !strings.Contains(string(doc), "io.k8s.api.core.v1.Pod") {
				fail("OpenAPIV3 api/v1 schema", "no Pod schema")
			}
		}
	}
	if _, err := cs.Discovery().OpenAPISchema(); err != nil {
		fail("OpenAPISchema (v2, protobuf)", "%v", err)
	}
	// Raw paths a client reads.
	for _, path := range []string{"/healthz", "/readyz", "/livez"} {
		body, err := cs.Discovery().RESTClient().Get().AbsPath(path).DoRaw(ctx)
		if must(path, err) {
			expect(path, string(body), "ok")
		}
	}
	_ = config
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func namespaceSetup(cs *kubernetes.Clientset) {
	_, err := cs.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns, Labels: map[string]string{"purpose": "go"}}}, metav1.CreateOptions{})
	must("create namespace", err)
	n, err := cs.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{})
	if must("get namespace", err) {
		expect("namespace phase", n.Status.Phase, corev1.NamespaceActive)
		expect("namespace name label", n.Labels[corev1.LabelMetadataName], ns)
		expect("namespace finalizers", n.Spec.Finalizers, []corev1.FinalizerName{corev1.FinalizerKubernetes})
	}
	list, err := cs.CoreV1().Namespaces().List(ctx, metav1.ListOptions{LabelSelector: "purpose=go"})
	if must("list namespaces by label", err) {
		expect("namespaces by label", len(list.Items), 1)
	}
}

func podChecks(cs *kubernetes.Clientset) {
	pods := cs.CoreV1().Pods(ns)
	created, err := pods.Create(ctx, pod("web", map[string]string{"app": "web", "tier": "front"}), metav1.CreateOptions{})
	if !must("create pod", err) {
		return
	}
	seen["pod_created"] = map[string]any{"uid": created.UID != "", "rv": created.ResourceVersion != "", "phase": created.Status.Phase, "ns": created.Namespace,
		"restartPolicy": created.Spec.RestartPolicy, "dnsPolicy": created.Spec.DNSPolicy, "pullPolicy": created.Spec.Containers[0].ImagePullPolicy,
		"terminationMessagePath": created.Spec.Containers[0].TerminationMessagePath, "schedulerName": created.Spec.SchedulerName, "qos": created.Status.QOSClass}
	if created.CreationTimestamp.IsZero() {
		fail("create pod", "no creationTimestamp")
	}
	if created.Kind != "" || created.APIVersion != "" {
		// The typed client clears TypeMeta on decoding into a known type: nothing to check on the wire here.
	}
	_, err = pods.Create(ctx, pod("web", nil), metav1.CreateOptions{})
	expectStatus("create pod twice", err, metav1.StatusReasonAlreadyExists, 409)
	if !apierrors.IsAlreadyExists(err) {
		fail("IsAlreadyExists", "false for %v", err)
	}
	_, err = pods.Get(ctx, "nope", metav1.GetOptions{})
	expectStatus("get missing pod", err, metav1.StatusReasonNotFound, 404)
	if se, ok := err.(apierrors.APIStatus); ok && se.Status().Details != nil {
		expect("not found details", map[string]string{"name": se.Status().Details.Name, "kind": se.Status().Details.Kind}, map[string]string{"name": "nope", "kind": "pods"})
	}
	bad := pod("Bad_Name", nil)
	_, err = pods.Create(ctx, bad, metav1.CreateOptions{})
	expectStatus("create invalid pod", err, metav1.StatusReasonInvalid, 422)
	if !apierrors.IsInvalid(err) {
		fail("IsInvalid", "false for %v", err)
	}
	noContainers := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "empty"}}
	_, err = pods.Create(ctx, noContainers, metav1.CreateOptions{})
	expectStatus("create pod without containers", err, metav1.StatusReasonInvalid, 422)
	// A namespace in the body that is not the URL's.
	other := pod("elsewhere", nil)
	other.Namespace = "default"
	_, err = pods.Create(ctx, other, metav1.CreateOptions{})
	expectStatus("create pod with another namespace", err, metav1.StatusReasonBadRequest, 400)
	// generateName
	gen := pod("", map[string]string{"app": "gen"})
	gen.GenerateName = "gen-"
	g, err := pods.Create(ctx, gen, metav1.CreateOptions{})
	if must("create with generateName", err) && !strings.HasPrefix(g.Name, "gen-") {
		fail("generateName", "name %q", g.Name)
	}
	// Dry run creates nothing.
	dry, err := pods.Create(ctx, pod("dry", nil), metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
	if must("dry-run create", err) {
		expect("dry-run name", dry.Name, "dry")
		_, err = pods.Get(ctx, "dry", metav1.GetOptions{})
		expectStatus("dry-run pod absent", err, metav1.StatusReasonNotFound, 404)
	}

	// Scheduled and Running on a simulated node.
	until("pod web Running", 30*time.Second, func() (bool, error) {
		p, err := pods.Get(ctx, "web", metav1.GetOptions{})
		return err == nil && p.Status.Phase == corev1.PodRunning && p.Spec.NodeName != "", nil
	})
	p, err := pods.Get(ctx, "web", metav1.GetOptions{})
	if must("get pod", err) {
		var conds []string
		for _, c := range p.Status.Conditions {
			conds = append(conds, string(c.Type)+"="+string(c.Status))
		}
		sort.Strings(conds)
		seen["pod_running"] = map[string]any{"node": p.Spec.NodeName != "", "podIP": p.Status.PodIP != "", "podIPs": len(p.Status.PodIPs), "hostIP": p.Status.HostIP != "", "startTime": p.Status.StartTime != nil, "conditions": conds,
			"containerStatuses": len(p.Status.ContainerStatuses)}
		if len(p.Status.ContainerStatuses) == 1 {
			s := p.Status.ContainerStatuses[0]
			if s.Name != "c" || s.Image == "" || s.ContainerID == "" || s.State.Running == nil || !s.Ready || s.Started == nil || !*s.Started {
				fail("container status", "%+v", s)
			}
		}
	}

	// Update with a conflict, retried as client code does.
	err = retry.RetryOnConflict(retry.DefaultRetry, func() error {
		p, err := pods.Get(ctx, "web", metav1.GetOptions{})
		if err != nil {
			return err
		}
		p.Labels["updated"] = "yes"
		_, err = pods.Update(ctx, p, metav1.UpdateOptions{})
		return err
	})
	must("update pod", err)
	stale := p.DeepCopy()
	stale.Labels["stale"] = "yes"
	_, err = pods.Update(ctx, stale, metav1.UpdateOptions{})
	expectStatus("stale update", err, metav1.StatusReasonConflict, 409)
	if !apierrors.IsConflict(err) {
		fail("IsConflict", "false for %v", err)
	}
	// An update without resourceVersion is unconditional (pods allow it, as kube-apiserver's pod strategy does).
	cur, _ := pods.Get(ctx, "web", metav1.GetOptions{})
	noRV := cur.DeepCopy()
	noRV.ResourceVersion = ""
	noRV.Labels["norv"] = "yes"
	_, err = pods.Update(ctx, noRV, metav1.UpdateOptions{})
	must("update pod without resourceVersion", err)
	// Immutable pod spec field.
	cur, _ = pods.Get(ctx, "web", metav1.GetOptions{})
	imm := cur.DeepCopy()
	imm.Spec.Containers[0].Command = []string{"sleep", "1"}
	_, err = pods.Update(ctx, imm, metav1.UpdateOptions{})
	expectStatus("update immutable pod spec", err, metav1.StatusReasonInvalid, 422)

	// Strategic merge patch, JSON patch, merge patch.
	sp, err := pods.Patch(ctx, "web", types.StrategicMergePatchType, []byte(`{"metadata":{"labels":{"sm":"yes"}},"spec":{"containers":[{"name":"c","image":"busybox:1.36"}]}}`), metav1.PatchOptions{})
	if must("strategic merge patch", err) {
		expect("strategic merge image", sp.Spec.Containers[0].Image, "busybox:1.36")
		expect("strategic merge keeps command", sp.Spec.Containers[0].Command, []string{"sleep", "300"})
	}
	jp, err := pods.Patch(ctx, "web", types.JSONPatchType, []byte(`[{"op":"add","path":"/metadata/annotations","value":{"jp":"yes"}},{"op":"remove","path":"/metadata/labels/sm"}]`), metav1.PatchOptions{})
	if must("json patch", err) {
		expect("json patch annotation", jp.Annotations["jp"], "yes")
		if _, ok := jp.Labels["sm"]; ok {
			fail("json patch remove", "label sm still there")
		}
	}
	_, err = pods.Patch(ctx, "web", types.JSONPatchType, []byte(`[{"op":"test","path":"/metadata/labels/app","value":"nope"}]`), metav1.PatchOptions{})
	if err == nil {
		fail("json patch failing test", "no error")
	} else {
		seen["json_patch_test_failed"] = string(apierrors.ReasonForError(err)) + fmt.Sprintf("/%d", statusCode(err))
	}
	mp, err := pods.Patch(ctx, "web", types.MergePatchType, []byte(`{"metadata":{"labels":{"mp":"yes","tier":null}}}`), metav1.PatchOptions{})
	if must("merge patch", err) {
		expect("merge patch labels", mp.Labels, map[string]string{"app": "web", "updated": "yes", "norv": "yes", "mp": "yes"})
	}
	_, err = pods.Patch(ctx, "nope", types.MergePatchType, []byte(`{"metadata":{"labels":{"a":"b"}}}`), metav1.PatchOptions{})
	expectStatus("patch missing pod", err, metav1.StatusReasonNotFound, 404)
	// Server-side apply through apply configurations.
	applied, err := pods.Apply(ctx, corev1ac.Pod("web", ns).WithLabels(map[string]string{"applied": "yes"}), metav1.ApplyOptions{FieldManager: "go-apply", Force: true})
	if must("server-side apply pod", err) {
		expect("applied label", applied.Labels["applied"], "yes")
		var managers []string
		for _, m := range applied.ManagedFields {
			managers = append(managers, m.Manager+"/"+string(m.Operation))
		}
		seen["pod_managers"] = managers
	}

	// UpdateStatus: a condition of one's own, as controllers add readiness gates' conditions.
	err = retry.RetryOnConflict(retry.DefaultRetry, func() error {
		p, err := pods.Get(ctx, "web", metav1.GetOptions{})
		if err != nil {
			return err
		}
		p.Status.Conditions = append(p.Status.Conditions, corev1.PodCondition{Type: "example.com/Gate", Status: corev1.ConditionTrue, LastTransitionTime: metav1.Now()})
		_, err = pods.UpdateStatus(ctx, p, metav1.UpdateOptions{})
		return err
	})
	if must("pod UpdateStatus", err) {
		p, _ := pods.Get(ctx, "web", metav1.GetOptions{})
		found := false
		for _, c := range p.Status.Conditions {
			found = found || c.Type == "example.com/Gate"
		}
		if !found {
			fail("pod UpdateStatus", "condition not kept: %+v", p.Status.Conditions)
		}
	}
	// A status patch (what kubelet and controllers send).
	_, err = pods.Patch(ctx, "web", types.StrategicMergePatchType, []byte(`{"status":{"conditions":[{"type":"example.com/Other","status":"False"}]}}`), metav1.PatchOptions{}, "status")
	must("pod status patch", err)

	// Lists with label and field selectors.
	for i := 0; i < 3; i++ {
		_, err := pods.Create(ctx, pod(fmt.Sprintf("batch-%d", i), map[string]string{"app": "batch", "idx": fmt.Sprint(i)}), metav1.CreateOptions{})
		must("create batch pod", err)
	}
	l, err := pods.List(ctx, metav1.ListOptions{LabelSelector: "app=batch,idx!=1"})
	if must("list by label", err) {
		expect("list by label", names(l.Items), []string{"batch-0", "batch-2"})
		if l.ResourceVersion == "" {
			fail("list", "no resourceVersion")
		}
	}
	l, err = pods.List(ctx, metav1.ListOptions{LabelSelector: labels.SelectorFromSet(labels.Set{"app": "batch"}).String(), FieldSelector: fields.OneTermEqualSelector("metadata.name", "batch-1").String()})
	if must("list by field", err) {
		expect("list by field", names(l.Items), []string{"batch-1"})
	}
	l, err = pods.List(ctx, metav1.ListOptions{LabelSelector: "idx in (0,2),app"})
	if must("list set-based", err) {
		expect("list set-based", names(l.Items), []string{"batch-0", "batch-2"})
	}
	l, err = pods.List(ctx, metav1.ListOptions{FieldSelector: "status.phase=Running,spec.nodeName!="})
	if must("list by phase and node", err) {
		seen["running_pods"] = len(l.Items)
	}
	_, err = pods.List(ctx, metav1.ListOptions{FieldSelector: "spec.nope=x"})
	expectStatus("list by unknown field", err, metav1.StatusReasonBadRequest, 400)
	_, err = pods.List(ctx, metav1.ListOptions{LabelSelector: "a in (b"})
	expectStatus("list by bad label selector", err, metav1.StatusReasonBadRequest, 400)
	all, err := cs.CoreV1().Pods(metav1.NamespaceAll).List(ctx, metav1.ListOptions{LabelSelector: "app=batch"})
	if must("list all namespaces", err) {
		expect("list all namespaces", len(all.Items), 3)
	}
	// resourceVersion=0 (any cached version, as informers used to list) and resourceVersionMatch.
	_, err = pods.List(ctx, metav1.ListOptions{ResourceVersion: "0"})
	must("list rv=0", err)
	_, err = pods.List(ctx, metav1.ListOptions{ResourceVersion: l.ResourceVersion, ResourceVersionMatch: metav1.ResourceVersionMatchNotOlderThan})
	must("list NotOlderThan", err)
	_, err = pods.Get(ctx, "web", metav1.GetOptions{ResourceVersion: "0"})
	must("get rv=0", err)

	// DeleteCollection by label.
	err = pods.DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{LabelSelector: "app=batch"})
	must("delete collection", err)
	until("batch pods gone", 30*time.Second, func() (bool, error) {
		l, err := pods.List(ctx, metav1.ListOptions{LabelSelector: "app=batch"})
		return err == nil && len(l.Items) == 0, nil
	})
	// Delete with preconditions.
	wrongUID := types.UID("00000000-0000-0000-0000-000000000000")
	err = pods.Delete(ctx, g.Name, metav1.DeleteOptions{Preconditions: &metav1.Preconditions{UID: &wrongUID}})
	expectStatus("delete with a wrong uid", err, metav1.StatusReasonConflict, 409)
	zero := int64(0)
	err = pods.Delete(ctx, g.Name, metav1.DeleteOptions{GracePeriodSeconds: &zero})
	must("delete now", err)
	err = pods.Delete(ctx, "nope", metav1.DeleteOptions{})
	expectStatus("delete missing pod", err, metav1.StatusReasonNotFound, 404)
	// Eviction through the policy/v1 subresource.
	_, err = pods.Create(ctx, pod("evictee", nil), metav1.CreateOptions{})
	if must("create evictee", err) {
		err = pods.EvictV1(ctx, &policyv1.Eviction{ObjectMeta: metav1.ObjectMeta{Name: "evictee", Namespace: ns}})
		must("evict", err)
	}
	// Logs of a pod on a simulated node: kube-apiserver's answer depends on the kubelet; this checks it is an API error.
	_, err = pods.GetLogs("web", &corev1.PodLogOptions{}).DoRaw(ctx)
	if err != nil {
		if _, ok := err.(apierrors.APIStatus); !ok {
			fail("logs", "not an API status error: %v", err)
		}
	}
}

func statusCode(err error) int32 {
	if s, ok := err.(apierrors.APIStatus); ok {
		return s.Status().Code
	}
	return 0
}

func names(pods []corev1.Pod) []string {
	var out []string
	for _, p := range pods {
		out = append(out, p.Name)
	}
	sort.Strings(out)
	return out
}

// protobufChecks: kube-controller-manager, kube-scheduler and controller-runtime ask for
// protobuf for built-in types (and send it). Bosun speaks JSON only: answers must still decode.
func protobufChecks(config *rest.Config) {
	pc := rest.CopyConfig(config)
	pc.AcceptContentTypes = "application/vnd.kubernetes.protobuf,application/json"
	pc.ContentType = "application/json"
	cs := kubernetes.NewForConfigOrDie(pc)
	p, err := cs.CoreV1().Pods(ns).Get(ctx, "web", metav1.GetOptions{})
	if must("protobuf accept: get", err) {
		expect("protobuf accept: get", p.Name, "web")
	}
	l, err := cs.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
	if must("protobuf accept: list", err) && len(l.Items) == 0 {
		fail("protobuf accept: list", "empty")
	}
	w, err := cs.CoreV1().Pods(ns).Watch(ctx, metav1.ListOptions{ResourceVersion: l.ResourceVersion, FieldSelector: "metadata.name=web"})
	if must("protobuf accept: watch", err) {
		go func() {
			time.Sleep(200 * time.Millisecond)
			_, _ = cs.CoreV1().Pods(ns).Patch(ctx, "web", types.MergePatchType, []byte(`{"metadata":{"labels":{"pb":"watched"}}}`), metav1.PatchOptions{})
		}()
		select {
		case e := <-w.ResultChan():
			if e.Type != watch.Modified {
				fail("protobuf accept: watch", "got %s %v", e.Type, e.Object)
			}
		case <-time.After(10 * time.Second):
			fail("protobuf accept: watch", "no event")
		}
		w.Stop()
	}
	// As kube-controller-manager: protobuf both ways. A server that cannot read protobuf bodies answers 415.
	pc2 := rest.CopyConfig(config)
	pc2.AcceptContentTypes = "application/vnd.kubernetes.protobuf,application/json"
	pc2.ContentType = "application/vnd.kubernetes.protobuf"
	cs2 := kubernetes.NewForConfigOrDie(pc2)
	cm, err := cs2.CoreV1().ConfigMaps(ns).Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "pb"}, Data: map[string]string{"a": "b"}}, metav1.CreateOptions{})
	if err == nil {
		seen["protobuf_body"] = cm.Data["a"]
	} else {
		seen["protobuf_body"] = fmt.Sprintf("%s/%d", apierrors.ReasonForError(err), statusCode(err))
	}
}

func watchChecks(cs *kubernetes.Clientset) {
	cms := cs.CoreV1().ConfigMaps(ns)
	list, err := cms.List(ctx, metav1.ListOptions{})
	if !must("list before watch", err) {
		return
	}
	w, err := cms.Watch(ctx, metav1.ListOptions{ResourceVersion: list.ResourceVersion, LabelSelector: "watched=yes", AllowWatchBookmarks: true})
	if !must("watch", err) {
		return
	}
	defer w.Stop()
	_, err = cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "w", Labels: map[string]string{"watched": "yes"}}}, metav1.CreateOptions{})
	must("create watched", err)
	_, err = cms.Patch(ctx, "w", types.MergePatchType, []byte(`{"data":{"k":"v"}}`), metav1.PatchOptions{})
	must("patch watched", err)
	// Leaving the selector is a DELETED for this watch, as in kube-apiserver.
	_, err = cms.Patch(ctx, "w", types.MergePatchType, []byte(`{"metadata":{"labels":{"watched":"no"}}}`), metav1.PatchOptions{})
	must("unlabel watched", err)
	_, err = cms.Patch(ctx, "w", types.MergePatchType, []byte(`{"metadata":{"labels":{"watched":"yes"}}}`), metav1.PatchOptions{})
	must("relabel watched", err)
	must("delete watched", cms.Delete(ctx, "w", metav1.DeleteOptions{}))
	var got []string
	lastRV := ""
	timeout := time.After(10 * time.Second)
	for len(got) < 5 {
		select {
		case e, ok := <-w.ResultChan():
			if !ok {
				fail("watch", "closed after %v", got)
				return
			}
			if e.Type == watch.Bookmark {
				continue
			}
			if e.Type == watch.Error {
				fail("watch", "error event %v", e.Object)
				return
			}
			cm := e.Object.(*corev1.ConfigMap)
			got = append(got, string(e.Type))
			if cm.ResourceVersion <= lastRV && len(cm.ResourceVersion) <= len(lastRV) {
				fail("watch", "resourceVersion not increasing: %s after %s", cm.ResourceVersion, lastRV)
			}
			lastRV = cm.ResourceVersion
		case <-timeout:
			fail("watch", "only %v", got)
			return
		}
	}
	expect("watch events", got, []string{"ADDED", "MODIFIED", "DELETED", "ADDED", "DELETED"})
	// A watch from a resourceVersion long compacted away: 410 Gone, as an error event or an error.
	w2, err := cms.Watch(ctx, metav1.ListOptions{ResourceVersion: "1"})
	if err != nil {
		seen["watch_too_old"] = fmt.Sprintf("error %s", apierrors.ReasonForError(err))
	} else {
		select {
		case e := <-w2.ResultChan():
			if e.Type == watch.Error {
				s := apierrors.FromObject(e.Object)
				seen["watch_too_old"] = fmt.Sprintf("event %s/%d", apierrors.ReasonForError(s), statusCode(s))
			} else {
				seen["watch_too_old"] = string(e.Type)
			}
		case <-time.After(3 * time.Second):
			seen["watch_too_old"] = "nothing"
		}
		w2.Stop()
	}
	// A watch of one object by name (fieldSelector metadata.name), as client-go's UntilWithSync does.
	w3, err := cms.Watch(ctx, metav1.ListOptions{FieldSelector: "metadata.name=single", TimeoutSeconds: ptr(int64(5))})
	if must("watch one", err) {
		_, _ = cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "single"}}, metav1.CreateOptions{})
		select {
		case e := <-w3.ResultChan():
			expect("watch one", string(e.Type), "ADDED")
		case <-time.After(5 * time.Second):
			fail("watch one", "no event")
		}
		w3.Stop()
	}
	// sendInitialEvents (the streaming list client-go's informers use): the state as ADDED events,
	// then a bookmark annotated k8s.io/initial-events-end.
	w4, err := cms.Watch(ctx, metav1.ListOptions{SendInitialEvents: ptr(true), ResourceVersionMatch: metav1.ResourceVersionMatchNotOlderThan, AllowWatchBookmarks: true})
	if must("watch sendInitialEvents", err) {
		var events []string
		deadline := time.After(5 * time.Second)
	loop:
		for {
			select {
			case e, ok := <-w4.ResultChan():
				if !ok {
					break loop
				}
				if e.Type == watch.Bookmark {
					m, _ := metaOf(e.Object)
					events = append(events, "BOOKMARK:"+m.GetAnnotations()[metav1.InitialEventsAnnotationKey])
					break loop
				}
				events = append(events, string(e.Type))
			case <-deadline:
				break loop
			}
		}
		seen["send_initial_events"] = events
		if len(events) == 0 || events[len(events)-1] != "BOOKMARK:true" {
			fail("watch sendInitialEvents", "no initial-events-end bookmark: %v", events)
		}
		w4.Stop()
	}
}

func metaOf(o runtime.Object) (metav1.Object, error) {
	return meta.Accessor(o)
}

func ptr[T any](v T) *T { return &v }

func informerChecks(cs *kubernetes.Clientset) {
	factory := informers.NewSharedInformerFactoryWithOptions(cs, 30*time.Second, informers.WithNamespace(ns))
	podInformer := factory.Core().V1().Pods()
	type change struct{ kind, name string }
	changes := make(chan change, 100)
	_, err := podInformer.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: func(obj any) { changes <- change{"add", obj.(*corev1.Pod).Name} },
		UpdateFunc: func(old, obj any) {
			o, n := old.(*corev1.Pod), obj.(*corev1.Pod)
			if o.ResourceVersion != n.ResourceVersion {
				changes <- change{"update", n.Name}
			}
		},
		DeleteFunc: func(obj any) {
			if d, ok := obj.(cache.DeletedFinalStateUnknown); ok {
				obj = d.Obj
			}
			changes <- change{"delete", obj.(*corev1.Pod).Name}
		},
	})
	must("add handler", err)
	stop := make(chan struct{})
	defer close(stop)
	factory.Start(stop)
	synced := cache.WaitForCacheSync(stopAfter(stop, 20*time.Second), podInformer.Informer().HasSynced)
	if !synced {
		fail("informer", "did not sync within 20 s")
		return
	}
	lister := podInformer.Lister()
	if _, err := lister.Pods(ns).Get("web"); err != nil {
		fail("informer lister", "web: %v", err)
	}
	waitChange := func(want change) {
		timeout := time.After(15 * time.Second)
		for {
			select {
			case c := <-changes:
				if c == want {
					return
				}
			case <-timeout:
				fail("informer", "no %s of %s", want.kind, want.name)
				return
			}
		}
	}
	waitChange(change{"add", "web"})
	pods := cs.CoreV1().Pods(ns)
	_, err = pods.Create(ctx, pod("informed", map[string]string{"app": "informed"}), metav1.CreateOptions{})
	must("create informed", err)
	waitChange(change{"add", "informed"})
	_, err = pods.Patch(ctx, "informed", types.MergePatchType, []byte(`{"metadata":{"labels":{"x":"y"}}}`), metav1.PatchOptions{})
	must("patch informed", err)
	until("the lister to see the patch", 15*time.Second, func() (bool, error) {
		p, err := lister.Pods(ns).Get("informed")
		return err == nil && p.Labels["x"] == "y", nil
	})
	sel, _ := labels.Parse("app=informed")
	l, _ := lister.Pods(ns).List(sel)
	expect("lister by label", len(l), 1)
	must("delete informed", pods.Delete(ctx, "informed", metav1.DeleteOptions{GracePeriodSeconds: ptr(int64(0))}))
	waitChange(change{"delete", "informed"})
}

func stopAfter(stop chan struct{}, d time.Duration) chan struct{} {
	out := make(chan struct{})
	go func() {
		select {
		case <-stop:
		case <-time.After(d):
		}
		close(out)
	}()
	return out
}

func configMapChecks(cs *kubernetes.Clientset) {
	cms := cs.CoreV1().ConfigMaps(ns)
	cm, err := cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "settings"}, Data: map[string]string{"a": "1"}, BinaryData: map[string][]byte{"bin": {0, 1, 2}}}, metav1.CreateOptions{})
	if !must("create configmap", err) {
		return
	}
	expect("configmap binaryData", cm.BinaryData["bin"], []byte{0, 1, 2})
	if cm.Generation != 0 {
		fail("configmap generation", "%d", cm.Generation)
	}
	cm.Data["b"] = "2"
	cm2, err := cms.Update(ctx, cm, metav1.UpdateOptions{})
	if must("update configmap", err) {
		expect("updated configmap", cm2.Data, map[string]string{"a": "1", "b": "2"})
	}
	// An update without resourceVersion is unconditional for ConfigMaps.
	cm2.ResourceVersion = ""
	cm2.Data["c"] = "3"
	_, err = cms.Update(ctx, cm2, metav1.UpdateOptions{})
	must("unconditional configmap update", err)
	applied, err := cms.Apply(ctx, corev1ac.ConfigMap("applied", ns).WithData(map[string]string{"x": "1"}), metav1.ApplyOptions{FieldManager: "go-apply"})
	if must("apply configmap", err) {
		expect("applied configmap", applied.Data, map[string]string{"x": "1"})
	}
	_, err = cms.Apply(ctx, corev1ac.ConfigMap("applied", ns).WithData(map[string]string{"x": "2"}), metav1.ApplyOptions{FieldManager: "other"})
	expectStatus("apply conflict", err, metav1.StatusReasonConflict, 409)
	immutable := true
	_, err = cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "frozen"}, Data: map[string]string{"a": "1"}, Immutable: &immutable}, metav1.CreateOptions{})
	if must("create immutable configmap", err) {
		_, err = cms.Patch(ctx, "frozen", types.MergePatchType, []byte(`{"data":{"a":"2"}}`), metav1.PatchOptions{})
		expectStatus("patch immutable configmap", err, metav1.StatusReasonInvalid, 422)
	}
	must("delete configmap", cms.Delete(ctx, "settings", metav1.DeleteOptions{}))
}

func secretChecks(cs *kubernetes.Clientset) {
	secrets := cs.CoreV1().Secrets(ns)
	s, err := secrets.Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "creds"}, StringData: map[string]string{"user": "admin"}, Data: map[string][]byte{"pw": []byte("s3cr3t")}}, metav1.CreateOptions{})
	if !must("create secret", err) {
		return
	}
	expect("secret data", map[string]string{"user": string(s.Data["user"]), "pw": string(s.Data["pw"])}, map[string]string{"user": "admin", "pw": "s3cr3t"})
	expect("secret type", s.Type, corev1.SecretTypeOpaque)
	if len(s.StringData) != 0 {
		fail("secret stringData", "kept: %v", s.StringData)
	}
	_, err = secrets.Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "tls"}, Type: corev1.SecretTypeTLS, Data: map[string][]byte{"tls.crt": []byte("x")}}, metav1.CreateOptions{})
	expectStatus("tls secret without key", err, metav1.StatusReasonInvalid, 422)
	_, err = secrets.Patch(ctx, "creds", types.MergePatchType, []byte(`{"type":"kubernetes.io/tls"}`), metav1.PatchOptions{})
	expectStatus("secret type is immutable", err, metav1.StatusReasonInvalid, 422)
	l, err := secrets.List(ctx, metav1.ListOptions{FieldSelector: "type=Opaque"})
	if must("list secrets by type", err) {
		expect("secrets by type", len(l.Items), 1)
	}
}

func serviceChecks(cs *kubernetes.Clientset) {
	services := cs.CoreV1().Services(ns)
	svc, err := services.Create(ctx, &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec: corev1.ServiceSpec{Selector: map[string]string{"app": "web"}, Type: corev1.ServiceTypeNodePort,
			Ports: []corev1.ServicePort{{Name: "http", Port: 80, TargetPort: intStr(8080)}}},
	}, metav1.CreateOptions{})
	if !must("create service", err) {
		return
	}
	seen["service"] = map[string]any{"clusterIP": svc.Spec.ClusterIP != "", "clusterIPs": len(svc.Spec.ClusterIPs), "nodePort": svc.Spec.Ports[0].NodePort != 0, "protocol": svc.Spec.Ports[0].Protocol,
		"ipFamilies": svc.Spec.IPFamilies, "ipFamilyPolicy": svc.Spec.IPFamilyPolicy != nil, "sessionAffinity": svc.Spec.SessionAffinity, "externalTrafficPolicy": svc.Spec.ExternalTrafficPolicy, "internalTrafficPolicy": svc.Spec.InternalTrafficPolicy != nil}
	// Update from a copy without the allocated fields keeps them (as kubectl replace does not, but clients often do).
	svc.Labels = map[string]string{"updated": "yes"}
	up, err := services.Update(ctx, svc, metav1.UpdateOptions{})
	if must("update service", err) {
		expect("service keeps cluster IP", up.Spec.ClusterIP, svc.Spec.ClusterIP)
	}
	changeIP := up.DeepCopy()
	changeIP.Spec.ClusterIP = "10.96.0.250"
	changeIP.Spec.ClusterIPs = []string{"10.96.0.250"}
	_, err = services.Update(ctx, changeIP, metav1.UpdateOptions{})
	expectStatus("change cluster IP", err, metav1.StatusReasonInvalid, 422)
	// Endpoints follow the selected pods.
	until("endpoints of web", 20*time.Second, func() (bool, error) {
		ep, err := cs.CoreV1().Endpoints(ns).Get(ctx, "web", metav1.GetOptions{})
		return err == nil && len(ep.Subsets) == 1 && len(ep.Subsets[0].Addresses) == 1, nil
	})
	slices, err := cs.DiscoveryV1().EndpointSlices(ns).List(ctx, metav1.ListOptions{LabelSelector: "kubernetes.io/service-name=web"})
	if must("list endpoint slices", err) {
		expect("endpoint slices", len(slices.Items), 1)
	}
	// Service status (load balancer ingress), as a cloud controller writes it.
	lb, err := services.Create(ctx, &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "lb"}, Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeLoadBalancer, Selector: map[string]string{"app": "web"}, Ports: []corev1.ServicePort{{Port: 443}}}}, metav1.CreateOptions{})
	if must("create load balancer", err) {
		lb.Status.LoadBalancer.Ingress = []corev1.LoadBalancerIngress{{IP: "192.0.2.1"}}
		st, err := services.UpdateStatus(ctx, lb, metav1.UpdateOptions{})
		if must("service UpdateStatus", err) {
			expect("service status", len(st.Status.LoadBalancer.Ingress), 1)
		}
	}
	_, err = services.Create(ctx, &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "noports"}, Spec: corev1.ServiceSpec{Selector: map[string]string{"a": "b"}}}, metav1.CreateOptions{})
	expectStatus("service without ports", err, metav1.StatusReasonInvalid, 422)
	// Delete answers the Service (kube-apiserver's service registry returns the object).
	must("delete load balancer", services.Delete(ctx, "lb", metav1.DeleteOptions{}))
}

func intStr(i int32) intstr.IntOrString { return intstr.FromInt32(i) }

// deploymentChecks: the typed apps/v1 client (protobuf bodies) creates a Deployment, which rolls out
// through a ReplicaSet it owns; its scale subresource scales it; an image change rolls it again.
func deploymentChecks(cs *kubernetes.Clientset) {
	deployments := cs.AppsV1().Deployments(ns)
	replicas := int32(2)
	labels := map[string]string{"app": "go-deploy"}
	d, err := deployments.Create(ctx, &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "go-deploy"},
		Spec: appsv1.DeploymentSpec{Replicas: &replicas, Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels}, Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Image: "nginx:1.25"}}}}},
	}, metav1.CreateOptions{})
	if !must("create deployment", err) {
		return
	}
	seen["deployment_defaults"] = map[string]any{"strategy": d.Spec.Strategy.Type, "maxSurge": d.Spec.Strategy.RollingUpdate.MaxSurge.String(), "revisionHistoryLimit": *d.Spec.RevisionHistoryLimit, "progressDeadlineSeconds": *d.Spec.ProgressDeadlineSeconds}
	complete := func(generation int64, want int32) func() (bool, error) {
		return func() (bool, error) {
			d, err := deployments.Get(ctx, "go-deploy", metav1.GetOptions{})
			return err == nil && d.Status.ObservedGeneration >= generation && d.Status.UpdatedReplicas == want && d.Status.AvailableReplicas == want && d.Status.Replicas == want, nil
		}
	}
	until("deployment rolled out", 30*time.Second, complete(1, 2))
	scale, err := deployments.GetScale(ctx, "go-deploy", metav1.GetOptions{})
	if must("deployment GetScale", err) {
		scale.Spec.Replicas = 3
		_, err = deployments.UpdateScale(ctx, "go-deploy", scale, metav1.UpdateOptions{})
		must("deployment UpdateScale", err)
	}
	until("deployment scaled", 30*time.Second, complete(2, 3))
	d, err = deployments.Get(ctx, "go-deploy", metav1.GetOptions{})
	if must("get deployment", err) {
		d.Spec.Template.Spec.Containers[0].Image = "nginx:1.26"
		d, err = deployments.Update(ctx, d, metav1.UpdateOptions{})
		if must("update deployment", err) {
			until("deployment rolled again", 30*time.Second, complete(d.Generation, 3))
		}
	}
	sets, err := cs.AppsV1().ReplicaSets(ns).List(ctx, metav1.ListOptions{LabelSelector: "app=go-deploy"})
	if must("list replicasets", err) {
		var rs []string
		for _, r := range sets.Items {
			owner := metav1.GetControllerOf(&r)
			rs = append(rs, fmt.Sprintf("%s/%d/%s", r.Annotations["deployment.kubernetes.io/revision"], *r.Spec.Replicas, owner.Kind))
		}
		sort.Strings(rs)
		seen["deployment_replicasets"] = rs
	}
	must("delete deployment", deployments.Delete(ctx, "go-deploy", metav1.DeleteOptions{}))
}

// budgetChecks: the typed policy/v1 and autoscaling clients (protobuf bodies): a
// PodDisruptionBudget with its status' counts, an autoscaler written at v2 and read at v1 (the cpu
// target as targetCPUUtilizationPercentage), one written at v1 defaulted to cpu 80% at v2.
func budgetChecks(cs *kubernetes.Clientset) {
	minAvailable := intstr.FromString("50%")
	pdb, err := cs.PolicyV1().PodDisruptionBudgets(ns).Create(ctx, &policyv1.PodDisruptionBudget{
		ObjectMeta: metav1.ObjectMeta{Name: "go-pdb"},
		Spec:       policyv1.PodDisruptionBudgetSpec{MinAvailable: &minAvailable, Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "go-pdb"}}},
	}, metav1.CreateOptions{})
	if must("create pdb", err) {
		seen["pdb_created"] = map[string]any{"minAvailable": pdb.Spec.MinAvailable.String(), "allowed": pdb.Status.DisruptionsAllowed, "generation": pdb.Generation}
		must("delete pdb", cs.PolicyV1().PodDisruptionBudgets(ns).Delete(ctx, "go-pdb", metav1.DeleteOptions{}))
	}
	utilization := int32(60)
	target := autoscalingv2.CrossVersionObjectReference{APIVersion: "apps/v1", Kind: "Deployment", Name: "go-absent"}
	_, err = cs.AutoscalingV2().HorizontalPodAutoscalers(ns).Create(ctx, &autoscalingv2.HorizontalPodAutoscaler{
		ObjectMeta: metav1.ObjectMeta{Name: "go-hpa"},
		Spec: autoscalingv2.HorizontalPodAutoscalerSpec{ScaleTargetRef: target, MaxReplicas: 3, Metrics: []autoscalingv2.MetricSpec{{
			Type: autoscalingv2.ResourceMetricSourceType, Resource: &autoscalingv2.ResourceMetricSource{Name: corev1.ResourceCPU, Target: autoscalingv2.MetricTarget{Type: autoscalingv2.UtilizationMetricType, AverageUtilization: &utilization}},
		}}},
	}, metav1.CreateOptions{})
	if must("create hpa v2", err) {
		v1, err := cs.AutoscalingV1().HorizontalPodAutoscalers(ns).Get(ctx, "go-hpa", metav1.GetOptions{})
		if must("get hpa v1", err) {
			seen["hpa_v1"] = map[string]any{"min": *v1.Spec.MinReplicas, "max": v1.Spec.MaxReplicas, "cpu": *v1.Spec.TargetCPUUtilizationPercentage}
		}
		must("delete hpa", cs.AutoscalingV2().HorizontalPodAutoscalers(ns).Delete(ctx, "go-hpa", metav1.DeleteOptions{}))
	}
	_, err = cs.AutoscalingV1().HorizontalPodAutoscalers(ns).Create(ctx, &autoscalingv1.HorizontalPodAutoscaler{
		ObjectMeta: metav1.ObjectMeta{Name: "go-hpa-v1"},
		Spec:       autoscalingv1.HorizontalPodAutoscalerSpec{ScaleTargetRef: autoscalingv1.CrossVersionObjectReference{APIVersion: "apps/v1", Kind: "Deployment", Name: "go-absent"}, MaxReplicas: 2},
	}, metav1.CreateOptions{})
	if must("create hpa v1", err) {
		v2, err := cs.AutoscalingV2().HorizontalPodAutoscalers(ns).Get(ctx, "go-hpa-v1", metav1.GetOptions{})
		if must("get hpa v2", err) && len(v2.Spec.Metrics) == 1 {
			seen["hpa_v2_defaults"] = map[string]any{"min": *v2.Spec.MinReplicas, "metric": string(v2.Spec.Metrics[0].Resource.Name), "cpu": *v2.Spec.Metrics[0].Resource.Target.AverageUtilization}
		}
		must("delete hpa v1", cs.AutoscalingV1().HorizontalPodAutoscalers(ns).Delete(ctx, "go-hpa-v1", metav1.DeleteOptions{}))
	}
}

// jobChecks: the typed batch/v1 client (protobuf bodies) creates a Job, which the server defaults
// and gives its generated selector; the job controller starts a pod it owns (simulated nodes never
// end it); a background delete takes the Job. And a CronJob, defaulted.
func jobChecks(cs *kubernetes.Clientset) {
	jobs := cs.BatchV1().Jobs(ns)
	j, err := jobs.Create(ctx, &batchv1.Job{
		ObjectMeta: metav1.ObjectMeta{Name: "go-job"},
		Spec:       batchv1.JobSpec{Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{RestartPolicy: corev1.RestartPolicyNever, Containers: []corev1.Container{{Name: "c", Image: "busybox", Command: []string{"sh", "-c", "exit 0"}}}}}},
	}, metav1.CreateOptions{})
	if !must("create job", err) {
		return
	}
	seen["job_defaults"] = map[string]any{"completions": *j.Spec.Completions, "parallelism": *j.Spec.Parallelism, "backoffLimit": *j.Spec.BackoffLimit, "selector": j.Spec.Selector.MatchLabels["batch.kubernetes.io/controller-uid"] == string(j.UID)}
	until("job active", 30*time.Second, func() (bool, error) {
		j, err := jobs.Get(ctx, "go-job", metav1.GetOptions{})
		return err == nil && j.Status.Active == 1 && j.Status.StartTime != nil, nil
	})
	background := metav1.DeletePropagationBackground
	must("delete job", jobs.Delete(ctx, "go-job", metav1.DeleteOptions{PropagationPolicy: &background}))

	// A CronJob through the typed client (protobuf): SetDefaults_CronJob's answer; never due within the test.
	cronJobs := cs.BatchV1().CronJobs(ns)
	cj, err := cronJobs.Create(ctx, &batchv1.CronJob{
		ObjectMeta: metav1.ObjectMeta{Name: "go-cron"},
		Spec:       batchv1.CronJobSpec{Schedule: "0 0 1 1 *", JobTemplate: batchv1.JobTemplateSpec{Spec: batchv1.JobSpec{Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{RestartPolicy: corev1.RestartPolicyOnFailure, Containers: []corev1.Container{{Name: "c", Image: "busybox"}}}}}}},
	}, metav1.CreateOptions{})
	if !must("create cronjob", err) {
		return
	}
	seen["cronjob_defaults"] = map[string]any{"concurrencyPolicy": string(cj.Spec.ConcurrencyPolicy), "suspend": *cj.Spec.Suspend, "successful": *cj.Spec.SuccessfulJobsHistoryLimit, "failed": *cj.Spec.FailedJobsHistoryLimit}
	must("delete cronjob", cronJobs.Delete(ctx, "go-cron", metav1.DeleteOptions{PropagationPolicy: &background}))
}

// rbacNetworkingChecks: the typed rbac/v1 and networking/v1 clients (protobuf bodies) write a
// RoleBinding, whose User subject the server puts in the RBAC group, and a NetworkPolicy with egress
// rules, whose policyTypes it computes; both are deleted.
func rbacNetworkingChecks(cs *kubernetes.Clientset) {
	bindings := cs.RbacV1().RoleBindings(ns)
	rb, err := bindings.Create(ctx, &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "go-binding"},
		RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: "view"},
		Subjects:   []rbacv1.Subject{{Kind: "User", Name: "jane"}},
	}, metav1.CreateOptions{})
	if must("create rolebinding", err) {
		seen["rolebinding_subject_group"] = rb.Subjects[0].APIGroup
		must("delete rolebinding", bindings.Delete(ctx, "go-binding", metav1.DeleteOptions{}))
	}
	policies := cs.NetworkingV1().NetworkPolicies(ns)
	np, err := policies.Create(ctx, &networkingv1.NetworkPolicy{
		ObjectMeta: metav1.ObjectMeta{Name: "go-policy"},
		Spec:       networkingv1.NetworkPolicySpec{Egress: []networkingv1.NetworkPolicyEgressRule{{}}},
	}, metav1.CreateOptions{})
	if must("create networkpolicy", err) {
		var types []string
		for _, t := range np.Spec.PolicyTypes {
			types = append(types, string(t))
		}
		seen["networkpolicy_types"] = types
		must("delete networkpolicy", policies.Delete(ctx, "go-policy", metav1.DeleteOptions{}))
	}
}

// priorityChecks: the typed scheduling/v1 client (protobuf bodies) creates a PriorityClass, which
// the server defaults (PreemptLowerPriority); a pod naming it gets its value from the Priority
// admission; the system classes kube-apiserver makes are there; both are deleted.
func priorityChecks(cs *kubernetes.Clientset) {
	classes := cs.SchedulingV1().PriorityClasses()
	pc, err := classes.Create(ctx, &schedulingv1.PriorityClass{ObjectMeta: metav1.ObjectMeta{Name: "go-high"}, Value: 1000, Description: "go client"}, metav1.CreateOptions{})
	if !must("create priorityclass", err) {
		return
	}
	system, err := classes.Get(ctx, "system-node-critical", metav1.GetOptions{})
	if must("get system-node-critical", err) {
		seen["priority_system"] = system.Value
	}
	p := pod("go-prio", map[string]string{"app": "go-prio"})
	p.Spec.PriorityClassName = "go-high"
	created, err := cs.CoreV1().Pods(ns).Create(ctx, p, metav1.CreateOptions{})
	if must("create pod with a priority class", err) {
		seen["priority_pod"] = map[string]any{"class": string(*pc.PreemptionPolicy), "priority": *created.Spec.Priority, "policy": string(*created.Spec.PreemptionPolicy)}
		must("delete priority pod", cs.CoreV1().Pods(ns).Delete(ctx, "go-prio", metav1.DeleteOptions{GracePeriodSeconds: ptr(int64(0))}))
	}
	must("delete priorityclass", classes.Delete(ctx, "go-high", metav1.DeleteOptions{}))
}

// daemonSetChecks: the typed apps/v1 client (protobuf bodies) creates a DaemonSet, which the server
// defaults; the daemonset controller puts a pod it owns on each of the two simulated nodes, labelled
// with its hash and template generation; a background delete takes the DaemonSet.
func daemonSetChecks(cs *kubernetes.Clientset) {
	sets := cs.AppsV1().DaemonSets(ns)
	labels := map[string]string{"app": "go-ds"}
	d, err := sets.Create(ctx, &appsv1.DaemonSet{
		ObjectMeta: metav1.ObjectMeta{Name: "go-ds"},
		Spec: appsv1.DaemonSetSpec{
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels}, Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Image: "busybox"}}}},
		},
	}, metav1.CreateOptions{})
	if !must("create daemonset", err) {
		return
	}
	seen["daemonset_defaults"] = map[string]any{"strategy": string(d.Spec.UpdateStrategy.Type), "maxUnavailable": d.Spec.UpdateStrategy.RollingUpdate.MaxUnavailable.String(), "revisionHistoryLimit": *d.Spec.RevisionHistoryLimit, "templateGeneration": d.Annotations["deprecated.daemonset.template.generation"]}
	until("daemonset scheduled", 30*time.Second, func() (bool, error) {
		d, err := sets.Get(ctx, "go-ds", metav1.GetOptions{})
		return err == nil && d.Status.DesiredNumberScheduled == 2 && d.Status.NumberReady == 2 && d.Status.ObservedGeneration == 1, nil
	})
	pods, err := cs.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: "app=go-ds"})
	if must("list daemon pods", err) {
		var owned []string
		for _, p := range pods.Items {
			owner := metav1.GetControllerOf(&p)
			owned = append(owned, fmt.Sprintf("%s/%s", owner.Kind, p.Labels["pod-template-generation"]))
		}
		seen["daemonset_pods"] = owned
	}
	background := metav1.DeletePropagationBackground
	must("delete daemonset", sets.Delete(ctx, "go-ds", metav1.DeleteOptions{PropagationPolicy: &background}))
}

// statefulSetChecks: the typed apps/v1 client (protobuf bodies) creates a StatefulSet, which the
// server defaults; the statefulset controller makes web-0 and web-1 in order and records the
// template as a ControllerRevision that the typed client lists; a background delete takes them.
func statefulSetChecks(cs *kubernetes.Clientset) {
	sets := cs.AppsV1().StatefulSets(ns)
	replicas := int32(2)
	labels := map[string]string{"app": "go-sts"}
	s, err := sets.Create(ctx, &appsv1.StatefulSet{
		ObjectMeta: metav1.ObjectMeta{Name: "go-sts"},
		Spec: appsv1.StatefulSetSpec{Replicas: &replicas, ServiceName: "go-sts", Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels}, Spec: pod("x", nil).Spec}},
	}, metav1.CreateOptions{})
	if !must("create statefulset", err) {
		return
	}
	seen["statefulset_defaults"] = map[string]any{"podManagementPolicy": s.Spec.PodManagementPolicy, "updateStrategy": s.Spec.UpdateStrategy.Type, "partition": *s.Spec.UpdateStrategy.RollingUpdate.Partition, "revisionHistoryLimit": *s.Spec.RevisionHistoryLimit}
	until("statefulset ready", 30*time.Second, func() (bool, error) {
		s, err := sets.Get(ctx, "go-sts", metav1.GetOptions{})
		return err == nil && s.Status.ReadyReplicas == 2 && s.Status.UpdateRevision != "", nil
	})
	s, err = sets.Get(ctx, "go-sts", metav1.GetOptions{})
	revisions, err2 := cs.AppsV1().ControllerRevisions(ns).List(ctx, metav1.ListOptions{LabelSelector: "app=go-sts"})
	if must("get statefulset", err) && must("list controllerrevisions", err2) && len(revisions.Items) == 1 {
		seen["statefulset_revision"] = map[string]any{"same": revisions.Items[0].Name == s.Status.UpdateRevision, "revision": revisions.Items[0].Revision, "owner": metav1.GetControllerOf(&revisions.Items[0]).Kind}
	}
	pods, err := cs.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: "app=go-sts"})
	if must("statefulset pods", err) {
		var names []string
		for _, p := range pods.Items {
			names = append(names, p.Name+"/"+p.Spec.Hostname)
		}
		sort.Strings(names)
		seen["statefulset_pods"] = names
	}
	background := metav1.DeletePropagationBackground
	must("delete statefulset", sets.Delete(ctx, "go-sts", metav1.DeleteOptions{PropagationPolicy: &background}))
}

func rcChecks(cs *kubernetes.Clientset) {
	rcs := cs.CoreV1().ReplicationControllers(ns)
	replicas := int32(2)
	rc, err := rcs.Create(ctx, &corev1.ReplicationController{
		ObjectMeta: metav1.ObjectMeta{Name: "rc"},
		Spec: corev1.ReplicationControllerSpec{Replicas: &replicas, Selector: map[string]string{"app": "rc"},
			Template: &corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "rc"}}, Spec: pod("x", nil).Spec}},
	}, metav1.CreateOptions{})
	if !must("create rc", err) {
		return
	}
	expect("rc generation", rc.Generation, int64(1))
	until("rc ready", 30*time.Second, func() (bool, error) {
		rc, err := rcs.Get(ctx, "rc", metav1.GetOptions{})
		return err == nil && rc.Status.ReadyReplicas == 2 && rc.Status.AvailableReplicas == 2 && rc.Status.ObservedGeneration == rc.Generation, nil
	})
	scale, err := rcs.GetScale(ctx, "rc", metav1.GetOptions{})
	if must("GetScale", err) {
		expect("scale", map[string]any{"replicas": scale.Spec.Replicas, "selector": scale.Status.Selector, "name": scale.Name}, map[string]any{"replicas": 2, "selector": "app=rc", "name": "rc"})
		scale.Spec.Replicas = 3
		s2, err := rcs.UpdateScale(ctx, "rc", scale, metav1.UpdateOptions{})
		if must("UpdateScale", err) {
			expect("UpdateScale", s2.Spec.Replicas, int32(3))
		}
	}
	until("rc scaled to 3", 30*time.Second, func() (bool, error) {
		l, err := cs.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: "app=rc"})
		return err == nil && len(l.Items) == 3, nil
	})
	// Pods carry their controller reference.
	l, err := cs.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: "app=rc"})
	if must("rc pods", err) && len(l.Items) > 0 {
		ref := metav1.GetControllerOf(&l.Items[0])
		if ref == nil || ref.Kind != "ReplicationController" || ref.Name != "rc" || ref.UID != rc.UID || ref.BlockOwnerDeletion == nil || !*ref.BlockOwnerDeletion {
			fail("controller ref", "%+v", ref)
		}
		if !strings.HasPrefix(l.Items[0].GenerateName, "rc-") {
			fail("rc pod generateName", "%q", l.Items[0].GenerateName)
		}
	}
	// A scale patch (what kubectl scale and HPAs send).
	_, err = cs.CoreV1().RESTClient().Patch(types.MergePatchType).Namespace(ns).Resource("replicationcontrollers").Name("rc").SubResource("scale").Body([]byte(`{"spec":{"replicas":1}}`)).Do(ctx).Get()
	must("scale patch", err)
	// Status is the controller's: an UpdateStatus as a controller would make.
	err = retry.RetryOnConflict(retry.DefaultRetry, func() error {
		rc, err := rcs.Get(ctx, "rc", metav1.GetOptions{})
		if err != nil {
			return err
		}
		rc.Status.Conditions = []corev1.ReplicationControllerCondition{{Type: corev1.ReplicationControllerReplicaFailure, Status: corev1.ConditionFalse, Reason: "Go"}}
		_, err = rcs.UpdateStatus(ctx, rc, metav1.UpdateOptions{})
		return err
	})
	must("rc UpdateStatus", err)
	// A spec update bumps generation.
	err = retry.RetryOnConflict(retry.DefaultRetry, func() error {
		rc, err := rcs.Get(ctx, "rc", metav1.GetOptions{})
		if err != nil {
			return err
		}
		rc.Spec.Template.Labels["v"] = "2"
		_, err = rcs.Update(ctx, rc, metav1.UpdateOptions{})
		return err
	})
	if must("rc update template", err) {
		rc, _ := rcs.Get(ctx, "rc", metav1.GetOptions{})
		seen["rc_generation_after_template_change"] = rc.Generation
	}
	// Foreground deletion: the RC stays until its pods are gone.
	fg := metav1.DeletePropagationForeground
	must("delete rc foreground", rcs.Delete(ctx, "rc", metav1.DeleteOptions{PropagationPolicy: &fg}))
	until("rc and its pods gone", 30*time.Second, func() (bool, error) {
		_, err := rcs.Get(ctx, "rc", metav1.GetOptions{})
		l, lerr := cs.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: "app=rc"})
		return apierrors.IsNotFound(err) && lerr == nil && len(l.Items) == 0, nil
	})
}

func dynamicChecks(config *rest.Config) {
	dc := dynamic.NewForConfigOrDie(config)
	cmGVR := schema.GroupVersionResource{Version: "v1", Resource: "configmaps"}
	obj := &unstructured.Unstructured{Object: map[string]any{"apiVersion": "v1", "kind": "ConfigMap", "metadata": map[string]any{"name": "dyn", "labels": map[string]any{"via": "dynamic"}}, "data": map[string]any{"a": "1"}}}
	created, err := dc.Resource(cmGVR).Namespace(ns).Create(ctx, obj, metav1.CreateOptions{})
	if !must("dynamic create", err) {
		return
	}
	expect("dynamic kind", created.GetKind(), "ConfigMap")
	expect("dynamic apiVersion", created.GetAPIVersion(), "v1")
	list, err := dc.Resource(cmGVR).Namespace(ns).List(ctx, metav1.ListOptions{LabelSelector: "via=dynamic"})
	if must("dynamic list", err) {
		expect("dynamic list kind", list.GetKind(), "ConfigMapList")
		expect("dynamic list", len(list.Items), 1)
		if len(list.Items) == 1 {
			expect("dynamic list item kind", list.Items[0].GetKind(), "ConfigMap")
		}
	}
	patched, err := dc.Resource(cmGVR).Namespace(ns).Patch(ctx, "dyn", types.MergePatchType, []byte(`{"data":{"b":"2"}}`), metav1.PatchOptions{})
	if must("dynamic patch", err) {
		d, _, _ := unstructured.NestedStringMap(patched.Object, "data")
		expect("dynamic patch", d, map[string]string{"a": "1", "b": "2"})
	}
	applied, err := dc.Resource(cmGVR).Namespace(ns).Apply(ctx, "dyn", &unstructured.Unstructured{Object: map[string]any{"apiVersion": "v1", "kind": "ConfigMap", "metadata": map[string]any{"name": "dyn", "namespace": ns}, "data": map[string]any{"c": "3"}}}, metav1.ApplyOptions{FieldManager: "dyn-apply"})
	if must("dynamic apply", err) {
		d, _, _ := unstructured.NestedStringMap(applied.Object, "data")
		expect("dynamic apply", d, map[string]string{"a": "1", "b": "2", "c": "3"})
	}
	rcGVR := schema.GroupVersionResource{Version: "v1", Resource: "replicationcontrollers"}
	_, err = dc.Resource(rcGVR).Namespace(ns).Create(ctx, &unstructured.Unstructured{Object: map[string]any{"apiVersion": "v1", "kind": "ReplicationController", "metadata": map[string]any{"name": "dyn-rc"},
		"spec": map[string]any{"replicas": int64(1), "selector": map[string]any{"app": "dyn"}, "template": map[string]any{"metadata": map[string]any{"labels": map[string]any{"app": "dyn"}}, "spec": map[string]any{"containers": []any{map[string]any{"name": "c", "image": "busybox"}}}}}}}, metav1.CreateOptions{})
	if must("dynamic create rc", err) {
		sc, err := dc.Resource(rcGVR).Namespace(ns).Get(ctx, "dyn-rc", metav1.GetOptions{}, "scale")
		if must("dynamic get scale", err) {
			expect("dynamic scale kind", sc.GetAPIVersion()+"/"+sc.GetKind(), "autoscaling/v1/Scale")
		}
		must("dynamic delete rc", dc.Resource(rcGVR).Namespace(ns).Delete(ctx, "dyn-rc", metav1.DeleteOptions{}))
	}
	_, err = dc.Resource(schema.GroupVersionResource{Group: "flowcontrol.apiserver.k8s.io", Version: "v1", Resource: "flowschemas"}).List(ctx, metav1.ListOptions{})
	expectStatus("list an unserved group", err, metav1.StatusReasonNotFound, 404)
	must("dynamic delete", dc.Resource(cmGVR).Namespace(ns).Delete(ctx, "dyn", metav1.DeleteOptions{}))
}

// metadataChecks: the metadata-only client (garbage collectors, controller-runtime's metadata
// watches) asks for PartialObjectMetadata(List) by content negotiation.
func metadataChecks(config *rest.Config) {
	mc := metadata.NewForConfigOrDie(config)
	podsGVR := schema.GroupVersionResource{Version: "v1", Resource: "pods"}
	list, err := mc.Resource(podsGVR).Namespace(ns).List(ctx, metav1.ListOptions{})
	if must("metadata list", err) {
		if len(list.Items) == 0 {
			fail("metadata list", "no items")
		} else {
			expect("metadata list item", list.Items[0].Kind+"/"+list.Items[0].APIVersion, "PartialObjectMetadata/meta.k8s.io/v1")
		}
	}
	one, err := mc.Resource(podsGVR).Namespace(ns).Get(ctx, "web", metav1.GetOptions{})
	if must("metadata get", err) {
		expect("metadata get", one.Name, "web")
	}
	w, err := mc.Resource(podsGVR).Namespace(ns).Watch(ctx, metav1.ListOptions{ResourceVersion: list.ResourceVersion, FieldSelector: "metadata.name=web"})
	if must("metadata watch", err) {
		_, _ = kubernetes.NewForConfigOrDie(config).CoreV1().Pods(ns).Patch(ctx, "web", types.MergePatchType, []byte(`{"metadata":{"labels":{"meta":"watched"}}}`), metav1.PatchOptions{})
		select {
		case e := <-w.ResultChan():
			if e.Type != watch.Modified {
				fail("metadata watch", "got %s %v", e.Type, e.Object)
			} else if m, ok := e.Object.(*metav1.PartialObjectMetadata); !ok || m.Labels["meta"] != "watched" {
				fail("metadata watch", "got %T %v", e.Object, e.Object)
			}
		case <-time.After(10 * time.Second):
			fail("metadata watch", "no event")
		}
		w.Stop()
	}
}

func eventChecks(cs *kubernetes.Clientset) {
	// record.EventRecorder: what most controllers use (core/v1 Events, aggregated by PATCH).
	broadcaster := record.NewBroadcaster()
	broadcaster.StartRecordingToSink(&typedcorev1.EventSinkImpl{Interface: cs.CoreV1().Events(ns)})
	recorder := broadcaster.NewRecorder(scheme.Scheme, corev1.EventSource{Component: "go-operator"})
	p, err := cs.CoreV1().Pods(ns).Get(ctx, "web", metav1.GetOptions{})
	if !must("get pod for events", err) {
		return
	}
	recorder.Event(p, corev1.EventTypeNormal, "Reconciled", "reconciled web")
	recorder.Event(p, corev1.EventTypeNormal, "Reconciled", "reconciled web")
	recorder.Eventf(p, corev1.EventTypeWarning, "Trouble", "trouble %d", 1)
	var reconciled corev1.Event
	until("recorded events", 15*time.Second, func() (bool, error) {
		l, err := cs.CoreV1().Events(ns).List(ctx, metav1.ListOptions{FieldSelector: fields.AndSelectors(fields.OneTermEqualSelector("involvedObject.name", "web"), fields.OneTermEqualSelector("reason", "Reconciled")).String()})
		if err != nil || len(l.Items) != 1 || l.Items[0].Count != 2 {
			return false, nil
		}
		reconciled = l.Items[0]
		return true, nil
	})
	broadcaster.Shutdown()
	seen["recorded_event"] = map[string]any{"source": reconciled.Source.Component, "kind": reconciled.InvolvedObject.Kind, "count": reconciled.Count, "type": reconciled.Type}
	l, err := cs.CoreV1().Events(ns).List(ctx, metav1.ListOptions{FieldSelector: "type=Warning,reason=Trouble"})
	if must("list warning events", err) {
		expect("warning events", len(l.Items), 1)
	}
	// Events search by object, as kubectl describe does.
	sel := cs.CoreV1().Events(ns).GetFieldSelector(&p.Name, &p.Namespace, ptr("Pod"), ptr(string(p.UID)))
	l, err = cs.CoreV1().Events(ns).List(ctx, metav1.ListOptions{FieldSelector: sel.String()})
	if must("events of the pod", err) {
		var reasons []string
		for _, e := range l.Items {
			reasons = append(reasons, e.Reason)
		}
		sort.Strings(reasons)
		seen["pod_event_reasons"] = reasons
	}
}

func pagingChecks(cs *kubernetes.Clientset) {
	cms := cs.CoreV1().ConfigMaps(ns)
	for i := 0; i < 7; i++ {
		_, err := cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("page-%d", i), Labels: map[string]string{"paged": "yes"}}}, metav1.CreateOptions{})
		must("create paged", err)
	}
	first, err := cms.List(ctx, metav1.ListOptions{Limit: 3, LabelSelector: "paged=yes"})
	if must("first page", err) {
		expect("first page", len(first.Items), 3)
		if first.Continue == "" {
			fail("first page", "no continue token")
		}
		// With a selector kube-apiserver says nothing of how many remain (it would count what does not match).
		if first.RemainingItemCount != nil {
			fail("first page", "remainingItemCount %d with a label selector, want none", *first.RemainingItemCount)
		}
	}
	// The pager, as kubectl and informers use it.
	p := pager.New(pager.SimplePageFunc(func(opts metav1.ListOptions) (runtime.Object, error) {
		return cms.List(ctx, opts)
	}))
	p.PageSize = 2
	count := 0
	err = p.EachListItem(ctx, metav1.ListOptions{LabelSelector: "paged=yes"}, func(runtime.Object) error { count++; return nil })
	if must("pager", err) {
		expect("pager", count, 7)
	}
	_, err = cms.List(ctx, metav1.ListOptions{Limit: 3, Continue: "garbage"})
	expectStatus("bad continue token", err, metav1.StatusReasonBadRequest, 400)
	must("delete paged", cms.DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{LabelSelector: "paged=yes"}))
}

func nodeChecks(cs *kubernetes.Clientset) {
	nodes, err := cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if !must("list nodes", err) || len(nodes.Items) == 0 {
		return
	}
	n := nodes.Items[0]
	seen["node"] = map[string]any{"capacity_cpu": n.Status.Capacity.Cpu().String() != "0", "allocatable_pods": n.Status.Allocatable.Pods().Value() > 0, "nodeInfo_kubelet": n.Status.NodeInfo.KubeletVersion != "", "addresses": len(n.Status.Addresses) > 0}
	patched, err := cs.CoreV1().Nodes().Patch(ctx, n.Name, types.StrategicMergePatchType, []byte(`{"metadata":{"labels":{"go":"yes"}}}`), metav1.PatchOptions{})
	if must("patch node", err) {
		expect("node label", patched.Labels["go"], "yes")
	}
	// Cordon as kubectl/controllers do it: spec.unschedulable.
	_, err = cs.CoreV1().Nodes().Patch(ctx, n.Name, types.StrategicMergePatchType, []byte(`{"spec":{"unschedulable":true}}`), metav1.PatchOptions{})
	must("cordon", err)
	_, err = cs.CoreV1().Nodes().Patch(ctx, n.Name, types.StrategicMergePatchType, []byte(`{"spec":{"unschedulable":null},"metadata":{"labels":{"go":null}}}`), metav1.PatchOptions{})
	must("uncordon", err)
}

func cleanup(cs *kubernetes.Clientset) {
	bg := metav1.DeletePropagationBackground
	must("delete namespace", cs.CoreV1().Namespaces().Delete(ctx, ns, metav1.DeleteOptions{PropagationPolicy: &bg}))
	n, err := cs.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{})
	if err == nil {
		seen["namespace_after_delete"] = string(n.Status.Phase)
	}
	until("namespace gone", 60*time.Second, func() (bool, error) {
		_, err := cs.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{})
		return apierrors.IsNotFound(err), nil
	})
}

// moreChecks: less common calls an operator or tool makes.
func moreChecks(cs *kubernetes.Clientset, config *rest.Config) {
	pods := cs.CoreV1().Pods(ns)
	// Server-side apply of status, as controllers written with apply configurations do.
	applied, err := pods.ApplyStatus(ctx, corev1ac.Pod("web", ns).WithStatus(corev1ac.PodStatus().WithConditions(corev1ac.PodCondition().WithType("example.com/Applied").WithStatus(corev1.ConditionTrue))), metav1.ApplyOptions{FieldManager: "go-status", Force: true})
	if must("ApplyStatus", err) {
		found := false
		for _, c := range applied.Status.Conditions {
			found = found || (c.Type == "example.com/Applied" && c.Status == corev1.ConditionTrue)
		}
		if !found {
			fail("ApplyStatus", "the applied condition is not in the status: %+v", applied.Status.Conditions)
		}
	}
	// Endpoints kept by hand: an Update of absent Endpoints creates them, as their registry allows.
	eps := cs.CoreV1().Endpoints(ns)
	put, err := eps.Update(ctx, &corev1.Endpoints{ObjectMeta: metav1.ObjectMeta{Name: "put-created"}, Subsets: []corev1.EndpointSubset{{Addresses: []corev1.EndpointAddress{{IP: "192.0.2.30"}}, Ports: []corev1.EndpointPort{{Port: 80}}}}}, metav1.UpdateOptions{})
	if must("update creates endpoints", err) {
		expect("update creates endpoints", put.UID != "", true)
		must("delete put endpoints", eps.Delete(ctx, "put-created", metav1.DeleteOptions{}))
	}
	// A list without selectors says how many items remain after a page.
	l, err := cs.CoreV1().ConfigMaps(ns).List(ctx, metav1.ListOptions{Limit: 1})
	if must("page without selector", err) && l.Continue != "" {
		seen["remaining_item_count"] = l.RemainingItemCount != nil
	}
	// Namespace status and finalize, as tools that clear stuck namespaces call them.
	n, err := cs.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{})
	if must("get namespace", err) {
		_, err = cs.CoreV1().Namespaces().UpdateStatus(ctx, n, metav1.UpdateOptions{})
		must("namespace UpdateStatus", err)
		n, _ = cs.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{})
		_, err = cs.CoreV1().Namespaces().Finalize(ctx, n, metav1.UpdateOptions{})
		must("namespace Finalize", err)
	}
	// Proxy through the API server to a pod and a service (kubectl proxy, get --raw …/proxy/).
	_, err = pods.ProxyGet("http", "web", "8080", "/", nil).DoRaw(ctx)
	seen["pod_proxy"] = fmt.Sprintf("%s/%d", apierrors.ReasonForError(err), statusCode(err))
	// Binding through the pods/binding subresource, as a scheduler of one's own does.
	p := pod("custom", nil)
	p.Spec.SchedulerName = "go-scheduler"
	if _, err := pods.Create(ctx, p, metav1.CreateOptions{}); must("create custom-scheduled pod", err) {
		nodes, _ := cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
		err = pods.Bind(ctx, &corev1.Binding{ObjectMeta: metav1.ObjectMeta{Name: "custom"}, Target: corev1.ObjectReference{Kind: "Node", Name: nodes.Items[0].Name}}, metav1.CreateOptions{})
		must("bind", err)
	}
	// Garbage collection of what an operator owns: a ConfigMap owned by a Pod goes with it.
	if owner, err := pods.Create(ctx, pod("owner", nil), metav1.CreateOptions{}); must("create owner", err) {
		ref := metav1.OwnerReference{APIVersion: "v1", Kind: "Pod", Name: owner.Name, UID: owner.UID}
		_, err = cs.CoreV1().ConfigMaps(ns).Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "owned", OwnerReferences: []metav1.OwnerReference{ref}}}, metav1.CreateOptions{})
		must("create owned configmap", err)
		must("delete owner", pods.Delete(ctx, "owner", metav1.DeleteOptions{GracePeriodSeconds: ptr(int64(0))}))
		until("the owned configmap collected", 20*time.Second, func() (bool, error) {
			_, err := cs.CoreV1().ConfigMaps(ns).Get(ctx, "owned", metav1.GetOptions{})
			return apierrors.IsNotFound(err), nil
		})
	}
	// What /apis serves decides what an operator can use: leases for leader election, events.k8s.io.
	groups, err := cs.Discovery().ServerGroups()
	if must("ServerGroups", err) {
		served := map[string]bool{}
		for _, g := range groups.Groups {
			served[g.Name] = true
		}
		seen["serves_coordination"] = served["coordination.k8s.io"]
		seen["serves_events_v1"] = served["events.k8s.io"]
	}
	_ = config
}
