// Package portal is the composition root: it builds every service from one
// Config and one database, and wires them into the Fiber app that serves
// the API under /api/v1, the pre-compressed app.wasm, the static assets
// and the go-app pages (prerendered on the server, then run by WASM).
package portal

import (
	"context"
	"log/slog"
	"runtime"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/uptrace/bun"

	"kabinet/app/ui"
	"kabinet/server/account"
	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/server/auth"
	"kabinet/server/config"
	"kabinet/server/docs"
	"kabinet/server/documents"
	"kabinet/server/ip"
	"kabinet/server/jobs"
	"kabinet/server/notify"
	"kabinet/server/npd"
	"kabinet/server/office"
	"kabinet/server/refdata"
	"kabinet/server/registry"
	"kabinet/server/signature"
	"kabinet/shared"
	"kabinet/shared/i18n"
	sharednpd "kabinet/shared/npd"
)

// bodyLimit is the largest request body but a document upload's.
const bodyLimit = 1 << 20

// Portal is a built server: the Fiber app and the background workers.
type Portal struct {
	App      *fiber.App
	Accounts *account.Service
	Auth     *auth.Service
	Notify   *notify.Service
	Jobs     *jobs.Queue
	NPD      *npd.Service
	IP       *ip.Service
	Registry *registry.Service
	RefData  *refdata.Service
	// Signature signs and verifies the documents' (tests may set other
	// Documents, SetDocuments).
	Signature *signature.Service
	db        *bun.DB
	log       *slog.Logger
	// receiptViews counts a client's public receipt views, the API's and
	// the page's together (receipt_page.go).
	receiptViews func(*fiber.Ctx) error

	workers     sync.WaitGroup     // RunWorkers' goroutines, waited for by Shutdown
	stopWorkers context.CancelFunc // set by RunWorkers
}

// New builds the portal over db: the services, then the API in front of
// them, then the pages.
func New(ctx context.Context, cfg config.Config, db *bun.DB, log *slog.Logger) (*Portal, error) {
	m := newMetrics(db)
	p := &Portal{db: db, log: log}
	if err := p.services(ctx, cfg, m); err != nil {
		return nil, err
	}
	m.watchJournal(db, p.Auth.Journal())
	wasm, err := loadWasm(cfg.WebDir)
	if err != nil {
		return nil, err
	}
	p.App = newApp(cfg, log, m)
	if err := p.mountAPI(ctx, cfg, m); err != nil {
		return nil, err
	}
	app := p.App
	app.Get("/metrics", m.handler(cfg.MetricsToken))
	app.Get("/livez", livez)
	app.Get("/readyz", readyz(db))
	app.Get("/web/app.wasm", wasm.serve)
	app.Get(shared.CommonPasswordsPath, commonPasswords().serve)
	app.Get(i18n.PathPrefix+":file", textFiles())
	app.Static("/web", cfg.WebDir, fiber.Static{MaxAge: 3600})
	ui.Routes()
	h := ui.NewHandler(ui.HandlerOptions{Version: wasm.version, WasmSize: wasm.raw.size, Dev: cfg.Dev, WebDir: cfg.WebDir, Operator: cfg.PDOperator})
	pages := adaptor.HTTPHandler(notFoundStatus(ui.WithManifest(h)))
	app.Get("/r/:number", receiptPage(p.receiptViews, p.NPD.ReceiptCheck, pages, log))
	app.Use(pages)
	return p, nil
}

// services makes the foundation's services: notices, sign-in, accounts,
// jobs, push, the registry and the reference data.
func (p *Portal) services(ctx context.Context, cfg config.Config, m *metrics) error {
	db, log := p.db, p.log
	var sms notify.Sender
	if g := notify.NewHTTPSMS(cfg.SMS); g != nil {
		sms = g
	}
	p.Notify = notify.New(db, log, cfg.Dev, cfg.PublicURL, nilIfNone(notify.NewSMTP(cfg.SMTP)), sms,
		notify.Budget{Pause: cfg.CodeResend, Codes: cfg.CodeDailyCap, Notices: cfg.NoticeDailyCap})
	a, err := auth.New(ctx, db, log, cfg, auth.NewHasher(runtime.NumCPU(), m.observeArgonWait), p.Notify)
	if err != nil {
		return err
	}
	p.Auth = a
	if p.Accounts, err = account.New(ctx, db, log, cfg, a, p.Notify); err != nil {
		return err
	}
	p.Jobs = jobs.New(db, log)
	p.Notify.Register(p.Jobs)
	push, err := notify.NewPush(ctx, db, cfg.PublicURL)
	if err != nil {
		return err
	}
	push.Register(p.Jobs)
	a.SetPush(push)
	p.Registry = registry.New(db)
	p.RefData = refdata.New(db)
	through, years, err := p.RefData.Coverage(ctx)
	if err != nil {
		return err
	}
	// Say at startup how far the data reaches: past it penalties and due
	// dates are errors until `kabinet rates import` / `calendar import`.
	log.Info("reference data", "keyRatesThrough", through, "calendarYears", years)
	return nil
}

