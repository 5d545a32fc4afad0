package audit

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/uptrace/bun"

	"kabinet/shared"
)

// A recorded break stays recorded (it is evidence); an acknowledgement
// says an operator has looked at it. Health counts the breaks that are not
// acknowledged, so it is ok again after one until a new break is found:
// verification walks past an acknowledged break (walk), and a later one
// in the same chain becomes the chain's recorded break.

// ackRecord is an acknowledgement (table journal_acks).
type ackRecord struct {
	bun.BaseModel `bun:"table:journal_acks"`

	Chain          string    `bun:"chain,pk"`
	BrokenID       int64     `bun:"broken_id,pk"`
	BrokenReason   string    `bun:"broken_reason,pk"`
	AcknowledgedAt time.Time `bun:"acknowledged_at"`
	AcknowledgedBy string    `bun:"acknowledged_by"`
	Note           string    `bun:"note"`
	MAC            []byte    `bun:"mac"`
}

func (j *Journal) ackMAC(a *ackRecord) []byte {
	m := hmac.New(sha256.New, j.key)
	fmt.Fprintf(m, "ack\x00%s\x00%d\x00%s\x00%d\x00%s\x00%s",
		a.Chain, a.BrokenID, a.BrokenReason, a.AcknowledgedAt.UnixMicro(), a.AcknowledgedBy, a.Note)
	return m.Sum(nil)
}

// ErrNoSuchBreak is an acknowledgement of a break that is not the one
// recorded for the chain (none, another row, or already acknowledged).
var ErrNoSuchBreak = errors.New("audit: no such unacknowledged break")

// Acknowledge records that by has looked at chain's recorded break at row
// entry, and journals it on the system chain, in one transaction.
func (j *Journal) Acknowledge(ctx context.Context, db bun.IDB, chain string, entry int64, by, note string) (Break, error) {
	var br Break
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		rec, err := j.loadRecord(ctx, tx, chain)
		switch {
		case err != nil:
			return err
		case rec == nil || rec.BrokenID == nil || *rec.BrokenID != entry || !j.recordValid(rec):
			return ErrNoSuchBreak
		}
		br = Break{ID: entry, Reason: shared.JournalBreak(deref(rec.BrokenReason))}
		a := &ackRecord{Chain: chain, BrokenID: entry, BrokenReason: string(br.Reason),
			AcknowledgedAt: time.Now().UTC().Truncate(time.Microsecond), AcknowledgedBy: by, Note: note}
		a.MAC = j.ackMAC(a)
		res, err := tx.NewInsert().Model(a).On("CONFLICT DO NOTHING").Exec(ctx)
		if err != nil {
			return fmt.Errorf("audit.Acknowledge(%s): %w", chain, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNoSuchBreak // acknowledged before
		}
		return j.Append(ctx, tx, Entry{Kind: shared.JournalBreakAcknowledged, Details: map[string]string{
			"chain": chain, "entry": strconv.FormatInt(entry, 10), "reason": string(br.Reason), "by": by, "note": note}})
	})
	return br, err
}

// Unacknowledged counts the chains whose recorded break has no valid
// acknowledgement, or whose record fails its MAC (State).
func (j *Journal) Unacknowledged(ctx context.Context, db bun.IDB) (int, error) {
	st, err := j.State(ctx, db)
	return st.Unacknowledged, err
}

// AcknowledgedBy is who acknowledged chain's break br ("" when nobody
// did, or the acknowledgement was not written with the key).
func (j *Journal) AcknowledgedBy(ctx context.Context, db bun.IDB, chain string, br Break) (string, error) {
	a := new(ackRecord)
	err := db.NewSelect().Model(a).Where("chain = ? AND broken_id = ? AND broken_reason = ?", chain, br.ID, string(br.Reason)).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("audit.AcknowledgedBy(%s): %w", chain, err)
	}
	a.AcknowledgedAt = a.AcknowledgedAt.UTC()
	if !hmac.Equal(a.MAC, j.ackMAC(a)) {
		return "", nil
	}
	return a.AcknowledgedBy, nil
}

// ackKey is an acknowledged break of a chain: its row and its reason.
type ackKey struct {
	id     int64
	reason shared.JournalBreak
}

// acknowledged is the breaks of chain with a valid acknowledgement.
func (j *Journal) acknowledged(ctx context.Context, db bun.IDB, chain string) (map[ackKey]bool, error) {
	var acks []ackRecord
	if err := db.NewSelect().Model(&acks).Where("chain = ?", chain).Scan(ctx); err != nil {
		return nil, fmt.Errorf("audit.acknowledged(%s): %w", chain, err)
	}
	out := make(map[ackKey]bool, len(acks))
	for i := range acks {
		a := &acks[i]
		a.AcknowledgedAt = a.AcknowledgedAt.UTC()
		if hmac.Equal(a.MAC, j.ackMAC(a)) {
			out[ackKey{a.BrokenID, shared.JournalBreak(a.BrokenReason)}] = true
		}
	}
	return out, nil
}
