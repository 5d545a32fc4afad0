package auth

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"image/png"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/server/notify"
	"kabinet/shared"
	"kabinet/shared/i18n"
)

// TOTP parameters: what every authenticator app understands. A code is
// taken in its own step and in the one after it (a person typing slowly,
// a phone a little behind), never later and never ahead: at most two codes
// are good at any moment and none lives past 60 s (ASVS 6.5.5).
const (
	totpPeriod = 30
	totpLate   = 1 // steps a code is still taken after its own
)

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// recoveryAlphabet has no look-alike characters (no 0/o, 1/l/i).
const recoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

type totpRow struct {
	bun.BaseModel `bun:"table:totp_factors"`

	AccountID   string     `bun:"account_id,pk,type:uuid"`
	SecretEnc   []byte     `bun:"secret_enc"`
	ConfirmedAt *time.Time `bun:"confirmed_at"`
	LastStep    int64      `bun:"last_step"`
	CreatedAt   time.Time  `bun:"created_at,nullzero,default:now()"`
}

// seal encrypts a TOTP secret with the server's key (AES-256-GCM).
func (s *Service) seal(plain string) ([]byte, error) {
	block, err := aes.NewCipher(s.totpKey)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return gcm.Seal(nonce, nonce, []byte(plain), nil), nil
}

func (s *Service) open(sealed []byte) (string, error) {
	block, err := aes.NewCipher(s.totpKey)
	if err != nil {
		return "", err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return "", err
	}
	if len(sealed) < gcm.NonceSize() {
		return "", errors.New("auth: sealed secret too short")
	}
	plain, err := gcm.Open(nil, sealed[:gcm.NonceSize()], sealed[gcm.NonceSize():], nil)
	return string(plain), err
}

// totpStep finds the time step (now, or up to totpLate before) whose code
// equals code, or -1.
func totpStep(secret, code string, now time.Time) int64 {
	step := now.Unix() / totpPeriod
	found := int64(-1)
	for d := int64(-totpLate); d <= 0; d++ {
		want, err := totp.GenerateCodeCustom(secret, time.Unix((step+d)*totpPeriod, 0), totpOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			found = step + d
		}
	}
	return found
}

// checkTOTP accepts a code of the account's app once: the matched time
// step must be later than the last one used (recorded atomically).
func (s *Service) checkTOTP(ctx context.Context, db bun.IDB, accountID, code string, confirmed bool) error {
	var f totpRow
	q := db.NewSelect().Model(&f).Where("account_id = ?", accountID)
	if confirmed {
		q = q.Where("confirmed_at IS NOT NULL")
	} else {
		q = q.Where("confirmed_at IS NULL")
	}
	if err := q.Scan(ctx); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return shared.E(shared.CodeNoFactor)
		}
		return fmt.Errorf("auth.checkTOTP: %w", err)
	}
	secret, err := s.open(f.SecretEnc)
	if err != nil {
		return fmt.Errorf("auth.checkTOTP: %w", err)
	}
	step := totpStep(secret, code, time.Now())
	if step < 0 {
		return shared.E(shared.CodeCodeInvalid)
	}
	res, err := db.NewRaw("UPDATE totp_factors SET last_step = ? WHERE account_id = ? AND last_step < ?", step, accountID, step).Exec(ctx)
	if err != nil {
		return fmt.Errorf("auth.checkTOTP: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return shared.E(shared.CodeCodeReused)
	}
	return nil
}

// legacyRecoveryHash is how codes made before argon2id were kept (scheme
// 'hmac'): they stay usable until spent or renewed.
func (s *Service) legacyRecoveryHash(code string) []byte {
	m := hmac.New(sha256.New, s.recoveryKey)
	m.Write([]byte(shared.NormalizeRecoveryCode(code)))
	return m.Sum(nil)
}

// recoveryRow is one unused recovery code: code_hash is an HMAC (scheme
// 'hmac') or an argon2id PHC string (scheme 'argon2id').
type recoveryRow struct {
	Hash   []byte `bun:"code_hash"`
	Scheme string `bun:"scheme"`
}

