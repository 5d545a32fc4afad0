package portal_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/descope/virtualwebauthn"

	"kabinet/server/portal/portaltest"
	"kabinet/shared"
)

// screen is the browser that shows a QR code: a kiosk or a desktop.
type screen struct {
	t      *testing.T
	c      *portaltest.Client
	ticket shared.QRTicket
}

func showQR(t *testing.T, c *portaltest.Client) *screen {
	t.Helper()
	s := &screen{t: t, c: c}
	status, err := c.Do("POST", "/login/qr", nil, &s.ticket)
	if err != nil || status != http.StatusCreated {
		t.Fatalf("POST /login/qr: %d %+v", status, err)
	}
	if s.ticket.Secret == "" || s.ticket.Number < 10 || s.ticket.Number > 99 || !strings.HasPrefix(s.ticket.QRPath, "M") || s.ticket.QRSize < 21+8 {
		t.Fatalf("ticket %+v", s.ticket)
	}
	if left := time.Until(s.ticket.ExpiresAt); left > 2*time.Minute || left < 110*time.Second {
		t.Fatalf("a ticket lives 2 minutes, this one %s", left)
	}
	return s
}

// code is what the phone's camera reads from the QR.
func (s *screen) code() string {
	s.t.Helper()
	u, err := url.Parse(s.ticket.URL)
	if err != nil || u.Path != "/qr" || u.Query().Get("c") == "" {
		s.t.Fatalf("QR link %q", s.ticket.URL)
	}
	return u.Query().Get("c")
}

// wait long-polls for a state other than seen and reports how long it took.
func (s *screen) wait(seen string) (shared.QRStatus, time.Duration) {
	s.t.Helper()
	var st shared.QRStatus
	began := time.Now()
	s.c.MustOK("POST", "/login/qr/"+s.ticket.ID+"/wait", shared.QRSecretRequest{Secret: s.ticket.Secret, Seen: seen}, &st)
	return st, time.Since(began)
}

// phoneWithPasskey is a person signed in on the phone with a passkey just
// added (so the session's second factor is fresh).
func phoneWithPasskey(t *testing.T, e *portaltest.Env, phone, email string) (*portaltest.Client, *device) {
	t.Helper()
	c := e.Client()
	person(e, c, phone, email)
	c.MustOK("POST", "/login", shared.LoginRequest{Login: email, Password: goodPassword}, nil)
	d := newDevice(t, e, virtualwebauthn.AuthenticatorOptions{})
	addPasskey(t, c, d, "Телефон")
	return c, d
}

