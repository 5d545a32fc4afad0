// Package account owns person accounts: registration, confirmation of the
// phone and the e-mail with one-time codes, the profile and its level and
// status, password change and recovery, and the back office's identity
// confirmation and blocking. Sign-in and sessions are auth's; the journal
// is audit's. The SQL of its tables is in store.go and
// store_challenges.go, as functions taking a bun.IDB.
package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/audit"
	"kabinet/server/auth"
	"kabinet/server/config"
	kdb "kabinet/server/db"
	"kabinet/server/notify"
	"kabinet/shared"
	"kabinet/shared/i18n"
)

// Service is the account domain.
type Service struct {
	db      *bun.DB
	log     *slog.Logger
	cfg     config.Config
	auth    *auth.Service
	notify  *notify.Service
	journal *audit.Journal
	codeKey []byte // binds one-time codes to their challenge (server_keys "otp")
	now     func() time.Time
}

// New returns the service and registers it with auth.
func New(ctx context.Context, db *bun.DB, log *slog.Logger, cfg config.Config, a *auth.Service, n *notify.Service) (*Service, error) {
	key, err := kdb.ServerKey(ctx, db, "otp")
	if err != nil {
		return nil, err
	}
	s := &Service{db: db, log: log, cfg: cfg, auth: a, notify: n, journal: a.Journal(), codeKey: key, now: time.Now}
	a.SetAccounts(s)
	return s, nil
}

const dateLayout = "2006-01-02"

