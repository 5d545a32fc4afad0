package portal_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"kabinet/server/config"
	"kabinet/server/portal/portaltest"
	"kabinet/shared"
)

// codeAt is the authenticator app's code `steps` periods from now.
func codeAt(t *testing.T, secret string, steps int) string {
	t.Helper()
	c, err := totp.GenerateCodeCustom(strings.ReplaceAll(secret, " ", ""), time.Now().Add(time.Duration(steps)*30*time.Second),
		totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// enrol signs c in and sets up an authenticator; it returns the secret and
// the recovery codes.
func enrol(t *testing.T, e *portaltest.Env, c *portaltest.Client, login string) (string, []string) {
	t.Helper()
	c.MustOK("POST", "/login", shared.LoginRequest{Login: login, Password: goodPassword}, nil)
	var en shared.TOTPEnrolment
	c.MustOK("POST", "/me/totp", nil, &en)
	if !strings.HasPrefix(en.URI, "otpauth://totp/") || !strings.HasPrefix(en.QR, "data:image/png;base64,") || len(strings.ReplaceAll(en.Secret, " ", "")) < 16 {
		t.Fatalf("enrolment %+v", en)
	}
	if _, err := c.Do("POST", "/me/totp/confirm", shared.TOTPConfirmRequest{Code: "000000"}, nil); err == nil || err.Code != shared.CodeCodeInvalid {
		if codeAt(t, en.Secret, 0) != "000000" {
			t.Fatalf("a wrong first code was accepted: %+v", err)
		}
	}
	var rc shared.RecoveryCodes
	// The previous step's code (still taken) leaves the current one free
	// for the sign-in or step-up that follows.
	c.MustOK("POST", "/me/totp/confirm", shared.TOTPConfirmRequest{Code: codeAt(t, en.Secret, -1)}, &rc)
	if len(rc.Codes) != 10 {
		t.Fatalf("recovery codes: %v", rc.Codes)
	}
	return en.Secret, rc.Codes
}

// loginTicket signs in with the password and expects the second-factor step.
func loginTicket(t *testing.T, c *portaltest.Client, login string) string {
	t.Helper()
	var step shared.SecondFactorStep
	status, err := c.Do("POST", "/login", shared.LoginRequest{Login: login, Password: goodPassword}, &step)
	if err != nil || status != http.StatusAccepted || step.Ticket == "" {
		t.Fatalf("password step: %d %+v %+v", status, err, step)
	}
	return step.Ticket
}

// stepRoom waits for the next 30-second TOTP step when the current one
// has less than need left, so that what a test calls "the previous step"
// is the same step from enrolling to reusing its code.
func stepRoom(need time.Duration) {
	const step = 30 * time.Second
	if left := step - time.Duration(time.Now().UnixNano()%int64(step)); left < need {
		time.Sleep(left + 50*time.Millisecond)
	}
}

func TestTOTPSignInReuseWindowAndRecoveryCodes(t *testing.T) {
	e := start(t, nil)
	c := e.Client()
	p := person(e, c, "+79120000020", "totp@example.ru")
	stepRoom(10 * time.Second)
	secret, codes := enrol(t, e, c, p.Email)

	var f shared.Factors
	c.MustOK("GET", "/me/factors", nil, &f)
	if !f.TOTP || f.RecoveryLeft != 10 {
		t.Fatalf("factors %+v", f)
	}

	b := e.Client()
	ticket := loginTicket(t, b, p.Email)
	// The code of the step used to confirm is spent.
	if _, err := b.Do("POST", "/login/second-factor", shared.SecondFactorRequest{Ticket: ticket, Method: shared.FactorTOTP, Code: codeAt(t, secret, -1)}, nil); err == nil || err.Code != shared.CodeCodeReused {
		t.Fatalf("reused code: %+v", err)
	}
	// A code from four minutes ago is out of the window.
	if _, err := b.Do("POST", "/login/second-factor", shared.SecondFactorRequest{Ticket: ticket, Method: shared.FactorTOTP, Code: codeAt(t, secret, -8)}, nil); err == nil || err.Code != shared.CodeCodeInvalid || err.Fields["code"].Message == "" {
		t.Fatalf("old code: %+v", err)
	}
	var info shared.SessionInfo
	b.MustOK("POST", "/login/second-factor", shared.SecondFactorRequest{Ticket: ticket, Method: shared.FactorTOTP, Code: codeAt(t, secret, 0)}, &info)
	if strings.Join(info.Methods, ",") != "password,totp" || info.StepUpUntil.IsZero() {
		t.Fatalf("session %+v", info)
	}
	// The ticket worked once.
	if _, err := b.Do("POST", "/login/second-factor", shared.SecondFactorRequest{Ticket: ticket, Method: shared.FactorTOTP, Code: codeAt(t, secret, 0)}, nil); err == nil || err.Code != shared.CodeCodeExpired {
		t.Fatalf("replayed ticket: %+v", err)
	}

	// A recovery code works once, and its use is announced.
	r := e.Client()
	r.MustOK("POST", "/login/second-factor", shared.SecondFactorRequest{Ticket: loginTicket(t, r, p.Email), Method: shared.FactorRecovery, Code: strings.ToUpper(codes[3])}, nil)
	if _, err := r.Do("POST", "/login/second-factor", shared.SecondFactorRequest{Ticket: loginTicket(t, r, p.Email), Method: shared.FactorRecovery, Code: codes[3]}, nil); err == nil || err.Code != shared.CodeCodeInvalid {
		t.Fatalf("recovery code used twice: %+v", err)
	}
	if msgs := e.MessagesTo(p.Email); !contains(msgs[0].Subject, "резервный код") {
		t.Fatalf("no notice of the recovery code: %+v", msgs[0])
	}
	c.MustOK("GET", "/me/factors", nil, &f)
	if f.RecoveryLeft != 9 {
		t.Fatalf("recovery codes left: %d", f.RecoveryLeft)
	}

	// Five wrong answers end the ticket.
	x := e.Client()
	ticket = loginTicket(t, x, p.Email)
	var last *shared.Error
	for range 5 {
		_, last = x.Do("POST", "/login/second-factor", shared.SecondFactorRequest{Ticket: ticket, Method: shared.FactorRecovery, Code: "aaaa-aaaa"}, nil)
	}
	if last == nil || last.Code != shared.CodeCodeExhausted {
		t.Fatalf("after five wrong answers: %+v", last)
	}
}

func TestStepUpGuardsFactorChanges(t *testing.T) {
	e := start(t, nil)
	c := e.Client()
	p := person(e, c, "+79120000021", "stepup@example.ru")
	// A standard account must have a second factor.
	c.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil)
	c.MustOK("PUT", "/me/profile", shared.ProfileRequest{LastName: p.LastName, FirstName: p.FirstName, BirthDate: "1990-05-17",
		SNILS: "112-233-445 95", Passport: shared.Passport{Series: "4510", Number: "111222", IssuedOn: "2010-06-01", IssuedBy: "ОВД", DivisionCode: "770-001"}}, nil)
	var info shared.SessionInfo
	c.MustOK("GET", "/session", nil, &info)
	if !info.NeedsFactor {
		t.Fatalf("a standard account without a factor: %+v", info)
	}
	secret, _ := enrol(t, e, c, p.Email)
	info = shared.SessionInfo{} // decoding leaves omitted fields as they were
	c.MustOK("GET", "/session", nil, &info)
	if info.NeedsFactor || info.StepUpUntil.IsZero() {
		t.Fatalf("after enrolment: %+v", info)
	}
	// The step-up is older than five minutes.
	if _, err := e.DB.ExecContext(t.Context(), "UPDATE sessions SET step_up_at = now() - interval '6 minutes'"); err != nil {
		t.Fatal(err)
	}
	for _, req := range []struct{ method, path string }{{"DELETE", "/me/totp"}, {"POST", "/me/recovery-codes"}} {
		if status, err := c.Do(req.method, req.path, nil, nil); status != http.StatusForbidden || err.Code != shared.CodeStepUpRequired {
			t.Fatalf("%s %s without step-up: %d %+v", req.method, req.path, status, err)
		}
	}
	if _, err := c.Do("POST", "/me/step-up", shared.SecondFactorRequest{Method: shared.FactorTOTP, Code: "12345"}, nil); err == nil || err.Fields["code"].Code != shared.CodeOneTimeCode {
		t.Fatalf("malformed step-up code: %+v", err)
	}
	c.MustOK("POST", "/me/step-up", shared.SecondFactorRequest{Method: shared.FactorTOTP, Code: codeAt(t, secret, 0)}, &info)
	if time.Until(info.StepUpUntil) < 4*time.Minute {
		t.Fatalf("step-up until %v", info.StepUpUntil)
	}
	var rc shared.RecoveryCodes
	c.MustOK("POST", "/me/recovery-codes", nil, &rc)
	c.MustOK("DELETE", "/me/totp", nil, nil)
	info = shared.SessionInfo{}
	c.MustOK("GET", "/session", nil, &info)
	if !info.NeedsFactor {
		t.Fatal("removing the only factor did not bring the requirement back")
	}
	var page shared.JournalPage
	c.MustOK("GET", "/me/journal", nil, &page)
	kinds := map[string]bool{}
	for _, it := range page.Items {
		kinds[it.Kind] = true
	}
	for _, k := range []string{shared.JournalFactorAdded, shared.JournalStepUp, shared.JournalRecoveryRenewed, shared.JournalFactorRemoved} {
		if !kinds[k] {
			t.Errorf("journal lacks %s", k)
		}
	}
}

// A password lockout stops the password, and so the second-factor step
// too; a correct password answers the ticket, never a session.
func TestSecondFactorNeededForSession(t *testing.T) {
	e := start(t, nil)
	c := e.Client()
	p := person(e, c, "+79120000022", "needed@example.ru")
	enrol(t, e, c, p.Email)
	b := e.Client()
	loginTicket(t, b, p.Email)
	if status, _ := b.Do("GET", "/session", nil, nil); status != http.StatusUnauthorized {
		t.Fatalf("a password alone opened a session: %d", status)
	}
}

// Recovery codes are kept as argon2id hashes with a salt each (ASVS
// 6.5.2); a code kept by the older scheme (an HMAC under the server key)
// still signs in, once.
func TestRecoveryCodesAreSaltedHashes(t *testing.T) {
	e := start(t, nil)
	c := e.Client()
	p := person(e, c, "+79120000027", "argon@example.ru")
	_, codes := enrol(t, e, c, p.Email)

	var stored []struct {
		Hash   []byte `bun:"code_hash"`
		Scheme string `bun:"scheme"`
	}
	if err := e.DB.NewRaw("SELECT code_hash, scheme FROM recovery_codes").Scan(t.Context(), &stored); err != nil {
		t.Fatal(err)
	}
	salts := map[string]bool{}
	for _, r := range stored {
		phc := strings.Split(string(r.Hash), "$")
		if r.Scheme != "argon2id" || len(phc) != 6 || phc[1] != "argon2id" || phc[3] != "m=8192,t=1,p=1" {
			t.Fatalf("stored %q as %s", r.Hash, r.Scheme)
		}
		salts[phc[4]] = true
	}
	if len(stored) != 10 || len(salts) != 10 {
		t.Fatalf("%d codes with %d salts", len(stored), len(salts))
	}
	r := e.Client()
	r.MustOK("POST", "/login/second-factor", shared.SecondFactorRequest{Ticket: loginTicket(t, r, p.Email), Method: shared.FactorRecovery, Code: codes[0]}, nil)

	// A code from before argon2id: HMAC-SHA256 of the code under the key.
	var key []byte
	if err := e.DB.NewRaw("SELECT key FROM server_keys WHERE name = 'recovery'").Scan(t.Context(), &key); err != nil {
		t.Fatal(err)
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte("oldc0de2"))
	if _, err := e.DB.ExecContext(t.Context(), `INSERT INTO recovery_codes (account_id, code_hash, scheme)
		SELECT id, ?, 'hmac' FROM accounts WHERE email = ?`, m.Sum(nil), p.Email); err != nil {
		t.Fatal(err)
	}
	r = e.Client()
	r.MustOK("POST", "/login/second-factor", shared.SecondFactorRequest{Ticket: loginTicket(t, r, p.Email), Method: shared.FactorRecovery, Code: "OLDC-0DE2"}, nil)
	if _, err := r.Do("POST", "/login/second-factor", shared.SecondFactorRequest{Ticket: loginTicket(t, r, p.Email), Method: shared.FactorRecovery, Code: "oldc-0de2"}, nil); err == nil || err.Code != shared.CodeCodeInvalid {
		t.Fatalf("an old code used twice: %+v", err)
	}
}

// Wrong second factors are counted per account over all its sign-ins, so
// new tickets do not buy new guesses: at the threshold the second step is
// locked (even for the right code), the owner is told once, and the lock
// passes; a good second step clears the count (ASVS 6.3.1).
func TestSecondStepLocksPerAccount(t *testing.T) {
	e := start(t, func(c *config.Config) { c.FactorLockout = 3 })
	c := e.Client()
	p := person(e, c, "+79120000028", "guess@example.ru")
	secret, _ := enrol(t, e, c, p.Email)
	wrong := func(ticket string) *shared.Error {
		_, err := e.Client().Do("POST", "/login/second-factor", shared.SecondFactorRequest{Ticket: ticket, Method: shared.FactorRecovery, Code: "aaaa-aaaa"}, nil)
		return err
	}
	// Two tickets, as from two addresses: the third wrong answer locks.
	first := loginTicket(t, e.Client(), p.Email)
	for i, ticket := range []string{first, first, loginTicket(t, e.Client(), p.Email)} {
		err := wrong(ticket)
		if want := map[bool]shared.Code{false: shared.CodeCodeInvalid, true: shared.CodeFactorLocked}[i == 2]; err == nil || err.Code != want {
			t.Fatalf("wrong answer %d: %+v, want %s", i+1, err, want)
		}
	}
	// Locked: the right code on an open ticket, and a new ticket, are refused.
	if err := wrong(first); err == nil || err.Code != shared.CodeFactorLocked {
		t.Fatalf("while locked: %+v", err)
	}
	if _, err := e.Client().Do("POST", "/login/second-factor", shared.SecondFactorRequest{Ticket: first, Method: shared.FactorTOTP, Code: codeAt(t, secret, 0)}, nil); err == nil || err.Code != shared.CodeFactorLocked {
		t.Fatalf("the right code while locked: %+v", err)
	}
	if status, err := e.Client().Do("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil); status != http.StatusUnauthorized || err.Code != shared.CodeFactorLocked {
		t.Fatalf("a new sign-in while locked: %d %+v", status, err)
	}
	var locks, notices int
	if err := e.DB.NewRaw("SELECT count(*) FROM journal WHERE kind = ?", shared.JournalFactorLocked).Scan(t.Context(), &locks); err != nil {
		t.Fatal(err)
	}
	for _, to := range []string{p.Email, p.Phone} {
		for _, m := range e.MessagesTo(to) {
			if contains(m.Body, "неверных кодов второго фактора") || contains(m.Body, "неверный код второго фактора") {
				notices++
			}
		}
	}
	if locks != 1 || notices != 2 {
		t.Fatalf("%d lock entries, %d notices; want 1 and 2 (e-mail and SMS)", locks, notices)
	}

	// The lock passes; a good second step clears the count.
	if _, err := e.DB.ExecContext(t.Context(), "UPDATE password_failures SET locked_until = now() - interval '1 second'"); err != nil {
		t.Fatal(err)
	}
	b := e.Client()
	b.MustOK("POST", "/login/second-factor", shared.SecondFactorRequest{Ticket: loginTicket(t, b, p.Email), Method: shared.FactorTOTP, Code: codeAt(t, secret, 0)}, nil)
	var left int
	if err := e.DB.NewRaw("SELECT count(*) FROM password_failures WHERE key LIKE 'factor:%'").Scan(t.Context(), &left); err != nil || left != 0 {
		t.Fatalf("counters left after a good sign-in: %d %v", left, err)
	}
}
