package signature_test

import (
	"net/http"
	"slices"
	"testing"

	"kabinet/server/portal/portaltest"
	"kabinet/shared"
	"kabinet/shared/signature"
)

// challenge asks for a sign-in challenge, for login's account when given.
func challenge(t *testing.T, c *portaltest.Client, login string) signature.Challenge {
	t.Helper()
	var ch signature.Challenge
	c.MustOK("POST", "/login/signature/challenge", signature.ChallengeRequest{Login: login}, &ch)
	return ch
}

// Sign-in with a «Ключ Кабинета»: the key signs a one-time challenge; the
// session proves a second factor. A challenge serves once; a revoked
// certificate, another account's, another key's or one the portal never
// issued opens nothing.
func TestKeyLogin(t *testing.T) {
	e, _ := start(t, nil)
	owner := e.Client()
	p := e.ConfirmedIdentity(owner, 13)
	k, cert := issue(t, owner)

	c := e.Client()
	ch := challenge(t, c, "")
	login := signature.KeyLoginRequest{ChallengeID: ch.ID, Certificate: cert.DER, Signature: k.sign(t, []byte(ch.Message))}
	var info shared.SessionInfo
	c.MustOK("POST", "/login/signature", login, &info)
	if info.Account.ID != p.ID || !info.SecondFactor || !slices.Contains(info.Methods, signature.MethodKey) || info.StepUpUntil.IsZero() {
		t.Fatalf("session: %+v", info)
	}
	// The session opens the cabinets (a second factor) at once: an unknown
	// document is not found, where a password alone is not let in.
	wantCode(t, c, "GET", "/signature/documents/"+newID()+"/signatures", nil, http.StatusNotFound, shared.CodeNotFound)
	if status, _ := c.Do("GET", "/session", nil, nil); status != http.StatusOK {
		t.Fatalf("no session after the sign-in: %d", status)
	}

	// The same signed challenge again: refused.
	wantCode(t, e.Client(), "POST", "/login/signature", login, http.StatusGone, signature.CodeChallengeUsed)

	// Another key than the certificate's.
	ch = challenge(t, c, "")
	wantCode(t, e.Client(), "POST", "/login/signature", signature.KeyLoginRequest{ChallengeID: ch.ID, Certificate: cert.DER,
		Signature: newBrowserKey(t).sign(t, []byte(ch.Message))}, http.StatusUnauthorized, signature.CodeSignatureInvalid)
	var failed int
	if err := e.DB.NewRaw("SELECT count(*) FROM journal WHERE account_id = ? AND kind = ? AND details->>'method' = ?",
		p.ID, shared.JournalLoginFailed, signature.MethodKey).Scan(t.Context(), &failed); err != nil || failed != 1 {
		t.Fatalf("the failed sign-in in the owner's journal: %d %v", failed, err)
	}

	// Another account's certificate, when the challenge was for this login.
	other := e.Client()
	e.ConfirmedIdentity(other, 14)
	ok, otherCert := issue(t, other)
	ch = challenge(t, c, p.Email)
	wantCode(t, e.Client(), "POST", "/login/signature", signature.KeyLoginRequest{ChallengeID: ch.ID, Certificate: otherCert.DER,
		Signature: ok.sign(t, []byte(ch.Message))}, http.StatusForbidden, signature.CodeCertNotYours)
	// A login that matches no account: the same answer.
	ch = challenge(t, c, "nobody@example.ru")
	wantCode(t, e.Client(), "POST", "/login/signature", signature.KeyLoginRequest{ChallengeID: ch.ID, Certificate: otherCert.DER,
		Signature: ok.sign(t, []byte(ch.Message))}, http.StatusForbidden, signature.CodeCertNotYours)
	// With the right login it works.
	ch = challenge(t, c, p.Email)
	e.Client().MustOK("POST", "/login/signature", signature.KeyLoginRequest{ChallengeID: ch.ID, Certificate: cert.DER,
		Signature: k.sign(t, []byte(ch.Message))}, nil)

	// A certificate the portal did not issue (same subject, another CA).
	stranger := newTestCA(t, "Чужой удостоверяющий центр")
	foreign := stranger.issue("Соколова Вера Андреевна", p.SNILS, p.INN, cert.NotBefore, cert.NotAfter)
	ch = challenge(t, c, "")
	wantCode(t, e.Client(), "POST", "/login/signature", signature.KeyLoginRequest{ChallengeID: ch.ID, Certificate: foreign.cert.Raw,
		Signature: k.sign(t, []byte(ch.Message))}, http.StatusNotFound, signature.CodeCertUnknown)

	// Revoked: refused at once.
	owner.MustOK("POST", "/me/signature/certificates/"+cert.Serial+"/revoke", nil, nil)
	ch = challenge(t, c, "")
	wantCode(t, e.Client(), "POST", "/login/signature", signature.KeyLoginRequest{ChallengeID: ch.ID, Certificate: cert.DER,
		Signature: k.sign(t, []byte(ch.Message))}, http.StatusForbidden, signature.CodeCertRevoked)

	// Expired.
	k3, cert3 := issue(t, owner)
	if _, err := e.DB.NewRaw("UPDATE signature_certificates SET not_after = now() - interval '1 second' WHERE serial = ?", cert3.Serial).Exec(t.Context()); err != nil {
		t.Fatal(err)
	}
	ch = challenge(t, c, "")
	wantCode(t, e.Client(), "POST", "/login/signature", signature.KeyLoginRequest{ChallengeID: ch.ID, Certificate: cert3.DER,
		Signature: k3.sign(t, []byte(ch.Message))}, http.StatusForbidden, signature.CodeCertExpired)

	// A blocked account stays out.
	k4, cert4 := issue(t, owner)
	if _, err := e.DB.NewRaw("UPDATE accounts SET status = 'blocked' WHERE id = ?", p.ID).Exec(t.Context()); err != nil {
		t.Fatal(err)
	}
	ch = challenge(t, c, "")
	wantCode(t, e.Client(), "POST", "/login/signature", signature.KeyLoginRequest{ChallengeID: ch.ID, Certificate: cert4.DER,
		Signature: k4.sign(t, []byte(ch.Message))}, http.StatusForbidden, shared.CodeAccountBlocked)
}

