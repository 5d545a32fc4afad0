// Package auth owns who you are and what you may do: password hashing,
// sign-in with lockout and per-IP throttling, server-side sessions with idle
// and absolute timeouts, the session cookie, staff roles and the
// middleware that checks them.
package auth

import (
	"context"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/go-webauthn/webauthn/webauthn"
	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/server/config"
	kdb "kabinet/server/db"
	"kabinet/server/notify"
	"kabinet/shared"
	"kabinet/shared/i18n"
)

// LoginAccount is what sign-in needs to know about an account.
type LoginAccount struct {
	ID           string
	PasswordHash string
	Status       shared.Status
	Phone        string // confirmed phone, or ""
	Email        string // confirmed e-mail, or ""
	Lang         i18n.Lang
}

// Accounts is the part of the account service that auth calls.
type Accounts interface {
	// FindByLogin resolves a phone, e-mail, ИНН or СНИЛС; CodeNotFound when
	// it matches no account (or more than one).
	FindByLogin(ctx context.Context, login string) (LoginAccount, error)
	Get(ctx context.Context, id string) (shared.Account, error)
	// PrepareWith makes a prepared statement (db.Prepared, as name) of
	// Get that runs the CTEs with ("WITH …", or "") and reads the account
	// whose id the SQL expression id yields with the value of the
	// expression also (which may name the account's row as a, NULL when
	// none) in the same statement; parameters are $1…$n.
	PrepareWith(name, with, id, also string) *kdb.Prepared
	// GetWith runs a statement of PrepareWith with args: CodeNotFound,
	// with the value of also, when id yields no account.
	GetWith(ctx context.Context, p *kdb.Prepared, args ...any) (shared.Account, []byte, error)
	// PrepareByLogin makes a prepared statement (db.Prepared, as name)
	// of FindByLogin that runs the CTEs with ("WITH …", or "") and reads
	// the value of the SQL expression also beside the account (also may
	// name the account's row as a, NULL when none); their parameters are
	// $5…$n.
	PrepareByLogin(name, with, also string) *kdb.Prepared
	// FindByLoginWith runs a statement of PrepareByLogin for login with
	// args: the account as sign-in needs it and as its owner sees it, and
	// the value of also, which comes back with CodeNotFound too.
	FindByLoginWith(ctx context.Context, p *kdb.Prepared, login string, args ...any) (LoginAccount, shared.Account, []byte, error)
}

// Service signs people in and keeps their sessions.
type Service struct {
	db       *bun.DB
	log      *slog.Logger
	cfg      config.Config
	hasher   *Hasher
	notify   *notify.Service
	accounts Accounts
	throttle *Throttle
	journal  *audit.Journal

	wa          *webauthn.WebAuthn
	hub         *kdb.Hub     // wakes QR sign-in waiters across processes
	waits       waits        // the long polls held open, by session or ticket
	push        *notify.Push // Web Push to the person's phones
	totpKey     []byte       // seals TOTP secrets (server_keys "totp")
	recoveryKey []byte       // HMACs recovery codes (server_keys "recovery")
	// seals the state of passkey sign-in ceremonies (server_keys "ceremony")
	ceremonySeal cipher.AEAD

	sessionByID *kdb.Prepared // lookup's statement (sessionSQL)
	loginTake   *kdb.Prepared // takeLoginCeremony's (loginTakeWith)
	// openSession's statements (openStatements)
	openFirst, openFirstPasskey *kdb.Prepared
	// Login's read before the hash (passwordReadWith, passwordReadAlso)
	passwordRead *kdb.Prepared
}

// New returns the service; call SetAccounts before serving.
func New(ctx context.Context, db *bun.DB, log *slog.Logger, cfg config.Config, hasher *Hasher, n *notify.Service) (*Service, error) {
	s := &Service{db: db, log: log, cfg: cfg, hasher: hasher, notify: n,
		throttle: NewThrottle(db, cfg.IPLimit, cfg.IPWindow)}
	var err error
	if s.journal, err = audit.New(cfg.JournalKey); err != nil {
		return nil, err
	}
	s.journal = s.journal.Anchored(cfg.JournalAnchorFile)
	if s.wa, err = newWebAuthn(cfg); err != nil {
		return nil, err
	}
	s.hub = kdb.NewHub(db, log, "kabinet_qr")
	s.sessionByID = kdb.Prepare("auth_session", s.sessionSQL())
	s.openStatements()
	if s.totpKey, err = kdb.ServerKey(ctx, db, "totp"); err != nil {
		return nil, err
	}
	if s.recoveryKey, err = kdb.ServerKey(ctx, db, "recovery"); err != nil {
		return nil, err
	}
	key, err := kdb.ServerKey(ctx, db, "ceremony")
	if err != nil {
		return nil, err
	}
	if s.ceremonySeal, err = newCeremonySeal(key); err != nil {
		return nil, err
	}
	return s, nil
}

