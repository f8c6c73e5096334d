// Command kube-protobuf-schema writes the protobuf wire layout of the Kubernetes kinds Bosun reads
// (libs/api/src/protobuf/kube-protobuf.schema.json): for each message, each field's number, JSON
// name, wire kind, and whether Go's JSON encoding of the type omits or nulls it.
//
// It reads the layout from the Go types themselves, by reflection over their `protobuf` and `json`
// struct tags (the tags go-to-protobuf generates the wire format from), so the table is the wire
// format of the pinned k8s.io/api version, not a hand copy. Run it from this directory:
//
//	go run . > ../../libs/api/src/protobuf/kube-protobuf.schema.json
//	go run . -fixtures > ../../libs/api/src/protobuf/kube-protobuf.fixtures.json
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	authenticationv1 "k8s.io/api/authentication/v1"
	authorizationv1 "k8s.io/api/authorization/v1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	eventsv1 "k8s.io/api/events/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Field is one protobuf field of a message, as the JSON object needs it.
type Field struct {
	// N: the field number; J: the JSON name ("" for a field inlined into its parent).
	N int    `json:"n"`
	J string `json:"j"`
	// T: string, bool, int (varint, signed), bytes, double, float, the name of a message, or []T
	// (a message whose field 1 repeats T, written in JSON as the array).
	T string `json:"t"`
	// R: repeated; M: a map, whose value type is T (keys are strings).
	R bool `json:"r,omitempty"`
	M bool `json:"m,omitempty"`
	// P: a Go pointer (present on the wire only when set, so zero values count);
	// O: omitempty (a zero scalar, list or map is left out of the JSON).
	P bool `json:"p,omitempty"`
	O bool `json:"o,omitempty"`
	// Z: omitzero (a zero value of any type, a struct too, is left out of the JSON).
	Z bool `json:"z,omitempty"`
}

// Special messages with a JSON form of their own, decoded by hand in libs/api.
var special = map[reflect.Type]string{
	reflect.TypeOf(metav1.Time{}):      "Time",
	reflect.TypeOf(metav1.MicroTime{}): "MicroTime",
	reflect.TypeOf(metav1.Duration{}):  "Duration",
}

var messages = map[string][]Field{}

func typeName(t reflect.Type) string {
	pkg := t.PkgPath()
	short := pkg[strings.LastIndex(pkg, "/")+1:]
	switch {
	case strings.HasPrefix(pkg, "k8s.io/api/"):
		group := strings.TrimPrefix(pkg, "k8s.io/api/")
		short = strings.ReplaceAll(group, "/", ".")
	case strings.HasSuffix(pkg, "apis/meta/v1"):
		short = "meta.v1"
	}
	return short + "." + t.Name()
}

func scalar(t reflect.Type) (string, bool) {
	switch t.Kind() {
	case reflect.String:
		return "string", true
	case reflect.Bool:
		return "bool", true
	case reflect.Int, reflect.Int32, reflect.Int64, reflect.Uint32, reflect.Uint64, reflect.Int16, reflect.Int8:
		return "int", true
	case reflect.Float64:
		return "double", true
	case reflect.Float32:
		return "float", true
	}
	return "", false
}

// valueType names a field's element type, registering the message it is.
func valueType(t reflect.Type) string {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if name, ok := special[t]; ok {
		return name
	}
	switch t.String() {
	case "resource.Quantity":
		return "Quantity"
	case "intstr.IntOrString":
		return "IntOrString"
	case "runtime.RawExtension":
		return "RawExtension"
	case "v1.FieldsV1":
		return "FieldsV1"
	}
	if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 {
		return "bytes"
	}
	if t.Kind() == reflect.Slice && t.Name() != "" {
		// A named list as a map value (authentication's ExtraValue): on the wire a message whose
		// field 1 repeats the items, in JSON the array itself.
		return "[]" + valueType(t.Elem())
	}
	if s, ok := scalar(t); ok {
		return s
	}
	if t.Kind() == reflect.Struct {
		register(t)
		return typeName(t)
	}
	panic(fmt.Sprintf("unsupported element type %s", t))
}