// A «Ключ Кабинета» lives in the browser that made it, so a kiosk — the
// next visitor's browser — neither certifies one nor signs in with one:
// a key left on a kiosk would sign that visitor in as its owner, with a
// second factor.
func TestNoKeyOnAKiosk(t *testing.T) {
	e, _ := start(t, nil)
	op := e.Client()
	op.SignInDemo("operator@example.ru")
	var reg shared.KioskRegistered
	op.MustOK("POST", "/office/kiosks", shared.KioskRequest{Name: "Терминал №1", Centre: "МФЦ", Address: "Москва"}, &reg)
	home := e.Client()
	p := e.ConfirmedIdentity(home, 1)
	kiosk := e.Client()
	kiosk.Header = http.Header{shared.KioskHeader: {reg.Secret}}
	if info := kiosk.SignInPerson(p); info.Kiosk == nil {
		t.Fatalf("not a kiosk session: %+v", info)
	}
	kiosk.StepUp(p)
	k := newBrowserKey(t)
	spki := k.spki(t)
	req := signature.CertificateRequest{PublicKey: spki, Proof: k.sign(t, signature.KeyProofMessage(spki)), Device: "Терминал"}
	status, apiErr := kiosk.Do("POST", "/me/signature/certificates", req, nil)
	if status != http.StatusForbidden || apiErr == nil || apiErr.Code != signature.CodeKeyKiosk {
		t.Fatalf("a key certified on a kiosk: %d %+v", status, apiErr)
	}

	// A key certified at home does not sign in on a kiosk either.
	home.StepUp(p)
	var cert signature.Certificate
	home.MustOK("POST", "/me/signature/certificates", req, &cert)
	var ch signature.Challenge
	next := e.Client()
	next.Header = http.Header{shared.KioskHeader: {reg.Secret}}
	next.MustOK("POST", "/login/signature/challenge", signature.ChallengeRequest{}, &ch)
	status, apiErr = next.Do("POST", "/login/signature", signature.KeyLoginRequest{ChallengeID: ch.ID, Certificate: cert.DER,
		Signature: k.sign(t, []byte(ch.Message))}, nil)
	if status != http.StatusForbidden || apiErr == nil || apiErr.Code != signature.CodeKeyKiosk {
		t.Fatalf("a key sign-in on a kiosk: %d %+v", status, apiErr)
	}
}
