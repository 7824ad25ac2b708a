package flows

import (
	"context"
	"errors"

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

// raiseAndBlock opens one exception for a record and marks its work item
// blocked, in one transaction, and returns the error that tells the engine
// not to retry: a person fixes the cause.
func raiseAndBlock(ctx context.Context, db *store.DB, cfg config.Config, flow, key, subjectKey, subject string, p Problem) error {
	err := db.Update(ctx, func(tx *store.Tx) error {
		if _, _, err := tx.Exceptions().Raise(store.Exception{
			Exception: apitype.Exception{
				Type: p.Type, Flow: flow, Severity: "error",
				Owner:   cfg.Owner(flow + "." + p.Type),
				Subject: subject, Reason: p.Reason, Field: p.Field, Fix: p.Fix, Details: p.Details,
				Blocks: []string{flow + "/" + key},
			},
			SubjectKey: subjectKey,
			Causes:     p.Causes,
		}); err != nil {
			return err
		}
		w, err := tx.Work().Get(flow, key)
		if err != nil {
			return err
		}
		w.Blocked = true
		return tx.Work().Put(w)
	})
	if err != nil {
		return err
	}
	return engine.Blocked(errors.New(p.Reason))
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