func register(t reflect.Type) {
	name := typeName(t)
	if _, done := messages[name]; done {
		return
	}
	messages[name] = nil
	fields := []Field{} // a message without fields (an empty struct) is [], not null
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag, ok := f.Tag.Lookup("protobuf")
		if !ok {
			continue // TypeMeta: carried by the envelope, not the message
		}
		parts := strings.Split(tag, ",")
		n, err := strconv.Atoi(parts[1])
		if err != nil {
			panic(fmt.Sprintf("%s.%s: %s", name, f.Name, tag))
		}
		jsonTag := strings.Split(f.Tag.Get("json"), ",")
		field := Field{N: n, J: jsonTag[0], P: f.Type.Kind() == reflect.Pointer}
		for _, opt := range jsonTag[1:] {
			field.O = field.O || opt == "omitempty"
			field.Z = field.Z || opt == "omitzero"
		}
		ft := f.Type
		switch {
		case ft.Kind() == reflect.Map:
			if ft.Key().Kind() != reflect.String {
				panic(fmt.Sprintf("%s.%s: map key %s", name, f.Name, ft.Key()))
			}
			field.M = true
			field.T = valueType(ft.Elem())
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() != reflect.Uint8:
			if ft.Elem().Kind() == reflect.Slice && ft.Elem().Elem().Kind() != reflect.Uint8 {
				panic(fmt.Sprintf("%s.%s: nested slice %s", name, f.Name, ft))
			}
			field.R = true
			field.T = valueType(ft.Elem())
		default:
			field.T = valueType(ft)
		}
		fields = append(fields, field)
	}
	sort.Slice(fields, func(a, b int) bool { return fields[a].N < fields[b].N })
	messages[name] = fields
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "-fixtures" {
		out, err := json.MarshalIndent(fixtures(), "", " ")
		if err != nil {
			panic(err)
		}
		os.Stdout.Write(append(out, '\n'))
		return
	}
	// The kinds a client may send, by apiVersion and kind, to the message of their body.
	kinds := map[string]any{
		"v1/Pod": corev1.Pod{}, "v1/Node": corev1.Node{}, "v1/ReplicationController": corev1.ReplicationController{},
		"v1/Service": corev1.Service{}, "v1/Endpoints": corev1.Endpoints{}, "v1/Namespace": corev1.Namespace{},
		"v1/Event": corev1.Event{}, "v1/ConfigMap": corev1.ConfigMap{}, "v1/Secret": corev1.Secret{},
		"v1/Binding": corev1.Binding{}, "v1/DeleteOptions": metav1.DeleteOptions{}, "meta.k8s.io/v1/DeleteOptions": metav1.DeleteOptions{},
		"policy/v1/Eviction": policyv1.Eviction{}, "autoscaling/v1/Scale": autoscalingv1.Scale{},
		"coordination.k8s.io/v1/Lease": coordinationv1.Lease{}, "events.k8s.io/v1/Event": eventsv1.Event{},
		"discovery.k8s.io/v1/EndpointSlice":               discoveryv1.EndpointSlice{},
		"apps/v1/DaemonSet":                               appsv1.DaemonSet{},
		"apps/v1/Deployment":                              appsv1.Deployment{},
		"apps/v1/ReplicaSet":                              appsv1.ReplicaSet{},
		"apps/v1/StatefulSet":                             appsv1.StatefulSet{},
		"apps/v1/ControllerRevision":                      appsv1.ControllerRevision{},
		"batch/v1/Job":                                    batchv1.Job{},
		"batch/v1/CronJob":                                batchv1.CronJob{},
		"v1/PersistentVolume":                             corev1.PersistentVolume{},
		"v1/PersistentVolumeClaim":                        corev1.PersistentVolumeClaim{},
		"v1/ResourceQuota":                                corev1.ResourceQuota{},
		"v1/LimitRange":                                   corev1.LimitRange{},
		"storage.k8s.io/v1/StorageClass":                  storagev1.StorageClass{},
		"scheduling.k8s.io/v1/PriorityClass":              schedulingv1.PriorityClass{},
		"policy/v1/PodDisruptionBudget":                   policyv1.PodDisruptionBudget{},
		"autoscaling/v2/HorizontalPodAutoscaler":          autoscalingv2.HorizontalPodAutoscaler{},
		"autoscaling/v1/HorizontalPodAutoscaler":          autoscalingv1.HorizontalPodAutoscaler{},
		"rbac.authorization.k8s.io/v1/Role":               rbacv1.Role{},
		"rbac.authorization.k8s.io/v1/RoleBinding":        rbacv1.RoleBinding{},
		"rbac.authorization.k8s.io/v1/ClusterRole":        rbacv1.ClusterRole{},
		"rbac.authorization.k8s.io/v1/ClusterRoleBinding": rbacv1.ClusterRoleBinding{},
		"networking.k8s.io/v1/Ingress":                    networkingv1.Ingress{},
		"networking.k8s.io/v1/IngressClass":               networkingv1.IngressClass{},
		"networking.k8s.io/v1/NetworkPolicy":              networkingv1.NetworkPolicy{},
		"authorization.k8s.io/v1/SelfSubjectAccessReview": authorizationv1.SelfSubjectAccessReview{},
		"authorization.k8s.io/v1/SelfSubjectRulesReview":  authorizationv1.SelfSubjectRulesReview{},
		"authentication.k8s.io/v1/SelfSubjectReview":      authenticationv1.SelfSubjectReview{},
	}
	roots := map[string]string{}
	for gvk, v := range kinds {
		t := reflect.TypeOf(v)
		register(t)
		roots[gvk] = typeName(t)
	}
	out, err := json.Marshal(map[string]any{"kinds": roots, "messages": messages})
	if err != nil {
		panic(err)
	}
	os.Stdout.Write(out)
	fmt.Println()
}
