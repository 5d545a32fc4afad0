package auth

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"
	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/server/config"
	kdb "kabinet/server/db"
	"kabinet/shared"
)

// ceremonyTTL is how long the browser has between the options and the
// answer of a WebAuthn ceremony (the person finds the phone, touches the
// sensor).
const ceremonyTTL = 5 * time.Minute

// Ceremony purposes (webauthn_ceremonies.purpose).
const (
	purposeRegister = "register" // add a passkey; bound to the session
	purposeLogin    = "login"    // sign in without a login; bound to nothing
	purposeSecond   = "second"   // second factor; bound to the sign-in ticket
	purposeStepUp   = "stepup"   // step-up; bound to the session
)

// RPID is the WebAuthn relying party id for the configuration: the host of
// PUBLIC_URL, where a loopback address becomes "localhost" (browsers take
// no IP address as an RP id, and http://localhost is a secure context).
func RPID(cfg config.Config) string {
	if cfg.WebAuthnRPID != "" {
		return cfg.WebAuthnRPID
	}
	u, err := url.Parse(cfg.PublicURL)
	if err != nil {
		return "localhost"
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return "localhost"
	}
	return host
}

func newWebAuthn(cfg config.Config) (*webauthn.WebAuthn, error) {
	timeout := webauthn.TimeoutConfig{Enforce: true, Timeout: ceremonyTTL, TimeoutUVD: ceremonyTTL}
	wa, err := webauthn.New(&webauthn.Config{
		RPID:          RPID(cfg),
		RPDisplayName: "Кабинет",
		RPOrigins:     cfg.Origins,
		AuthenticatorSelection: protocol.AuthenticatorSelection{
			ResidentKey:        protocol.ResidentKeyRequirementRequired,
			RequireResidentKey: protocol.ResidentKeyRequired(),
			UserVerification:   protocol.VerificationRequired,
		},
		AttestationPreference: protocol.PreferNoAttestation,
		Timeouts:              webauthn.TimeoutsConfig{Login: timeout, Registration: timeout},
	})
	if err != nil {
		return nil, fmt.Errorf("auth: WebAuthn configuration: %w", err)
	}
	return wa, nil
}

// waUser is an account as go-webauthn sees it.
type waUser struct {
	id      string // account id
	handle  []byte
	name    string // shown by the authenticator's account picker
	display string
	creds   []webauthn.Credential
}

func (u *waUser) WebAuthnID() []byte                         { return u.handle }
func (u *waUser) WebAuthnName() string                       { return u.name }
func (u *waUser) WebAuthnDisplayName() string                { return u.display }
func (u *waUser) WebAuthnCredentials() []webauthn.Credential { return u.creds }

// handleOf returns the account's WebAuthn user handle, creating a random
// 64-byte one on first use. Once the handle exists this writes nothing
// (DO NOTHING takes no row lock and commits no change): every passkey
// ceremony asks for it, sign-ins included.
func handleOf(ctx context.Context, db bun.IDB, accountID string) ([]byte, error) {
	fresh := make([]byte, 64)
	if _, err := rand.Read(fresh); err != nil {
		return nil, err
	}
	var h []byte
	err := db.NewRaw(`WITH made AS (INSERT INTO webauthn_users (account_id, handle) VALUES (?0, ?1)
			ON CONFLICT (account_id) DO NOTHING RETURNING handle)
		SELECT handle FROM made UNION ALL SELECT handle FROM webauthn_users WHERE account_id = ?0`, accountID, fresh).Scan(ctx, &h)
	if errors.Is(err, sql.ErrNoRows) {
		// Made by another ceremony after this statement's snapshot: the
		// next statement sees it.
		err = db.NewRaw("SELECT handle FROM webauthn_users WHERE account_id = ?", accountID).Scan(ctx, &h)
	}
	if err != nil {
		return nil, fmt.Errorf("auth.handleOf: %w", err)
	}
	return h, nil
}