// useRecoveryCode spends one unused recovery code of the account. Salted
// hashes cannot be looked up, so the code is checked against each unused
// one (ten at most), locked so that two requests cannot spend it twice.
func (s *Service) useRecoveryCode(ctx context.Context, db bun.IDB, accountID, code string) error {
	var rows []recoveryRow
	if err := db.NewRaw("SELECT code_hash, scheme FROM recovery_codes WHERE account_id = ? AND used_at IS NULL FOR UPDATE",
		accountID).Scan(ctx, &rows); err != nil {
		return fmt.Errorf("auth.useRecoveryCode: %w", err)
	}
	norm := shared.NormalizeRecoveryCode(code)
	for _, r := range rows {
		match := r.Scheme == "hmac" && hmac.Equal(r.Hash, s.legacyRecoveryHash(norm))
		if r.Scheme == "argon2id" {
			var err error
			if match, err = s.hasher.Verify(ctx, string(r.Hash), norm); err != nil {
				return fmt.Errorf("auth.useRecoveryCode: %w", err)
			}
		}
		if !match {
			continue
		}
		_, err := db.NewRaw("UPDATE recovery_codes SET used_at = now() WHERE account_id = ? AND code_hash = ?", accountID, r.Hash).Exec(ctx)
		if err != nil {
			return fmt.Errorf("auth.useRecoveryCode: %w", err)
		}
		return nil
	}
	return shared.E(shared.CodeCodeInvalid)
}

// newRecoveryCodes replaces the account's recovery codes with ten new ones
// and returns them (the only time they exist in clear), each kept as an
// argon2id hash with its own salt.
func (s *Service) newRecoveryCodes(ctx context.Context, db bun.IDB, accountID string) (shared.RecoveryCodes, error) {
	if _, err := db.NewRaw("DELETE FROM recovery_codes WHERE account_id = ?", accountID).Exec(ctx); err != nil {
		return shared.RecoveryCodes{}, err
	}
	out := shared.RecoveryCodes{Codes: make([]string, 10)}
	for i := range out.Codes {
		raw := make([]byte, 8)
		if _, err := rand.Read(raw); err != nil {
			return shared.RecoveryCodes{}, err
		}
		var b strings.Builder
		for j, c := range raw {
			if j == 4 {
				b.WriteByte('-')
			}
			b.WriteByte(recoveryAlphabet[int(c)%len(recoveryAlphabet)])
		}
		out.Codes[i] = b.String()
		phc, err := s.hasher.HashCode(ctx, shared.NormalizeRecoveryCode(out.Codes[i]))
		if err != nil {
			return shared.RecoveryCodes{}, err
		}
		if _, err := db.NewRaw("INSERT INTO recovery_codes (account_id, code_hash, scheme) VALUES (?, ?, 'argon2id')",
			accountID, []byte(phc)).Exec(ctx); err != nil {
			return shared.RecoveryCodes{}, err
		}
	}
	return out, nil
}

// hasFactor reports whether the account has a second factor: a confirmed
// authenticator app or a passkey.
func (s *Service) hasFactor(ctx context.Context, db bun.IDB, accountID string) (bool, error) {
	methods, err := s.secondMethods(ctx, db, accountID)
	return len(methods) > 0, err
}

// hasFactorSQL is the SQL condition that the account whose id is the
// expression col has a second factor, for queries that need the answer
// beside other data (the session lookup); secondMethods says the same.
func hasFactorSQL(col string) string {
	return `(EXISTS (SELECT 1 FROM passkeys WHERE account_id = ` + col + `)
		OR EXISTS (SELECT 1 FROM totp_factors WHERE account_id = ` + col + ` AND confirmed_at IS NOT NULL)
		OR EXISTS (SELECT 1 FROM sms_factors f JOIN accounts fa ON fa.id = f.account_id
			WHERE f.account_id = ` + col + ` AND fa.phone_confirmed_at IS NOT NULL))`
}

// secondMethods lists what the account can use as a second factor, in the
// order the sign-in offers them: passkey, app code, recovery code, SMS.
func (s *Service) secondMethods(ctx context.Context, db bun.IDB, accountID string) ([]string, error) {
	var f factorCounts
	if err := db.NewRaw("SELECT "+factorsText("?0"), accountID).Scan(ctx, &f); err != nil {
		return nil, fmt.Errorf("auth.secondMethods: %w", err)
	}
	return f.methods(), nil
}

// factorCounts is what factorsText reads of an account's second factors.
type factorCounts struct {
	Passkeys int  `bun:"passkeys" json:"passkeys"`
	TOTP     bool `bun:"totp" json:"totp"`
	Recovery int  `bun:"recovery" json:"recovery"`
	SMS      bool `bun:"sms" json:"sms"`
}