// The screen waits on one server process, the phone approves on another:
// PostgreSQL's NOTIFY carries the news between them at once.
func TestQRLoginAcrossTwoServers(t *testing.T) {
	a := start(t, nil)
	b := a.Second(nil)
	phone, _ := phoneWithPasskey(t, b, "+79120000050", "qr@example.ru")
	scr := showQR(t, a.Client())

	type result struct {
		st   shared.QRStatus
		took time.Duration
	}
	waited := make(chan result, 1)
	go func() { st, took := scr.wait(shared.QRPending); waited <- result{st, took} }()
	time.Sleep(300 * time.Millisecond) // the screen is waiting on server A
	var req shared.QRRequest
	phone.MustOK("POST", "/me/qr/scan", shared.QRScanRequest{Code: scr.code()}, &req)
	if !slices.Contains(req.Choices, scr.ticket.Number) || len(req.Choices) != 3 || req.IP != "127.0.0.1" || req.Place != "loopback" || req.Device == "" {
		t.Fatalf("what the phone sees: %+v (number %d)", req, scr.ticket.Number)
	}
	r := <-waited
	// Woken by the NOTIFY, not by the 10 s re-check or the 25 s limit.
	if r.st.Status != shared.QRScanned || r.took > 3*time.Second {
		t.Fatalf("server A saw %+v after %s", r.st, r.took)
	}
	go func() { st, took := scr.wait(shared.QRScanned); waited <- result{st, took} }()
	time.Sleep(300 * time.Millisecond)
	phone.MustOK("POST", "/me/qr/"+req.ID+"/approve", shared.QRApproveRequest{Number: scr.ticket.Number}, nil)
	if r = <-waited; r.st.Status != shared.QRApproved || r.took > 3*time.Second {
		t.Fatalf("server A saw %+v after %s", r.st, r.took)
	}
	t.Logf("approval on server B reached the screen on server A in %s", r.took)

	var info shared.SessionInfo
	scr.c.MustOK("POST", "/login/qr/"+scr.ticket.ID+"/finish", shared.QRSecretRequest{Secret: scr.ticket.Secret}, &info)
	if info.Account.Email != "qr@example.ru" || !slices.Equal(info.Methods, []string{shared.FactorQR}) {
		t.Fatalf("screen's session %+v", info)
	}
	// The ticket is spent: no second session from it, by anyone.
	if _, err := scr.c.Do("POST", "/login/qr/"+scr.ticket.ID+"/finish", shared.QRSecretRequest{Secret: scr.ticket.Secret}, nil); err == nil || err.Code != shared.CodeCodeExpired {
		t.Fatalf("finished twice: %+v", err)
	}
	if _, err := phone.Do("POST", "/me/qr/scan", shared.QRScanRequest{Code: scr.code()}, nil); err == nil || err.Code != shared.CodeCodeExpired {
		t.Fatalf("replayed code: %+v", err)
	}

	// The owner is told, with a link that signs out everywhere.
	msgs := a.MessagesTo("qr@example.ru")
	if len(msgs) == 0 || !contains(msgs[0].Subject, "QR") {
		t.Fatalf("no QR sign-in notice: %+v", msgs)
	}
	link := regexp.MustCompile(`/not-me#([A-Za-z0-9_-]+)`).FindStringSubmatch(msgs[0].Body)
	if link == nil {
		t.Fatalf("no «not me» link in %q", msgs[0].Body)
	}
	a.Client().MustOK("POST", "/not-me", shared.NotMeRequest{Token: link[1]}, nil)
	if status, _ := scr.c.Do("GET", "/session", nil, nil); status != http.StatusUnauthorized {
		t.Fatalf("the QR session survived «not me»: %d", status)
	}
	if status, _ := phone.Do("GET", "/session", nil, nil); status != http.StatusUnauthorized {
		t.Fatalf("the phone's session survived «not me»: %d", status)
	}
	if _, err := a.Client().Do("POST", "/login", shared.LoginRequest{Login: "qr@example.ru", Password: goodPassword}, nil); err == nil || err.Code != shared.CodePasswordLocked {
		t.Fatalf("the password should stay locked until recovered: %+v", err)
	}
	if _, err := a.Client().Do("POST", "/not-me", shared.NotMeRequest{Token: link[1]}, nil); err == nil || err.Code != shared.CodeCodeExpired {
		t.Fatalf("a «not me» link works once: %+v", err)
	}
}

