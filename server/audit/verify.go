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

// SystemChain names the chain of events that belong to no account.
const SystemChain = "system"

// Check is what a verification found about one chain.
type Check struct {
	Chain     string
	Entries   int64 // rows found intact
	CheckedAt time.Time
	Break     *Break    // nil when the chain is intact
	Since     time.Time // when the break was first found
}

// Break is where a chain stops being intact.
type Break struct {
	ID     int64     // the first row that fails (or the last one known, when removed)
	At     time.Time // that row's time; zero when the row is gone
	Reason shared.JournalBreak
}

// checkRecord is a chain's stored verification (table journal_checks).
type checkRecord struct {
	bun.BaseModel `bun:"table:journal_checks"`

	Chain        string     `bun:"chain,pk"`
	VerifiedID   int64      `bun:"verified_id"`
	VerifiedHash []byte     `bun:"verified_hash"`
	Entries      int64      `bun:"entries"`
	CheckedAt    time.Time  `bun:"checked_at"`
	BrokenID     *int64     `bun:"broken_id"`
	BrokenAt     *time.Time `bun:"broken_at"`
	BrokenReason *string    `bun:"broken_reason"`
	BrokenSince  *time.Time `bun:"broken_since"`
	MAC          []byte     `bun:"mac"`
	TimedMAC     []byte     `bun:"timed_mac"` // timedMAC; nil from the earlier version
}

// recordMAC binds every field of the record to the key but its time, so
// that a record written by someone without it (to hide a break, or to move
// the anchor) is found.
func (j *Journal) recordMAC(c *checkRecord) []byte {
	m := hmac.New(sha256.New, j.key)
	fmt.Fprintf(m, "check\x00%s\x00%d\x00%x\x00%d\x00%d\x00%s\x00%s\x00%s",
		c.Chain, c.VerifiedID, c.VerifiedHash, c.Entries,
		derefInt(c.BrokenID), deref(c.BrokenReason), unix(c.BrokenAt), unix(c.BrokenSince))
	return m.Sum(nil)
}

// timedMAC binds the time of the verification to the record (its MAC), so
// that a chain cannot be made to look verified lately, when verification
// has stopped, by someone without the key. It is a MAC of its own, beside
// recordMAC, which the earlier version checks and writes as before.
func (j *Journal) timedMAC(c *checkRecord) []byte {
	m := hmac.New(sha256.New, j.key)
	fmt.Fprintf(m, "checked\x00%x\x00%d", c.MAC, c.CheckedAt.UnixMicro())
	return m.Sum(nil)
}

// recordVerifies says whether c was written with the key, and whether its
// time was too. A record whose time is not bound — written by the earlier
// version, which leaves timed_mac as it was, or its time moved — still
// anchors its chain and keeps its break, but its time is anyone's, so it
// counts as not verified lately (State) until the next verification
// writes it again.
func (j *Journal) recordVerifies(c *checkRecord) (valid, timed bool) {
	valid = hmac.Equal(c.MAC, j.recordMAC(c))
	return valid, valid && hmac.Equal(c.TimedMAC, j.timedMAC(c))
}

// recordValid is recordVerifies without the time.
func (j *Journal) recordValid(c *checkRecord) bool {
	valid, _ := j.recordVerifies(c)
	return valid
}

// Verify checks chain (an account id or SystemChain) and records the result.
// A full check walks the chain from its first row; otherwise it goes on
// from the last verified row, after making sure that row still has the
// hash it had and that no row before it is gone. A break, once found, is
// kept: it is evidence, and only its time of discovery is shown again.
func (j *Journal) Verify(ctx context.Context, db bun.IDB, chain string, full bool) (Check, error) {
	return j.verify(ctx, db, chain, func(anchor *checkRecord) (walkState, *Break, error) {
		return j.walk(ctx, db, chain, anchor, full)
	})
}

