// Package config reads the server's configuration from the environment
// (12-factor), once, into one struct that run passes down.
package config

import (
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
)

// Config is everything the server can be told.
type Config struct {
	Addr        string   // listen address, ADDR (127.0.0.1:8080)
	PublicURL   string   // how browsers reach us, PUBLIC_URL (http://ADDR)
	Origins     []string // origins accepted for state-changing requests
	DatabaseURL string   // DATABASE_URL; empty = embedded PostgreSQL
	// MigrateDatabaseURL (MIGRATE_DATABASE_URL) is the schema owner's
	// URL: migrations run as it, and DATABASE_URL's role is granted rows.
	MigrateDatabaseURL string
	DataDir            string // embedded cluster's data, DATA_DIR (var/pgdata)
	WebDir             string // static assets and app.wasm, WEB_DIR (web)
	Dev                bool   // DEV: dev outbox, codes in the log
	Migrate            bool   // MIGRATE: apply pending migrations at start
	Seed               bool   // SEED: demo data when the database is empty
	LogLevel           string // LOG_LEVEL: debug, info, warn, error
	// TrustedProxies are the reverse proxies (TRUSTED_PROXIES: CIDR ranges
	// or addresses, comma-separated) whose X-Forwarded-For and X-Real-IP
	// name the client; from any other peer the headers are ignored.
	TrustedProxies []netip.Prefix
	// JournalKeyHex (JOURNAL_KEY, never logged) or else the file
	// JournalKeyFile (JOURNAL_KEY_FILE; journal.key beside DATA_DIR, made
	// on first start) holds the journal's HMAC key; main loads it into
	// JournalKey.
	JournalKeyHex  string
	JournalKeyFile string
	JournalKey     []byte
	// JournalAnchorFile (JOURNAL_ANCHOR_FILE; journal.anchor beside the
	// key file) is where the verification keeps the number of journal
	// rows it counted, out of the database's reach; "" (tests) keeps none.
	JournalAnchorFile string
	// Signatures: the «Ключ Кабинета» CA's key and certificate
	// (SIGNATURE_CA_FILE) and the portal's seal key and certificate
	// (SIGNATURE_SEAL_FILE), PEM files beside DATA_DIR made on first
	// start, never in PostgreSQL; empty (tests) makes throwaway ones in
	// memory. SignatureTrustDir (SIGNATURE_TRUST_DIR) holds the CA
	// certificates external signatures are verified against.
	SignatureCAFile   string
	SignatureSealFile string
	SignatureTrustDir string
	// MemoryLimitMB (MEMORY_LIMIT_MB) is the Go runtime's soft memory
	// limit: 0 sizes it for the password hashes that may run at once
	// (MemoryLimit), a negative value sets none. GOMEMLIMIT, when set,
	// wins: the runtime reads it itself.
	MemoryLimitMB int
	// MetricsToken (METRICS_TOKEN, never logged) lets a scraper read
	// /metrics from elsewhere; without it only this machine may.
	MetricsToken string
	// AdminAddr (ADMIN_ADDR) is where net/http/pprof listens: never the
	// public port, loopback when the variable is unset, off ("") when it
	// is set empty or to "off".
	AdminAddr string
	// PDOperator is who processes the personal data, as the policy page
	// names it (PD_OPERATOR: organisation, ИНН, address): the deployment's.
	PDOperator string
	// WebAuthnRPID is the passkeys' relying party id, WEBAUTHN_RP_ID; by
	// default the host of PublicURL ("localhost" for a loopback address).
	WebAuthnRPID string

	SessionIdle time.Duration // SESSION_IDLE (15m)
	// SessionTouchStep (SESSION_TOUCH_STEP, 1m): how far a session's idle
	// deadline may lag before a request writes it (a tenth of the idle
	// timeout at most).
	SessionTouchStep time.Duration
	SessionAbsolute  time.Duration // SESSION_ABSOLUTE (12h)
	SessionWarn      time.Duration // SESSION_WARN (60s): warning before idle expiry
	// SessionMax (SESSION_MAX, 5) is how many sessions an account may have
	// open at once; a sign-in beyond it ends the least recently used one.
	SessionMax int

	LockoutThreshold int           // LOCKOUT_THRESHOLD (5) wrong passwords
	LockoutDuration  time.Duration // LOCKOUT_DURATION (30m)
	FactorLockout    int           // FACTOR_LOCKOUT_THRESHOLD (10) wrong second factors, any tickets
	IPLimit          int           // LOGIN_IP_LIMIT (30) sign-in attempts per window
	IPWindow         time.Duration // LOGIN_IP_WINDOW (10m)
	// ReceiptIPLimit (RECEIPT_IP_LIMIT, 60) is how many public receipt
	// views (the check page /r/{number}, its API answer and its PDF) one
	// client IP gets per ReceiptIPWindow (RECEIPT_IP_WINDOW, 1m).
	ReceiptIPLimit  int
	ReceiptIPWindow time.Duration

	QRTTL     time.Duration // QR_TTL (2m): a QR sign-in ticket lives at most this long
	QRRotate  time.Duration // QR_ROTATE (30s): the QR code changes this often
	KioskIdle time.Duration // KIOSK_IDLE (2m): idle timeout of a kiosk session
	KioskWarn time.Duration // KIOSK_WARN (30s): warning before a kiosk session ends

	CodeTTL    time.Duration // CODE_TTL (10m)
	CodeResend time.Duration // CODE_RESEND (60s)
	CodeTries  int           // CODE_TRIES (5)
	// Per destination (phone or address), whatever path sends: the
	// CodeResend pause between codes and these daily caps.
	CodeDailyCap   int // CODE_DAILY_CAP (10) codes a day
	NoticeDailyCap int // NOTICE_DAILY_CAP (30) notices a day

	SMTP  SMTP
	SMS   SMSGateway
	Payee Payee
}

