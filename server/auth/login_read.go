package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"kabinet/server/api"
	"kabinet/shared"
)

// passwordReadWith and passwordReadAlso make, with Accounts.PrepareByLogin,
// the one statement a password sign-in runs before the hash (prepared,
// db.Prepared): the throttle's hit on the address, the account the login
// names, whether the failure counter of the account (acct:…) and that of
// the login (login:…, for a login that names none) are counted and lock,
// and the account's second factors. The hit commits without waiting for
// the disk, as Hit's does (asyncCommit); the rest only reads. $5 is the
// throttle's key, $6 its window in seconds, $7 the login's counter key,
// $8 the accounts' counter prefix (accountKey("")).
var (
	passwordReadWith = `WITH hit AS (` + hitText("$5::text", "$6::bigint") + `)`
	passwordReadAlso = `SELECT json_build_object('hits', h.hits, 'window_start', h.window_start,
		'account_locked', (SELECT coalesce(locked_until > now(), false) FROM password_failures WHERE key = $8::text || a.id::text),
		'login_locked', (SELECT coalesce(locked_until > now(), false) FROM password_failures WHERE key = $7::text),
		'factors', (SELECT row_to_json(f) FROM (SELECT ` + factorsText("a.id") + `) AS f)) FROM hit AS h`
)

// passwordRead is what that statement returns beside the account.
type passwordRead struct {
	Hits          int          `json:"hits"`
	WindowStart   time.Time    `json:"window_start"`
	AccountLocked *bool        `json:"account_locked"` // nil: no failures counted
	LoginLocked   *bool        `json:"login_locked"`
	Factors       factorCounts `json:"factors"`
}

// readLogin runs the statement for a login (valid in form) from m's
// address. The account is CodeNotFound when the login names none; the
// throttle's verdict is Login's to give.
func (s *Service) readLogin(ctx context.Context, login, loginKey string, m api.Meta) (LoginAccount, shared.Account, passwordRead, error) {
	var r passwordRead
	la, acc, raw, err := s.accounts.FindByLoginWith(ctx, s.passwordRead, login,
		"login:"+m.IP, s.throttle.windowSecs(), loginKey, accountKey(""))
	if err != nil && shared.ErrorCode(err) != shared.CodeNotFound {
		return la, acc, r, fmt.Errorf("auth.readLogin: %w", err)
	}
	if jerr := json.Unmarshal(raw, &r); jerr != nil {
		return la, acc, r, fmt.Errorf("auth.readLogin: %w", jerr)
	}
	return la, acc, r, err
}
