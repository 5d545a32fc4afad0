package account

import (
	"context"
	"errors"
	"fmt"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/server/auth"
	"kabinet/shared"
	"kabinet/shared/i18n"
)

// Register creates a pending account and sends codes to its phone and
// e-mail. The account becomes active (level simplified) when both are
// confirmed. A phone or an e-mail that already belongs to an account gets
// the same answer and no account (registerDecoy).
func (s *Service) Register(ctx context.Context, req shared.RegisterRequest, lang i18n.Lang, m api.Meta) (shared.RegisterResponse, error) {
	if err := s.auth.Throttle().Hit(ctx, "register:"+m.IP); err != nil {
		return shared.RegisterResponse{}, err
	}
	req.Normalize()
	if err := req.Validate(); err != nil {
		return shared.RegisterResponse{}, err
	}
	if err := refuseLatinNames(req.Password, req.LastName, req.FirstName, req.MiddleName); err != nil {
		return shared.RegisterResponse{}, err
	}
	if err := refuseBreached(req.Password); err != nil {
		return shared.RegisterResponse{}, err
	}
	hash, err := s.auth.Hasher().Hash(ctx, req.Password)
	if err != nil {
		return shared.RegisterResponse{}, err
	}
	owners, err := contactOwners(ctx, s.db, req)
	if err != nil {
		return shared.RegisterResponse{}, err
	}
	// A contact held only by an unfinished registration (pending) does
	// not block: one pending account holding them is replaced by this
	// registration, so a person who left the confirm page registers
	// again, and nobody can squat another's phone or e-mail.
	replace := pendingHolder(owners)
	if len(owners) > 0 && replace == "" {
		return s.registerDecoy(ctx, req, owners, lang, m)
	}
	var out shared.RegisterResponse
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		now, version := s.now(), shared.PrivacyPolicyVersion
		acc := &accountRow{
			LastName: req.LastName, FirstName: req.FirstName, MiddleName: req.MiddleName,
			Phone: req.Phone, Email: req.Email, PasswordHash: hash,
			Level: string(shared.LevelSimplified), Status: string(shared.StatusPending),
			StatusReason: shared.ReasonContactsNotConfirmed, Lang: string(lang),
			ConsentVersion: &version, ConsentAt: &now,
		}
		if replace != "" {
			acc.ID = replace
			if err := s.replacePending(ctx, tx, acc); err != nil {
				return err
			}
		} else if err := insertAccount(ctx, tx, acc); err != nil {
			if code := uniqueViolation(err); code == shared.CodePhoneTaken || code == shared.CodeEmailTaken {
				return errContactTaken
			}
			return err
		}
		phone, err := s.newChallenge(ctx, tx, acc, purposeConfirm, shared.ChannelSMS)
		if err = quiet(err); err != nil { // as a decoy's (registrationDecoy)
			return err
		}
		email, err := s.newChallenge(ctx, tx, acc, purposeConfirm, shared.ChannelEmail)
		if err = quiet(err); err != nil { // as a decoy's (registrationDecoy)
			return err
		}
		out = shared.RegisterResponse{AccountID: acc.ID, Phone: s.public(phone), Email: s.public(email)}
		if err := s.journal.Append(ctx, tx, audit.Entry{AccountID: acc.ID, Kind: shared.JournalRegistered, IP: m.IP, UserAgent: m.UserAgent}); err != nil {
			return err
		}
		// The consent is the person's own act, with its own entry: the
		// proof the operator keeps (152-ФЗ, art. 9 part 3).
		return s.journal.Append(ctx, tx, audit.Entry{AccountID: acc.ID, Kind: shared.JournalConsent, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"version": version, "purpose": "personal_data"}})
	})
	if errors.Is(err, errContactTaken) {
		// Taken by a registration that committed since the look-up, or
		// the pending account to replace changed meanwhile.
		if owners, err = contactOwners(ctx, s.db, req); err != nil {
			return shared.RegisterResponse{}, err
		}
		return s.registerDecoy(ctx, req, owners, lang, m)
	}
	if err != nil {
		if _, ok := shared.AsError(err); ok {
			return shared.RegisterResponse{}, err
		}
		return shared.RegisterResponse{}, fmt.Errorf("account.Register: %w", err)
	}
	return out, nil
}

// errContactTaken is a registration's phone or e-mail taken between the
// look-up and the insert.
var errContactTaken = errors.New("account: contact taken")

// pendingHolder is the id of the one pending account that holds every
// taken contact of a registration (owners, by channel), or "" when there
// is none, or another account holds one.
func pendingHolder(owners map[string]*accountRow) string {
	id := ""
	for _, o := range owners {
		if o.Status != string(shared.StatusPending) || (id != "" && id != o.ID) {
			return ""
		}
		id = o.ID
	}
	return id
}

