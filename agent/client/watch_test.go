package client

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/jlsync/jlsync/agent/apitype"
)

func TestWatch(t *testing.T) {
	f, c := startFake(t)
	ctx, cancel := context.WithCancel(ctxT(t))

	w, err := c.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()

	sent := []apitype.Notify{
		{Seq: 1, Health: &apitype.Health{Version: "1.2.3"}},
		{Seq: 2, Flow: &apitype.FlowHealth{Name: "orders", State: apitype.FlowRunning}},
		{Seq: 3, Exception: &apitype.Exception{ID: "x9"}},
	}
	go func() {
		for _, n := range sent {
			f.events <- n
		}
	}()
	for i, want := range sent {
		got, err := w.Next()
		if err != nil {
			t.Fatalf("Next %d: %v", i, err)
		}
		if got.Seq != want.Seq {
			t.Fatalf("Next %d: seq %d, want %d", i, got.Seq, want.Seq)
		}
	}

	// Cancelling the context unblocks a waiting Next with ctx's error.
	done := make(chan error, 1)
	go func() {
		_, err := w.Next()
		done <- err
	}()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("after cancel: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Next did not return after cancel")
	}
}

func TestWatchServerEnds(t *testing.T) {
	f, c := startFake(t)
	w, err := c.Watch(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	go func() {
		f.events <- apitype.Notify{Seq: 1, Health: &apitype.Health{}}
		f.events <- apitype.Notify{Seq: 2, Err: "consumer fell behind"}
		close(f.events)
	}()
	if n, err := w.Next(); err != nil || n.Health == nil {
		t.Fatalf("first = %+v, %v", n, err)
	}
	n, err := w.Next()
	if !errors.Is(err, io.EOF) || !strings.Contains(err.Error(), "consumer fell behind") || n.Seq != 2 {
		t.Fatalf("closing message: %+v, %v", n, err)
	}
	if _, err := w.Next(); !errors.Is(err, io.EOF) {
		t.Fatalf("after end: %v", err)
	}
}

func TestWatchClose(t *testing.T) {
	pr, pw := io.Pipe()
	w := NewWatcher(context.Background(), pr)
	go pw.Write([]byte(`{"seq":7}` + "\n"))
	if n, err := w.Next(); err != nil || n.Seq != 7 {
		t.Fatalf("Next = %+v, %v", n, err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := w.Next()
		done <- err
	}()
	w.Close()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("after Close: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Next did not return after Close")
	}
}