type passkeyRow struct {
	bun.BaseModel `bun:"table:passkeys"`

	ID         []byte              `bun:"id,pk"`
	AccountID  string              `bun:"account_id,type:uuid"`
	Name       string              `bun:"name"`
	PublicKey  []byte              `bun:"public_key"`
	AAGUID     []byte              `bun:"aaguid"`
	Transports []string            `bun:"transports,array"`
	Record     webauthn.Credential `bun:"record,type:jsonb" json:"record"`
	CreatedIP  string              `bun:"created_ip"`
	CreatedUA  string              `bun:"created_ua"`
	CreatedAt  time.Time           `bun:"created_at,nullzero,default:now()"`

	// What each sign-in writes back, kept apart in passkey_state (a
	// narrow row, so that the write is small): read with selectPasskeys.
	SignCount      int64      `bun:"sign_count,scanonly" json:"sign_count"`
	UserVerified   bool       `bun:"user_verified,scanonly" json:"user_verified"`
	BackupEligible bool       `bun:"backup_eligible,scanonly" json:"backup_eligible"`
	BackupState    bool       `bun:"backup_state,scanonly" json:"backup_state"`
	LastUsedAt     *time.Time `bun:"last_used_at,scanonly"`
}

// selectPasskeys selects passkeys rows into rows with their state.
func selectPasskeys(db bun.IDB, rows *[]passkeyRow) *bun.SelectQuery {
	return db.NewSelect().Model(rows).ColumnExpr("?TableAlias.*").
		ColumnExpr("s.sign_count, s.user_verified, s.backup_eligible, s.backup_state, s.last_used_at").
		Join("JOIN passkey_state AS s ON s.passkey_id = ?TableAlias.id")
}

// insertPasskey stores a new passkey with its state.
func insertPasskey(ctx context.Context, db bun.IDB, row *passkeyRow) error {
	if _, err := db.NewInsert().Model(row).Returning("created_at").Exec(ctx); err != nil {
		return err
	}
	_, err := db.NewRaw(`INSERT INTO passkey_state (passkey_id, sign_count, user_verified, backup_eligible, backup_state)
		VALUES (?, ?, ?, ?, ?)`, row.ID, row.SignCount, row.UserVerified, row.BackupEligible, row.BackupState).Exec(ctx)
	return err
}

// credential is the stored record with what sign-ins have updated since.
func (r passkeyRow) credential() (webauthn.Credential, error) {
	c := r.Record
	c.Authenticator.SignCount = uint32(r.SignCount)
	c.Flags.UserVerified, c.Flags.BackupEligible, c.Flags.BackupState = r.UserVerified, r.BackupEligible, r.BackupState
	return c, nil
}

// waUserOf loads the account's handle and passkeys.
func (s *Service) waUserOf(ctx context.Context, db bun.IDB, acc shared.Account) (*waUser, error) {
	h, err := handleOf(ctx, db, acc.ID)
	if err != nil {
		return nil, err
	}
	return s.waUserWith(ctx, db, acc, h)
}

// waUserWith loads the account's passkeys, its handle h already known.
func (s *Service) waUserWith(ctx context.Context, db bun.IDB, acc shared.Account, h []byte) (*waUser, error) {
	var rows []passkeyRow
	if err := selectPasskeys(db, &rows).Where("account_id = ?", acc.ID).Order("created_at").Scan(ctx); err != nil {
		return nil, fmt.Errorf("auth.waUserOf: %w", err)
	}
	return s.waUserFrom(acc, h, rows), nil
}

// waUserFrom is the account with its handle h and passkeys rows.
func (s *Service) waUserFrom(acc shared.Account, h []byte, rows []passkeyRow) *waUser {
	u := &waUser{id: acc.ID, handle: h, name: acc.Email, display: acc.LastName + " " + acc.FirstName}
	if u.name == "" {
		u.name = acc.Phone
	}
	for _, r := range rows {
		c, _ := r.credential()
		u.creds = append(u.creds, c)
	}
	return u
}

// ceremony is a stored ceremony's state and what it is bound to.
type ceremony struct {
	AccountID *string `bun:"account_id"`
	SessionID []byte  `bun:"session_id"`
	Ticket    *string `bun:"ticket"`
	Data      []byte  `bun:"data"`
}