// factorsText is the select list of factorCounts for the account whose id
// is the SQL expression id (a parameter, or a column of an outer query:
// the subqueries' own aliases do not hide one named a).
func factorsText(id string) string {
	return `(SELECT count(*) FROM passkeys WHERE account_id = ` + id + `) AS passkeys,
		EXISTS (SELECT 1 FROM totp_factors WHERE account_id = ` + id + ` AND confirmed_at IS NOT NULL) AS totp,
		(SELECT count(*) FROM recovery_codes WHERE account_id = ` + id + ` AND used_at IS NULL) AS recovery,
		EXISTS (SELECT 1 FROM sms_factors sf JOIN accounts sa ON sa.id = sf.account_id
			WHERE sf.account_id = ` + id + ` AND sa.phone_confirmed_at IS NOT NULL) AS sms`
}

// methods is the second factors in the order the sign-in offers them.
func (f factorCounts) methods() []string {
	var out []string
	if f.Passkeys > 0 {
		out = append(out, shared.FactorPasskey)
	}
	if f.TOTP {
		out = append(out, shared.FactorTOTP)
		if f.Recovery > 0 {
			out = append(out, shared.FactorRecovery)
		}
	}
	if f.SMS {
		out = append(out, shared.FactorSMS) // the weakest, offered last
	}
	return out
}

// Factors describes the account's second factors.
func (s *Service) Factors(ctx context.Context, acc shared.Account) (shared.Factors, error) {
	out := shared.Factors{Required: factorRequired(acc.Level)}
	var f totpRow
	err := s.db.NewSelect().Model(&f).Where("account_id = ? AND confirmed_at IS NOT NULL", acc.ID).Scan(ctx)
	switch {
	case err == nil:
		out.TOTP, out.TOTPSince = true, *f.ConfirmedAt
	case !errors.Is(err, sql.ErrNoRows):
		return out, fmt.Errorf("auth.Factors: %w", err)
	}
	n, err := s.db.NewSelect().Table("recovery_codes").Where("account_id = ? AND used_at IS NULL", acc.ID).Count(ctx)
	if err != nil {
		return out, fmt.Errorf("auth.Factors: %w", err)
	}
	out.RecoveryLeft = int(n)
	if out.Passkeys, err = passkeyCount(ctx, s.db, acc.ID); err != nil {
		return out, fmt.Errorf("auth.Factors: %w", err)
	}
	if out.SMS, err = s.smsEnabled(ctx, s.db, acc.ID); err != nil {
		return out, fmt.Errorf("auth.Factors: %w", err)
	}
	if out.SMS && acc.PhoneConfirmed {
		out.SMSPhone = shared.MaskPhone(acc.Phone)
	}
	out.SMS = out.SMS && acc.PhoneConfirmed
	return out, nil
}

// factorRequired: standard and confirmed accounts must have a second factor.
func factorRequired(l shared.Level) bool {
	return l == shared.LevelStandard || l == shared.LevelConfirmed
}

// StartTOTP creates (or replaces) the pending authenticator of the
// account. Adding a factor is a sensitive action: a step-up beside another
// factor, the password again for the first one (RequireFresh).
func (s *Service) StartTOTP(ctx context.Context, sess *Session, acc shared.Account) (shared.TOTPEnrolment, error) {
	methods, err := s.secondMethods(ctx, s.db, acc.ID)
	if err != nil {
		return shared.TOTPEnrolment{}, err
	}
	switch {
	case slices.Contains(methods, shared.FactorTOTP):
		return shared.TOTPEnrolment{}, shared.E(shared.CodeFactorExists)
	}
	if err := s.RequireFresh(ctx, s.db, sess); err != nil {
		return shared.TOTPEnrolment{}, err
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: "Кабинет", AccountName: acc.Email, Period: totpPeriod,
		Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return shared.TOTPEnrolment{}, fmt.Errorf("auth.StartTOTP: %w", err)
	}
	sealed, err := s.seal(key.Secret())
	if err != nil {
		return shared.TOTPEnrolment{}, err
	}
	// A pending enrolment is replaced; a confirmed factor never is.
	_, err = s.db.NewRaw(`INSERT INTO totp_factors AS f (account_id, secret_enc) VALUES (?, ?)
		ON CONFLICT (account_id) DO UPDATE SET secret_enc = EXCLUDED.secret_enc, last_step = 0, created_at = now()
		WHERE f.confirmed_at IS NULL`, acc.ID, sealed).Exec(ctx)
	if err != nil {
		return shared.TOTPEnrolment{}, fmt.Errorf("auth.StartTOTP: %w", err)
	}
	img, err := key.Image(240, 240)
	if err != nil {
		return shared.TOTPEnrolment{}, fmt.Errorf("auth.StartTOTP: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return shared.TOTPEnrolment{}, err
	}
	return shared.TOTPEnrolment{Secret: group(key.Secret(), 4), URI: key.URL(),
		QR: "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())}, nil
}

func group(s string, n int) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && i%n == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ConfirmTOTP turns the pending authenticator into a factor with its first
// code and returns the first recovery codes. Proving the factor also counts
// as a fresh step-up for this session.
func (s *Service) ConfirmTOTP(ctx context.Context, sess *Session, acc shared.Account, code string, m api.Meta) (shared.RecoveryCodes, error) {
	if err := (shared.SecondFactorRequest{Method: shared.FactorTOTP, Code: code}).Validate(); err != nil {
		return shared.RecoveryCodes{}, err
	}
	var out shared.RecoveryCodes
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := s.checkTOTP(ctx, tx, acc.ID, code, false); err != nil {
			return err
		}
		if _, err := tx.NewRaw("UPDATE totp_factors SET confirmed_at = now() WHERE account_id = ?", acc.ID).Exec(ctx); err != nil {
			return err
		}
		var err error
		if out, err = s.newRecoveryCodes(ctx, tx, acc.ID); err != nil {
			return err
		}
		if err := s.stepUp(ctx, tx, sess); err != nil {
			return err
		}
		if err := s.journal.Append(ctx, tx, audit.Entry{AccountID: acc.ID, Kind: shared.JournalFactorAdded, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"factor": shared.FactorTOTP}}); err != nil {
			return err
		}
		return s.tell(ctx, tx, acc, "msg.factor_added")
	})
	return out, err
}

