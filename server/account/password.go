package account

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/server/breached"
	"kabinet/server/notify"
	"kabinet/shared"
	"kabinet/shared/i18n"
)

// ChangePassword replaces the password after checking the current one;
// every other session of the account is signed out.
func (s *Service) ChangePassword(ctx context.Context, accountID string, keepSession []byte, req shared.PasswordChangeRequest, m api.Meta) error {
	if err := s.auth.Throttle().Hit(ctx, "password:"+accountID); err != nil {
		return err
	}
	acc, err := loadAccount(ctx, s.db, accountID, false)
	if err != nil {
		return err
	}
	if err := req.Validate(); err != nil {
		return err
	}
	if err := shared.CheckPassword(req.Password, passwordContext(acc).Strings()...); err != nil {
		return &shared.Error{Code: shared.CodeInvalidInput, Fields: map[string]shared.FieldError{"password": {Code: shared.ErrorCode(err)}}}
	}
	if err := refuseLatinNames(req.Password, acc.LastName, acc.FirstName, acc.MiddleName); err != nil {
		return err
	}
	if err := refuseBreached(req.Password); err != nil {
		return err
	}
	ok, err := s.auth.Hasher().Verify(ctx, acc.PasswordHash, req.Current)
	if err != nil {
		return err
	}
	if !ok {
		return &shared.Error{Code: shared.CodeWrongPassword, Fields: map[string]shared.FieldError{"current": {Code: shared.CodeWrongPassword}}}
	}
	hash, err := s.auth.Hasher().Hash(ctx, req.Password)
	if err != nil {
		return err
	}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := updatePassword(ctx, tx, acc, hash); err != nil {
			return err
		}
		if err := s.auth.RevokeAll(ctx, tx, acc.ID, keepSession, "password_changed"); err != nil {
			return err
		}
		if err := s.journal.Append(ctx, tx, audit.Entry{AccountID: acc.ID, Kind: shared.JournalPasswordChanged, IP: m.IP, UserAgent: m.UserAgent}); err != nil {
			return err
		}
		return s.tellEverywhere(ctx, tx, acc, "msg.password_changed")
	})
}

// tellEverywhere sends the message key to every confirmed contact.
func (s *Service) tellEverywhere(ctx context.Context, tx bun.IDB, acc *accountRow, key string) error {
	lang := i18n.Lang(acc.Lang)
	when := shared.FormatDateTime(s.now().In(shared.Moscow), string(lang))
	if acc.EmailConfirmedAt != nil {
		if err := s.notify.Send(ctx, tx, notify.Message{AccountID: acc.ID, Channel: shared.ChannelEmail, To: acc.Email,
			Subject: i18n.T(lang, key+".subject"), Body: i18n.T(lang, key+".body", when, s.cfg.PublicURL+"/recover")}); err != nil {
			return err
		}
	}
	if acc.PhoneConfirmedAt != nil {
		return s.notify.Send(ctx, tx, notify.Message{AccountID: acc.ID, Channel: shared.ChannelSMS, To: acc.Phone,
			Body: i18n.T(lang, key+".sms", when)})
	}
	return nil
}

// FinishRecovery sets a new password with the recovery code, lifts a
// password lock, signs out every session and tells every contact.
func (s *Service) FinishRecovery(ctx context.Context, req shared.RecoverFinishRequest, lang i18n.Lang, m api.Meta) error {
	if err := s.auth.Throttle().Hit(ctx, "recover:"+m.IP); err != nil {
		return err
	}
	if err := req.Validate(); err != nil {
		return err
	}
	if err := refuseBreached(req.Password); err != nil {
		return err
	}
	// Hash before the transaction: it is the slow part.
	hash, err := s.auth.Hasher().Hash(ctx, req.Password)
	if err != nil {
		return err
	}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		c, err := s.consume(ctx, tx, req.ChallengeID, purposeRecover, req.Code, lang)
		if err != nil {
			return err
		}
		acc, err := loadAccount(ctx, tx, c.AccountID, true)
		if err != nil {
			return err
		}
		if err := shared.CheckPassword(req.Password, passwordContext(acc).Strings()...); err != nil {
			return &shared.Error{Code: shared.CodeInvalidInput, Fields: map[string]shared.FieldError{"password": {Code: shared.ErrorCode(err)}}}
		}
		if err := refuseLatinNames(req.Password, acc.LastName, acc.FirstName, acc.MiddleName); err != nil {
			return err
		}
		if err := updatePassword(ctx, tx, acc, hash); err != nil {
			return err
		}
		if err := s.auth.ClearFailures(ctx, tx, acc.ID); err != nil {
			return err
		}
		if err := s.auth.RevokeAll(ctx, tx, acc.ID, nil, "password_reset"); err != nil {
			return err
		}
		if err := s.journal.Append(ctx, tx, audit.Entry{AccountID: acc.ID, Kind: shared.JournalPasswordReset, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"channel": c.Channel}}); err != nil {
			return err
		}
		return s.tellEverywhere(ctx, tx, acc, "msg.password_reset")
	})
}

// passwordContext is what the account's password must not contain, from
// all the account holds (a change and a recovery check the same list as
// registration, and more: by then ИНН, СНИЛС and birth date may be known).
func passwordContext(r *accountRow) shared.PasswordContext {
	c := shared.PasswordContext{Phone: r.Phone, Email: r.Email, LastName: r.LastName, FirstName: r.FirstName,
		MiddleName: r.MiddleName, INN: str(r.INN), SNILS: str(r.SNILS)}
	if r.BirthDate != nil {
		c.BirthDate = r.BirthDate.Format(time.DateOnly)
	}
	return c
}

// refuseBreached answers password_common, as the browser's short list
// does, for a password on the server's large list of breached ones
// (ASVS 6.2.12; package breached), which is kept out of app.wasm.
// refuseLatinNames refuses a password that holds one of the person's
// names in Latin letters (shared.LatinSpellings): the server's addition
// to the context-specific words the browser checks.
func refuseLatinNames(pw string, names ...string) error {
	if shared.ErrorCode(shared.CheckPassword(pw, shared.LatinSpellings(names...)...)) != shared.CodePasswordLogin {
		return nil
	}
	return &shared.Error{Code: shared.CodeInvalidInput, Fields: map[string]shared.FieldError{"password": {Code: shared.CodePasswordLogin}}}
}

func refuseBreached(pw string) error {
	if !breached.Contains(pw) {
		return nil
	}
	return &shared.Error{Code: shared.CodeInvalidInput, Fields: map[string]shared.FieldError{"password": {Code: shared.CodePasswordCommon}}}
}