// Journal returns the journal the services append to.
func (s *Service) Journal() *audit.Journal { return s.journal }

// SetPush connects the Web Push sender (sign-in approvals on the phone).
func (s *Service) SetPush(p *notify.Push) { s.push = p }

// Waiting is the number of long polls (sign-in approvals, QR sign-ins)
// this process holds open now.
func (s *Service) Waiting() int { return s.waits.total() }

// Hub returns the cross-process wake-up hub; the portal runs it.
func (s *Service) Hub() *kdb.Hub { return s.hub }

// SetAccounts connects the account service (which itself depends on auth).
func (s *Service) SetAccounts(a Accounts) {
	s.accounts = a
	s.loginTake = a.PrepareWith("auth_login_take", loginTakeWith, loginTakeID, loginTakeAlso)
	s.passwordRead = a.PrepareByLogin("auth_password_read", passwordReadWith, passwordReadAlso)
}

// Hasher returns the password hasher.
func (s *Service) Hasher() *Hasher { return s.hasher }

// Throttle returns the shared per-key attempt counter.
func (s *Service) Throttle() *Throttle { return s.throttle }

// Login checks a password sign-in. Without a second factor it opens a
// session, and returns it with the account; with one it answers a
// SecondFactorStep whose ticket SecondFactor redeems. Wrong password,
// unknown login and a locked password take the same time (one argon2id
// verification each), and the answer depends only on the failure count
// of the login, which unknown logins have too. prior is the session the
// browser came with (priorOf): a session opened here ends it in its own
// transaction. Before the hash it makes one statement (readLogin): the
// throttle's hit, the account, its failures and its second factors.
func (s *Service) Login(ctx context.Context, req shared.LoginRequest, m api.Meta, prior []byte) (string, *Session, shared.Account, *shared.SecondFactorStep, error) {
	var none shared.Account
	if err := req.Validate(); err != nil {
		if herr := s.throttle.Hit(ctx, "login:"+m.IP); herr != nil {
			return "", nil, none, nil, herr
		}
		return "", nil, none, nil, err
	}
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(req.Login))))
	loginKey := "login:" + hex.EncodeToString(sum[:])
	acc, full, read, err := s.readLogin(ctx, req.Login, loginKey, m)
	known := err == nil
	if err != nil && shared.ErrorCode(err) != shared.CodeNotFound {
		return "", nil, none, nil, err
	}
	if err := s.throttle.verdict(throttleHit{Hits: read.Hits, Start: read.WindowStart}); err != nil {
		return "", nil, none, nil, err
	}
	if known && acc.Status == shared.StatusPending {
		// A registration not finished yet (both contacts unconfirmed or
		// one) signs in nowhere: it answers as an unknown login, with the
		// same work (the dummy hash), so that signing in cannot tell a
		// registration with a taken contact (a decoy, no account) from a
		// new one. Its first session opens when its second contact is
		// confirmed (account.Verify).
		acc, full, known = LoginAccount{}, none, false
	}
	// Whether the key has failures counted, and whether they lock it: a
	// right password clears them, and only then is there a row to delete.
	key, failures := accountKey(acc.ID), read.AccountLocked
	if !known {
		key, failures = loginKey, read.LoginLocked
	}
	counted, locked := failures != nil, failures != nil && *failures
	ok, verr := s.hasher.Verify(ctx, acc.PasswordHash, req.Password)
	if verr != nil {
		return "", nil, none, nil, verr
	}
	if locked {
		return "", nil, none, nil, shared.E(shared.CodePasswordLocked)
	}
	if !ok {
		return "", nil, none, nil, s.fail(ctx, key, acc, known, m)
	}
	if acc.Status == shared.StatusBlocked {
		return "", nil, none, nil, shared.E(shared.CodeAccountBlocked)
	}
	if counted {
		if _, err := s.db.NewRaw("DELETE FROM password_failures WHERE key = ?", key).Exec(ctx); err != nil {
			return "", nil, none, nil, fmt.Errorf("auth.Login: %w", err)
		}
	}
	if methods := read.Factors.methods(); len(methods) > 0 {
		step, err := s.secondStep(ctx, acc.ID, methods, m)
		return "", nil, none, step, err
	}
	token, sess, err := s.openSession(ctx, s.db, acc, opening{methods: []string{"password"}, prior: prior}, m)
	if err != nil {
		return "", nil, none, nil, err
	}
	sess.factorKnown = true // and it has none
	return token, sess, full, nil, nil
}

