package account

import (
	"context"

	"github.com/uptrace/bun"

	"kabinet/server/derrors"
	"kabinet/shared"
)

// SetNeedsUpdate puts an active account into «требуется обновление
// данных» with a system reason (a cabinet found the profile differs from
// a register, say), in db's transaction; blocked and pending accounts
// keep their status. It reports whether the status changed. The caller
// journals why.
func (s *Service) SetNeedsUpdate(ctx context.Context, db bun.IDB, id, reason string) (_ bool, err error) {
	defer derrors.Wrap(&err, "account.SetNeedsUpdate(%s, %s)", id, reason)
	res, err := db.NewUpdate().Model((*accountRow)(nil)).Set("status = ?, status_reason = ?", string(shared.StatusNeedsUpdate), reason).
		Set("updated_at = now()").Where("id = ? AND status = ?", id, string(shared.StatusActive)).Exec(ctx)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// ClearNeedsUpdate returns an account to active when it needs an update
// for reason (and for nothing else), in db's transaction.
func (s *Service) ClearNeedsUpdate(ctx context.Context, db bun.IDB, id, reason string) (_ bool, err error) {
	defer derrors.Wrap(&err, "account.ClearNeedsUpdate(%s, %s)", id, reason)
	res, err := db.NewUpdate().Model((*accountRow)(nil)).Set("status = ?, status_reason = ''", string(shared.StatusActive)).
		Set("updated_at = now()").Where("id = ? AND status = ? AND status_reason = ?", id, string(shared.StatusNeedsUpdate), reason).Exec(ctx)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}
