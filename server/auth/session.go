package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/shared"
	"kabinet/shared/npd"
	"kabinet/shared/signature"
)

// Session is a signed-in browser.
type Session struct {
	bun.BaseModel `bun:"table:sessions"`

	ID            []byte    `bun:"id,pk"` // SHA-256 of the cookie token
	AccountID     string    `bun:"account_id,type:uuid"`
	Methods       []string  `bun:"methods,array"`
	IP            string    `bun:"ip"`
	UserAgent     string    `bun:"user_agent"`
	CreatedAt     time.Time `bun:"created_at"`
	LastSeenAt    time.Time `bun:"last_seen_at"`
	IdleExpiresAt time.Time `bun:"idle_expires_at"`
	ExpiresAt     time.Time `bun:"expires_at"`
	StepUpAt      time.Time `bun:"step_up_at,nullzero"`  // last fresh second factor
	ReauthAt      time.Time `bun:"reauth_at,nullzero"`   // last password given again (accounts without a factor)
	KioskID       *string   `bun:"kiosk_id,type:uuid"`   // opened on a registered kiosk
	Roles         []string  `bun:"roles,array,scanonly"` // the account's staff roles

	TouchDue bool `bun:"stale,scanonly"` // the idle deadline lags by more than a step

	// Set by the sign-in that opened the session in this request: it ended
	// the browser's earlier session itself (signedIn need not), and it
	// learnt whether the account has a second factor (Info need not ask).
	priorEnded, factorKnown, hasFactor bool `bun:"-"`

	// token is the session's new cookie token when the request rotated it
	// (a change of privilege); Authenticate sets the cookie on success.
	token string `bun:"-"`
}

// Permissions are the staff permissions of the session's account.
func (s *Session) Permissions() []string { return shared.PermissionsOf(s.Roles) }

// Can reports whether the session's account holds the staff permission.
func (s *Session) Can(perm string) bool {
	for _, p := range s.Permissions() {
		if p == perm {
			return true
		}
	}
	return false
}

// SecondFactor reports whether the session proved a second factor: it was
// opened with one, or one was proven in it later (a step-up, or the
// first factor set up in it — the moment staff are sent to do so).
func (s *Session) SecondFactor() bool {
	if !s.StepUpAt.IsZero() {
		return true
	}
	for _, m := range s.Methods {
		switch m {
		// The factors themselves, a phone's approval (push), a QR
		// sign-in, which only a phone that proved a factor approves, and
		// a «Ключ Кабинета», a key that never leaves the person's device.
		case shared.FactorPasskey, shared.FactorTOTP, shared.FactorSMS, shared.FactorRecovery,
			shared.FactorPush, shared.FactorQR, signature.MethodKey:
			return true
		}
	}
	return false
}

const localsKey = "kabinet.session"

// Current returns the session that Authenticate attached to the request.
// Handlers behind Authenticate can rely on it being non-nil.
func Current(c *fiber.Ctx) *Session {
	s, _ := c.Locals(localsKey).(*Session)
	return s
}

// CookieName is the session cookie's name: a __Host- cookie over https; on
// plain-http development origins (where Secure cookies cannot be set) a
// host-only, HttpOnly, SameSite=Strict cookie with Path=/ and no Domain.
func (s *Service) CookieName() string {
	if s.cfg.SecureCookies() {
		return "__Host-kabinet"
	}
	return "kabinet_session"
}

func (s *Service) setCookie(c *fiber.Ctx, token string, expires time.Time) {
	c.Cookie(&fiber.Cookie{
		Name: s.CookieName(), Value: token, Path: "/", Expires: expires,
		Secure: s.cfg.SecureCookies(), HTTPOnly: true, SameSite: fiber.CookieSameSiteStrictMode,
	})
}

func (s *Service) clearCookie(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{
		Name: s.CookieName(), Value: "", Path: "/", Expires: time.Unix(0, 0), MaxAge: -1,
		Secure: s.cfg.SecureCookies(), HTTPOnly: true, SameSite: fiber.CookieSameSiteStrictMode,
	})
}