// verify records what check finds, from the chain's stored record (nil
// when there is none): the walk of a chain's rows, or the anchor's count
// of the whole journal (verifyAnchor).
func (j *Journal) verify(ctx context.Context, db bun.IDB, chain string, check func(*checkRecord) (walkState, *Break, error)) (Check, error) {
	now := time.Now().UTC().Truncate(time.Microsecond)
	stored, err := j.loadRecord(ctx, db, chain)
	if err != nil {
		return Check{}, err
	}
	var br *Break
	var anchor *checkRecord
	switch {
	case stored == nil:
	case !j.recordValid(stored):
		br = &Break{ID: stored.VerifiedID, Reason: shared.JournalBreakCheck}
	default:
		anchor = stored
	}
	last := walkState{prev: genesis}
	if br == nil {
		last, br, err = check(anchor)
		if err != nil {
			return Check{}, err
		}
	}
	if br == nil && anchor != nil && anchor.BrokenID != nil {
		br = &Break{ID: *anchor.BrokenID, Reason: shared.JournalBreak(deref(anchor.BrokenReason))}
		if anchor.BrokenAt != nil {
			br.At = *anchor.BrokenAt
		}
	}
	rec := &checkRecord{Chain: chain, VerifiedID: last.id, VerifiedHash: last.prev, Entries: last.entries, CheckedAt: now}
	found := Check{Chain: chain, Entries: last.entries, CheckedAt: now, Break: br}
	if br != nil {
		since := now
		if anchor != nil && anchor.BrokenSince != nil {
			since = *anchor.BrokenSince
			if anchor.BrokenID != nil && *anchor.BrokenID != br.ID {
				// Another row: the same break seen from elsewhere, unless
				// the recorded one was acknowledged and this is new.
				acked, err := j.acknowledged(ctx, db, chain)
				if err != nil {
					return Check{}, err
				}
				if acked[ackKey{*anchor.BrokenID, shared.JournalBreak(deref(anchor.BrokenReason))}] {
					since = now
				}
			}
		}
		if anchor != nil && last.id < anchor.VerifiedID {
			// Keep the last good anchor: what was verified stays verified.
			rec.VerifiedID, rec.VerifiedHash, rec.Entries = anchor.VerifiedID, anchor.VerifiedHash, anchor.Entries
		}
		rec.BrokenID, rec.BrokenReason, rec.BrokenSince = &br.ID, (*string)(&br.Reason), &since
		if !br.At.IsZero() {
			rec.BrokenAt = &br.At
		}
		found.Since = since
	}
	rec.MAC = j.recordMAC(rec)
	rec.TimedMAC = j.timedMAC(rec)
	if _, err := db.NewInsert().Model(rec).On("CONFLICT (chain) DO UPDATE").
		Set("verified_id = EXCLUDED.verified_id, verified_hash = EXCLUDED.verified_hash").
		Set("entries = EXCLUDED.entries, checked_at = EXCLUDED.checked_at").
		Set("broken_id = EXCLUDED.broken_id, broken_at = EXCLUDED.broken_at").
		Set("broken_reason = EXCLUDED.broken_reason, broken_since = EXCLUDED.broken_since").
		Set("mac = EXCLUDED.mac, timed_mac = EXCLUDED.timed_mac").
		Exec(ctx); err != nil {
		return Check{}, fmt.Errorf("audit.Verify(%s): record: %w", chain, err)
	}
	return found, nil
}

func (j *Journal) loadRecord(ctx context.Context, db bun.IDB, chain string) (*checkRecord, error) {
	rec := new(checkRecord)
	err := db.NewSelect().Model(rec).Where("chain = ?", chain).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("audit.Verify(%s): %w", chain, err)
	}
	return rec, nil
}

// walkState is how far a walk got: the last intact row, its hash and the
// number of rows up to it.
type walkState struct {
	id      int64
	prev    []byte
	entries int64
	keyed   bool // a keyed row was seen: plain rows may no longer follow
}

// walkBatch rows are read at a time, so a long chain is never held whole.
const walkBatch = 1000