// newCeremony is a new ceremony's random id, its state as JSON and when
// it expires.
func newCeremony(sd *webauthn.SessionData) (id string, data []byte, expires time.Time, err error) {
	raw := make([]byte, 24)
	if _, err := rand.Read(raw); err != nil {
		return "", nil, time.Time{}, err
	}
	if data, err = json.Marshal(sd); err != nil {
		return "", nil, time.Time{}, err
	}
	return base64.RawURLEncoding.EncodeToString(raw), data, time.Now().Add(ceremonyTTL).UTC().Truncate(time.Microsecond), nil
}

// saveCeremony stores the state of a ceremony that has just begun.
func saveCeremony(ctx context.Context, db bun.IDB, purpose string, accountID string, sessionID []byte, ticket string, sd *webauthn.SessionData) (string, time.Time, error) {
	id, data, expires, err := newCeremony(sd)
	if err != nil {
		return "", time.Time{}, err
	}
	_, err = db.NewRaw(`INSERT INTO webauthn_ceremonies (id, purpose, account_id, session_id, ticket, data, expires_at)
		SELECT ?, ?, ?, ?, ?, ?, ? FROM `+asyncCommit, id, purpose, nullable(accountID), sessionID, nullable(ticket), string(data), expires).Exec(ctx)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("auth.saveCeremony: %w", err)
	}
	return id, expires, nil
}

// asyncCommit, joined into a statement run on its own, commits that
// statement without waiting for the disk (set_config's local value holds
// until the commit reads it). A ceremony is one-use state of a few
// minutes: its rows need not cost a flush each, and a sign-in's or a
// registration's own commit flushes the log up to itself, so the ceremony
// it used up is durable with it. Only a ceremony made, or used up by a
// failed answer, in the last fraction of a second before a crash can be
// lost — the person starts again.
const asyncCommit = `(SELECT set_config('synchronous_commit', 'off', true)) AS async_commit`

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// takeCeremony consumes a ceremony of the purpose: once, before it expires.
// A used, expired or unknown ceremony is CodeCodeExpired (start again).
// It runs on its own (autocommit), never inside the transaction that then
// checks the answer: a wrong answer must burn the challenge too, and that
// transaction rolls back.
func (s *Service) takeCeremony(ctx context.Context, id, purpose string) (ceremony, webauthn.SessionData, error) {
	var c takenCeremony
	err := s.db.NewRaw(`UPDATE webauthn_ceremonies SET consumed_at = now() FROM `+asyncCommit+`
		WHERE id = ? AND purpose = ? AND consumed_at IS NULL AND expires_at > now()
		RETURNING true AS taken, account_id, session_id, ticket, data`, id, purpose).Scan(ctx, &c)
	if errors.Is(err, sql.ErrNoRows) {
		err = nil // c.Taken is false
	}
	return c.decode(err)
}

// takenCeremony is what the statements that take a ceremony return.
type takenCeremony struct {
	throttleHit
	ceremony
	Taken bool `bun:"taken"`
}

func (c takenCeremony) decode(err error) (ceremony, webauthn.SessionData, error) {
	var sd webauthn.SessionData
	switch {
	case shared.ErrorCode(err) == shared.CodeRateLimited:
		return c.ceremony, sd, err
	case err != nil:
		return c.ceremony, sd, fmt.Errorf("auth.takeCeremony: %w", err)
	case !c.Taken:
		return c.ceremony, sd, shared.E(shared.CodeCodeExpired)
	}
	if err := json.Unmarshal(c.Data, &sd); err != nil {
		return c.ceremony, sd, fmt.Errorf("auth.takeCeremony: %w", err)
	}
	return c.ceremony, sd, nil
}

func options(ceremonyID string, expires time.Time, v any) (shared.PasskeyOptions, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return shared.PasskeyOptions{}, err
	}
	return shared.PasskeyOptions{Ceremony: ceremonyID, Options: b, ExpiresAt: expires}, nil
}

// Fresh reports whether the session proved a second factor within the
// step-up window (what RequireStepUp lets through).
func Fresh(sess *Session) bool { return sess != nil && fresh(sess) }