func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// newToken makes a random cookie token.
func newToken() (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("auth.newToken: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(raw), nil
}

// newSession is the row of a new session and its cookie token; stepUp
// opens it freshly stepped up (the sign-in proved a second factor).
// A new token at every sign-in: there is no way to reuse an earlier one.
// openSession stores it.
func (s *Service) newSession(accountID string, methods []string, stepUp bool, m api.Meta) (string, *Session, error) {
	token, err := newToken()
	if err != nil {
		return "", nil, fmt.Errorf("auth.newSession: %w", err)
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	sess := &Session{
		ID: hashToken(token), AccountID: accountID, Methods: methods,
		IP: m.IP, UserAgent: m.UserAgent, CreatedAt: now, LastSeenAt: now,
		IdleExpiresAt: now.Add(s.cfg.SessionIdle), ExpiresAt: now.Add(s.cfg.SessionAbsolute),
	}
	if stepUp {
		sess.StepUpAt = now
	}
	if m.KioskID != "" {
		// A kiosk is shared: the next person must not find this one's cabinet.
		sess.KioskID, sess.IdleExpiresAt = &m.KioskID, now.Add(s.cfg.KioskIdle)
	}
	return token, sess, nil
}

// rotate gives the live session a new token as its privilege changes, and
// records the change (set, an SQL assignment such as "step_up_at = now()").
// The id is the token's hash and is replaced in place: in one statement the
// new token starts and the old one ends, so a token seen before a step-up
// (in a log, on a shared machine) never carries the step-up. Authenticate
// hands the new token to the browser in the same response.
func (s *Service) rotate(ctx context.Context, db bun.IDB, sess *Session, set string) error {
	token, err := newToken()
	if err != nil {
		return err
	}
	// Every caller journals the change in db's transaction after this:
	// the chain's lock first, as a sign-out of this session takes it.
	if err := lockChainFirst(ctx, db, sess.AccountID); err != nil {
		return err
	}
	res, err := db.NewRaw("UPDATE sessions SET id = ?, "+set+" WHERE id = ? AND revoked_at IS NULL", hashToken(token), sess.ID).Exec(ctx)
	if err != nil {
		return fmt.Errorf("auth.rotate: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return shared.E(shared.CodeUnauthenticated) // ended meanwhile
	}
	sess.ID, sess.token = hashToken(token), token
	return nil
}

// stepUp marks a second factor just proven in the session (a step-up, or a
// factor set up or used in it) and rotates its token.
func (s *Service) stepUp(ctx context.Context, db bun.IDB, sess *Session) error {
	if err := s.rotate(ctx, db, sess, "step_up_at = now()"); err != nil {
		return err
	}
	sess.StepUpAt = time.Now()
	return nil
}

// endPrior ends the session the browser signed in with before (its cookie
// came with the sign-in): one browser, one session. A sign-in that passed
// priorOf to openSession ended it in its own transaction already.
func (s *Service) endPrior(c *fiber.Ctx, current *Session) error {
	old := c.Cookies(s.CookieName())
	if current.priorEnded || old == "" || string(hashToken(old)) == string(current.ID) {
		return nil
	}
	return s.Revoke(c.UserContext(), s.db, hashToken(old), "replaced")
}

// priorOf is the id of the session whose cookie came with the request,
// nil without one: the sign-in that opens another ends it.
func (s *Service) priorOf(c *fiber.Ctx) []byte {
	if old := c.Cookies(s.CookieName()); old != "" {
		return hashToken(old)
	}
	return nil
}

// lookup finds the live session of token; touch extends its idle timeout
// (activity). Expired, revoked and unknown tokens all give nil. Reading is
// one SELECT that writes nothing: the deadline is written only when it
// would move by more than a step (touchStepSQL), so a plain request makes no commit.
func (s *Service) lookup(ctx context.Context, token string, touch bool) (*Session, error) {
	if token == "" || len(token) > 100 {
		return nil, nil
	}
	sess := new(Session)
	err := s.sessionByID.Scan(ctx, s.db, []any{hashToken(token)}, sess)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("auth.lookup: %w", err)
	}
	if touch && sess.TouchDue {
		if err := s.touch(ctx, sess); err != nil {
			return nil, err
		}
	}
	return sess, nil
}

// sessionSQL is lookup's statement ($1 the hash of the token), run on
// every authenticated request: it is prepared (db.Prepared), planned once
// per connection instead of on each request.
func (s *Service) sessionSQL() string {
	return `SELECT s.id, s.account_id, s.methods, s.ip, s.user_agent, s.created_at, s.last_seen_at, s.idle_expires_at,
			s.expires_at, s.step_up_at, s.reauth_at, s.kiosk_id,
			ARRAY(SELECT role FROM staff_roles WHERE account_id = s.account_id ORDER BY role) AS roles,
			s.idle_expires_at < ` + s.idleDeadlineSQL("s") + ` - ` + s.touchStepSQL("s") + ` AS stale
		FROM sessions s
		WHERE s.id = $1::bytea AND s.revoked_at IS NULL AND s.idle_expires_at > now() AND s.expires_at > now()`
}

// idleDeadlineSQL is the idle deadline a touch now sets on the session
// aliased t: its idle timeout (a kiosk's is shorter) from now, never past
// the absolute end.
func (s *Service) idleDeadlineSQL(t string) string {
	return fmt.Sprintf(`LEAST(now() + CASE WHEN %[1]s.kiosk_id IS NULL
		THEN interval '%[2]d milliseconds' ELSE interval '%[3]d milliseconds' END, %[1]s.expires_at)`,
		t, s.cfg.SessionIdle.Milliseconds(), s.cfg.KioskIdle.Milliseconds())
}

// touchStepSQL is how far the idle deadline of the session aliased t may
// lag behind activity before a request writes it: SESSION_TOUCH_STEP, but
// at most a tenth of its idle timeout, so a kiosk's two minutes stay two
// minutes within twelve seconds.
func (s *Service) touchStepSQL(t string) string {
	step := func(idle time.Duration) int64 { return min(s.cfg.SessionTouchStep, idle/10).Milliseconds() }
	return fmt.Sprintf(`CASE WHEN %s.kiosk_id IS NULL
		THEN interval '%d milliseconds' ELSE interval '%d milliseconds' END`,
		t, step(s.cfg.SessionIdle), step(s.cfg.KioskIdle))
}

// touch writes the session's activity without waiting for the disk
// (synchronous_commit off): a touch lost in a crash costs the person at
// most a step of idle time, and the request's own commit, if any, stays
// durable.
func (s *Service) touch(ctx context.Context, sess *Session) error {
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.ExecContext(ctx, "SET LOCAL synchronous_commit = off"); err != nil {
			return err
		}
		return tx.NewRaw(`UPDATE sessions t SET last_seen_at = now(), idle_expires_at = `+s.idleDeadlineSQL("t")+`
			WHERE id = ? AND revoked_at IS NULL RETURNING last_seen_at, idle_expires_at`, sess.ID).
			Scan(ctx, &sess.LastSeenAt, &sess.IdleExpiresAt)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil // revoked meanwhile: this request was already let in
	}
	if err != nil {
		return fmt.Errorf("auth.touch: %w", err)
	}
	return nil
}

// Authenticate attaches the caller's session to the request or answers
// CodeUnauthenticated. Requests with ?passive=1 (e.g. a status check) do
// not count as activity.
func (s *Service) Authenticate() fiber.Handler { return s.authenticate(false) }

// AuthenticateWithFactor is Authenticate for everything beyond reference
// information (ASVS 6.3.3): the cabinets, their documents and lookups
// need a session that proved a second factor, whatever the account's
// level. What stays open to a password alone is the person's own account
// — profile, sessions, journal, notifications — and the security page,
// where the factor is added; the app leads there on factor_required.
func (s *Service) AuthenticateWithFactor() fiber.Handler { return s.authenticate(true) }

func (s *Service) authenticate(factor bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		token := strings.Clone(c.Cookies(s.CookieName()))
		sess, err := s.lookup(c.UserContext(), token, c.Query("passive") != "1")
		if err != nil {
			return err
		}
		if sess == nil {
			if token != "" {
				s.clearCookie(c)
			}
			return shared.E(shared.CodeUnauthenticated)
		}
		if factor && !sess.SecondFactor() {
			return shared.E(npd.CodeFactorRequired)
		}
		c.Locals(localsKey, sess)
		if err := c.Next(); err != nil {
			return err
		}
		if sess.token != "" { // rotated by a change of privilege that was committed
			s.setCookie(c, sess.token, sess.ExpiresAt)
		}
		return nil
	}
}