// newApp is the Fiber application with the middleware every request
// passes: metrics, panics, proxies, security headers, body limits.
func newApp(cfg config.Config, log *slog.Logger, m *metrics) *fiber.App {
	app := fiber.New(fiber.Config{
		ErrorHandler:          api.ErrorHandler(log),
		DisableStartupMessage: true,
		BodyLimit:             bodyLimit,
		// Bodies stream (a document upload is never held whole), and
		// boundedBodies keeps every other route within bodyLimit.
		StreamRequestBody:            true,
		DisablePreParseMultipartForm: true,
		ReadTimeout:                  30 * time.Second,
		WriteTimeout:                 60 * time.Second,
		IdleTimeout:                  120 * time.Second,
	})
	app.Use(m.count)
	app.Use(recover.New())
	app.Use(api.TrustProxies(cfg.TrustedProxies))
	app.Use(securityHeaders(cfg.SecureCookies()))
	app.Use(plainBodies)
	app.Use(boundedBodies(bodyLimit, map[string]bool{fiber.MethodPost + " " + shared.APIPrefix + documents.UploadPath: true}))
	return app
}

// mountAPI makes the document layer and the cabinets and mounts the API
// under /api/v1, in the order its routes are matched.
func (p *Portal) mountAPI(ctx context.Context, cfg config.Config, m *metrics) error {
	db, log, a, accounts, n, q := p.db, p.log, p.Auth, p.Accounts, p.Notify, p.Jobs
	v1 := p.App.Group(shared.APIPrefix, noStore, api.CSRF(cfg.Origins), a.KioskGate())
	v1.Use(api.CheckQuery)
	v1.Get("/health", health(db, m.journal))
	a.Routes(v1)
	authed := a.Authenticate()
	accounts.Routes(v1, authed)
	office.New(accounts, a).Routes(v1, authed)
	current := func(c *fiber.Ctx) string { return auth.Current(c).AccountID }
	n.Routes(v1, authed, current)
	// Beyond the person's own account and the reference pages, a password
	// alone opens nothing: the cabinets, their documents and lookups.
	withFactor := a.AuthenticateWithFactor()
	// The uploads are /documents/{id}; the documents the portal issues
	// download at /documents/issued/{id}.
	files := documents.New(db, log, documents.Deps{Accounts: accounts, Notify: n, Journal: a.Journal()})
	files.Routes(v1, withFactor)
	files.OfficeRoutes(v1, authed)
	files.RegisterJobs(q)
	issued := docs.New(db, cfg.PublicURL)
	issued.Routes(v1, withFactor, current)
	p.Registry.Routes(v1, withFactor)
	p.NPD = npd.New(db, log, accounts, npd.Deps{Registry: p.Registry, Notify: n, Docs: issued, Journal: a.Journal(), Payee: cfg.Payee,
		PublicURL: cfg.PublicURL, Reference: p.RefData})
	sig, err := signature.New(db, log, cfg, signature.Deps{Accounts: accounts, Sessions: a, Journal: a.Journal(), Limiter: a.Throttle(),
		Documents: files})
	if err != nil {
		return err
	}
	p.Signature = sig
	sig.Routes(v1, authed, withFactor)
	// A sending asks which signatures its documents bear.
	files.Signatures = sig
	p.receiptViews = receiptViews(auth.NewThrottle(db, cfg.ReceiptIPLimit, cfg.ReceiptIPWindow))
	p.NPD.Routes(v1, withFactor, limitedBy(p.receiptViews))
	p.NPD.OfficeRoutes(v1, authed)
	p.NPD.RegisterJobs(q)
	p.IP = ip.New(db, log, accounts, ip.Deps{Registry: p.Registry, Notify: n, Journal: a.Journal(), Reference: p.RefData,
		Signatures: ip.StepUpSigner{}, Docs: issued, Files: files, Arrears: p.npdArrears()}) // StepUpSigner until server/signature is wired
	// A filing's passport scan and signed answers stay while it is kept.
	files.Holders = append(files.Holders, p.IP)
	if err := p.IP.LoadBuiltinOKVED(ctx); err != nil {
		return err
	}
	p.IP.Routes(v1, authed, withFactor)
	p.IP.OfficeRoutes(v1, authed)
	p.IP.RegisterJobs(q)
	a.Journal().RegisterJobs(q, db, func(ctx context.Context, sum audit.Summary) error {
		return accounts.AlertJournalBreaks(ctx, sum.Fresh)
	})
	if cfg.Dev {
		v1.Get("/dev/outbox", func(c *fiber.Ctx) error {
			msgs, err := n.Outbox(c.UserContext(), 100)
			if err != nil {
				return err
			}
			return c.JSON(msgs)
		})
	}
	v1.Use(func(c *fiber.Ctx) error { return shared.E(shared.CodeNotFound) })
	return nil
}

func nilIfNone(s *notify.SMTP) notify.Sender {
	if s == nil {
		return nil
	}
	return s
}