func TestQRWrongNumberExpiryRotationAndBinding(t *testing.T) {
	e := start(t, nil)
	phone, d := phoneWithPasskey(t, e, "+79120000051", "qr2@example.ru")

	// First scan wins: another phone cannot take it over.
	scr := showQR(t, e.Client())
	other, _ := phoneWithPasskey(t, e, "+79120000052", "qr3@example.ru")
	var req shared.QRRequest
	phone.MustOK("POST", "/me/qr/scan", shared.QRScanRequest{Code: scr.code()}, &req)
	if _, err := other.Do("POST", "/me/qr/scan", shared.QRScanRequest{Code: scr.code()}, nil); err == nil || err.Code != shared.CodeQRTaken {
		t.Fatalf("second phone: %+v", err)
	}
	if _, err := other.Do("POST", "/me/qr/"+req.ID+"/approve", shared.QRApproveRequest{Number: scr.ticket.Number}, nil); err == nil || err.Code != shared.CodeCodeExpired {
		t.Fatalf("second phone approving: %+v", err)
	}
	// Nobody but the screen that shows it may wait for it or finish it.
	if _, err := e.Client().Do("POST", "/login/qr/"+scr.ticket.ID+"/wait", shared.QRSecretRequest{Secret: "guess"}, nil); err == nil || err.Code != shared.CodeNotFound {
		t.Fatalf("waiting without the secret: %+v", err)
	}
	// A wrong number denies the ticket, on both screens.
	wrong := 10
	for slices.Contains([]int{scr.ticket.Number}, wrong) {
		wrong++
	}
	if _, err := phone.Do("POST", "/me/qr/"+req.ID+"/approve", shared.QRApproveRequest{Number: wrong}, nil); err == nil || err.Code != shared.CodeQRDenied {
		t.Fatalf("wrong number: %+v", err)
	}
	if st, _ := scr.wait(shared.QRScanned); st.Status != shared.QRDenied || st.Reason != shared.QRWrongNumber {
		t.Fatalf("screen after a wrong number: %+v", st)
	}
	if _, err := phone.Do("POST", "/me/qr/"+req.ID+"/approve", shared.QRApproveRequest{Number: scr.ticket.Number}, nil); err == nil || err.Code != shared.CodeCodeExpired {
		t.Fatalf("a denied ticket approved after all: %+v", err)
	}
	if _, err := scr.c.Do("POST", "/login/qr/"+scr.ticket.ID+"/finish", shared.QRSecretRequest{Secret: scr.ticket.Secret}, nil); err == nil || err.Code != shared.CodeQRDenied {
		t.Fatalf("finishing a denied ticket: %+v", err)
	}

	// The code rotates: the one before last stops working at once, the
	// last one a few seconds after the rotation (whoever scanned it just
	// then gets in).
	scr = showQR(t, e.Client())
	old := scr.code()
	scr.c.MustOK("POST", "/login/qr/"+scr.ticket.ID+"/rotate", shared.QRSecretRequest{Secret: scr.ticket.Secret}, &scr.ticket)
	last := scr.code()
	scr.c.MustOK("POST", "/login/qr/"+scr.ticket.ID+"/rotate", shared.QRSecretRequest{Secret: scr.ticket.Secret}, &scr.ticket)
	if scr.code() == old || scr.code() == last {
		t.Fatal("rotation kept the code")
	}
	if _, err := phone.Do("POST", "/me/qr/scan", shared.QRScanRequest{Code: old}, nil); err == nil || err.Code != shared.CodeCodeExpired {
		t.Fatalf("a code two rotations old: %+v", err)
	}
	if _, err := e.DB.NewRaw("UPDATE qr_tickets SET prev_code_until = now() WHERE id = ?", scr.ticket.ID).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := phone.Do("POST", "/me/qr/scan", shared.QRScanRequest{Code: last}, nil); err == nil || err.Code != shared.CodeCodeExpired {
		t.Fatalf("the last code after its grace: %+v", err)
	}
	phone.MustOK("POST", "/me/qr/scan", shared.QRScanRequest{Code: scr.code()}, &req)
	// The phone's factor is no longer fresh: approving needs one now.
	if _, err := e.DB.NewRaw("UPDATE sessions SET step_up_at = now() - interval '10 minutes'").Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := phone.Do("POST", "/me/qr/"+req.ID+"/approve", shared.QRApproveRequest{Number: scr.ticket.Number}, nil); err == nil || err.Code != shared.CodeStepUpRequired {
		t.Fatalf("approving without a fresh factor: %+v", err)
	}
	var o shared.PasskeyOptions
	phone.MustOK("POST", "/me/step-up/options", nil, &o)
	phone.MustOK("POST", "/me/qr/"+req.ID+"/approve", shared.QRApproveRequest{Number: scr.ticket.Number,
		Factor: &shared.SecondFactorRequest{Method: shared.FactorPasskey, Ceremony: o.Ceremony, Credential: d.Get(o)}}, nil)
	var info shared.SessionInfo
	scr.c.MustOK("POST", "/login/qr/"+scr.ticket.ID+"/finish", shared.QRSecretRequest{Secret: scr.ticket.Secret}, &info)
	if !slices.Equal(info.Methods, []string{shared.FactorQR, shared.FactorPasskey}) {
		t.Fatalf("methods %v", info.Methods)
	}

	// The screen's rotation came late: the shown code still works for the
	// grace past its deadline, then it is old (never «another phone»).
	scr = showQR(t, e.Client())
	if _, err := e.DB.NewRaw("UPDATE qr_tickets SET code_until = now() - interval '10 minutes' WHERE id = ?", scr.ticket.ID).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := phone.Do("POST", "/me/qr/scan", shared.QRScanRequest{Code: scr.code()}, nil); err == nil || err.Code != shared.CodeCodeExpired {
		t.Fatalf("a code long past its deadline: %+v", err)
	}
	if _, err := e.DB.NewRaw("UPDATE qr_tickets SET code_until = now() - interval '2 seconds' WHERE id = ?", scr.ticket.ID).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	phone.MustOK("POST", "/me/qr/scan", shared.QRScanRequest{Code: scr.code()}, &req)

	// Declined on the phone.
	scr = showQR(t, e.Client())
	phone.MustOK("POST", "/me/qr/scan", shared.QRScanRequest{Code: scr.code()}, &req)
	phone.MustOK("POST", "/me/qr/"+req.ID+"/deny", nil, nil)
	if st, _ := scr.wait(shared.QRScanned); st.Status != shared.QRDenied || st.Reason != shared.QRDeclined {
		t.Fatalf("declined: %+v", st)
	}

	// Expired: two minutes passed.
	scr = showQR(t, e.Client())
	if _, err := e.DB.NewRaw("UPDATE qr_tickets SET expires_at = now() - interval '1 second' WHERE id = ?", scr.ticket.ID).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := phone.Do("POST", "/me/qr/scan", shared.QRScanRequest{Code: scr.code()}, nil); err == nil || err.Code != shared.CodeCodeExpired {
		t.Fatalf("expired scan: %+v", err)
	}
	if st, _ := scr.wait(shared.QRPending); st.Status != shared.QRExpired {
		t.Fatalf("expired wait: %+v", st)
	}
	if _, err := scr.c.Do("POST", "/login/qr/"+scr.ticket.ID+"/rotate", shared.QRSecretRequest{Secret: scr.ticket.Secret}, nil); err == nil || err.Code != shared.CodeCodeExpired {
		t.Fatalf("rotating an expired ticket: %+v", err)
	}
}