// RequirePermission lets through only sessions whose account holds perm,
// that proved a second factor and that are not a kiosk's: staff act on
// other people's accounts, so a stolen password alone must not open the
// back office, nor may a terminal the next visitor uses. Every
// back-office route passes here, so this is the one place that says so.
func RequirePermission(perm string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		sess := Current(c)
		switch {
		case sess == nil || !sess.Can(perm):
			return shared.E(shared.CodeForbidden)
		case sess.KioskID != nil: // a shared screen: people's cards, passports, kiosks' keys
			return shared.E(shared.CodeKioskStaff)
		case !sess.SecondFactor():
			return shared.E(npd.CodeFactorRequired)
		}
		return c.Next()
	}
}

// Revoke ends one session.
func (s *Service) Revoke(ctx context.Context, db bun.IDB, id []byte, reason string) error {
	_, err := db.NewUpdate().Model((*Session)(nil)).
		Set("revoked_at = now(), revoke_reason = ?", reason).
		Where("id = ? AND revoked_at IS NULL", id).Exec(ctx)
	if err != nil {
		return fmt.Errorf("auth.Revoke: %w", err)
	}
	return nil
}

// RevokeAll ends every session of the account (except keep, when given):
// after a password reset, a block, or "sign out everywhere". It takes the
// account's journal chain lock first (lockChainFirst), since the caller
// journals the end in the same transaction.
func (s *Service) RevokeAll(ctx context.Context, db bun.IDB, accountID string, keep []byte, reason string) error {
	if err := lockChainFirst(ctx, db, accountID); err != nil {
		return err
	}
	q := db.NewUpdate().Model((*Session)(nil)).
		Set("revoked_at = now(), revoke_reason = ?", reason).
		Where("account_id = ? AND revoked_at IS NULL", accountID)
	if keep != nil {
		q = q.Where("id <> ?", keep)
	}
	if _, err := q.Exec(ctx); err != nil {
		return fmt.Errorf("auth.RevokeAll: %w", err)
	}
	return nil
}