func dateString(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(dateLayout)
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// public turns a row into what the owner sees. A passport that has expired
// (at 20 and 45) turns an active account into "needs data update".
func (r *accountRow) public(today time.Time) shared.Account {
	a := shared.Account{
		ID: r.ID, LastName: r.LastName, FirstName: r.FirstName, MiddleName: r.MiddleName,
		BirthDate: dateString(r.BirthDate), Phone: r.Phone, PhoneConfirmed: r.PhoneConfirmedAt != nil,
		Email: r.Email, EmailConfirmed: r.EmailConfirmedAt != nil, Lang: r.Lang, INN: str(r.INN), SNILS: str(r.SNILS),
		Level: shared.Level(r.Level), Status: shared.Status(r.Status), StatusReason: r.StatusReason,
		CreatedAt: r.CreatedAt,
	}
	if r.ConfirmedAt != nil {
		a.ConfirmedAt = *r.ConfirmedAt
	}
	if r.PassportNumber != nil {
		a.Passport = &shared.Passport{
			Series: str(r.PassportSeries), Number: str(r.PassportNumber), IssuedOn: dateString(r.PassportIssuedOn),
			IssuedBy: str(r.PassportIssuedBy), DivisionCode: str(r.PassportDivisionCode),
		}
		if a.Status == shared.StatusActive && shared.PassportExpired(a.BirthDate, a.Passport.IssuedOn, today) {
			a.Status = shared.StatusNeedsUpdate
			a.StatusReason = shared.ReasonPassportExpired
		}
	}
	return a
}

// Get returns the account as its owner sees it.
func (s *Service) Get(ctx context.Context, id string) (shared.Account, error) {
	return s.GetIn(ctx, s.db, id)
}

// GetIn is Get inside db's transaction (a caller holding locks must not
// wait for a second connection).
func (s *Service) GetIn(ctx context.Context, db bun.IDB, id string) (shared.Account, error) {
	r, err := loadAccount(ctx, db, id, false)
	if err != nil {
		return shared.Account{}, err
	}
	return r.public(s.now()), nil
}

// PrepareWith makes the statement GetWith runs: the CTEs with ("WITH …",
// or ""), then the account whose id the SQL expression id yields and the
// value of the expression also, read in the same statement (one round
// trip where a caller needs the account beside rows of its own, or a
// change of its own made first); also may name the account's row as a
// (its columns NULL when id yields none). Their parameters are $1…$n;
// the statement is prepared (db.Prepared) as name.
func (s *Service) PrepareWith(name, with, id, also string) *kdb.Prepared {
	return kdb.Prepare(name, withText(with, id, also))
}

// GetWith runs a statement of PrepareWith with args. An id that yields
// no account is CodeNotFound, and the value of also comes back with it
// all the same.
func (s *Service) GetWith(ctx context.Context, p *kdb.Prepared, args ...any) (shared.Account, []byte, error) {
	r, err := loadAccountWith(ctx, s.db, p, args)
	switch {
	case err != nil:
		return shared.Account{}, nil, err
	case r.ID == "":
		return shared.Account{}, r.With, shared.E(shared.CodeNotFound)
	}
	return r.public(s.now()), r.With, nil
}

// FindByLogin resolves a phone, an e-mail, an ИНН or a СНИЛС to an
// account. A login that reads two ways (eleven digits: a phone and a
// СНИЛС) and matches two different accounts is treated as no match.
func (s *Service) FindByLogin(ctx context.Context, login string) (auth.LoginAccount, error) {
	cands := shared.LoginCandidates(login)
	if len(cands) == 0 {
		return auth.LoginAccount{}, shared.E(shared.CodeNotFound)
	}
	rows, err := selectByLogins(ctx, s.db, cands)
	if err != nil {
		return auth.LoginAccount{}, err
	}
	if len(rows) != 1 {
		return auth.LoginAccount{}, shared.E(shared.CodeNotFound) // none, or ambiguous
	}
	return loginAccount(&rows[0]), nil
}

// ConfirmedByINN returns the id of the account whose ИНН is inn, a
// person's (12 digits), when its identity is confirmed; CodeNotFound
// otherwise. An ИНН typed into a profile is the person's word until an
// operator or a qualified signature confirms the identity: an agency's
// document addressed by ИНН must not reach whoever claimed it first, nor,
// as a login would, the owner of a phone number spelt the same.
func (s *Service) ConfirmedByINN(ctx context.Context, inn string) (string, error) {
	var id string
	err := s.db.NewRaw("SELECT id FROM accounts WHERE inn = ? AND level = ?", inn, shared.LevelConfirmed).Scan(ctx, &id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", shared.E(shared.CodeNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("account.ConfirmedByINN: %w", err)
	}
	return id, nil
}

// PrepareByLogin makes the statement FindByLoginWith runs: the CTEs with
// ("WITH …", or ""), then the account a login names and, in the same
// statement, the value of the expression also, which may name the
// account's row as a (its columns NULL when no account matches). Their
// parameters are $5…$n; the statement is prepared (db.Prepared) as name.
func (s *Service) PrepareByLogin(name, with, also string) *kdb.Prepared {
	return kdb.Prepare(name, loginText(with, also))
}

// FindByLoginWith runs a statement of PrepareByLogin for login with args:
// the account as FindByLogin resolves it, as its owner sees it, and the
// value of also. A login that names no account (or two) is CodeNotFound,
// and the value of also comes back with it all the same.
func (s *Service) FindByLoginWith(ctx context.Context, p *kdb.Prepared, login string, args ...any) (auth.LoginAccount, shared.Account, []byte, error) {
	r, err := loadAccountByLogin(ctx, s.db, p, shared.LoginCandidates(login), args)
	switch {
	case err != nil:
		return auth.LoginAccount{}, shared.Account{}, nil, err
	case r.ID == "":
		return auth.LoginAccount{}, shared.Account{}, r.With, shared.E(shared.CodeNotFound)
	}
	return loginAccount(&r.accountRow), r.public(s.now()), r.With, nil
}

func loginAccount(r *accountRow) auth.LoginAccount {
	la := auth.LoginAccount{ID: r.ID, PasswordHash: r.PasswordHash, Status: shared.Status(r.Status), Lang: i18n.Lang(r.Lang)}
	if r.PhoneConfirmedAt != nil {
		la.Phone = r.Phone
	}
	if r.EmailConfirmedAt != nil {
		la.Email = r.Email
	}
	return la
}

// uniqueViolation maps a unique-index violation to the field it concerns.
func uniqueViolation(err error) shared.Code {
	msg := err.Error()
	if !strings.Contains(msg, "23505") && !strings.Contains(msg, "duplicate key") {
		return ""
	}
	switch {
	case strings.Contains(msg, "accounts_phone_key"):
		return shared.CodePhoneTaken
	case strings.Contains(msg, "accounts_email_key"):
		return shared.CodeEmailTaken
	case strings.Contains(msg, "accounts_inn_key"):
		return shared.CodeINNTaken
	case strings.Contains(msg, "accounts_snils_key"):
		return shared.CodeSNILSTaken
	}
	return ""
}
