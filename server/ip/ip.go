// Package ip is the individual entrepreneur's cabinet on the server: the
// ЕГРИП record of the signed-in person (GET /ip) and «Проверить данные в
// ЕГРИП», the filings Р21001, Р24001 and Р26001 from draft to decision,
// the registry officer's desk that decides them, and the ОКВЭД2
// classifier the forms take codes from. It owns the tables okved_codes,
// ip_records, ip_record_entries, ip_filings and ip_filing_events; the
// lookup row of an ИП in registry_entries it writes through the
// registry's Put, in the same transaction, so a buyer lookup sees a new
// ИП at once. It imports shared/ip as sharedip (the rule of
// shared/npd's package comment).
//
// routes.go lists the routes, handlers.go the handlers, store.go the SQL;
// the service's methods sit by subject: record.go, filings.go, office.go,
// okved.go, seed.go.
package ip

import (
	"context"
	"crypto/sha256"
	"log/slog"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/server/docs"
	"kabinet/server/notify"
	"kabinet/shared"
	"kabinet/shared/calendar"
)

// Accounts is the part of the account service the cabinet calls.
type Accounts interface {
	Get(ctx context.Context, id string) (shared.Account, error)
	GetIn(ctx context.Context, db bun.IDB, id string) (shared.Account, error)
	// SetNeedsUpdate puts an active account into «требуется обновление
	// данных» with the reason; ClearNeedsUpdate returns it to active when
	// that is still its reason. Each reports whether it changed the status.
	SetNeedsUpdate(ctx context.Context, db bun.IDB, id, reason string) (bool, error)
	ClearNeedsUpdate(ctx context.Context, db bun.IDB, id, reason string) (bool, error)
}

// Registry records the lookup row of an ИП (server/registry), checking
// its ИНН and ОГРНИП.
type Registry interface {
	Put(ctx context.Context, db bun.IDB, e shared.RegistryEntry) error
}

// Reference is the production calendar in force (server/refdata): the
// registry's deadline counts working days.
type Reference interface {
	Calendar(ctx context.Context) (calendar.Calendar, error)
}

// Signing is what a person signs: the filing's answers as submitted.
type Signing struct {
	AccountID string
	Document  []byte
	// StepUpAt is when the session last proved a second factor.
	StepUpAt time.Time
}

// Signature is a made signature: how, and the hash of what was signed.
type Signature struct {
	Method string
	Hash   []byte
	// Document is the signed document of the document layer (MethodKey).
	Document string
}

// Signatures signs a filing for its author. It is the seam for
// server/signature (a simple signature by step-up sealed by the portal's
// key, and the «Ключ Кабинета» CMS signature); until that is wired the
// portal uses StepUpSigner.
type Signatures interface {
	Sign(ctx context.Context, db bun.IDB, s Signing) (Signature, error)
}

// MethodStepUp is the signing method of StepUpSigner.
const MethodStepUp = "stepup"

// StepUpSigner accepts a signing when the session proved a second factor
// within shared.StepUpWindow (CodeStepUpRequired otherwise: the browser
// asks for the factor and repeats), and records the method and the
// SHA-256 of the document. It is the stand-in for server/signature.
type StepUpSigner struct{}

// Sign implements Signatures.
func (StepUpSigner) Sign(_ context.Context, _ bun.IDB, s Signing) (Signature, error) {
	if s.StepUpAt.IsZero() || time.Since(s.StepUpAt) > shared.StepUpWindow {
		return Signature{}, shared.E(shared.CodeStepUpRequired)
	}
	sum := sha256.Sum256(s.Document)
	return Signature{Method: MethodStepUp, Hash: sum[:]}, nil
}

// Deps are the services the cabinet uses besides accounts.
type Deps struct {
	Registry   Registry
	Notify     *notify.Service
	Journal    *audit.Journal
	Reference  Reference
	Signatures Signatures
	Docs       *docs.Service
	// Files is the document layer: the passport scan of Р21001 is one
	// of the person's documents. Nil: no filing can attach one.
	Files Files
	// Arrears is the tax the person owes, for the exclusion risk. Nil:
	// none known, nobody is at risk.
	Arrears Arrears
}

// Service runs the cabinet and the registry officer's desk.
type Service struct {
	db       *bun.DB
	log      *slog.Logger
	accounts Accounts
	Deps
	now func() time.Time
}

// New returns the service.
func New(db *bun.DB, log *slog.Logger, accounts Accounts, d Deps) *Service {
	return &Service{db: db, log: log, accounts: accounts, Deps: d, now: time.Now}
}

// SetClock replaces the service's clock (tests and the demo data).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

func (s *Service) today() time.Time { return dayOf(s.now()) }

// dayOf is t's Moscow calendar day, as a date at midnight UTC.
func dayOf(t time.Time) time.Time {
	y, m, d := t.In(shared.Moscow).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func (s *Service) journal(ctx context.Context, db bun.IDB, accountID, actorID, kind string, m api.Meta, details map[string]string) error {
	return s.Journal.Append(ctx, db, audit.Entry{AccountID: accountID, ActorID: actorID, Kind: kind, IP: m.IP,
		UserAgent: m.UserAgent, Details: details})
}

func fieldErr(field string, code shared.Code) error {
	return &shared.Error{Code: shared.CodeInvalidInput, Fields: shared.Fields{field: {Code: code}}}
}
