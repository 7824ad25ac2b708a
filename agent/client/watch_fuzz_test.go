package client

import (
	"context"
	"io"
	"strings"
	"testing"
)

// FuzzWatcher feeds the event-stream reader arbitrary bytes: it must end
// with an error, never panic or spin.
func FuzzWatcher(f *testing.F) {
	f.Add("{\"seq\":1,\"health\":{\"version\":\"1\"}}\n{\"seq\":2}\n")
	f.Add("{\"seq\":1}\n{\"err\":\"bye\"}\n")
	f.Add("{\"seq\":")
	f.Add("not json\n")
	f.Fuzz(func(t *testing.T, s string) {
		w := NewWatcher(context.Background(), io.NopCloser(strings.NewReader(s)))
		defer w.Close()
		for i := 0; i <= len(s)+1; i++ {
			if _, err := w.Next(); err != nil {
				return
			}
		}
		t.Fatalf("the watcher returned more messages than the input could hold")
	})
}