// replacePending gives the pending account acc.ID to a new registration
// (acc): everything the earlier registrant wrote or confirmed goes, its
// codes are cancelled, its sessions end and its factors are removed (a
// pending account could sign in before), and the new registrant must
// confirm both contacts anew. errContactTaken when the account is no
// longer pending or a contact was taken since.
func (s *Service) replacePending(ctx context.Context, tx bun.Tx, acc *accountRow) error {
	// The account's journal chain first, as a decoy naming this account
	// takes it before the contact's send budget: the same order, no
	// deadlock.
	if _, err := tx.NewRaw("SELECT ?", audit.LockChain(acc.ID)).Exec(ctx); err != nil {
		return fmt.Errorf("account.replacePending: %w", err)
	}
	acc.UpdatedAt = s.now()
	res, err := tx.NewUpdate().Model(acc).ExcludeColumn("id", "created_at").WherePK().Where("status = ?", shared.StatusPending).Exec(ctx)
	if err != nil {
		if code := uniqueViolation(err); code == shared.CodePhoneTaken || code == shared.CodeEmailTaken {
			return errContactTaken
		}
		return fmt.Errorf("account.replacePending: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errContactTaken
	}
	if _, err := tx.NewRaw("UPDATE challenges SET consumed_at = now() WHERE account_id = ? AND consumed_at IS NULL", acc.ID).Exec(ctx); err != nil {
		return fmt.Errorf("account.replacePending: %w", err)
	}
	for _, table := range []string{"totp_factors", "recovery_codes", "sms_factors", "passkeys", "push_subscriptions"} {
		if _, err := tx.NewRaw("DELETE FROM ? WHERE account_id = ?", bun.Ident(table), acc.ID).Exec(ctx); err != nil {
			return fmt.Errorf("account.replacePending: %s: %w", table, err)
		}
	}
	return s.auth.RevokeAll(ctx, tx, acc.ID, nil, "registration_replaced")
}

// Verify confirms a phone or an e-mail with its code. The code that
// confirms the second of the two ends the registration: the account turns
// active and its first session opens in the same transaction (token and
// session returned, nil otherwise), so a new person is not asked for the
// password just chosen.
func (s *Service) Verify(ctx context.Context, req shared.VerifyRequest, lang i18n.Lang, m api.Meta) (shared.VerifyResponse, string, *auth.Session, error) {
	if err := s.auth.Throttle().Hit(ctx, "verify:"+m.IP); err != nil {
		return shared.VerifyResponse{}, "", nil, err
	}
	if err := req.Validate(); err != nil {
		return shared.VerifyResponse{}, "", nil, err
	}
	var out shared.VerifyResponse
	var token string
	var sess *auth.Session
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		c, err := s.consume(ctx, tx, req.ChallengeID, purposeConfirm, req.Code, lang)
		if err != nil {
			return err
		}
		if c.AccountID == "" {
			// A registration decoy's free contact: confirmed as a new
			// registrant's first contact would be, and nothing else.
			out = shared.VerifyResponse{Channel: c.Channel, Status: shared.StatusPending}
			return nil
		}
		acc, err := loadAccount(ctx, tx, c.AccountID, true)
		if err != nil {
			return err
		}
		// The code confirms the address it was sent to; if the account's
		// address changed since, it confirms nothing.
		current := acc.Phone
		if c.Channel == shared.ChannelEmail {
			current = acc.Email
		}
		if current != c.Destination {
			return shared.E(shared.CodeCodeExpired)
		}
		if err := confirmContact(ctx, tx, acc, c.Channel); err != nil {
			return err
		}
		// Pending becomes active once both contacts are confirmed.
		activated, err := activateConfirmed(ctx, tx, acc.ID)
		if err != nil {
			return err
		}
		if err := reloadStatus(ctx, tx, acc); err != nil {
			return err
		}
		out = shared.VerifyResponse{Channel: c.Channel, Status: shared.Status(acc.Status)}
		if err := s.journal.Append(ctx, tx, audit.Entry{AccountID: acc.ID, Kind: shared.JournalContactVerified, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"channel": c.Channel}}); err != nil {
			return err
		}
		if activated {
			token, sess, err = s.auth.OpenRegistered(ctx, tx, acc.ID, m)
			out.SignedIn = err == nil
			return err
		}
		return nil
	})
	if err != nil {
		return shared.VerifyResponse{}, "", nil, err
	}
	return out, token, sess, nil
}

// StartContactVerify sends a code to the signed-in owner's unconfirmed
// phone or e-mail: the open challenge is resent when there is one (its
// failure count kept), otherwise a new one starts.
func (s *Service) StartContactVerify(ctx context.Context, accountID, channel string) (shared.Challenge, error) {
	if channel != shared.ChannelSMS && channel != shared.ChannelEmail {
		return shared.Challenge{}, &shared.Error{Code: shared.CodeInvalidInput, Fields: map[string]shared.FieldError{"channel": {Code: shared.CodeRequired}}}
	}
	acc, err := loadAccount(ctx, s.db, accountID, false)
	if err != nil {
		return shared.Challenge{}, err
	}
	if (channel == shared.ChannelSMS && acc.PhoneConfirmedAt != nil) || (channel == shared.ChannelEmail && acc.EmailConfirmedAt != nil) {
		return shared.Challenge{}, shared.E(shared.CodeAlreadyConfirmed)
	}
	open, err := openChallenge(ctx, s.db, accountID, purposeConfirm, channel)
	if err == nil {
		if open.Failures >= s.cfg.CodeTries || s.now().Before(open.LastSentAt.Add(s.cfg.CodeResend)) {
			return s.public(open), nil // still valid: the person uses the code already sent
		}
		return s.Resend(ctx, open.ID)
	}
	var out shared.Challenge
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		c, err := s.newChallenge(ctx, tx, acc, purposeConfirm, channel)
		if err != nil {
			return err
		}
		out = s.public(c)
		return nil
	})
	return out, err
}