// Payee is whom taxes are paid to: the requisites printed on payment
// documents and put into the payment QR codes. The defaults are the
// single tax payment's (ЕНП) published by the Federal Tax Service —
// check them against nalog.gov.ru before relying on them.
type Payee struct {
	Name       string // PAYEE_NAME
	INN        string // PAYEE_INN
	KPP        string // PAYEE_KPP
	Account    string // PAYEE_ACCOUNT: the treasury account
	BankName   string // PAYEE_BANK
	BIC        string // PAYEE_BIC
	CorrespAcc string // PAYEE_CORR_ACCOUNT: the single treasury account (ЕКС)
	KBK        string // PAYEE_KBK: the budget classification code
}

// SMSGateway configures outgoing SMS through an HTTP gateway; with no URL
// SMS only reach the outbox (and, in development, the log).
type SMSGateway struct {
	URL   string // SMS_GATEWAY_URL
	Token string // SMS_GATEWAY_TOKEN — never logged
	From  string // SMS_FROM: the sender name
}

// SMTP configures outgoing e-mail; with no Host e-mail only reaches the
// outbox (and, in development, the log).
type SMTP struct {
	Host     string // SMTP_HOST
	Port     int    // SMTP_PORT (587)
	User     string // SMTP_USER
	Password string // SMTP_PASSWORD — never logged
	From     string // SMTP_FROM
	TLS      string // SMTP_TLS: starttls (default), tls, none
}

// Default returns the configuration with every default and no environment.
func Default() Config {
	return Config{
		Addr:             "127.0.0.1:8080",
		AdminAddr:        "127.0.0.1:6060",
		DataDir:          "var/pgdata",
		WebDir:           "web",
		LogLevel:         "info",
		SessionIdle:      15 * time.Minute,
		SessionTouchStep: time.Minute,
		SessionAbsolute:  12 * time.Hour,
		SessionWarn:      60 * time.Second,
		SessionMax:       5,
		LockoutThreshold: 5,
		LockoutDuration:  30 * time.Minute,
		FactorLockout:    10,
		IPLimit:          30,
		IPWindow:         10 * time.Minute,
		ReceiptIPLimit:   60,
		ReceiptIPWindow:  time.Minute,
		QRTTL:            2 * time.Minute,
		QRRotate:         30 * time.Second,
		KioskIdle:        2 * time.Minute,
		KioskWarn:        30 * time.Second,
		CodeTTL:          10 * time.Minute,
		CodeResend:       60 * time.Second,
		CodeTries:        5,
		CodeDailyCap:     10,
		NoticeDailyCap:   30,
		SMTP:             SMTP{Port: 587, TLS: "starttls"},
		Payee: Payee{
			Name: "Казначейство России (ФНС России)", INN: "7727406020", KPP: "770801001",
			Account: "03100643000000018500", BankName: "ОТДЕЛЕНИЕ ТУЛА БАНКА РОССИИ//УФК по Тульской области, г Тула",
			BIC: "017003983", CorrespAcc: "40102810445370000059", KBK: "18201061201010000510",
		},
	}
}

