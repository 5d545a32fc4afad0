package account

import (
	"context"
	"maps"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/shared"
)

// ConfirmBySignature raises a standard account to confirmed: the person
// signed a challenge with an external certificate whose СНИЛС (and ИНН)
// are the account's, which the signature service verified against its
// trust store, as ЕСИА accepts a qualified signature instead of a visit.
// details (the certificate's serial and issuer) go to the journal.
func (s *Service) ConfirmBySignature(ctx context.Context, accountID string, details map[string]string, m api.Meta) (shared.Account, error) {
	var out shared.Account
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		acc, err := loadAccount(ctx, tx, accountID, true)
		if err != nil {
			return err
		}
		switch {
		case acc.Level == string(shared.LevelConfirmed):
			return shared.E(shared.CodeAlreadyConfirmed)
		case acc.Status != string(shared.StatusActive):
			return shared.E(shared.CodeNotConfirmed)
		case acc.PassportNumber == nil || acc.SNILS == nil:
			return shared.E(shared.CodeIdentityIncomplete)
		}
		if err := confirmIdentity(ctx, tx, acc, ""); err != nil {
			return err
		}
		d := maps.Clone(details)
		if d == nil {
			d = map[string]string{}
		}
		d["method"] = "signature"
		if err := s.journal.Append(ctx, tx, audit.Entry{AccountID: acc.ID, Kind: shared.JournalConfirmed, IP: m.IP, UserAgent: m.UserAgent,
			Details: d}); err != nil {
			return err
		}
		if acc, err = loadAccount(ctx, tx, accountID, false); err != nil {
			return err
		}
		out = acc.public(s.now())
		return nil
	})
	return out, err
}
