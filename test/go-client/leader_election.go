package main

import (
	"context"
	"time"

	coordinationv1 "k8s.io/api/coordination/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/leaderelection"
	"k8s.io/client-go/tools/leaderelection/resourcelock"
)

// leaderElectionChecks elects a leader between two candidates as nearly every operator does
// (client-go's leaderelection over a coordination.k8s.io/v1 Lease, written as protobuf, renewed
// with optimistic concurrency on resourceVersion): the first leads, the second waits while it
// renews, and takes over when the first releases the lock; a stale update of the Lease is a 409.
func leaderElectionChecks(cs *kubernetes.Clientset) {
	const lockName = "go-operator-lock"
	leases := cs.CoordinationV1().Leases(ns)
	led := make(chan string, 4)
	elect := func(id string) (context.CancelFunc, <-chan struct{}) {
		c, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		elector, err := leaderelection.NewLeaderElector(leaderelection.LeaderElectionConfig{
			Lock:            &resourcelock.LeaseLock{LeaseMeta: metav1.ObjectMeta{Name: lockName, Namespace: ns}, Client: cs.CoordinationV1(), LockConfig: resourcelock.ResourceLockConfig{Identity: id}},
			LeaseDuration:   4 * time.Second,
			RenewDeadline:   3 * time.Second,
			RetryPeriod:     500 * time.Millisecond,
			ReleaseOnCancel: true,
			Name:            "go-operator",
			Callbacks: leaderelection.LeaderCallbacks{
				OnStartedLeading: func(context.Context) { led <- id },
				OnStoppedLeading: func() {},
			},
		})
		if !must("NewLeaderElector "+id, err) {
			close(done)
			return cancel, done
		}
		go func() {
			elector.Run(c)
			close(done)
		}()
		return cancel, done
	}
	leader := func(step string) string {
		select {
		case id := <-led:
			return id
		case <-time.After(20 * time.Second):
			fail(step, "no leader within 20s")
			return ""
		}
	}

	stopA, doneA := elect("candidate-a")
	expect("first leader", leader("first leader"), "candidate-a")
	stopB, doneB := elect("candidate-b")
	// While a renews (every 500 ms), b never leads: its updates from stale resourceVersions lose.
	select {
	case id := <-led:
		fail("second candidate waits", "%s leads while candidate-a renews", id)
	case <-time.After(5 * time.Second):
	}
	held, err := leases.Get(ctx, lockName, metav1.GetOptions{})
	if must("get the held lease", err) {
		seen["lease_held"] = map[string]any{
			"holder":   deref(held.Spec.HolderIdentity),
			"duration": deref(held.Spec.LeaseDurationSeconds),
			"renewed":  held.Spec.RenewTime != nil && time.Since(held.Spec.RenewTime.Time) < 3*time.Second,
			"acquired": held.Spec.AcquireTime != nil,
		}
	}
	stopA()
	<-doneA
	expect("second leader", leader("second leader"), "candidate-b")
	after, err := leases.Get(ctx, lockName, metav1.GetOptions{})
	if must("get the handed-over lease", err) {
		seen["lease_after_handover"] = map[string]any{"holder": deref(after.Spec.HolderIdentity), "transitions": deref(after.Spec.LeaseTransitions)}
	}
	stopB()
	<-doneB
	// An update from the resourceVersion read before the handover: a Conflict, as a candidate that lost the race gets.
	if held != nil {
		held.Spec.HolderIdentity = ptr("candidate-stale")
		_, err = leases.Update(ctx, held, metav1.UpdateOptions{})
		expectStatus("stale lease update", err, metav1.StatusReasonConflict, 409)
	}
	// Created as a typed Lease, with MicroTimes, then deleted.
	now := metav1.NewMicroTime(time.Date(2026, 11, 29, 9, 0, 0, 123456000, time.UTC))
	created, err := leases.Create(ctx, &coordinationv1.Lease{ObjectMeta: metav1.ObjectMeta{Name: "go-typed-lease"}, Spec: coordinationv1.LeaseSpec{HolderIdentity: ptr("me"), LeaseDurationSeconds: ptr(int32(10)), RenewTime: &now}}, metav1.CreateOptions{})
	if must("create a typed lease", err) {
		seen["lease_renew_time"] = created.Spec.RenewTime.UTC().Format(time.RFC3339Nano)
		must("delete the typed lease", leases.Delete(ctx, "go-typed-lease", metav1.DeleteOptions{}))
	}
	must("delete the election lease", leases.Delete(ctx, lockName, metav1.DeleteOptions{}))
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}