// FromEnv reads the configuration from lookup (os.LookupEnv in main). A
// blank variable reads as an unset one, except ADMIN_ADDR: set empty, it
// turns the profiler off.
func FromEnv(lookup func(string) (string, bool)) (Config, error) {
	getenv := func(name string) string { v, _ := lookup(name); return v }
	c := Default()
	var origins string
	p := parser{lookup: lookup}
	for _, b := range bindings(&c, &origins) {
		p.parse(b.Name, b.dst)
	}
	if p.err != nil {
		return Config{}, p.err
	}
	if err := c.seedOnlyInDevelopment(getenv); err != nil {
		return Config{}, err
	}
	if c.JournalKeyFile == "" {
		// Beside the embedded cluster's data, not inside it: a copy of the
		// database alone must not carry the key.
		c.JournalKeyFile = filepath.Join(filepath.Dir(c.DataDir), "journal.key")
	}
	if c.JournalAnchorFile == "" {
		c.JournalAnchorFile = filepath.Join(filepath.Dir(c.JournalKeyFile), "journal.anchor")
	}
	if c.SignatureCAFile == "" {
		c.SignatureCAFile = filepath.Join(filepath.Dir(c.DataDir), "signature-ca.pem")
	}
	if c.SignatureSealFile == "" {
		c.SignatureSealFile = filepath.Join(filepath.Dir(c.DataDir), "signature-seal.pem")
	}
	if err := c.finish(origins); err != nil {
		return Config{}, err
	}
	return c, nil
}

// seedOnlyInDevelopment keeps demo data out of deployments: the demo
// staff's passwords and authenticator keys are published (README, `make
// run`), so whoever knows them would hold the back office (ASVS 6.3.2).
// Unset, SEED follows DEV in the embedded database; set, it needs DEV.
func (c *Config) seedOnlyInDevelopment(getenv func(string) string) error {
	if strings.TrimSpace(getenv("SEED")) == "" {
		c.Seed = c.Dev && c.DatabaseURL == ""
	}
	if c.Seed && !c.Dev {
		return fmt.Errorf("config: SEED=true creates accounts whose passwords are published; it needs DEV=true")
	}
	return nil
}

// finish derives PublicURL and Origins and checks the whole.
func (c *Config) finish(extraOrigins string) error {
	if c.PublicURL == "" {
		c.PublicURL = "http://" + c.Addr
	}
	u, err := url.Parse(c.PublicURL)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return fmt.Errorf("config: PUBLIC_URL %q is not an absolute URL", c.PublicURL)
	}
	c.PublicURL = strings.TrimSuffix(c.PublicURL, "/")
	if strings.EqualFold(c.AdminAddr, "off") {
		c.AdminAddr = ""
	}
	c.Origins = append(c.Origins, u.Scheme+"://"+u.Host)
	// A loopback address is also reached as localhost (and vice versa).
	if host, port, err := net.SplitHostPort(u.Host); err == nil {
		switch host {
		case "127.0.0.1":
			c.Origins = append(c.Origins, u.Scheme+"://localhost:"+port)
		case "localhost":
			c.Origins = append(c.Origins, u.Scheme+"://127.0.0.1:"+port)
		}
	}
	for _, o := range strings.Split(extraOrigins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			c.Origins = append(c.Origins, strings.TrimSuffix(o, "/"))
		}
	}
	switch {
	case c.SessionIdle <= 0 || c.SessionAbsolute < c.SessionIdle:
		return fmt.Errorf("config: SESSION_IDLE must be positive and not above SESSION_ABSOLUTE")
	case c.SessionTouchStep < 0:
		return fmt.Errorf("config: SESSION_TOUCH_STEP must not be negative")
	case c.SessionWarn <= 0 || c.SessionWarn >= c.SessionIdle:
		return fmt.Errorf("config: SESSION_WARN must be positive and below SESSION_IDLE")
	case c.QRRotate <= 0 || c.QRTTL < c.QRRotate:
		return fmt.Errorf("config: QR_ROTATE must be positive and not above QR_TTL")
	case c.KioskWarn <= 0 || c.KioskWarn >= c.KioskIdle || c.KioskIdle > c.SessionAbsolute:
		return fmt.Errorf("config: KIOSK_WARN must be positive and below KIOSK_IDLE")
	case c.SessionMax < 1:
		return fmt.Errorf("config: SESSION_MAX must be at least 1")
	case c.LockoutThreshold < 1 || c.FactorLockout < 1 || c.CodeTries < 1 || c.IPLimit < 1:
		return fmt.Errorf("config: LOCKOUT_THRESHOLD, FACTOR_LOCKOUT_THRESHOLD, CODE_TRIES and LOGIN_IP_LIMIT must be at least 1")
	case c.CodeDailyCap < 1 || c.NoticeDailyCap < 1:
		return fmt.Errorf("config: CODE_DAILY_CAP and NOTICE_DAILY_CAP must be at least 1")
	case c.ReceiptIPLimit < 1 || c.ReceiptIPWindow <= 0:
		return fmt.Errorf("config: RECEIPT_IP_LIMIT must be at least 1 and RECEIPT_IP_WINDOW positive")
	}
	return nil
}