// walk checks the chain's rows after the anchor (or all of them) and
// returns the last intact state and the first break.
func (j *Journal) walk(ctx context.Context, db bun.IDB, chain string, anchor *checkRecord, full bool) (walkState, *Break, error) {
	var legacyUpto int64
	if err := db.NewRaw("SELECT coalesce(max(upto_id), 0) FROM journal_legacy").Scan(ctx, &legacyUpto); err != nil {
		return walkState{}, nil, fmt.Errorf("audit.walk: %w", err)
	}
	if anchor != nil && anchor.VerifiedID == 0 {
		// Nothing was found intact (the first row broke): there is no
		// anchor to keep, and resuming from row 0 would report it removed.
		anchor = nil
	}
	// stops says whether br ends the walk: a break an operator has
	// acknowledged does not, so that a later one in the chain is found.
	// The acknowledgements are read at the first break.
	var acked map[ackKey]bool
	stops := func(br *Break) (bool, error) {
		if acked == nil {
			var err error
			if acked, err = j.acknowledged(ctx, db, chain); err != nil {
				return true, err
			}
		}
		return !acked[ackKey{br.ID, br.Reason}], nil
	}
	st := walkState{prev: genesis}
	seenAnchor := anchor == nil || !full
	if anchor != nil && !full {
		s, br, err := j.resume(ctx, db, chain, anchor)
		if err != nil {
			return walkState{}, nil, err
		}
		if br != nil {
			if stop, err := stops(br); stop || err != nil {
				return walkState{}, br, err
			}
			// The anchor itself broke and that is acknowledged: walk the
			// whole chain instead, without it.
			seenAnchor = true
		} else {
			st = s
		}
	}
	for {
		var rows []row
		q := db.NewSelect().Model(&rows).Where("id > ?", st.id).OrderExpr("id ASC").Limit(walkBatch)
		if err := chainWhere(q, chain).Scan(ctx); err != nil {
			return st, nil, fmt.Errorf("audit.walk(%s): %w", chain, err)
		}
		for i := range rows {
			r := &rows[i]
			if !seenAnchor && r.ID > anchor.VerifiedID {
				br := &Break{ID: anchor.VerifiedID, Reason: shared.JournalBreakRemoved}
				if stop, err := stops(br); stop || err != nil {
					return st, br, err
				}
				seenAnchor = true
			}
			if br := j.checkRow(r, st, legacyUpto); br != nil {
				if stop, err := stops(br); stop || err != nil {
					return st, br, err
				}
				// Acknowledged: the row is taken as it is, and the walk
				// goes on from its stored hash.
			}
			if !seenAnchor && r.ID == anchor.VerifiedID {
				if !hmac.Equal(r.Hash, anchor.VerifiedHash) || st.entries+1 != anchor.Entries {
					br := &Break{ID: r.ID, At: r.At, Reason: shared.JournalBreakRemoved}
					if stop, err := stops(br); stop || err != nil {
						return st, br, err
					}
				}
				seenAnchor = true
			}
			st = walkState{id: r.ID, prev: r.Hash, entries: st.entries + 1, keyed: st.keyed || r.Keyed}
		}
		if len(rows) < walkBatch {
			break
		}
	}
	if !seenAnchor {
		br := &Break{ID: anchor.VerifiedID, Reason: shared.JournalBreakRemoved}
		if stop, err := stops(br); stop || err != nil {
			return st, br, err
		}
	}
	return st, nil, nil
}

// resume starts a walk at the anchor: its row must still be there with the
// hash it had, and as many rows must lead up to it as there were.
func (j *Journal) resume(ctx context.Context, db bun.IDB, chain string, anchor *checkRecord) (walkState, *Break, error) {
	var r row
	err := chainWhere(db.NewSelect().Model(&r).Where("id = ?", anchor.VerifiedID), chain).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return walkState{}, &Break{ID: anchor.VerifiedID, Reason: shared.JournalBreakRemoved}, nil
	}
	if err != nil {
		return walkState{}, nil, fmt.Errorf("audit.resume(%s): %w", chain, err)
	}
	if !hmac.Equal(r.Hash, anchor.VerifiedHash) {
		return walkState{}, &Break{ID: r.ID, At: r.At, Reason: shared.JournalBreakChanged}, nil
	}
	n, err := chainWhere(db.NewSelect().Model((*row)(nil)).Where("id <= ?", anchor.VerifiedID), chain).Count(ctx)
	if err != nil {
		return walkState{}, nil, fmt.Errorf("audit.resume(%s): %w", chain, err)
	}
	if int64(n) != anchor.Entries {
		return walkState{}, &Break{ID: anchor.VerifiedID, At: r.At, Reason: shared.JournalBreakRemoved}, nil
	}
	return walkState{id: r.ID, prev: r.Hash, entries: anchor.Entries, keyed: r.Keyed}, nil, nil
}