// fresh reports whether the session proved a second factor within the
// step-up window.
func fresh(sess *Session) bool {
	return !sess.StepUpAt.IsZero() && time.Since(sess.StepUpAt) <= shared.StepUpWindow
}

// BeginPasskey starts adding a passkey: a sensitive action, a step-up
// beside another factor, the password again for the first (RequireFresh).
func (s *Service) BeginPasskey(ctx context.Context, sess *Session, acc shared.Account, req shared.PasskeyBeginRequest, m api.Meta) (shared.PasskeyOptions, error) {
	if sess.KioskID != nil || m.KioskID != "" {
		return shared.PasskeyOptions{}, shared.E(shared.CodePasskeyKiosk) // a shared screen keeps no one's keys
	}
	if err := req.Validate(); err != nil {
		return shared.PasskeyOptions{}, err
	}
	if err := s.RequireFresh(ctx, s.db, sess); err != nil {
		return shared.PasskeyOptions{}, err
	}
	u, err := s.waUserOf(ctx, s.db, acc)
	if err != nil {
		return shared.PasskeyOptions{}, err
	}
	var exclude []protocol.CredentialDescriptor
	for _, c := range u.creds {
		exclude = append(exclude, c.Descriptor())
	}
	creation, sd, err := s.wa.BeginRegistration(u, webauthn.WithExclusions(exclude),
		webauthn.WithResidentKeyRequirement(protocol.ResidentKeyRequirementRequired))
	if err != nil {
		return shared.PasskeyOptions{}, fmt.Errorf("auth.BeginPasskey: %w", err)
	}
	id, expires, err := saveCeremony(ctx, s.db, purposeRegister, acc.ID, sess.ID, "", sd)
	if err != nil {
		return shared.PasskeyOptions{}, err
	}
	return options(id, expires, creation)
}

// verifyRegistration uses up the session's registration ceremony and
// checks the authenticator's answer against it; the credential has user
// verification.
func (s *Service) verifyRegistration(ctx context.Context, sess *Session, acc shared.Account, id string,
	parsed *protocol.ParsedCredentialCreationData) (*webauthn.Credential, error) {
	c, sd, err := s.takeCeremony(ctx, id, purposeRegister)
	if err != nil {
		return nil, err
	}
	if c.AccountID == nil || *c.AccountID != acc.ID || string(c.SessionID) != string(sess.ID) {
		return nil, shared.E(shared.CodeCodeExpired) // another session's ceremony
	}
	u, err := s.waUserOf(ctx, s.db, acc)
	if err != nil {
		return nil, err
	}
	cred, err := s.wa.CreateCredential(u, sd, parsed)
	if err != nil {
		s.log.Debug("passkey registration did not verify", "err", describe(err))
		return nil, shared.E(shared.CodePasskeyFailed)
	}
	if !cred.Flags.UserVerified {
		return nil, shared.E(shared.CodePasskeyFailed)
	}
	return cred, nil
}

