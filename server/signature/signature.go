// Package signature owns electronic signatures: the ПЭП sealed by the
// portal's key, the portal's own certification authority («Ключ
// Кабинета»: certificates for ECDSA P-256 keys made in the person's
// browser, their revocation, status and revocation list), the detached
// CMS (CAdES-BES) signatures made with them, the verification of any
// detached CMS signature against a trust store, and the sign-in and the
// confirmation of an account's level by signing a one-time challenge. It
// owns the tables signature_certificates, document_signatures,
// signature_requests and signature_challenges. Documents are another
// service's: this one reaches them through the Documents interface.
package signature

import (
	"context"
	"crypto/x509"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/server/auth"
	"kabinet/server/config"
	"kabinet/shared"
)

// Documents is what signing needs of the documents service.
type Documents interface {
	// Meta returns the document's SHA-256 and file name when accountID
	// may see it, and shared.CodeNotFound otherwise.
	Meta(ctx context.Context, accountID, documentID string) (sha256 []byte, name string, err error)
	// Open streams the document's bytes; the caller closes them.
	Open(ctx context.Context, accountID, documentID string) (io.ReadCloser, error)
	// IncomingMeta is Meta of a document an agency sent to accountID.
	IncomingMeta(ctx context.Context, accountID, incomingID string) (sha256 []byte, name string, err error)
}

// Accounts is what signing needs of the account service.
type Accounts interface {
	Get(ctx context.Context, id string) (shared.Account, error)
	// FindByLogin resolves a phone, e-mail, ИНН or СНИЛС (CodeNotFound
	// when nothing or more than one matches).
	FindByLogin(ctx context.Context, login string) (auth.LoginAccount, error)
	// ConfirmBySignature raises a standard account to confirmed: its
	// identity was proven with an external qualified certificate.
	ConfirmBySignature(ctx context.Context, accountID string, details map[string]string, m api.Meta) (shared.Account, error)
}

// Sessions is what the sign-in with a key needs of auth.
type Sessions interface {
	// OpenWithKey opens a session of the account proven by a «Ключ
	// Кабинета»: a second factor, freshly stepped up.
	OpenWithKey(ctx context.Context, accountID string, m api.Meta) (string, *auth.Session, error)
	// SignedIn sets the session's cookie and answers its SessionInfo.
	SignedIn(c *fiber.Ctx, token string, sess *auth.Session) error
	// StartStepUpApproval asks the person's phone to approve a step-up
	// of sess for p; StepUpByApproval spends the approved request,
	// making the step-up fresh.
	StartStepUpApproval(ctx context.Context, sess *auth.Session, p auth.Purpose, m api.Meta) (shared.QRTicket, error)
	StepUpByApproval(ctx context.Context, sess *auth.Session, id string, p auth.Purpose, m api.Meta) error
}

// Limiter counts attempts per key (auth's throttle).
type Limiter interface {
	Hit(ctx context.Context, key string) error
}

// Deps are the services signing works with. Documents may be set later
// (SetDocuments); until then no document can be signed.
type Deps struct {
	Accounts  Accounts
	Sessions  Sessions
	Journal   *audit.Journal
	Limiter   Limiter
	Documents Documents
	// GOST verifies ГОСТ Р 34.10-2012 signatures; nil (no maintained
	// pure-Go implementation is reachable here) reports them as
	// StatusGOSTUnsupported.
	GOST GOSTVerifier
}

// Service signs, verifies and runs the portal's CA.
type Service struct {
	db        *bun.DB
	log       *slog.Logger
	publicURL string
	ca, seal  keyPair
	agencies  agencyKeys
	trust     *trustStore
	crls      *crlCache
	deps      Deps
	docs      atomic.Pointer[Documents]
	now       func() time.Time
}

// New loads the CA and the seal (making them on first start) and the
// trust store of external signatures.
func New(db *bun.DB, log *slog.Logger, cfg config.Config, d Deps) (*Service, error) {
	ca, seal, err := loadKeys(cfg.SignatureCAFile, cfg.SignatureSealFile)
	if err != nil {
		return nil, err
	}
	trust, err := loadTrust(cfg.SignatureTrustDir, ca.cert)
	if err != nil {
		return nil, err
	}
	s := &Service{db: db, log: log, publicURL: cfg.PublicURL, ca: ca, seal: seal, trust: trust,
		crls: newCRLCache(&http.Client{Timeout: 5 * time.Second}), deps: d, now: time.Now,
		agencies: agencyKeys{dir: agencyKeyDir(cfg.SignatureSealFile), pairs: map[string]keyPair{}}}
	s.SetDocuments(d.Documents)
	log.Info("signature CA", "subject", ca.cert.Subject.CommonName, "notAfter", ca.cert.NotAfter.Format(time.DateOnly),
		"trusted", len(trust.external))
	return s, nil
}

// SetDocuments connects the documents service (built after this one, or
// a stand-in in tests).
func (s *Service) SetDocuments(d Documents) {
	if d == nil {
		d = noDocuments{}
	}
	s.docs.Store(&d)
}

func (s *Service) documents() Documents { return *s.docs.Load() }

// CA returns the portal's CA certificate (for trust stores elsewhere and
// for tests).
func (s *Service) CA() *x509.Certificate { return s.ca.cert }

// noDocuments stands in until a documents service is connected: every
// document is unknown.
type noDocuments struct{}

func (noDocuments) Meta(context.Context, string, string) ([]byte, string, error) {
	return nil, "", shared.E(shared.CodeNotFound)
}

func (noDocuments) Open(context.Context, string, string) (io.ReadCloser, error) {
	return nil, shared.E(shared.CodeNotFound)
}

func (noDocuments) IncomingMeta(context.Context, string, string) ([]byte, string, error) {
	return nil, "", shared.E(shared.CodeNotFound)
}

// journal appends an event of the account's chain inside db's transaction.
func (s *Service) journal(ctx context.Context, db bun.IDB, accountID, kind string, m api.Meta, details map[string]string) error {
	if err := s.deps.Journal.Append(ctx, db, audit.Entry{AccountID: accountID, Kind: kind, IP: m.IP, UserAgent: m.UserAgent,
		Details: details}); err != nil {
		return fmt.Errorf("signature.journal(%s): %w", kind, err)
	}
	return nil
}