// secondStep is the ticket of a password sign-in that needs a second
// factor, and the methods it may use.
func (s *Service) secondStep(ctx context.Context, accountID string, methods []string, m api.Meta) (*shared.SecondFactorStep, error) {
	if err := s.factorLocked(ctx, accountID); err != nil {
		return nil, err
	}
	// A phone signed in with a second factor can approve this one.
	phones, err := approvers(ctx, s.db, accountID)
	if err != nil {
		return nil, err
	}
	if len(phones) > 0 {
		at := 0
		if methods[0] == shared.FactorPasskey {
			at = 1
		}
		methods = slices.Insert(methods, at, shared.FactorPush)
	}
	return s.issueTicket(ctx, accountID, methods, m)
}

// ticketTTL is how long the second factor may take after the password.
const ticketTTL = 5 * time.Minute

func (s *Service) issueTicket(ctx context.Context, accountID string, methods []string, m api.Meta) (*shared.SecondFactorStep, error) {
	raw := make([]byte, 24)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	id := base64.RawURLEncoding.EncodeToString(raw)
	expires := time.Now().Add(ticketTTL).UTC().Truncate(time.Microsecond)
	_, err := s.db.NewRaw("INSERT INTO login_tickets (id, account_id, ip, user_agent, expires_at) VALUES (?, ?, ?, ?, ?)",
		id, accountID, m.IP, m.UserAgent, expires).Exec(ctx)
	if err != nil {
		return nil, fmt.Errorf("auth.issueTicket: %w", err)
	}
	return &shared.SecondFactorStep{Ticket: id, Methods: methods, ExpiresAt: expires}, nil
}

// SecondFactor finishes a sign-in with the ticket and the second factor.
// A ticket works once, for ticketTTL, and allows CodeTries wrong answers.
func (s *Service) SecondFactor(ctx context.Context, req shared.SecondFactorRequest, lang i18n.Lang, m api.Meta) (string, *Session, error) {
	if err := s.throttle.Hit(ctx, "login:"+m.IP); err != nil {
		return "", nil, err
	}
	if err := req.Validate(); err != nil {
		return "", nil, err
	}
	t, err := s.liveTicket(ctx, req.Ticket)
	if err != nil {
		return "", nil, err
	}
	acc, err := s.accounts.Get(ctx, t.AccountID)
	if err != nil {
		return "", nil, err
	}
	if acc.Status == shared.StatusBlocked {
		return "", nil, shared.E(shared.CodeAccountBlocked)
	}
	if err := s.factorLocked(ctx, acc.ID); err != nil {
		return "", nil, err
	}
	var token string
	var sess *Session
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := s.verifySecond(ctx, tx, acc, req, binding{purpose: purposeSecond, ticket: req.Ticket}, m); err != nil {
			return err
		}
		res, err := tx.NewRaw("UPDATE login_tickets SET consumed_at = now() WHERE id = ? AND consumed_at IS NULL", req.Ticket).Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return shared.E(shared.CodeCodeExpired) // used by a concurrent request
		}
		if _, err := tx.NewRaw("DELETE FROM password_failures WHERE key = ?", factorKey(acc.ID)).Exec(ctx); err != nil {
			return err
		}
		token, sess, err = s.openSession(ctx, tx, loginAccountOf(acc), opening{methods: []string{"password", req.Method}, stepUp: true}, m)
		return err
	})
	if c := shared.ErrorCode(err); c == shared.CodeCodeInvalid || c == shared.CodeNoFactor || c == shared.CodePasskeyFailed {
		var failures int
		if err := s.db.NewRaw("UPDATE login_tickets SET failures = failures + 1 WHERE id = ? RETURNING failures", req.Ticket).Scan(ctx, &failures); err != nil {
			return "", nil, fmt.Errorf("auth.SecondFactor: %w", err)
		}
		if err := s.failFactor(ctx, loginAccountOf(acc), req.Method, m); err != nil {
			return "", nil, err
		}
		left := s.cfg.CodeTries - failures
		if left <= 0 {
			return "", nil, shared.E(shared.CodeCodeExhausted)
		}
		if c == shared.CodePasskeyFailed {
			return "", nil, err
		}
		return "", nil, &shared.Error{Code: shared.CodeCodeInvalid, Fields: map[string]shared.FieldError{
			"code": {Code: shared.CodeCodeInvalid, Message: i18n.T(lang, "msg.code_left", left)}}}
	}
	return token, sess, err
}

