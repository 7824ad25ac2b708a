package flows

import (
	"context"
	"encoding/json"
	"errors"
	"slices"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/agent/engine"
	"github.com/jlsync/jlsync/internal/config"
	"github.com/jlsync/jlsync/store"
)

// readCursor returns a flow's poll position.
func readCursor(ctx context.Context, db *store.DB, flow string) (store.Cursor, error) {
	var cur store.Cursor
	err := db.View(ctx, func(tx *store.Tx) error {
		var err error
		cur, err = tx.Cursors().Get(flow)
		return err
	})
	return cur, err
}

// subject names the record a flow raises exceptions about.
type subject struct {
	flow    string
	key     string // work key, what the exception blocks
	ref     string // subject key: one open exception per (ref, type)
	text    string // how people read it: "order 123-A (123)"
	payload json.RawMessage
}

// setExceptions makes a record's open exceptions exactly problems: one is
// raised (or refreshed) per problem, and any other open one is closed, since
// its cause is gone. It returns the ids of the open ones.
func setExceptions(tx *store.Tx, cfg config.Config, s subject, problems []Problem) ([]string, error) {
	ids := make([]string, 0, len(problems))
	for _, p := range problems {
		e, _, err := tx.Exceptions().Raise(store.Exception{
			Exception: apitype.Exception{
				Type: p.Type, Flow: s.flow, Severity: "error",
				Owner:   cfg.Owner(s.flow + "." + p.Type),
				Subject: s.text, Reason: p.Reason, Field: p.Field, Fix: p.Fix, Details: p.Details,
				Blocks:  []string{s.flow + "/" + s.key},
				Payload: s.payload,
			},
			SubjectKey: s.ref,
			Causes:     p.Causes,
		})
		if err != nil {
			return nil, err
		}
		ids = append(ids, e.ID)
	}
	open, err := tx.Exceptions().OpenFor(s.ref)
	if err != nil {
		return nil, err
	}
	for _, e := range open {
		if !slices.Contains(ids, e.ID) {
			if _, err := tx.Exceptions().Close(e.ID, apitype.ExceptionResolved, "jlsync", "cause no longer present"); err != nil {
				return nil, err
			}
		}
	}
	return ids, nil
}

// blockWork marks a work item as waiting for a person (absent is fine: the
// record may have been reached some other way).
func blockWork(tx *store.Tx, flow, key, lastError string) error {
	w, err := tx.Work().Get(flow, key)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	w.Blocked = true
	if lastError != "" {
		w.LastError = lastError
	}
	return tx.Work().Put(w)
}

// raiseAndBlock records a record's problems and blocks its work item in one
// transaction, and returns the error that tells the engine not to retry: a
// person fixes the cause.
func raiseAndBlock(ctx context.Context, db *store.DB, cfg config.Config, s subject, problems ...Problem) error {
	err := db.Update(ctx, func(tx *store.Tx) error {
		if _, err := setExceptions(tx, cfg, s, problems); err != nil {
			return err
		}
		return blockWork(tx, s.flow, s.key, "")
	})
	if err != nil {
		return err
	}
	return engine.Blocked(errors.New(problems[0].Reason))
}

// closeOpen closes every open exception of a subject: the record went through.
func closeOpen(tx *store.Tx, subjectKey, note string) error {
	open, err := tx.Exceptions().OpenFor(subjectKey)
	if err != nil {
		return err
	}
	for _, e := range open {
		if _, err := tx.Exceptions().Close(e.ID, apitype.ExceptionResolved, "jlsync", note); err != nil {
			return err
		}
	}
	return nil
}
