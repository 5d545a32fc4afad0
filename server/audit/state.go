package audit

import (
	"context"
	"crypto/hmac"
	"database/sql"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// State is the journal's verifications as a monitor reads them (/metrics,
// health): what journal_checks records, each record taken only when its
// MAC verifies. A record someone changed without the key (a break
// cleared, to hide it) counts as a broken chain at once, as the next
// verification of that chain will record it, not as intact until then.
type State struct {
	Chains int // chains ever verified
	// Broken is the chains with a recorded break or a record that fails
	// its MAC; Unacknowledged those of them with no valid acknowledgement
	// (a record that fails its MAC has none: an operator acknowledges the
	// break the next verification records).
	Broken, Unacknowledged int
	// Oldest is the oldest last verification: zero without chains, and
	// while a chain's record has a time not bound to the key
	// (recordVerifies: written by the earlier version, or moved).
	Oldest time.Time
}

// State reads every chain's record and its acknowledgement in one query
// and checks their MACs here: cheap enough for a scrape every few seconds
// (one row per chain).
func (j *Journal) State(ctx context.Context, db bun.IDB) (State, error) {
	var rows []struct {
		checkRecord
		AcknowledgedAt sql.NullTime   `bun:"acknowledged_at"`
		AcknowledgedBy sql.NullString `bun:"acknowledged_by"`
		Note           sql.NullString `bun:"note"`
		AckMAC         []byte         `bun:"ack_mac"`
	}
	err := db.NewRaw(`
		SELECT c.chain, c.verified_id, c.verified_hash, c.entries, c.checked_at,
			c.broken_id, c.broken_at, c.broken_reason, c.broken_since, c.mac, c.timed_mac,
			a.acknowledged_at, a.acknowledged_by, a.note, a.mac AS ack_mac
		FROM journal_checks c
		LEFT JOIN journal_acks a ON a.chain = c.chain AND a.broken_id = c.broken_id AND a.broken_reason = c.broken_reason`).Scan(ctx, &rows)
	if err != nil {
		return State{}, fmt.Errorf("audit.State: %w", err)
	}
	st := State{Chains: len(rows)}
	untimed := false
	for i := range rows {
		r := &rows[i]
		// An anchor's record is left behind when its file goes (another
		// host, a one-off command's container): its time would pin the
		// oldest for good. The anchors are checked by the same runs as
		// the chains, whose times tell when those stopped.
		if !IsAnchor(r.Chain) && (st.Oldest.IsZero() || r.CheckedAt.Before(st.Oldest)) {
			st.Oldest = r.CheckedAt
		}
		valid, timed := j.recordVerifies(&r.checkRecord)
		untimed = untimed || valid && !timed
		switch {
		case !valid:
			st.Broken++
			st.Unacknowledged++
		case r.BrokenID != nil:
			st.Broken++
			a := &ackRecord{Chain: r.Chain, BrokenID: *r.BrokenID, BrokenReason: deref(r.BrokenReason),
				AcknowledgedAt: r.AcknowledgedAt.Time.UTC(), AcknowledgedBy: r.AcknowledgedBy.String, Note: r.Note.String}
			if !r.AcknowledgedAt.Valid || !hmac.Equal(r.AckMAC, j.ackMAC(a)) {
				st.Unacknowledged++
			}
		}
	}
	if untimed {
		st.Oldest = time.Time{}
	}
	return st, nil
}