// ticket is a sign-in waiting for its second factor.
type ticket struct {
	AccountID string    `bun:"account_id"`
	Failures  int       `bun:"failures"`
	ExpiresAt time.Time `bun:"expires_at"`
	Consumed  bool      `bun:"consumed"`
}

// liveTicket finds a ticket that may still be used: not used, not expired,
// not burnt by wrong answers.
func (s *Service) liveTicket(ctx context.Context, id string) (ticket, error) {
	var t ticket
	err := s.db.NewRaw("SELECT account_id, failures, expires_at, consumed_at IS NOT NULL AS consumed FROM login_tickets WHERE id = ?", id).Scan(ctx, &t)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return t, shared.E(shared.CodeCodeExpired)
	case err != nil:
		return t, fmt.Errorf("auth.liveTicket: %w", err)
	case t.Consumed || time.Now().After(t.ExpiresAt):
		return t, shared.E(shared.CodeCodeExpired)
	case t.Failures >= s.cfg.CodeTries:
		return t, shared.E(shared.CodeCodeExhausted)
	}
	return t, nil
}

// loginAccountOf is what sign-in needs of an account already loaded.
func loginAccountOf(a shared.Account) LoginAccount {
	la := LoginAccount{ID: a.ID, Status: a.Status, Lang: i18n.RU}
	if a.PhoneConfirmed {
		la.Phone = a.Phone
	}
	if a.EmailConfirmed {
		la.Email = a.Email
	}
	return la
}

// fail counts a wrong password and locks the password at the threshold.
// One statement decides (so concurrent attempts cannot lose a count): it
// counts only while the password is not locked, so the counter stops at
// the threshold, and it sets locked_until only on the step that reaches
// it. A request that passed Login's lock check while another one was
// locking finds no row to count: it is answered as locked and writes
// nothing, so one lock is one journal entry and one notice per channel.
func (s *Service) fail(ctx context.Context, key string, acc LoginAccount, known bool, m api.Meta) error {
	var failures int
	var lockedUntil *time.Time
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var err error
		failures, lockedUntil, err = s.countFailure(ctx, tx, key, s.cfg.LockoutThreshold)
		if errors.Is(err, sql.ErrNoRows) {
			return shared.E(shared.CodePasswordLocked) // locked by a concurrent attempt
		}
		if err != nil {
			return err
		}
		return s.journalFailure(ctx, tx, key, acc, known, failures, lockedUntil, m)
	})
	switch {
	case shared.ErrorCode(err) == shared.CodePasswordLocked:
		return err
	case err != nil:
		return fmt.Errorf("auth.fail: %w", err)
	case lockedUntil != nil:
		return shared.E(shared.CodePasswordLocked)
	}
	return shared.E(shared.CodeInvalidCredentials)
}

// countFailure adds one failure to key's counter in one statement and
// sets locked_until (LOCKOUT_DURATION) on the failure that reaches
// threshold. A key already locked is not counted: sql.ErrNoRows.
func (s *Service) countFailure(ctx context.Context, db bun.IDB, key string, threshold int) (int, *time.Time, error) {
	var failures int
	var lockedUntil *time.Time
	lockFor := fmt.Sprintf("%d seconds", int(s.cfg.LockoutDuration.Seconds()))
	err := db.NewRaw(`
		INSERT INTO password_failures AS pf (key, failures, locked_until, updated_at)
		VALUES (?0, 1, CASE WHEN 1 >= ?1 THEN now() + ?2::interval END, now())
		ON CONFLICT (key) DO UPDATE SET
			failures = CASE WHEN pf.locked_until <= now() THEN 1 ELSE pf.failures + 1 END,
			locked_until = CASE WHEN (CASE WHEN pf.locked_until <= now() THEN 1 ELSE pf.failures + 1 END) >= ?1
				THEN now() + ?2::interval END,
			updated_at = now()
		WHERE pf.locked_until IS NULL OR pf.locked_until <= now()
		RETURNING failures, locked_until`, key, threshold, lockFor).Scan(ctx, &failures, &lockedUntil)
	return failures, lockedUntil, err
}