// checkRow is one step of the walk: the row must link to the previous
// one, be keyed where rows must be, and have the hash its content gives.
func (j *Journal) checkRow(r *row, st walkState, legacyUpto int64) *Break {
	if r.Details == nil {
		r.Details = map[string]string{}
	}
	switch {
	case !hmac.Equal(r.PrevHash, st.prev):
		return &Break{ID: r.ID, At: r.At, Reason: shared.JournalBreakLink}
	case !r.Keyed && (st.keyed || r.ID > legacyUpto):
		return &Break{ID: r.ID, At: r.At, Reason: shared.JournalBreakUnkeyed}
	case !hmac.Equal(j.digest(r), r.Hash):
		return &Break{ID: r.ID, At: r.At, Reason: shared.JournalBreakChanged}
	}
	return nil
}

func chainWhere(q *bun.SelectQuery, chain string) *bun.SelectQuery {
	if chain == SystemChain {
		return q.Where("account_id IS NULL")
	}
	return q.Where("account_id = ?", chain)
}

// Summary is the outcome of verifying every chain, and the anchor.
type Summary struct {
	Chains    int
	Broken    []Check // the anchor's last, when it is broken
	Fresh     []Check // breaks found for the first time by this run
	CheckedAt time.Time
	Anchor    *Check // nil when the journal has no anchor file
}

// BrokenChains is how many of the chains are broken, the anchor aside.
func (s Summary) BrokenChains() int {
	if s.Anchor != nil && s.Anchor.Break != nil {
		return len(s.Broken) - 1
	}
	return len(s.Broken)
}

// VerifyAll checks every chain that has rows or was verified before (so a
// chain whose rows were all removed is still checked), then the whole
// journal against its anchor, when it has one (anchor.go).
func (j *Journal) VerifyAll(ctx context.Context, db bun.IDB, full bool) (Summary, error) {
	var chains []string
	if err := db.NewRaw(`
		SELECT coalesce(account_id::text, ?) FROM journal GROUP BY 1
		UNION SELECT chain FROM journal_checks WHERE chain NOT LIKE ? ORDER BY 1`, SystemChain, AnchorChain+"%").Scan(ctx, &chains); err != nil {
		return Summary{}, fmt.Errorf("audit.VerifyAll: %w", err)
	}
	sum := Summary{Chains: len(chains), CheckedAt: time.Now().UTC()}
	add := func(c Check) {
		if c.Break != nil {
			sum.Broken = append(sum.Broken, c)
			if !c.Since.Before(c.CheckedAt) {
				sum.Fresh = append(sum.Fresh, c)
			}
		}
	}
	for _, chain := range chains {
		c, err := j.Verify(ctx, db, chain, full)
		if err != nil {
			return sum, err
		}
		add(c)
	}
	if j.anchor != "" {
		// An anchor that cannot be used (its file unreadable or not
		// writable) is an error of the run, returned with what the chains
		// gave: their breaks are told all the same (RegisterJobs).
		c, err := j.verifyAnchor(ctx, db)
		if err != nil {
			return sum, fmt.Errorf("audit.VerifyAll: the anchor %s: %w", j.anchor, err)
		}
		sum.Anchor = &c
		add(c)
	}
	return sum, nil
}

// Integrity is the check as the journal's readers see it.
func (c Check) Integrity() *shared.JournalIntegrity {
	in := &shared.JournalIntegrity{Intact: c.Break == nil, CheckedAt: c.CheckedAt, Entries: c.Entries}
	if c.Break != nil {
		in.BrokenID, in.BrokenAt, in.Reason, in.Since = c.Break.ID, c.Break.At, c.Break.Reason, c.Since
	}
	return in
}

func derefInt(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

func unix(t *time.Time) string {
	if t == nil {
		return ""
	}
	return strconv.FormatInt(t.UnixMicro(), 10)
}
