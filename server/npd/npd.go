// Package npd is the self-employed cabinet on the server: registration as
// a payer of НПД and deregistration, receipts (issued, listed, annulled
// with a legal reason, shown on a public check page), with the tax of
// each receipt from the engine in shared/npd; the monthly notices, their
// payments and penalties. It owns the npd_* tables; their SQL is in
// store*.go, as functions taking a bun.IDB that the service calls on the
// pool or inside its transactions.
package npd

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/server/config"
	kdb "kabinet/server/db"
	"kabinet/server/docs"
	"kabinet/server/notify"
	"kabinet/shared"
	"kabinet/shared/calendar"
	sharednpd "kabinet/shared/npd"
	"kabinet/shared/penalty"
)

// Accounts is the part of the account service npd calls.
type Accounts interface {
	Get(ctx context.Context, id string) (shared.Account, error)
	GetIn(ctx context.Context, db bun.IDB, id string) (shared.Account, error)
}

// Service runs the cabinet.
type Service struct {
	db       *bun.DB
	log      *slog.Logger
	accounts Accounts
	Deps
	now func() time.Time
	// quick is the one statement of a common receipt, prepared.
	quick *kdb.Prepared
}

// Deps are the services and settings the cabinet uses besides accounts.
type Deps struct {
	Registry  Registry
	Notify    *notify.Service
	Docs      *docs.Service
	Journal   *audit.Journal
	Payee     config.Payee
	PublicURL string
	Reference Reference
}

// Reference is the key rates and the production calendar in force
// (server/refdata): imported by the deployment over the built-in tables.
type Reference interface {
	KeyRates(ctx context.Context) (penalty.Table, error)
	Calendar(ctx context.Context) (calendar.Calendar, error)
}

// Registry finds an organisation or an ИП by ИНН (server/registry).
type Registry interface {
	Lookup(ctx context.Context, inn string) (shared.RegistryEntry, error)
}

// New returns the service.
func New(db *bun.DB, log *slog.Logger, accounts Accounts, d Deps) *Service {
	return &Service{db: db, log: log, accounts: accounts, Deps: d, now: time.Now, quick: kdb.Prepare("npd_quick_receipt", quickReceiptSQL)}
}

// SetClock replaces the service's clock (tests and the demo data).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// More journal event kinds.
const (
	JournalRegistered   = "npd.registered"
	JournalDeregistered = "npd.deregistered"
	JournalAnnulled     = "npd.receipt_annulled"
)

// Payer is the account as a payer; CodeNPDNotRegistered when it is none.
func (s *Service) Payer(ctx context.Context, accountID string) (sharednpd.Payer, error) {
	p, err := selectPayer(ctx, s.db, accountID, false)
	if errors.Is(err, sql.ErrNoRows) {
		return sharednpd.Payer{}, shared.E(sharednpd.CodeNPDNotRegistered)
	}
	if err != nil {
		return sharednpd.Payer{}, err
	}
	return p.public(), nil
}

// Register makes a confirmed account with an ИНН a payer of НПД. A
// forbidden activity is refused, naming it.
func (s *Service) Register(ctx context.Context, accountID string, req sharednpd.RegisterRequest, m api.Meta) (sharednpd.Payer, error) {
	if err := req.Validate(); err != nil {
		return sharednpd.Payer{}, err
	}
	acc, err := s.accounts.Get(ctx, accountID)
	if err != nil {
		return sharednpd.Payer{}, err
	}
	if acc.Level != shared.LevelConfirmed || len(acc.INN) != 12 || acc.Status != shared.StatusActive {
		return sharednpd.Payer{}, shared.E(sharednpd.CodeNPDNotConfirmed)
	}
	now := s.now()
	row := payerRow{AccountID: accountID, INN: acc.INN, Region: req.Region, Activities: req.Activities,
		Status: sharednpd.StatusActive, DeductionLeft: int64(sharednpd.Deduction(now))}
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		// A person who left НПД and comes back keeps what is left of the
		// one-time deduction.
		back, err := reactivatePayer(ctx, tx, accountID, req.Region, req.Activities)
		if err != nil {
			return err
		}
		if !back {
			inserted, err := insertPayer(ctx, tx, &row)
			if err != nil {
				return err
			}
			if !inserted {
				return shared.E(sharednpd.CodeNPDAlready) // active or blocked
			}
		}
		return s.Journal.Append(ctx, tx, audit.Entry{AccountID: accountID, Kind: JournalRegistered, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"region": req.Region}})
	})
	if err != nil {
		return sharednpd.Payer{}, err
	}
	return s.Payer(ctx, accountID)
}

// Deregister ends the status, with the person's reason.
func (s *Service) Deregister(ctx context.Context, accountID string, req sharednpd.DeregisterRequest, m api.Meta) error {
	reason := strings.TrimSpace(req.Reason)
	if reason == "" || len([]rune(reason)) > 500 {
		return &shared.Error{Code: shared.CodeInvalidInput, Fields: map[string]shared.FieldError{"reason": {Code: shared.CodeRequired}}}
	}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		ok, err := deregisterPayer(ctx, tx, accountID, reason)
		if err != nil {
			return err
		}
		if !ok {
			return shared.E(sharednpd.CodeNPDNotRegistered)
		}
		return s.Journal.Append(ctx, tx, audit.Entry{AccountID: accountID, Kind: JournalDeregistered, IP: m.IP, UserAgent: m.UserAgent,
			Details: map[string]string{"reason": reason}})
	})
}

// receiptNumber is a public receipt number: "2" and nine characters of a
// 31-letter alphabet without look-alikes (about 2.6·10¹³ numbers).
func receiptNumber() (string, error) {
	const alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
	raw := make([]byte, 9)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	b := []byte{'2'}
	for _, c := range raw {
		b = append(b, alphabet[int(c)%len(alphabet)])
	}
	return string(b), nil
}