// journalFailure records a counted wrong password and, on the attempt
// that locked the password, tells the owner.
func (s *Service) journalFailure(ctx context.Context, tx bun.Tx, key string, acc LoginAccount, known bool, failures int, lockedUntil *time.Time, m api.Meta) error {
	kind := shared.JournalLoginFailed
	if lockedUntil != nil {
		kind = shared.JournalLocked
	}
	entry := audit.Entry{Kind: kind, IP: m.IP, UserAgent: m.UserAgent,
		Details: map[string]string{"failures": fmt.Sprint(failures)}}
	if known {
		entry.AccountID = acc.ID
	} else {
		entry.Details["login"] = key
	}
	if err := s.journal.Append(ctx, tx, entry); err != nil {
		return err
	}
	if known && lockedUntil != nil {
		return s.notifyLocked(ctx, tx, acc, *lockedUntil)
	}
	return nil
}

// notifyLocked tells the owner through every confirmed channel, with the
// way out: recover the password, which also lifts the lock.
func (s *Service) notifyLocked(ctx context.Context, db bun.IDB, acc LoginAccount, until time.Time) error {
	when := shared.FormatDateTime(until.In(shared.Moscow), string(acc.Lang))
	return s.tellOwner(ctx, db, acc, "msg.locked",
		[]any{s.cfg.LockoutThreshold, when, s.cfg.PublicURL + "/recover"}, []any{s.cfg.LockoutThreshold, when})
}

// tellOwner sends the account's owner the message key ("<key>.subject",
// "<key>.body" by e-mail and "<key>.sms" by SMS) to every contact it has:
// the security notices go everywhere, so that one read by a thief is
// still read by the owner somewhere.
func (s *Service) tellOwner(ctx context.Context, db bun.IDB, acc LoginAccount, key string, bodyArgs, smsArgs []any) error {
	if acc.Email != "" {
		err := s.notify.Send(ctx, db, notify.Message{AccountID: acc.ID, Channel: shared.ChannelEmail, To: acc.Email,
			Subject: i18n.T(acc.Lang, key+".subject"), Body: i18n.T(acc.Lang, key+".body", bodyArgs...)})
		if err != nil {
			return err
		}
	}
	if acc.Phone != "" {
		return s.notify.Send(ctx, db, notify.Message{AccountID: acc.ID, Channel: shared.ChannelSMS, To: acc.Phone,
			Body: i18n.T(acc.Lang, key+".sms", smsArgs...)})
	}
	return nil
}

// contactsOf is the account's confirmed contacts and language, the way
// tellOwner takes them.
func contactsOf(acc shared.Account) LoginAccount {
	c := LoginAccount{ID: acc.ID, Lang: i18n.Lang(acc.Lang)}
	if acc.EmailConfirmed {
		c.Email = acc.Email
	}
	if acc.PhoneConfirmed {
		c.Phone = acc.Phone
	}
	return c
}

// ClearFailures lifts a password lock and a second-step lock (after a
// successful recovery: the code came to the owner's phone or e-mail, and
// the password whoever was guessing held is no longer good).
func (s *Service) ClearFailures(ctx context.Context, db bun.IDB, accountID string) error {
	_, err := db.NewRaw("DELETE FROM password_failures WHERE key IN (?, ?)", "acct:"+accountID, factorKey(accountID)).Exec(ctx)
	return err
}

// Logout ends the session and journals it, with the account's journal
// chain lock taken first (lockChainFirst): a sign-in over SESSION_MAX
// that ends this very session, beside it, deadlocked with it before.
func (s *Service) Logout(ctx context.Context, sess *Session, m api.Meta) error {
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := lockChainFirst(ctx, tx, sess.AccountID); err != nil {
			return err
		}
		if err := s.Revoke(ctx, tx, sess.ID, "logout"); err != nil {
			return err
		}
		return s.journal.Append(ctx, tx, audit.Entry{AccountID: sess.AccountID, Kind: shared.JournalLogout, IP: m.IP, UserAgent: m.UserAgent})
	})
}