// FinishPasskey verifies the authenticator's answer and stores the passkey.
func (s *Service) FinishPasskey(ctx context.Context, sess *Session, acc shared.Account, req shared.PasskeyRegisterRequest, m api.Meta) (shared.Passkey, error) {
	if sess.KioskID != nil || m.KioskID != "" {
		return shared.Passkey{}, shared.E(shared.CodePasskeyKiosk)
	}
	if err := req.Validate(); err != nil {
		return shared.Passkey{}, err
	}
	parsed, err := protocol.ParseCredentialCreationResponseBytes(req.Credential)
	if err != nil {
		s.log.Debug("passkey registration: unparsable answer", "err", err)
		return shared.Passkey{}, shared.E(shared.CodePasskeyFailed)
	}
	// Verified before the transaction, as a sign-in is: the ceremony is
	// used up by its own statement either way, and a transaction that
	// waited on it held a second connection of the pool meanwhile.
	cred, err := s.verifyRegistration(ctx, sess, acc, req.Ceremony, parsed)
	if err != nil {
		return shared.Passkey{}, err
	}
	var out shared.Passkey
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		transports := make([]string, len(cred.Transport))
		for i, t := range cred.Transport {
			transports[i] = string(t)
		}
		row := passkeyRow{ID: cred.ID, AccountID: acc.ID, Name: shared.NormalizePasskeyName(req.Name), PublicKey: cred.PublicKey,
			AAGUID: cred.Authenticator.AAGUID, Transports: transports, SignCount: int64(cred.Authenticator.SignCount),
			UserVerified: cred.Flags.UserVerified, BackupEligible: cred.Flags.BackupEligible, BackupState: cred.Flags.BackupState,
			Record: *cred, CreatedIP: m.IP, CreatedUA: m.UserAgent}
		if row.AAGUID == nil {
			row.AAGUID = []byte{}
		}
		if err := insertPasskey(ctx, tx, &row); err != nil {
			return fmt.Errorf("auth.FinishPasskey: %w", err)
		}
		// Proving a new factor with user verification is a fresh step-up.
		if err := s.stepUp(ctx, tx, sess); err != nil {
			return err
		}
		out = passkeyOf(row)
		if err := s.journal.Append(ctx, tx, audit.Entry{AccountID: acc.ID, Kind: shared.JournalPasskeyAdded, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"name": row.Name}}); err != nil {
			return err
		}
		return s.tell(ctx, tx, acc, "msg.passkey_added")
	})
	return out, err
}

func passkeyOf(r passkeyRow) shared.Passkey {
	p := shared.Passkey{ID: base64.RawURLEncoding.EncodeToString(r.ID), Name: r.Name, Synced: r.BackupState, CreatedAt: r.CreatedAt}
	if r.LastUsedAt != nil {
		p.LastUsedAt = *r.LastUsedAt
	}
	return p
}

// Passkeys lists the account's passkeys, newest first.
func (s *Service) Passkeys(ctx context.Context, accountID string) (shared.PasskeyList, error) {
	var rows []passkeyRow
	if err := selectPasskeys(s.db, &rows).Where("account_id = ?", accountID).Order("created_at DESC").Scan(ctx); err != nil {
		return shared.PasskeyList{}, fmt.Errorf("auth.Passkeys: %w", err)
	}
	out := shared.PasskeyList{Items: make([]shared.Passkey, len(rows))}
	for i, r := range rows {
		out.Items[i] = passkeyOf(r)
	}
	return out, nil
}

// RemovePasskey deletes one of the account's passkeys (step-up). Another
// account's passkey id is CodeNotFound, the same as no passkey at all.
func (s *Service) RemovePasskey(ctx context.Context, acc shared.Account, id string, m api.Meta) error {
	raw, err := base64.RawURLEncoding.DecodeString(id)
	if err != nil || len(raw) == 0 {
		return shared.E(shared.CodeNotFound)
	}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var name string
		err := tx.NewRaw("DELETE FROM passkeys WHERE id = ? AND account_id = ? RETURNING name", raw, acc.ID).Scan(ctx, &name)
		if errors.Is(err, sql.ErrNoRows) {
			return shared.E(shared.CodeNotFound)
		}
		if err != nil {
			return fmt.Errorf("auth.RemovePasskey: %w", err)
		}
		if err := s.journal.Append(ctx, tx, audit.Entry{AccountID: acc.ID, Kind: shared.JournalPasskeyRemoved, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"name": name}}); err != nil {
			return err
		}
		return s.tell(ctx, tx, acc, "msg.passkey_removed")
	})
}

