package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/jlsync/jlsync/agent/apitype"
)

// Watcher reads the agent's event stream (GET /v1/events), one
// apitype.Notify at a time. It is meant for one reader; Close may be called
// from another goroutine to unblock it.
type Watcher struct {
	ctx    context.Context
	cancel context.CancelFunc
	body   io.ReadCloser
	dec    *json.Decoder
}

// Watch opens the event stream. The first Notify is a snapshot carrying
// Health; later ones are deltas. The stream lives until ctx ends, Close is
// called, or the agent closes it.
func (c *Client) Watch(ctx context.Context) (*Watcher, error) {
	ctx, cancel := context.WithCancel(ctx)
	resp, err := c.send(ctx, http.MethodGet, "events", nil, nil)
	if err != nil {
		cancel()
		return nil, err
	}
	w := NewWatcher(ctx, resp.Body)
	// NewWatcher made its own cancel func; chain ours so Close also ends the
	// request context that the transport watches.
	inner := w.cancel
	w.cancel = func() { inner(); cancel() }
	return w, nil
}

// NewWatcher reads an NDJSON stream of apitype.Notify from r: the agent's
// response body, a recorded stream, or a pipe in a test. Next returns
// ctx.Err() once ctx is done.
func NewWatcher(ctx context.Context, r io.ReadCloser) *Watcher {
	ctx, cancel := context.WithCancel(ctx)
	w := &Watcher{ctx: ctx, cancel: cancel, body: r, dec: json.NewDecoder(r)}
	// A blocked Read on r only returns when r is closed, so closing it is
	// how cancellation reaches a Next that is waiting for data.
	context.AfterFunc(ctx, func() { r.Close() })
	return w
}

// Next blocks until the next notification. After the context is cancelled
// (or Close) it returns that context's error. When the stream ends it
// returns an error wrapping io.EOF; if the agent said why (Notify.Err), that
// message is returned too, with the error.
func (w *Watcher) Next() (apitype.Notify, error) {
	var n apitype.Notify
	if err := w.dec.Decode(&n); err != nil {
		if cerr := w.ctx.Err(); cerr != nil {
			return apitype.Notify{}, cerr
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return apitype.Notify{}, fmt.Errorf("agent event stream ended: %w", io.EOF)
		}
		return apitype.Notify{}, fmt.Errorf("agent event stream: %w", err)
	}
	if n.Err != "" {
		return n, fmt.Errorf("agent closed the event stream: %s: %w", n.Err, io.EOF)
	}
	return n, nil
}

// Close ends the stream and releases the connection.
func (w *Watcher) Close() error {
	w.cancel()
	return w.body.Close()
}