// SeedDemo creates the demo accounts and makes the demo Иванов a
// self-employed payer with a few months behind him and an ИП with a
// filing in the registry's queue; false when the demo data was there
// already.
func (p *Portal) SeedDemo(ctx context.Context) (bool, error) {
	seeded, err := p.Accounts.SeedDemo(ctx)
	if err != nil || !seeded {
		return false, err
	}
	if err := p.Registry.SeedDemo(ctx); err != nil {
		return false, err
	}
	ivan, err := p.Accounts.FindByLogin(ctx, "ivan@example.ru")
	if err != nil {
		return false, err
	}
	if err := p.NPD.SeedDemo(ctx, ivan.ID); err != nil {
		return false, err
	}
	return true, p.IP.SeedDemo(ctx, ivan.ID)
}

// RunWorkers runs the job queue, the wake-up hub and the periodic
// clean-up until ctx ends or Shutdown stops them.
func (p *Portal) RunWorkers(ctx context.Context) {
	ctx, p.stopWorkers = context.WithCancel(ctx)
	p.workers.Go(func() { p.Jobs.Run(ctx) })
	p.workers.Go(func() { p.Auth.Hub().Run(ctx) })
	p.workers.Go(func() {
		t := time.NewTicker(10 * time.Minute)
		defer t.Stop()
		for {
			p.cleanup(ctx)
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	})
}

// Shutdown stops serving in the order that lets each part finish: the
// long polls answer at once (nothing cancels them otherwise), the
// requests in flight finish within timeout, and the workers stop — a
// job's context ends — and are waited for, so that the database can be
// closed after it returns.
func (p *Portal) Shutdown(timeout time.Duration) error {
	p.Auth.Hub().Stop()
	if p.stopWorkers != nil {
		p.stopWorkers()
	}
	err := p.App.ShutdownWithTimeout(timeout)
	p.workers.Wait()
	return err
}

// cleanup removes what has no use any more: long-expired sessions and
// challenges, old throttle windows, finished jobs. (The journal is kept.)
func (p *Portal) cleanup(ctx context.Context) {
	for _, q := range []string{
		"DELETE FROM sessions WHERE expires_at < now() - interval '30 days'",
		"DELETE FROM challenges WHERE expires_at < now() - interval '1 day'",
		"DELETE FROM login_tickets WHERE expires_at < now() - interval '1 day'",
		"DELETE FROM webauthn_ceremonies WHERE expires_at < now() - interval '1 day'",
		"DELETE FROM qr_tickets WHERE expires_at < now() - interval '1 day'",
		"DELETE FROM signature_challenges WHERE expires_at < now() - interval '1 day'",
		"DELETE FROM signature_requests WHERE expires_at < now() - interval '1 day'",
		"DELETE FROM not_me_tokens WHERE expires_at < now()",
		"DELETE FROM ip_throttle WHERE window_start < now() - interval '1 day'",
		"DELETE FROM send_budget WHERE day < now() - interval '2 days'",
		// A recurring job's row is its proof of having run: kept longer
		// than its longest period.
		"DELETE FROM jobs WHERE done_at < now() - interval '7 days' AND (dedup_key IS NULL OR done_at < now() - interval '90 days')",
	} {
		if _, err := p.db.ExecContext(ctx, q); err != nil && ctx.Err() == nil {
			p.log.Warn("cleanup", "err", err)
		}
	}
}

// health answers 503 "degraded" when the database does not answer, and
// 503 "journal_broken" while a journal break found by a verification is
// not acknowledged (`kabinet journal acknowledge`): someone wrote to the
// database behind the portal's back, and a monitor must not read ok. It
// names no chain or row: those are for the operator's command and the
// staff's alert. /readyz does not turn on a break (every server shares the
// database, and a break is no reason to stop serving). What it says of the
// journal is at most journalStateFresh old (journalState).
func health(db *bun.DB, journal *journalState) fiber.Handler {
	return func(c *fiber.Ctx) error {
		ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
		defer cancel()
		if err := db.PingContext(ctx); err != nil {
			return c.Status(fiber.StatusServiceUnavailable).JSON(shared.Health{Status: "degraded", Database: "unreachable"})
		}
		st, err := journal.get(ctx)
		if err != nil {
			return err
		}
		if st.Unacknowledged > 0 {
			return c.Status(fiber.StatusServiceUnavailable).JSON(shared.Health{Status: "journal_broken", Database: "ok"})
		}
		return c.JSON(shared.Health{Status: "ok", Database: "ok"})
	}
}

func noStore(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Next()
}

// npdArrears is the tax an ИП owes as far as the portal keeps it: the
// self-employed cabinet's НПД debt (an ИП on НПД); nothing is known of
// anyone else until the ЕНС is kept.
func (p *Portal) npdArrears() ip.Arrears {
	return ip.ArrearsFunc(func(ctx context.Context, accountID string) (shared.Kopecks, bool, error) {
		sum, err := p.NPD.Summary(ctx, accountID)
		if shared.ErrorCode(err) == sharednpd.CodeNPDNotRegistered {
			return 0, false, nil
		}
		if err != nil {
			return 0, false, err
		}
		return sum.Debt, true, nil
	})
}