// Info describes the session: the account, the idle timer, the step-up
// window, and whether a second factor must be set up.
func (s *Service) Info(ctx context.Context, sess *Session, acc shared.Account) (shared.SessionInfo, error) {
	acc.Roles = sess.Roles
	acc.Permissions = sess.Permissions()
	info := shared.SessionInfo{
		Account: acc, Methods: sess.Methods, SecondFactor: sess.SecondFactor(),
		IdleExpiresAt: sess.IdleExpiresAt, ExpiresAt: sess.ExpiresAt,
		ServerTime: time.Now().UTC(), WarnSeconds: int(s.cfg.SessionWarn.Seconds()),
	}
	if until := sess.StepUpAt.Add(shared.StepUpWindow); !sess.StepUpAt.IsZero() && until.After(info.ServerTime) {
		info.StepUpUntil = until
	}
	if sess.KioskID != nil {
		k, err := s.kiosk(ctx, s.db, *sess.KioskID)
		if err != nil {
			return info, err
		}
		info.Kiosk, info.WarnSeconds = k, int(s.cfg.KioskWarn.Seconds())
	}
	if factorRequired(acc.Level) {
		has := sess.hasFactor
		if !sess.factorKnown {
			var err error
			if has, err = s.hasFactor(ctx, s.db, acc.ID); err != nil {
				return info, err
			}
		}
		info.NeedsFactor = !has
	}
	return info, nil
}

// lockChainFirst takes the account's journal chain lock (audit.LockChain)
// in db's transaction before it ends or rotates any of the account's
// sessions. A sign-in takes the lock and then ends sessions (its
// browser's earlier one, those over SESSION_MAX); ending sessions first
// and journaling after, the other order, deadlocked with it, and
// PostgreSQL aborted one of the two. The lock is the transaction's: the
// journal's append takes it again at no cost.
func lockChainFirst(ctx context.Context, db bun.IDB, accountID string) error {
	if _, err := db.NewRaw("SELECT ?", audit.LockChain(accountID)).Exec(ctx); err != nil {
		return fmt.Errorf("auth: the journal chain's lock: %w", err)
	}
	return nil
}
