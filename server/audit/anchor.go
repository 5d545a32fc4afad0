package audit

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"kabinet/shared"
)

// AnchorChain begins the name of an anchor's record among the chains'
// ("anchor:" and the file's id): the whole journal counted against a file
// the database does not hold. Each file is an anchor of its own, with a
// record of its own: two servers, each with its file, neither share nor
// overwrite one record.
//
// A chain's check record lives in the database, so whoever holds only the
// database can remove rows from the end of a chain together with its
// record, or put an older record of the chain back and remove the rows
// after it: the chain then looks intact from where its record says. The
// rows of the journal are never removed otherwise (triggers refuse it), so
// their number up to a row can only grow. The anchor is that number, kept
// in a file on the server's host (JOURNAL_ANCHOR_FILE) and MAC'd under the
// journal key: fewer rows than it counted is rows removed, whatever the
// records say.
const AnchorChain = "anchor:"

// IsAnchor says whether chain is an anchor's record.
func IsAnchor(chain string) bool { return strings.HasPrefix(chain, AnchorChain) }

// fileAnchor is the anchor file's content.
type fileAnchor struct {
	ID   string `json:"id"`   // the anchor's own: its record is AnchorChain+ID
	Upto int64  `json:"upto"` // the highest row when it was written
	Rows int64  `json:"rows"` // rows with an id up to Upto then
	// Legacy is the rows left in the old unkeyed form (journal_legacy)
	// when the anchor began: whoever holds the database could raise it
	// to let unkeyed rows, made without the key, fill removed ids.
	Legacy int64     `json:"legacy"`
	At     time.Time `json:"at"`
	MAC    string    `json:"mac"`
}

func (j *Journal) anchorMAC(a fileAnchor) string {
	m := hmac.New(sha256.New, j.key)
	fmt.Fprintf(m, "anchor\x00%s\x00%d\x00%d\x00%d\x00%d", a.ID, a.Upto, a.Rows, a.Legacy, a.At.UnixMicro())
	return hex.EncodeToString(m.Sum(nil))
}

// Anchored returns the journal with its anchor kept in file; VerifyAll
// then counts the whole journal against it. Without one ("") it does not.
func (j *Journal) Anchored(file string) *Journal {
	c := *j
	c.anchor = file
	return &c
}

// errAnchorForged is a file that does not verify under the key.
var errAnchorForged = errors.New("audit: the journal anchor does not verify")

// readAnchor is the anchor file's content: nil when there is none yet.
func (j *Journal) readAnchor() (*fileAnchor, error) {
	b, err := os.ReadFile(j.anchor)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("journal anchor: %w", err)
	}
	var a fileAnchor
	if json.Unmarshal(b, &a) != nil || !hmac.Equal([]byte(a.MAC), []byte(j.anchorMAC(a))) {
		return &a, errAnchorForged
	}
	return &a, nil
}

// writeAnchor replaces the file whole: written aside, synced and renamed,
// so a crash leaves the old anchor or the new one, never half of either.
func (j *Journal) writeAnchor(a fileAnchor) error {
	a.MAC = j.anchorMAC(a)
	b, err := json.Marshal(a)
	if err != nil {
		return err
	}
	dir := filepath.Dir(j.anchor)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("journal anchor: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".journal-anchor-*")
	if err != nil {
		return fmt.Errorf("journal anchor: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(append(b, '\n'))
	if err = errors.Join(err, tmp.Chmod(0o600), tmp.Sync(), tmp.Close()); err != nil {
		return fmt.Errorf("journal anchor: %w", err)
	}
	if err := os.Rename(tmp.Name(), j.anchor); err != nil {
		return fmt.Errorf("journal anchor: %w", err)
	}
	return nil
}

// verifyAnchor counts the journal's rows up to the anchor's highest row.
// As many or more (a transaction that took a lower id may commit after),
// and the anchor moves on to the journal as it is now; fewer, and rows
// were removed: the anchor stays where it was until an operator
// acknowledges the break, so the next check finds it again even when the
// record of it is removed from the database. A file that does not verify
// under the key, or a legacy mark raised since the anchor began, is a
// forged check, acknowledged the same way. A missing file is a new
// anchor with a new id.
func (j *Journal) verifyAnchor(ctx context.Context, db bun.IDB) (Check, error) {
	a, err := j.readAnchor()
	if err != nil && !errors.Is(err, errAnchorForged) {
		return Check{}, err
	}
	forged := err != nil
	var legacy int64
	if err := db.NewRaw("SELECT coalesce(max(upto_id), 0) FROM journal_legacy").Scan(ctx, &legacy); err != nil {
		return Check{}, fmt.Errorf("audit.verifyAnchor: %w", err)
	}
	if a == nil {
		a = &fileAnchor{ID: newAnchorID(), Legacy: legacy}
	}
	chain := AnchorChain + a.ID
	return j.verify(ctx, db, chain, func(*checkRecord) (walkState, *Break, error) {
		// One statement, one snapshot: the journal now, and what is left
		// of what the anchor counted.
		var now struct {
			Upto int64 `bun:"upto"`
			Rows int64 `bun:"rows"`
			Kept int64 `bun:"kept"`
		}
		if err := db.NewRaw(`SELECT coalesce(max(id), 0) AS upto, count(*) AS rows, count(*) FILTER (WHERE id <= ?) AS kept
			FROM journal`, a.Upto).Scan(ctx, &now); err != nil {
			return walkState{}, nil, fmt.Errorf("audit.verifyAnchor: %w", err)
		}
		var br *Break
		switch {
		case forged || legacy > a.Legacy:
			br = &Break{ID: a.Upto, Reason: shared.JournalBreakCheck}
		case now.Kept < a.Rows:
			br = &Break{ID: a.Upto, Reason: shared.JournalBreakRemoved}
		}
		if br != nil {
			acked, err := j.acknowledged(ctx, db, chain)
			if err != nil || !acked[ackKey{br.ID, br.Reason}] {
				return walkState{prev: genesis}, br, err
			}
		}
		next := fileAnchor{ID: a.ID, Upto: now.Upto, Rows: now.Rows, Legacy: legacy, At: time.Now().UTC().Truncate(time.Microsecond)}
		if err := j.writeAnchor(next); err != nil {
			return walkState{}, nil, err
		}
		return walkState{id: now.Upto, prev: genesis, entries: now.Rows}, nil, nil
	})
}

// newAnchorID is a new anchor's id: 8 random hexadecimal digits.
func newAnchorID() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b)
}