// An operator registers a kiosk; the kiosk's screen shows who it is, its
// sessions are short and never keep a passkey; a retired kiosk is refused.
func TestKioskRegistrationAndKioskSessions(t *testing.T) {
	e := start(t, nil)
	e.SeedDemo()
	op := e.Client()
	op.SignInDemo("operator@example.ru")
	if _, err := op.Do("POST", "/office/kiosks", shared.KioskRequest{Name: " ", Centre: "МФЦ", Address: ""}, nil); err == nil ||
		err.Fields["name"].Code != shared.CodeRequired || err.Fields["address"].Code != shared.CodeRequired {
		t.Fatalf("empty kiosk fields: %+v", err)
	}
	var reg shared.KioskRegistered
	op.MustOK("POST", "/office/kiosks", shared.KioskRequest{Name: "Терминал №3", Centre: "МФЦ «Мои документы» Тверского района", Address: "Москва, ул. Тверская, 8"}, &reg)
	if !strings.HasPrefix(reg.SetupURL, e.URL+"/kiosk/setup#"+reg.Kiosk.ID+".") || reg.Secret == "" {
		t.Fatalf("registered %+v", reg)
	}
	// A person without the permission cannot list or add kiosks.
	anna := e.Client()
	anna.MustOK("POST", "/login", shared.LoginRequest{Login: "anna@example.ru", Password: "Kabinet-Demo-2026"}, nil)
	if status, err := anna.Do("GET", "/office/kiosks", nil, nil); err == nil || err.Code != shared.CodeForbidden {
		t.Fatalf("kiosks for a non-operator: %d %+v", status, err)
	}

	kiosk := e.Client()
	kiosk.Header = http.Header{shared.KioskHeader: {reg.Secret}}
	scr := showQR(t, kiosk)
	if scr.ticket.Kiosk == nil || scr.ticket.Kiosk.Name != "Терминал №3" {
		t.Fatalf("kiosk ticket %+v", scr.ticket)
	}
	phone, _ := phoneWithPasskey(t, e, "+79120000053", "kiosk@example.ru")
	var req shared.QRRequest
	phone.MustOK("POST", "/me/qr/scan", shared.QRScanRequest{Code: scr.code()}, &req)
	if req.Kiosk == nil || req.Kiosk.Centre != "МФЦ «Мои документы» Тверского района" {
		t.Fatalf("the phone must see which kiosk asks: %+v", req)
	}
	phone.MustOK("POST", "/me/qr/"+req.ID+"/approve", shared.QRApproveRequest{Number: scr.ticket.Number}, nil)
	var info shared.SessionInfo
	kiosk.MustOK("POST", "/login/qr/"+scr.ticket.ID+"/finish", shared.QRSecretRequest{Secret: scr.ticket.Secret}, &info)
	if info.Kiosk == nil || info.WarnSeconds != 30 || info.IdleExpiresAt.Sub(info.ServerTime) > 2*time.Minute+time.Second {
		t.Fatalf("kiosk session %+v", info)
	}
	if _, err := kiosk.Do("POST", "/me/passkeys/options", shared.PasskeyBeginRequest{Name: "Терминал"}, nil); err == nil || err.Code != shared.CodePasskeyKiosk {
		t.Fatalf("passkey on a kiosk: %+v", err)
	}

	// A wrong secret, then a retired kiosk.
	bad := e.Client()
	bad.Header = http.Header{shared.KioskHeader: {reg.Kiosk.ID + ".wrong"}}
	if _, err := bad.Do("POST", "/login/qr", nil, nil); err == nil || err.Code != shared.CodeKioskUnknown {
		t.Fatalf("wrong kiosk secret: %+v", err)
	}
	op.MustOK("POST", "/office/kiosks/"+reg.Kiosk.ID+"/revoke", nil, nil)
	if status, _ := kiosk.Do("GET", "/session", nil, nil); status != http.StatusForbidden {
		t.Fatalf("a retired kiosk's session: %d", status)
	}
	var l shared.KioskList
	op.MustOK("GET", "/office/kiosks", nil, &l)
	if len(l.Items) != 1 || !l.Items[0].Revoked {
		t.Fatalf("kiosks %+v", l)
	}
}
