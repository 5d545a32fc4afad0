// Package npd is the self-employed cabinet on the server: registration as
// a payer of НПД and deregistration, receipts (issued, listed, annulled
// with a legal reason, shown on a public check page), with the tax of
// each receipt from the engine in shared/npd. It owns the tables
// npd_payers and npd_receipts.
package npd

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/server/config"
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
	return &Service{db: db, log: log, accounts: accounts, Deps: d, now: time.Now}
}

// SetClock replaces the service's clock (tests and the demo data).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// More journal event kinds.
const (
	JournalRegistered   = "npd.registered"
	JournalDeregistered = "npd.deregistered"
	JournalAnnulled     = "npd.receipt_annulled"
)

type payerRow struct {
	bun.BaseModel `bun:"table:npd_payers"`

	AccountID      string     `bun:"account_id,pk,type:uuid"`
	INN            string     `bun:"inn"`
	Region         string     `bun:"region"`
	Activities     []string   `bun:"activities,array"`
	Status         string     `bun:"status"`
	StatusReason   string     `bun:"status_reason"`
	DeductionLeft  int64      `bun:"deduction_left"`
	RegisteredAt   time.Time  `bun:"registered_at,nullzero,default:now()"`
	DeregisteredAt *time.Time `bun:"deregistered_at"`
}

func (p payerRow) public() sharednpd.Payer {
	return sharednpd.Payer{INN: p.INN, Region: p.Region, Activities: p.Activities, Status: p.Status,
		StatusReason: p.StatusReason, RegisteredAt: p.RegisteredAt, DeductionLeft: shared.Kopecks(p.DeductionLeft)}
}

// Payer is the account as a payer; CodeNPDNotRegistered when it is none.
func (s *Service) Payer(ctx context.Context, accountID string) (sharednpd.Payer, error) {
	var p payerRow
	err := s.db.NewSelect().Model(&p).Where("account_id = ?", accountID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return sharednpd.Payer{}, shared.E(sharednpd.CodeNPDNotRegistered)
	}
	if err != nil {
		return sharednpd.Payer{}, fmt.Errorf("npd.Payer: %w", err)
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
		res, err := tx.NewRaw(`UPDATE npd_payers SET status = 'active', status_reason = '', region = ?, activities = ?,
				registered_at = now(), deregistered_at = NULL
			WHERE account_id = ? AND status = 'inactive'`, req.Region, pgdialect.Array(req.Activities), accountID).Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			_, err := tx.NewInsert().Model(&row).On("CONFLICT (account_id) DO NOTHING").Returning("registered_at").Exec(ctx)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if row.RegisteredAt.IsZero() {
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
		res, err := tx.NewRaw(`UPDATE npd_payers SET status = 'inactive', status_reason = ?, deregistered_at = now()
			WHERE account_id = ? AND status = 'active'`, reason, accountID).Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
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
