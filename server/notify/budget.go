package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"kabinet/shared"
)

// Budget is what one destination (a phone, an e-mail address) may receive,
// whichever path asks and whichever server process runs it: a person can
// be flooded through any endpoint that sends, so the limit sits here, in
// front of the outbox, and not in the endpoints.
type Budget struct {
	Pause   time.Duration // between two codes to one destination
	Codes   int           // codes per destination per Moscow day
	Notices int           // notices per destination per Moscow day
}

// spend takes m from its destination's budget in db's transaction (so a
// rolled-back change gives it back). One upsert decides, under the row's
// lock, so concurrent requests cannot both pass. A code needs the pause
// since the last code and a code left for the day; a notice needs only a
// notice left: notices tell the owner what just happened (a password
// reset right after its code) and must not wait behind a code.
func (s *Service) spend(ctx context.Context, db bun.IDB, m Message) error {
	codes, notices := 0, 1
	if m.Code {
		codes, notices = 1, 0
	}
	day := time.Now().In(shared.Moscow).Format(time.DateOnly)
	var ok bool
	err := db.NewRaw(`
		INSERT INTO send_budget AS b (channel, destination, day, codes, notices, last_code_at)
		VALUES (?0, ?1, ?2::date, ?3, ?4, CASE WHEN ?3 > 0 THEN now() END)
		ON CONFLICT (channel, destination) DO UPDATE SET
			day = excluded.day,
			codes = CASE WHEN b.day = excluded.day THEN b.codes ELSE 0 END + excluded.codes,
			notices = CASE WHEN b.day = excluded.day THEN b.notices ELSE 0 END + excluded.notices,
			last_code_at = coalesce(excluded.last_code_at, b.last_code_at)
		WHERE (excluded.codes = 0 OR b.last_code_at IS NULL OR b.last_code_at <= now() - ?5::interval)
			AND CASE WHEN b.day = excluded.day THEN b.codes ELSE 0 END + excluded.codes <= ?6
			AND CASE WHEN b.day = excluded.day THEN b.notices ELSE 0 END + excluded.notices <= ?7
		RETURNING true`, m.Channel, destination(m.To), day, codes, notices, pauseInterval(s.budget.Pause),
		s.budget.Codes, s.budget.Notices).Scan(ctx, &ok)
	if errors.Is(err, sql.ErrNoRows) {
		return s.refusal(ctx, db, m, day)
	}
	if err != nil {
		return fmt.Errorf("notify.spend: %w", err)
	}
	return nil
}

// Spend takes a code (m.Code) or a notice from m's destination's budget
// without sending anything, refused as Send would refuse it: a decoy's
// code that stands in for a real one counts as the real one would.
func (s *Service) Spend(ctx context.Context, db bun.IDB, m Message) error {
	if err := s.spend(ctx, db, m); !errors.Is(err, errOverBudget) {
		return err
	}
	return nil
}

// refusal says why m was refused: resend_too_soon until the pause is over,
// rate_limited until the Moscow midnight when the day's codes are spent,
// and errOverBudget for a notice.
func (s *Service) refusal(ctx context.Context, db bun.IDB, m Message, day string) error {
	if !m.Code {
		return errOverBudget
	}
	// The wall clock, not now(): this transaction may have begun before
	// the one that sent the code, and the wait would come out longer than
	// the pause itself.
	var wait int
	err := db.NewRaw(`SELECT coalesce(ceil(extract(epoch FROM last_code_at + ?::interval - clock_timestamp())), 0)::int
		FROM send_budget WHERE channel = ? AND destination = ?`,
		pauseInterval(s.budget.Pause), m.Channel, destination(m.To)).Scan(ctx, &wait)
	if err != nil {
		return fmt.Errorf("notify.refusal: %w", err)
	}
	if wait > 0 {
		return &shared.Error{Code: shared.CodeResendTooSoon, RetryAfter: wait}
	}
	midnight, _ := time.ParseInLocation(time.DateOnly, day, shared.Moscow)
	return &shared.Error{Code: shared.CodeRateLimited, RetryAfter: max(int(time.Until(midnight.AddDate(0, 0, 1)).Seconds())+1, 1)}
}

// errOverBudget is a notice past its destination's daily budget: dropped.
var errOverBudget = errors.New("notify: over the destination's daily budget")

// destination is the budget's key of an address: e-mail addresses are
// case-insensitive; phones are stored in one canonical form already.
func destination(to string) string { return strings.ToLower(strings.TrimSpace(to)) }

func pauseInterval(d time.Duration) string { return fmt.Sprintf("%d milliseconds", d.Milliseconds()) }