// BeginPasskeyLogin starts a passkey sign-in: without a ticket for any
// passkey of the site (the browser shows its own account picker, or
// autofill offers them), with the ticket of a right password for the
// passkeys of that account (the second factor).
func (s *Service) BeginPasskeyLogin(ctx context.Context, req shared.PasskeyLoginOptionsRequest, m api.Meta) (shared.PasskeyOptions, error) {
	uv := webauthn.WithUserVerification(protocol.VerificationRequired)
	if req.Ticket == "" {
		assertion, sd, err := s.wa.BeginDiscoverableLogin(uv)
		if err != nil {
			return shared.PasskeyOptions{}, fmt.Errorf("auth.BeginPasskeyLogin: %w", err)
		}
		// Sealed, not stored (see sealLoginCeremony): asking writes
		// nothing, so only the answer counts as an attempt.
		id, expires, err := s.sealLoginCeremony(sd)
		if err != nil {
			return shared.PasskeyOptions{}, err
		}
		return options(id, expires, assertion)
	}
	if err := s.throttle.Hit(ctx, "login:"+m.IP); err != nil {
		return shared.PasskeyOptions{}, err
	}
	t, err := s.liveTicket(ctx, req.Ticket)
	if err != nil {
		return shared.PasskeyOptions{}, err
	}
	acc, err := s.accounts.Get(ctx, t.AccountID)
	if err != nil {
		return shared.PasskeyOptions{}, err
	}
	return s.beginAssertion(ctx, acc, purposeSecond, nil, req.Ticket)
}

// BeginPasskeyStepUp starts a step-up with one of the account's passkeys.
func (s *Service) BeginPasskeyStepUp(ctx context.Context, sess *Session, acc shared.Account) (shared.PasskeyOptions, error) {
	return s.beginAssertion(ctx, acc, purposeStepUp, sess.ID, "")
}

// beginAssertion asks for one of the account's own passkeys.
func (s *Service) beginAssertion(ctx context.Context, acc shared.Account, purpose string, sessionID []byte, ticket string) (shared.PasskeyOptions, error) {
	u, err := s.waUserOf(ctx, s.db, acc)
	if err != nil {
		return shared.PasskeyOptions{}, err
	}
	if len(u.creds) == 0 {
		return shared.PasskeyOptions{}, shared.E(shared.CodeNoFactor)
	}
	assertion, sd, err := s.wa.BeginLogin(u, webauthn.WithUserVerification(protocol.VerificationRequired))
	if err != nil {
		return shared.PasskeyOptions{}, fmt.Errorf("auth.beginAssertion: %w", err)
	}
	id, expires, err := saveCeremony(ctx, s.db, purpose, acc.ID, sessionID, ticket, sd)
	if err != nil {
		return shared.PasskeyOptions{}, err
	}
	return options(id, expires, assertion)
}

// PasskeyLogin signs in with a passkey alone. User verification makes it
// two factors in one (the device and its PIN or biometrics), so the
// session counts as freshly stepped up. A password lockout does not apply:
// it locks the password, not the person. prior is the session the browser
// came with (priorOf): it ends in the sign-in's transaction. The account
// is returned for the answer.
func (s *Service) PasskeyLogin(ctx context.Context, req shared.PasskeyLoginRequest, m api.Meta, prior []byte) (string, *Session, shared.Account, error) {
	key := "login:" + m.IP
	var parsed *protocol.ParsedCredentialAssertionData
	err := req.Validate()
	if err == nil {
		if parsed, err = protocol.ParseCredentialRequestResponseBytes(req.Credential); err != nil {
			s.log.Debug("passkey sign-in: unparsable answer", "err", err)
			err = shared.E(shared.CodePasskeyFailed)
		}
	}
	if err != nil { // the attempt counts all the same
		if herr := s.throttle.Hit(ctx, key); herr != nil {
			return "", nil, shared.Account{}, herr
		}
		return "", nil, shared.Account{}, err
	}
	// The ceremony is taken and the answer verified before the transaction,
	// on their own connections: a transaction that held one connection while
	// these asked for another would starve the pool under a burst of
	// sign-ins (each waiting for a connection the others hold).
	sd, taken, err := s.takeLoginCeremony(ctx, key, req.Ceremony, parsed.Response.UserHandle)
	if err != nil {
		return "", nil, shared.Account{}, err
	}
	var token string
	var sess *Session
	acc, cred, failedFor, err := s.verifyPasskeyLogin(sd, taken, parsed)
	if err == nil && cred.Authenticator.CloneWarning {
		s.log.Warn("passkey sign count went backwards: possible clone", "account", acc.ID)
		err, failedFor = shared.E(shared.CodePasskeyFailed), acc.ID
	}
	if err == nil && acc.Status == shared.StatusBlocked {
		err = shared.E(shared.CodeAccountBlocked)
	}
	if err == nil {
		// The sign count is written in the session's statement; a
		// passkey deleted meanwhile fails the sign-in.
		unknown := shared.E(shared.CodePasskeyUnknown)
		token, sess, err = s.openSession(ctx, s.db, loginAccountOf(acc), opening{methods: []string{shared.FactorPasskey}, stepUp: true,
			prior: prior, first: s.openFirstPasskey, firstArgs: usePasskeyArgs(cred), firstErr: unknown}, m)
		if errors.Is(err, unknown) {
			err, failedFor = s.notUsed(ctx, s.db, acc.ID, cred), acc.ID
		}
	}
	if failedFor != "" {
		_ = s.journal.Append(ctx, s.db, audit.Entry{AccountID: failedFor, Kind: shared.JournalPasskeyFailed, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"for": "login"}})
	}
	if err != nil {
		return "", nil, shared.Account{}, err
	}
	sess.factorKnown, sess.hasFactor = true, true // the passkey just used
	return token, sess, acc, nil
}

