package config

import (
	"fmt"
	"strings"
	"time"
)

// Var is one environment variable the server reads. FromEnv parses the
// same list that Vars returns for `kabinet help`, so the help cannot miss
// a variable or show a default the server does not use.
type Var struct {
	Name    string
	Default string // as the help shows it; "" when there is none
	Summary string
}

// binding ties a variable to the field its value goes into.
type binding struct {
	Var
	dst any // *string, *bool, *int, *time.Duration, *[]netip.Prefix or emptySets
}

// emptySets is a string variable that, set empty, sets "" rather than
// leaving the default: for all others a blank variable reads as unset.
type emptySets struct{ s *string }

// bindings lists every variable, pointing into c; ORIGINS goes to
// origins, which finish adds to the derived ones. A Default written here
// is for values derived from others; the rest come from Default().
func bindings(c *Config, origins *string) []binding {
	v := func(name, def, summary string) Var { return Var{Name: name, Default: def, Summary: summary} }
	return []binding{
		{v("ADDR", "", "listen address"), &c.Addr},
		{v("PUBLIC_URL", "http://ADDR", "how browsers reach the portal (its links, cookies, passkeys)"), &c.PublicURL},
		{v("ORIGINS", "", "more origins allowed to send requests, comma-separated"), origins},
		{v("DATABASE_URL", "", "PostgreSQL to use; empty runs an embedded one in DATA_DIR"), &c.DatabaseURL},
		{v("MIGRATE_DATABASE_URL", "DATABASE_URL", "the schema owner's PostgreSQL URL: migrations run as it, DATABASE_URL's role gets rows only"), &c.MigrateDatabaseURL},
		{v("DATA_DIR", "", "the embedded PostgreSQL's data"), &c.DataDir},
		{v("JOURNAL_KEY", "", "the journal's HMAC key, 64 hex digits (never logged)"), &c.JournalKeyHex},
		{v("JOURNAL_KEY_FILE", "journal.key beside DATA_DIR", "the journal's key file when JOURNAL_KEY is not set; made on first start"), &c.JournalKeyFile},
		{v("JOURNAL_ANCHOR_FILE", "journal.anchor beside JOURNAL_KEY_FILE", "where the journal's verification keeps the count of rows it saw, out of the database's reach; made on first verification"), &c.JournalAnchorFile},
		{v("SIGNATURE_CA_FILE", "signature-ca.pem beside DATA_DIR", "the «Ключ Кабинета» CA's key and certificate (PEM); made on first start, back it up apart from the database"), &c.SignatureCAFile},
		{v("SIGNATURE_SEAL_FILE", "signature-seal.pem beside DATA_DIR", "the portal's seal key and certificate (PEM), which seals signature records; made on first start"), &c.SignatureSealFile},
		{v("SIGNATURE_TRUST_DIR", "", "CA certificates (PEM or DER files) trusted for external signatures; the portal's own CA always is"), &c.SignatureTrustDir},
		{v("MEMORY_LIMIT_MB", "64 + 24 per core", "the Go runtime's soft memory limit in MiB; negative: none (GOMEMLIMIT wins)"), &c.MemoryLimitMB},
		{v("METRICS_TOKEN", "", "bearer token for /metrics from elsewhere; without it only this machine may read it"), &c.MetricsToken},
		{v("ADMIN_ADDR", "", "where the profiler (net/http/pprof) listens, never the public port; empty or off: none"), emptySets{&c.AdminAddr}},
		{v("WEB_DIR", "", "static files and app.wasm"), &c.WebDir},
		{v("LOG_LEVEL", "", "debug, info, warn or error"), &c.LogLevel},
		{v("TRUSTED_PROXIES", "", "reverse proxies (CIDRs or addresses, comma-separated) whose X-Forwarded-For / X-Real-IP name the client"), &c.TrustedProxies},
		{v("PD_OPERATOR", "", "who processes personal data, as the privacy policy names it (organisation, ИНН, address)"), &c.PDOperator},
		{v("WEBAUTHN_RP_ID", "host of PUBLIC_URL", "passkeys' relying party id"), &c.WebAuthnRPID},
		{v("DEV", "", "development mode: the outbox page, codes in the log"), &c.Dev},
		{v("MIGRATE", "", "apply pending migrations at start (always with the embedded database)"), &c.Migrate},
		{v("SEED", "DEV with the embedded database", "create demo data (published passwords) when the database is empty; only with DEV"), &c.Seed},
		{v("SESSION_IDLE", "", "a session ends after this long without use"), &c.SessionIdle},
		{v("SESSION_TOUCH_STEP", "", "a session's idle deadline is written when it would move by more than this"), &c.SessionTouchStep},
		{v("SESSION_ABSOLUTE", "", "a session ends this long after sign-in"), &c.SessionAbsolute},
		{v("SESSION_WARN", "", "warning before a session's idle end"), &c.SessionWarn},
		{v("SESSION_MAX", "", "sessions open at once per account; a new sign-in beyond it ends the least recently used"), &c.SessionMax},
		{v("LOCKOUT_THRESHOLD", "", "wrong passwords before an account is locked"), &c.LockoutThreshold},
		{v("LOCKOUT_DURATION", "", "how long a lock lasts"), &c.LockoutDuration},
		{v("FACTOR_LOCKOUT_THRESHOLD", "", "wrong second factors in a row, over any sign-ins, before the second step is locked"), &c.FactorLockout},
		{v("LOGIN_IP_LIMIT", "", "sign-in attempts from one IP per window"), &c.IPLimit},
		{v("LOGIN_IP_WINDOW", "", "the window of LOGIN_IP_LIMIT"), &c.IPWindow},
		{v("RECEIPT_IP_LIMIT", "", "public receipt views (the check page, its data and PDF) from one IP per window"), &c.ReceiptIPLimit},
		{v("RECEIPT_IP_WINDOW", "", "the window of RECEIPT_IP_LIMIT"), &c.ReceiptIPWindow},
		{v("QR_TTL", "", "a QR sign-in lives at most this long"), &c.QRTTL},
		{v("QR_ROTATE", "", "the sign-in QR code changes this often"), &c.QRRotate},
		{v("KIOSK_IDLE", "", "a kiosk session ends after this long without use"), &c.KioskIdle},
		{v("KIOSK_WARN", "", "warning before a kiosk session ends"), &c.KioskWarn},
		{v("CODE_TTL", "", "a confirmation code lives this long"), &c.CodeTTL},
		{v("CODE_RESEND", "", "wait before a code can be sent again"), &c.CodeResend},
		{v("CODE_TRIES", "", "wrong entries before a code is spent"), &c.CodeTries},
		{v("CODE_DAILY_CAP", "", "codes a day to one phone or address, whatever sends them"), &c.CodeDailyCap},
		{v("NOTICE_DAILY_CAP", "", "notices a day to one phone or address"), &c.NoticeDailyCap},
		{v("SMTP_HOST", "", "mail server; empty keeps e-mail in the outbox"), &c.SMTP.Host},
		{v("SMTP_PORT", "", "mail server port"), &c.SMTP.Port},
		{v("SMTP_USER", "", "mail server user"), &c.SMTP.User},
		{v("SMTP_PASSWORD", "", "mail server password (never logged)"), &c.SMTP.Password},
		{v("SMTP_FROM", "", "sender address of e-mail"), &c.SMTP.From},
		{v("SMTP_TLS", "", "starttls, tls or none"), &c.SMTP.TLS},
		{v("SMS_GATEWAY_URL", "", "SMS gateway; empty keeps SMS in the outbox"), &c.SMS.URL},
		{v("SMS_GATEWAY_TOKEN", "", "SMS gateway token (never logged)"), &c.SMS.Token},
		{v("SMS_FROM", "", "SMS sender name"), &c.SMS.From},
		{v("PAYEE_NAME", "", "tax payee: name on payment documents"), &c.Payee.Name},
		{v("PAYEE_INN", "", "tax payee: ИНН"), &c.Payee.INN},
		{v("PAYEE_KPP", "", "tax payee: КПП"), &c.Payee.KPP},
		{v("PAYEE_ACCOUNT", "", "tax payee: treasury account"), &c.Payee.Account},
		{v("PAYEE_BANK", "", "tax payee: bank name"), &c.Payee.BankName},
		{v("PAYEE_BIC", "", "tax payee: БИК"), &c.Payee.BIC},
		{v("PAYEE_CORR_ACCOUNT", "", "tax payee: single treasury account (ЕКС)"), &c.Payee.CorrespAcc},
		{v("PAYEE_KBK", "", "tax payee: КБК"), &c.Payee.KBK},
	}
}

// Vars lists every variable the server reads, in FromEnv's order, with
// the default it has when unset.
func Vars() []Var {
	def := Default()
	var origins string
	bs := bindings(&def, &origins)
	out := make([]Var, len(bs))
	for i, b := range bs {
		out[i] = b.Var
		if out[i].Default == "" {
			out[i].Default = show(b.dst)
		}
	}
	return out
}

// show writes a default as one would type it ("15m", not "15m0s");
// false and empty show as nothing.
func show(v any) string {
	switch v := v.(type) {
	case emptySets:
		return *v.s
	case *string:
		return *v
	case *bool:
		if *v {
			return "true"
		}
	case *int:
		return fmt.Sprint(*v)
	case *time.Duration:
		s := v.String()
		if strings.HasSuffix(s, "m0s") {
			s = strings.TrimSuffix(s, "0s")
		}
		if strings.HasSuffix(s, "h0m") {
			s = strings.TrimSuffix(s, "0m")
		}
		return s
	}
	return ""
}
