package account

// The SQL of the one-time code challenges (challenges).

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/derrors"
)

type challengeRow struct {
	bun.BaseModel `bun:"table:challenges"`

	ID          string     `bun:"id,pk"`
	AccountID   string     `bun:"account_id,type:uuid,nullzero"` // "" for a decoy
	Decoy       string     `bun:"decoy,nullzero"`                // a recovery decoy's key (recover.go)
	Purpose     string     `bun:"purpose"`
	Channel     string     `bun:"channel"`
	Destination string     `bun:"destination"`
	CodeHash    []byte     `bun:"code_hash"`
	Failures    int        `bun:"failures"`
	ExpiresAt   time.Time  `bun:"expires_at"`
	LastSentAt  time.Time  `bun:"last_sent_at"`
	ConsumedAt  *time.Time `bun:"consumed_at"`
	CreatedAt   time.Time  `bun:"created_at,nullzero,default:now()"`
}

// insertChallenge adds a challenge, not consumed.
func insertChallenge(ctx context.Context, db bun.IDB, c *challengeRow) (err error) {
	defer derrors.Wrap(&err, "account.insertChallenge(ctx, %q)", c.Purpose)
	_, err = db.NewInsert().Model(c).ExcludeColumn("consumed_at").Exec(ctx)
	return err
}

// selectChallenge reads a challenge, under its row lock when forUpdate;
// sql.ErrNoRows when none.
func selectChallenge(ctx context.Context, db bun.IDB, id string, forUpdate bool) (c *challengeRow, err error) {
	defer derrors.Wrap(&err, "account.selectChallenge(ctx, %t)", forUpdate)
	c = new(challengeRow)
	q := db.NewSelect().Model(c).Where("id = ?", id)
	if forUpdate {
		q = q.For("UPDATE")
	}
	return c, q.Scan(ctx)
}

// selectChallengeOf reads a challenge of the purpose; sql.ErrNoRows when
// none.
func selectChallengeOf(ctx context.Context, db bun.IDB, id, purpose string) (c *challengeRow, err error) {
	defer derrors.Wrap(&err, "account.selectChallengeOf(ctx, %q)", purpose)
	c = new(challengeRow)
	return c, db.NewSelect().Model(c).Where("id = ? AND purpose = ?", id, purpose).Scan(ctx)
}

// openChallenge is the account's newest challenge of the purpose and
// channel neither used nor expired; sql.ErrNoRows when none.
func openChallenge(ctx context.Context, db bun.IDB, accountID, purpose, channel string) (c *challengeRow, err error) {
	defer derrors.Wrap(&err, "account.openChallenge(ctx, %q, %q, %q)", accountID, purpose, channel)
	c = new(challengeRow)
	return c, db.NewSelect().Model(c).
		Where("account_id = ? AND purpose = ? AND channel = ? AND consumed_at IS NULL AND expires_at > now()", accountID, purpose, channel).
		OrderExpr("created_at DESC").Limit(1).Scan(ctx)
}

// updateChallenge writes the columns of c given.
func updateChallenge(ctx context.Context, db bun.IDB, c *challengeRow, cols ...string) (err error) {
	defer derrors.Wrap(&err, "account.updateChallenge(ctx, %v)", cols)
	_, err = db.NewUpdate().Model(c).Column(cols...).WherePK().Exec(ctx)
	return err
}

// countFailure counts a wrong code against the challenge and returns the
// failures so far.
func countFailure(ctx context.Context, db bun.IDB, id string) (failures int, err error) {
	defer derrors.Wrap(&err, "account.countFailure(ctx)")
	err = db.NewRaw("UPDATE challenges SET failures = failures + 1 WHERE id = ? RETURNING failures", id).Scan(ctx, &failures)
	return failures, err
}

// claimChallenge marks the challenge used if it is still open (unused,
// fewer than tries failures, not expired); false when it was not.
func claimChallenge(ctx context.Context, db bun.IDB, id string, tries int) (claimed bool, err error) {
	defer derrors.Wrap(&err, "account.claimChallenge(ctx)")
	res, err := db.NewRaw(`UPDATE challenges SET consumed_at = now()
		WHERE id = ? AND consumed_at IS NULL AND failures < ? AND expires_at > now()`, id, tries).Exec(ctx)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// selectRecentRecovery is the newest unused recovery challenge of the channel
// sent after since, of the account (accountID) or else of the decoy;
// sql.ErrNoRows when none.
func selectRecentRecovery(ctx context.Context, db bun.IDB, accountID, decoy, channel string, since time.Time) (c *challengeRow, err error) {
	defer derrors.Wrap(&err, "account.selectRecentRecovery(ctx, %q, %q)", accountID, channel)
	c = new(challengeRow)
	q := db.NewSelect().Model(c).Where("purpose = ? AND channel = ? AND consumed_at IS NULL", purposeRecover, channel).
		Where("last_sent_at > ?", since)
	if accountID != "" {
		q = q.Where("account_id = ?", accountID)
	} else {
		q = q.Where("decoy = ?", decoy)
	}
	return c, q.OrderExpr("last_sent_at DESC").Limit(1).Scan(ctx)
}