// SeedTOTP gives the account a confirmed authenticator app with a known
// secret: the demo staff's, printed by `make run` (development only).
func (s *Service) SeedTOTP(ctx context.Context, db bun.IDB, accountID, secret string) error {
	sealed, err := s.seal(secret)
	if err != nil {
		return fmt.Errorf("auth.SeedTOTP: %w", err)
	}
	now := time.Now()
	_, err = db.NewInsert().Model(&totpRow{AccountID: accountID, SecretEnc: sealed, ConfirmedAt: &now}).Exec(ctx)
	if err != nil {
		return fmt.Errorf("auth.SeedTOTP: %w", err)
	}
	return nil
}

// RemoveTOTP removes the authenticator and the recovery codes (step-up).
func (s *Service) RemoveTOTP(ctx context.Context, acc shared.Account, m api.Meta) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		res, err := tx.NewRaw("DELETE FROM totp_factors WHERE account_id = ? AND confirmed_at IS NOT NULL", acc.ID).Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return shared.E(shared.CodeNoFactor)
		}
		if _, err := tx.NewRaw("DELETE FROM recovery_codes WHERE account_id = ?", acc.ID).Exec(ctx); err != nil {
			return err
		}
		if err := s.journal.Append(ctx, tx, audit.Entry{AccountID: acc.ID, Kind: shared.JournalFactorRemoved, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"factor": shared.FactorTOTP}}); err != nil {
			return err
		}
		return s.tell(ctx, tx, acc, "msg.factor_removed")
	})
}

// RenewRecoveryCodes replaces the recovery codes (step-up).
func (s *Service) RenewRecoveryCodes(ctx context.Context, acc shared.Account, m api.Meta) (shared.RecoveryCodes, error) {
	var out shared.RecoveryCodes
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		ok, err := tx.NewSelect().Model((*totpRow)(nil)).Where("account_id = ? AND confirmed_at IS NOT NULL", acc.ID).Exists(ctx)
		if err != nil || !ok {
			if err == nil {
				err = shared.E(shared.CodeNoFactor)
			}
			return err
		}
		if out, err = s.newRecoveryCodes(ctx, tx, acc.ID); err != nil {
			return err
		}
		if err := s.journal.Append(ctx, tx, audit.Entry{AccountID: acc.ID, Kind: shared.JournalRecoveryRenewed, IP: m.IP, UserAgent: m.UserAgent}); err != nil {
			return err
		}
		return s.tell(ctx, tx, acc, "msg.recovery_renewed")
	})
	return out, err
}

// tell sends the message key to every confirmed contact of the account.
func (s *Service) tell(ctx context.Context, db bun.IDB, acc shared.Account, key string) error {
	lang := i18n.RU
	when := shared.FormatDateTime(time.Now(), string(lang))
	if acc.EmailConfirmed {
		if err := s.notify.Send(ctx, db, notify.Message{AccountID: acc.ID, Channel: shared.ChannelEmail, To: acc.Email,
			Subject: i18n.T(lang, key+".subject"), Body: i18n.T(lang, key+".body", when, s.cfg.PublicURL+"/security")}); err != nil {
			return err
		}
	}
	if acc.PhoneConfirmed {
		return s.notify.Send(ctx, db, notify.Message{AccountID: acc.ID, Channel: shared.ChannelSMS, To: acc.Phone,
			Body: i18n.T(lang, key+".sms", when)})
	}
	return nil
}