// verifyPasskeyLogin checks a sign-in answer against the passkeys of the
// account its user handle names, read with the ceremony's use (taken);
// failedFor is that account when one of its passkeys answered wrongly
// (for the journal).
func (s *Service) verifyPasskeyLogin(sd webauthn.SessionData, taken loginTaken, parsed *protocol.ParsedCredentialAssertionData) (
	acc shared.Account, cred *webauthn.Credential, failedFor string, err error) {
	known := false // the credential is one of the account's
	handler := func(rawID, userHandle []byte) (webauthn.User, error) {
		// No account, or no passkey left, is an unknown key; so is a
		// handle other than the one the account was read for.
		if !taken.found || len(taken.passkeys) == 0 || !bytes.Equal(userHandle, taken.handle) {
			return nil, sql.ErrNoRows
		}
		acc = taken.acc
		u := s.waUserFrom(acc, userHandle, taken.passkeys)
		known = slices.ContainsFunc(u.creds, func(c webauthn.Credential) bool { return bytes.Equal(c.ID, rawID) })
		return u, nil
	}
	_, cred, err = s.wa.ValidatePasskeyLogin(handler, sd, parsed)
	if err != nil {
		s.log.Debug("passkey sign-in did not verify", "err", describe(err))
		if !known {
			return acc, nil, "", shared.E(shared.CodePasskeyUnknown)
		}
		return acc, nil, acc.ID, shared.E(shared.CodePasskeyFailed)
	}
	return acc, cred, "", nil
}

// passkeysJSON is what a sign-in needs of the passkeys of the account a,
// oldest first, as JSON in passkeyRow's form (see takeLoginCeremony). The
// registration's attestation (client data, authenticator data, the
// attestation object: most of a record) is left out: an assertion is
// checked against the public key, the flags, the counter and the
// attestation's format and type, which are fields of their own.
const passkeysJSON = `SELECT json_agg(json_build_object('record', p.record - 'attestation', 'sign_count', s.sign_count,
	'user_verified', s.user_verified, 'backup_eligible', s.backup_eligible, 'backup_state', s.backup_state) ORDER BY p.created_at)
	FROM passkeys AS p JOIN passkey_state AS s ON s.passkey_id = p.id WHERE p.account_id = a.id`

// checkPasskey verifies an answer from one of acc's passkeys in a
// ceremony of the purpose bound to the ticket or the session.
func (s *Service) checkPasskey(ctx context.Context, tx bun.IDB, acc shared.Account, req shared.SecondFactorRequest, b binding) error {
	parsed, err := protocol.ParseCredentialRequestResponseBytes(req.Credential)
	if err != nil {
		return shared.E(shared.CodePasskeyFailed)
	}
	c, sd, err := s.takeCeremony(ctx, req.Ceremony, b.purpose)
	if err != nil {
		return err
	}
	if c.AccountID == nil || *c.AccountID != acc.ID ||
		(b.ticket != "" && (c.Ticket == nil || *c.Ticket != b.ticket)) ||
		(b.sessionID != nil && string(c.SessionID) != string(b.sessionID)) {
		return shared.E(shared.CodeCodeExpired)
	}
	u, err := s.waUserOf(ctx, tx, acc)
	if err != nil {
		return err
	}
	cred, err := s.wa.ValidateLogin(u, sd, parsed)
	if err != nil {
		s.log.Debug("passkey assertion did not verify", "err", describe(err))
		return shared.E(shared.CodePasskeyFailed)
	}
	return s.usePasskey(ctx, tx, acc.ID, cred)
}

