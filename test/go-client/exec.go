package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/tools/remotecommand"
	"k8s.io/client-go/util/exec"
)

// execMain: `goclient exec KUBECONFIG NAMESPACE POD STDIN COMMAND...` runs COMMAND in the pod
// through client-go's SPDY executor (remotecommand.NewSPDYExecutor, what most Go code calls),
// with STDIN as its input, and prints {"stdout", "stderr", "exitCode", "error"} as JSON.
func execMain(args []string) {
	if len(args) < 5 {
		fmt.Fprintln(os.Stderr, "usage: goclient exec KUBECONFIG NAMESPACE POD STDIN COMMAND...")
		os.Exit(2)
	}
	config, err := clientcmd.BuildConfigFromFlags("", args[0])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	cs := kubernetes.NewForConfigOrDie(config)
	req := cs.CoreV1().RESTClient().Post().Resource("pods").Namespace(args[1]).Name(args[2]).SubResource("exec").
		VersionedParams(&corev1.PodExecOptions{Command: args[4:], Stdin: true, Stdout: true, Stderr: true}, scheme.ParameterCodec)
	out := map[string]any{"exitCode": 0}
	executor, err := remotecommand.NewSPDYExecutor(rest.CopyConfig(config), "POST", req.URL())
	if err == nil {
		var stdout, stderr bytes.Buffer
		err = executor.StreamWithContext(ctx, remotecommand.StreamOptions{Stdin: strings.NewReader(args[3]), Stdout: &stdout, Stderr: &stderr})
		out["stdout"], out["stderr"] = stdout.String(), stderr.String()
	}
	if exitErr, ok := err.(exec.CodeExitError); ok {
		out["exitCode"] = exitErr.Code
	} else if err != nil {
		out["error"] = err.Error()
	}
	printed, _ := json.Marshal(out)
	fmt.Println(string(printed))
}

// attachMain: `goclient attach KUBECONFIG NAMESPACE POD STDIN SECONDS` attaches to the pod's
// container through the SPDY executor, sends STDIN, and prints {"stdout", "error"} after SECONDS
// (an attach lasts as long as the container).
func attachMain(args []string) {
	if len(args) != 5 {
		fmt.Fprintln(os.Stderr, "usage: goclient attach KUBECONFIG NAMESPACE POD STDIN SECONDS")
		os.Exit(2)
	}
	config, err := clientcmd.BuildConfigFromFlags("", args[0])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	seconds, _ := time.ParseDuration(args[4] + "s")
	cs := kubernetes.NewForConfigOrDie(config)
	req := cs.CoreV1().RESTClient().Post().Resource("pods").Namespace(args[1]).Name(args[2]).SubResource("attach").
		VersionedParams(&corev1.PodAttachOptions{Stdin: true, Stdout: true, Stderr: true}, scheme.ParameterCodec)
	out := map[string]any{}
	executor, err := remotecommand.NewSPDYExecutor(rest.CopyConfig(config), "POST", req.URL())
	var stdout lockedBuffer
	if err == nil {
		deadline, cancel := context.WithTimeout(ctx, seconds)
		defer cancel()
		err = executor.StreamWithContext(deadline, remotecommand.StreamOptions{Stdin: strings.NewReader(args[3]), Stdout: &stdout, Stderr: &stdout})
	}
	out["stdout"] = stdout.String()
	if err != nil && !errors.Is(err, context.DeadlineExceeded) {
		out["error"] = err.Error()
	}
	printed, _ := json.Marshal(out)
	fmt.Println(string(printed))
}

// lockedBuffer: output written by the executor's goroutines, read once it is done or given up.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