// verifySecond checks a second-factor answer for the account; a used
// recovery code is journalled and announced. A passkey's answer must come
// from a ceremony of the binding (the sign-in ticket or the session).
func (s *Service) verifySecond(ctx context.Context, tx bun.IDB, acc shared.Account, req shared.SecondFactorRequest, b binding, m api.Meta) error {
	switch req.Method {
	case shared.FactorPasskey:
		return s.checkPasskey(ctx, tx, acc, req, b)
	case shared.FactorPush:
		if b.purpose != purposeSecond {
			return shared.E(shared.CodeNoFactor) // a step-up is given on the device itself
		}
		return s.checkPush(ctx, tx, acc.ID, req.Code, b.ticket)
	case shared.FactorSMS:
		if ok, err := s.smsEnabled(ctx, tx, acc.ID); err != nil || !ok {
			if err == nil {
				err = shared.E(shared.CodeNoFactor)
			}
			return err
		}
		sb := smsBinding{purpose: smsStepUp, sessionID: b.sessionID}
		if b.purpose == purposeSecond {
			sb = smsBinding{purpose: smsSecond, ticket: b.ticket}
		}
		return s.checkSMS(ctx, tx, acc.ID, req.Code, sb)
	case shared.FactorTOTP:
		return s.checkTOTP(ctx, tx, acc.ID, req.Code, true)
	case shared.FactorRecovery:
		if err := s.useRecoveryCode(ctx, tx, acc.ID, req.Code); err != nil {
			return err
		}
		if err := s.journal.Append(ctx, tx, audit.Entry{AccountID: acc.ID, Kind: shared.JournalRecoveryUsed, IP: m.IP, UserAgent: m.UserAgent}); err != nil {
			return err
		}
		return s.tell(ctx, tx, acc, "msg.recovery_used")
	}
	return shared.E(shared.CodeNoFactor)
}

// StepUp records a fresh second factor for the session: sensitive actions
// are allowed for shared.StepUpWindow.
func (s *Service) StepUp(ctx context.Context, sess *Session, acc shared.Account, req shared.SecondFactorRequest, m api.Meta) error {
	if err := s.throttle.Hit(ctx, "stepup:"+sess.AccountID); err != nil {
		return err
	}
	if err := req.Validate(); err != nil {
		return err
	}
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := s.verifySecond(ctx, tx, acc, req, binding{purpose: purposeStepUp, sessionID: sess.ID}, m); err != nil {
			return err
		}
		if err := s.stepUp(ctx, tx, sess); err != nil {
			return err
		}
		return s.journal.Append(ctx, tx, audit.Entry{AccountID: acc.ID, Kind: shared.JournalStepUp, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"method": req.Method}})
	})
	if c := shared.ErrorCode(err); c == shared.CodeCodeInvalid || c == shared.CodePasskeyFailed {
		_ = s.journal.Append(ctx, s.db, audit.Entry{AccountID: acc.ID, Kind: shared.JournalSecondFactor, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"method": req.Method, "for": "step_up"}})
	}
	return err
}

// RequireStepUp lets through only sessions with a second factor proven
// within shared.StepUpWindow; others get CodeStepUpRequired, and the UI
// asks for the factor and repeats the request.
func RequireStepUp() fiber.Handler {
	return func(c *fiber.Ctx) error {
		sess := Current(c)
		if sess == nil || sess.StepUpAt.IsZero() || time.Since(sess.StepUpAt) > shared.StepUpWindow {
			return shared.E(shared.CodeStepUpRequired)
		}
		return c.Next()
	}
}

// NeedsStepUp reports whether a sensitive action in the session must wait
// for a second factor: the account has one and the session has not
// proved it within the step-up window. An account without a factor
// cannot step up; its sensitive actions ask for the password instead.
func (s *Service) NeedsStepUp(ctx context.Context, sess *Session) (bool, error) {
	has, err := s.hasFactor(ctx, s.db, sess.AccountID)
	return has && !fresh(sess), err
}

// HasFactor reports whether the account has a second factor (false on a
// database error, which NeedsStepUp has reported already).
func (s *Service) HasFactor(ctx context.Context, accountID string) bool {
	has, _ := s.hasFactor(ctx, s.db, accountID)
	return has
}
