package signature

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"strings"
	"time"

	"kabinet/server/api"
	"kabinet/server/auth"
	"kabinet/shared"
	sharedsig "kabinet/shared/signature"
)

// Signing a one-time challenge: the sign-in with a «Ключ Кабинета», and
// the confirmation of a standard account's identity with an external
// certificate whose СНИЛС (and ИНН) are the account's, as ЕСИА accepts a
// qualified signature.

// challengeTTL is how long a challenge may be signed.
const challengeTTL = 5 * time.Minute

// Challenge purposes (signature_challenges.purpose).
const (
	purposeLogin = "login"
	purposeLevel = "level"
)

// newChallenge stores a fresh challenge whose message starts with prefix
// and names the portal, so that a signature of it is good for nothing else.
func (s *Service) newChallenge(ctx context.Context, purpose, prefix string, accountID *string, restricted bool) (sharedsig.Challenge, error) {
	nonce := make([]byte, 32)
	if _, err := rand.Read(nonce); err != nil {
		return sharedsig.Challenge{}, err
	}
	r := challengeRow{Purpose: purpose, AccountID: accountID, Restricted: restricted,
		Message:   prefix + s.publicURL + "\n" + base64.RawURLEncoding.EncodeToString(nonce),
		ExpiresAt: s.now().Add(challengeTTL).UTC().Truncate(time.Microsecond)}
	if err := insertChallenge(ctx, s.db, &r); err != nil {
		return sharedsig.Challenge{}, err
	}
	return sharedsig.Challenge{ID: r.ID, Message: r.Message, ExpiresAt: r.ExpiresAt}, nil
}

// LoginChallenge starts a sign-in with a key. With a login the challenge
// is good only for that account's certificates; a login that matches no
// account gives a challenge good for none, with the same answer, so that
// the challenge does not tell which logins exist.
func (s *Service) LoginChallenge(ctx context.Context, req sharedsig.ChallengeRequest, m api.Meta) (sharedsig.Challenge, error) {
	if err := s.deps.Limiter.Hit(ctx, "login:"+m.IP); err != nil {
		return sharedsig.Challenge{}, err
	}
	if err := req.Validate(); err != nil {
		return sharedsig.Challenge{}, err
	}
	var accountID *string
	login := strings.TrimSpace(req.Login)
	if login != "" {
		acc, err := s.deps.Accounts.FindByLogin(ctx, login)
		switch c := shared.ErrorCode(err); {
		case err == nil:
			accountID = &acc.ID
		case c != shared.CodeNotFound && c != shared.CodeInvalidInput:
			return sharedsig.Challenge{}, err
		}
	}
	return s.newChallenge(ctx, purposeLogin, sharedsig.LoginMessagePrefix, accountID, login != "")
}

// KeyLogin checks a signed sign-in challenge: the challenge is used once,
// the certificate is one the portal issued, not revoked, not expired, of
// the account the challenge was for and with the account's СНИЛС, and
// the signature is its key's. It opens a session that proved a second
// factor.
func (s *Service) KeyLogin(ctx context.Context, req sharedsig.KeyLoginRequest, m api.Meta) (string, *auth.Session, error) {
	if err := s.deps.Limiter.Hit(ctx, "login:"+m.IP); err != nil {
		return "", nil, err
	}
	if err := req.Validate(); err != nil {
		return "", nil, err
	}
	if m.KioskID != "" { // a key on a kiosk is one left there by someone
		return "", nil, shared.E(sharedsig.CodeKeyKiosk)
	}
	// Used at once, whatever follows: a signed challenge never serves twice.
	ch, err := takeChallenge(ctx, s.db, req.ChallengeID, purposeLogin)
	if err != nil {
		return "", nil, err
	}
	cert, err := x509.ParseCertificate(req.Certificate)
	if err != nil {
		return "", nil, shared.E(sharedsig.CodeCertUnknown)
	}
	row, err := certificateBySerial(ctx, s.db, serialOf(cert))
	if err != nil {
		return "", nil, err
	}
	if !bytes.Equal(row.DER, cert.Raw) {
		return "", nil, shared.E(sharedsig.CodeCertUnknown)
	}
	if ch.Restricted && (ch.AccountID == nil || *ch.AccountID != row.AccountID) {
		return "", nil, shared.E(sharedsig.CodeCertNotYours)
	}
	if err := row.usable(s.now()); err != nil {
		return "", nil, err
	}
	pub, ok := cert.PublicKey.(*ecdsa.PublicKey)
	if !ok {
		return "", nil, shared.E(sharedsig.CodeCertUnknown)
	}
	if _, ok := verifyECDSA(pub, []byte(ch.Message), req.Signature); !ok {
		// The owner's journal shows that someone held the certificate
		// but not its key.
		if err := s.journal(ctx, s.db, row.AccountID, shared.JournalLoginFailed, m,
			map[string]string{"method": sharedsig.MethodKey, "serial": row.Serial}); err != nil {
			return "", nil, err
		}
		return "", nil, shared.E(sharedsig.CodeSignatureInvalid)
	}
	acc, err := s.deps.Accounts.Get(ctx, row.AccountID)
	if err != nil {
		return "", nil, err
	}
	switch {
	case acc.Status == shared.StatusBlocked:
		return "", nil, shared.E(shared.CodeAccountBlocked)
	case shared.Digits(acc.SNILS) != row.SNILS:
		// The account's СНИЛС changed since: the certificate names someone else.
		return "", nil, shared.E(sharedsig.CodeCertNotYours)
	}
	return s.deps.Sessions.OpenWithKey(ctx, acc.ID, m)
}