// SecureCookies reports whether the public URL is https, in which case the
// session cookie is a __Host- cookie with Secure.
func (c Config) SecureCookies() bool { return strings.HasPrefix(c.PublicURL, "https://") }

type parser struct {
	lookup func(string) (string, bool)
	err    error
}

func (p *parser) fail(name, v string, err error) {
	if p.err == nil {
		p.err = fmt.Errorf("config: %s=%q: %w", name, v, err)
	}
}

// parse sets *dst from the variable when it is set (blank is unset, but
// for an emptySets).
func (p *parser) parse(name string, dst any) {
	v, set := p.lookup(name)
	if v = strings.TrimSpace(v); v == "" {
		if d, ok := dst.(emptySets); ok && set {
			*d.s = ""
		}
		return
	}
	var err error
	switch d := dst.(type) {
	case emptySets:
		*d.s = v
	case *string:
		*d = v
	case *bool:
		*d, err = strconv.ParseBool(v)
	case *int:
		*d, err = strconv.Atoi(v)
	case *time.Duration:
		*d, err = time.ParseDuration(v)
	case *[]netip.Prefix:
		*d, err = prefixes(v)
	default:
		panic(fmt.Sprintf("config: %s: no parser for %T", name, dst)) // a programming error in bindings
	}
	if err != nil {
		p.fail(name, v, err)
	}
}

// prefixes reads a comma-separated list of CIDR ranges; a bare address is
// a range of one. A bad entry is named: a proxy list that silently lost an
// entry would make every client behind that proxy look like the proxy.
func prefixes(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, entry := range strings.Split(v, ",") {
		if entry = strings.TrimSpace(entry); entry == "" {
			continue
		}
		prefix, err := netip.ParsePrefix(entry)
		if err != nil {
			a, aerr := netip.ParseAddr(entry)
			if aerr != nil {
				return nil, fmt.Errorf("%q is neither a CIDR range nor an address", entry)
			}
			prefix = netip.PrefixFrom(a, a.BitLen())
		}
		out = append(out, prefix.Masked())
	}
	return out, nil
}

// MemoryLimit is the soft memory limit in bytes that MEMORY_LIMIT_MB asks
// for on a machine with cores cores (0: none). The default is 64 MiB for
// the server and 24 MiB per core, since each core may run one argon2id
// hash (19 MiB, which its slot of auth.Hasher keeps between hashes).
// With 40 MiB per core (when each hash allocated its memory afresh) the
// server's RSS reached 165 MB in a burst of password sign-ins on 2 cores,
// past the 150 MB issue 12 allows.
func (c Config) MemoryLimit(cores int) int64 {
	switch {
	case c.MemoryLimitMB < 0:
		return 0
	case c.MemoryLimitMB > 0:
		return int64(c.MemoryLimitMB) << 20
	}
	return int64(64+24*cores) << 20
}

// SetMemoryLimit gives the Go runtime the limit MemoryLimit asks for on
// this machine, unless GOMEMLIMIT is set (the runtime read that itself):
// a burst of password hashes (19 MiB each) must not leave the heap goal,
// and so the RSS, where the burst took it. The server calls it at start;
// the load report's raw hasher does too, so that both hash under the same
// limit.
func (c Config) SetMemoryLimit(lookupEnv func(string) (string, bool)) {
	if v, ok := lookupEnv("GOMEMLIMIT"); ok && v != "" {
		return
	}
	if limit := c.MemoryLimit(runtime.NumCPU()); limit > 0 {
		debug.SetMemoryLimit(limit)
	}
}
