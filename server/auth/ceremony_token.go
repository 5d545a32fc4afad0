package auth

import (
	"context"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"time"

	"github.com/go-webauthn/webauthn/webauthn"
	"golang.org/x/crypto/chacha20poly1305"

	"kabinet/shared"
)

// A passkey sign-in bound to nothing (purposeLogin) keeps its ceremony in
// the browser, not in webauthn_ceremonies: the state sealed under the
// server's key (XChaCha20-Poly1305, server_keys "ceremony", the purpose as
// associated data) is the ceremony id the options answer. So the options
// write nothing and need no statement at all. What a stored ceremony
// guaranteed still holds:
//   - nobody can make or alter one: the seal is authenticated;
//   - it expires: the sealed state carries its deadline, checked here and
//     by go-webauthn;
//   - it works once: the answer's statement inserts a row keyed by the
//     challenge into webauthn_ceremonies (ON CONFLICT DO NOTHING), so a
//     second answer with the same ceremony finds it taken. That row is
//     written with the throttle's hit, as the stored ceremony's
//     consumed_at was, and removed with the other expired ceremonies.
//
// A login ceremony is bound to no session or ticket; the origin and the
// RP id are checked by go-webauthn from the signed client data.
const ceremonyAAD = "kabinet ceremony " + purposeLogin

// newCeremonySeal is XChaCha20-Poly1305 under key: its 24-byte nonces
// may be random for as many sign-ins as the key will ever see, where
// AES-GCM's 12-byte ones would want the key rotated after about 2^32.
func newCeremonySeal(key []byte) (cipher.AEAD, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, fmt.Errorf("auth: ceremony key: %w", err)
	}
	return aead, nil
}

// sealLoginCeremony is the ceremony id of a sign-in ceremony: its state,
// with the deadline, sealed.
func (s *Service) sealLoginCeremony(sd *webauthn.SessionData) (string, time.Time, error) {
	expires := time.Now().Add(ceremonyTTL).UTC().Truncate(time.Microsecond)
	if sd.Expires.IsZero() || sd.Expires.After(expires) {
		sd.Expires = expires
	}
	plain, err := json.Marshal(sd)
	if err != nil {
		return "", time.Time{}, err
	}
	nonce := make([]byte, s.ceremonySeal.NonceSize(), s.ceremonySeal.NonceSize()+len(plain)+s.ceremonySeal.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return "", time.Time{}, err
	}
	sealed := s.ceremonySeal.Seal(nonce, nonce, plain, []byte(ceremonyAAD))
	return base64.RawURLEncoding.EncodeToString(sealed), sd.Expires, nil
}

// openLoginCeremony is the state sealed in id; CodeCodeExpired when id is
// not one this server sealed or its deadline has passed.
func (s *Service) openLoginCeremony(id string) (webauthn.SessionData, error) {
	var sd webauthn.SessionData
	sealed, err := base64.RawURLEncoding.DecodeString(id)
	if err != nil || len(sealed) < s.ceremonySeal.NonceSize() {
		return sd, shared.E(shared.CodeCodeExpired)
	}
	n := s.ceremonySeal.NonceSize()
	plain, err := s.ceremonySeal.Open(nil, sealed[:n], sealed[n:], []byte(ceremonyAAD))
	if err != nil || json.Unmarshal(plain, &sd) != nil || sd.Challenge == "" || !time.Now().Before(sd.Expires) {
		return sd, shared.E(shared.CodeCodeExpired)
	}
	return sd, nil
}

// The answer's statement (loginTake, prepared through the accounts, see
// SetAccounts) takes the throttle's hit, uses up the ceremony and reads
// the account its user handle names with that account's passkeys, in one
// round trip: $1 the user handle, $2 the throttle's key, $3 its window in
// seconds, $4 the ceremony's row id, $5 its purpose, $6 its expiry, $7 the
// throttle's limit. The account is read whatever the verdict (a read is
// cheap; over the limit it is not used), and read first: the CTEs run
// when the list of the answer's values first reads them, and the
// throttle's row stays locked from its hit to the commit, so the work
// after the hit is what every sign-in from the same address waits for
// (1.15 ms a statement at 8 clients with the passkeys read after it).
var (
	loginTakeWith = `WITH hit AS (` + hitText("$2", "$3::bigint") + `),
	taken AS (INSERT INTO webauthn_ceremonies (id, purpose, data, expires_at, consumed_at)
		SELECT $4::text, $5::text, '{}', $6::timestamptz, now() WHERE ` + withinText("$7::integer") + ` ON CONFLICT (id) DO NOTHING RETURNING true)`
	loginTakeID   = `SELECT account_id FROM webauthn_users WHERE handle = $1`
	loginTakeAlso = `json_build_object('passkeys', (` + passkeysJSON + `), 'hits', (SELECT hits FROM hit),
		'start', extract(epoch FROM (SELECT window_start FROM hit))::bigint, 'taken', EXISTS (SELECT FROM taken))`
)

// loginTaken is what the answer's statement found: the account the user
// handle names (found false: none) and its passkeys.
type loginTaken struct {
	acc      shared.Account
	found    bool
	handle   []byte
	passkeys []passkeyRow
}

// takeLoginCeremony uses up a sealed sign-in ceremony after the throttle's
// hit on key, and reads the account the answer's user handle names, in
// one statement that commits without waiting for the disk (see
// asyncCommit): over the limit it answers CodeRateLimited and uses
// nothing; a ceremony used before is CodeCodeExpired. A forged or expired
// one counts as an attempt all the same.
func (s *Service) takeLoginCeremony(ctx context.Context, key, id string, handle []byte) (webauthn.SessionData, loginTaken, error) {
	taken := loginTaken{handle: handle}
	sd, err := s.openLoginCeremony(id)
	if err != nil {
		if herr := s.throttle.Hit(ctx, key); herr != nil {
			return sd, taken, herr
		}
		return sd, taken, err
	}
	acc, raw, err := s.accounts.GetWith(ctx, s.loginTake, handle, key, s.throttle.windowSecs(),
		purposeLogin+":"+sd.Challenge, purposeLogin, sd.Expires, s.throttle.limit)
	taken.acc, taken.found = acc, err == nil
	if shared.ErrorCode(err) == shared.CodeNotFound {
		err = nil
	}
	var got struct {
		Hits     int          `json:"hits"`
		Start    int64        `json:"start"`
		Taken    bool         `json:"taken"`
		Passkeys []passkeyRow `json:"passkeys"`
	}
	if err == nil {
		err = json.Unmarshal(raw, &got)
	}
	if err != nil {
		return sd, taken, fmt.Errorf("auth.takeLoginCeremony: %w", err)
	}
	if err := s.throttle.verdict(throttleHit{Hits: got.Hits, Start: time.Unix(got.Start, 0)}); err != nil {
		return sd, taken, err
	}
	if !got.Taken {
		return sd, taken, shared.E(shared.CodeCodeExpired)
	}
	taken.passkeys = got.Passkeys
	return sd, taken, nil
}