// levelAccount refuses an account whose level a signature cannot raise.
func levelAccount(acc shared.Account) error {
	switch {
	case acc.Status == shared.StatusBlocked:
		return shared.E(shared.CodeAccountBlocked)
	case acc.Level == shared.LevelConfirmed:
		return shared.E(shared.CodeAlreadyConfirmed)
	case acc.Level != shared.LevelStandard || shared.Digits(acc.SNILS) == "":
		return shared.E(sharedsig.CodeIdentityMissing)
	}
	return nil
}

// LevelChallenge starts the confirmation of the account's identity with
// an external certificate.
func (s *Service) LevelChallenge(ctx context.Context, accountID string) (sharedsig.Challenge, error) {
	acc, err := s.deps.Accounts.Get(ctx, accountID)
	if err != nil {
		return sharedsig.Challenge{}, err
	}
	if err := levelAccount(acc); err != nil {
		return sharedsig.Challenge{}, err
	}
	return s.newChallenge(ctx, purposeLevel, sharedsig.LevelMessagePrefix, &accountID, true)
}

// ConfirmLevel raises a standard account to confirmed: the challenge was
// signed (a detached CMS) with a certificate from the trust store — not
// the portal's own, which only confirmed accounts have — whose СНИЛС is
// the account's, and whose ИНН, when both have one, is too.
func (s *Service) ConfirmLevel(ctx context.Context, accountID string, req sharedsig.LevelRequest, m api.Meta) (shared.Account, error) {
	if err := s.deps.Limiter.Hit(ctx, "signature-level:"+accountID); err != nil {
		return shared.Account{}, err
	}
	if err := req.Validate(); err != nil {
		return shared.Account{}, err
	}
	acc, err := s.deps.Accounts.Get(ctx, accountID)
	if err != nil {
		return shared.Account{}, err
	}
	if err := levelAccount(acc); err != nil {
		return shared.Account{}, err
	}
	ch, err := takeChallenge(ctx, s.db, req.ChallengeID, purposeLevel)
	if err != nil {
		return shared.Account{}, err
	}
	if ch.AccountID == nil || *ch.AccountID != accountID {
		return shared.Account{}, shared.E(sharedsig.CodeChallengeUsed)
	}
	v, _, _, err := s.verify(ctx, req.Signature, BytesContent([]byte(ch.Message)), verifyOptions{externalOnly: true})
	if err != nil {
		return shared.Account{}, err
	}
	if v.Status != sharedsig.StatusValid {
		return shared.Account{}, &shared.Error{Code: sharedsig.CodeNotValid, Args: []string{string(v.Status)}}
	}
	if len(v.Signers) != 1 {
		return shared.Account{}, shared.E(sharedsig.CodeMalformed)
	}
	signer := v.Signers[0]
	inn := shared.Digits(acc.INN)
	if signer.Signer.SNILS != shared.Digits(acc.SNILS) || (signer.Signer.INN != "" && inn != "" && signer.Signer.INN != inn) {
		return shared.Account{}, shared.E(sharedsig.CodeIdentityMismatch)
	}
	return s.deps.Accounts.ConfirmBySignature(ctx, accountID, map[string]string{
		"method": "signature", "serial": signer.Serial, "issuer": signer.Issuer, "algorithm": signer.Algorithm}, m)
}