// usePasskey writes back what the sign-in changed: the sign count, the
// flags and the time of use. A counter that went backwards means the key
// may have been copied: the sign-in is refused.
func (s *Service) usePasskey(ctx context.Context, tx bun.IDB, accountID string, cred *webauthn.Credential) error {
	if cred.Authenticator.CloneWarning {
		s.log.Warn("passkey sign count went backwards: possible clone", "account", accountID)
		return shared.E(shared.CodePasskeyFailed)
	}
	res, err := tx.NewRaw(kdb.Positional(usePasskeySQL), usePasskeyArgs(cred)...).Exec(ctx)
	if err != nil {
		return fmt.Errorf("auth.usePasskey: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return s.notUsed(ctx, tx, accountID, cred)
	}
	return nil
}

// notUsed is the error of a passkey use whose write (usePasskeySQL) found
// no row: the passkey was removed meanwhile (CodePasskeyUnknown), or
// another answer with the same or a higher counter was written since this
// one's was read — the key may have been copied, and the sign-in is
// refused as one whose counter went backwards.
func (s *Service) notUsed(ctx context.Context, db bun.IDB, accountID string, cred *webauthn.Credential) error {
	var there bool
	if err := db.NewRaw("SELECT EXISTS (SELECT FROM passkey_state WHERE passkey_id = ?)", cred.ID).Scan(ctx, &there); err != nil {
		return fmt.Errorf("auth.usePasskey: %w", err)
	}
	if !there {
		return shared.E(shared.CodePasskeyUnknown)
	}
	s.log.Warn("passkey sign count overtaken by another answer: possible clone", "account", accountID)
	return shared.E(shared.CodePasskeyFailed)
}

// usePasskeySQL is usePasskey's statement, returning a row when the
// passkey is still there; its parameters are usePasskeyArgs. It names the
// passkey by its id alone: the credential was found among the account's
// own passkeys, and a passkey never changes hands (a credential id is the
// primary key of passkeys). Only the narrow state row is rewritten, a HOT
// update (see the migration passkey_state). The counter was checked
// against one read before this write, so the write checks it again: of
// two answers with the same counter that read the row at once (a copied
// key), the one that writes second finds no row (an authenticator without
// a counter always answers 0).
const usePasskeySQL = `UPDATE passkey_state SET sign_count = $1, user_verified = $2, backup_eligible = $3, backup_state = $4,
	last_used_at = now() WHERE passkey_id = $5 AND ($1 = 0 OR sign_count < $1) RETURNING 1`

// usePasskeyParams is the number of usePasskeySQL's parameters.
const usePasskeyParams = 5

func usePasskeyArgs(cred *webauthn.Credential) []any {
	return []any{int64(cred.Authenticator.SignCount), cred.Flags.UserVerified, cred.Flags.BackupEligible, cred.Flags.BackupState, cred.ID}
}

// binding is what a second-factor answer must belong to: a sign-in
// ticket or a session.
type binding struct {
	purpose   string
	ticket    string
	sessionID []byte
}

// describe is a go-webauthn error with its details, for the debug log.
func describe(err error) string {
	var pe *protocol.Error
	if errors.As(err, &pe) {
		return pe.Type + ": " + pe.Details + " " + pe.DevInfo
	}
	return err.Error()
}

// passkeyCount is how many passkeys the account has.
func passkeyCount(ctx context.Context, db bun.IDB, accountID string) (int, error) {
	n, err := db.NewSelect().Model((*passkeyRow)(nil)).Where("account_id = ?", accountID).Count(ctx)
	return int(n), err
}
