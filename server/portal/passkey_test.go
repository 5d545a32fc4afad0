package portal_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/descope/virtualwebauthn"

	"kabinet/server/config"
	"kabinet/shared"
)

func TestPasskeyRegistrationSignInAndReplay(t *testing.T) {
	e := start(t, nil)
	c := e.Client()
	p := person(e, c, "+79120000040", "passkey@example.ru")
	c.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil)
	d := newDevice(t, e, virtualwebauthn.AuthenticatorOptions{BackupEligible: true, BackupState: true})

	// A name is required, and checked on the server.
	if _, err := c.Do("POST", "/me/passkeys/options", shared.PasskeyBeginRequest{Name: "  "}, nil); err == nil || err.Fields["name"].Code != shared.CodeRequired {
		t.Fatalf("empty name: %+v", err)
	}
	var o shared.PasskeyOptions
	c.MustOK("POST", "/me/passkeys/options", shared.PasskeyBeginRequest{Name: "Телефон"}, &o)
	var opts struct {
		PublicKey struct {
			AuthenticatorSelection struct {
				ResidentKey      string `json:"residentKey"`
				UserVerification string `json:"userVerification"`
			} `json:"authenticatorSelection"`
		} `json:"publicKey"`
	}
	if err := json.Unmarshal(o.Options, &opts); err != nil || opts.PublicKey.AuthenticatorSelection.ResidentKey != "required" ||
		opts.PublicKey.AuthenticatorSelection.UserVerification != "required" {
		t.Fatalf("registration must ask for a discoverable credential with user verification: %s", o.Options)
	}
	answer := d.Create(o)
	// Another browser of the same person cannot finish this ceremony.
	other := e.Client()
	other.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil)
	if _, err := other.Do("POST", "/me/passkeys", shared.PasskeyRegisterRequest{Ceremony: o.Ceremony, Name: "Телефон", Credential: answer}, nil); err == nil || err.Code != shared.CodeCodeExpired {
		t.Fatalf("a ceremony of another session: %+v", err)
	}
	// …and that attempt burnt it: the ceremony is single use.
	if _, err := c.Do("POST", "/me/passkeys", shared.PasskeyRegisterRequest{Ceremony: o.Ceremony, Name: "Телефон", Credential: answer}, nil); err == nil || err.Code != shared.CodeCodeExpired {
		t.Fatalf("a used ceremony: %+v", err)
	}
	pk := addPasskey(t, c, d, "  Телефон   Анны ")
	if pk.Name != "Телефон Анны" || !pk.Synced || pk.ID == "" {
		t.Fatalf("passkey %+v", pk)
	}
	var f shared.Factors
	c.MustOK("GET", "/me/factors", nil, &f)
	if f.Passkeys != 1 {
		t.Fatalf("factors %+v", f)
	}
	if msgs := e.MessagesTo(p.Email); len(msgs) == 0 || !contains(msgs[0].Subject, "ключ доступа") {
		t.Fatalf("no notice of the new passkey: %+v", msgs)
	}

	// Sign in with no login: a fresh session whose method is the passkey,
	// counted as a fresh second factor.
	b := e.Client()
	info, err := passkeyLogin(t, b, d)
	if err != nil {
		t.Fatalf("passkey sign-in: %+v", err)
	}
	if info.Account.Email != p.Email || !slices.Equal(info.Methods, []string{shared.FactorPasskey}) || info.StepUpUntil.IsZero() || info.NeedsFactor {
		t.Fatalf("session %+v", info)
	}
	var row struct {
		SignCount int64     `bun:"sign_count"`
		LastUsed  time.Time `bun:"last_used_at"`
		BS        bool      `bun:"backup_state"`
	}
	if err := e.DB.NewRaw("SELECT sign_count, last_used_at, backup_state FROM passkey_state").Scan(context.Background(), &row); err != nil {
		t.Fatal(err)
	}
	if row.SignCount != int64(d.Cred.Counter) || time.Since(row.LastUsed) > time.Minute || !row.BS {
		t.Fatalf("the sign-in was not written back: %+v (counter %d)", row, d.Cred.Counter)
	}

	// The same answer again: its ceremony is spent.
	var o2 shared.PasskeyOptions
	b.MustOK("POST", "/login/passkey/options", shared.PasskeyLoginOptionsRequest{}, &o2)
	signed := d.Get(o2)
	e.Client().MustOK("POST", "/login/passkey", shared.PasskeyLoginRequest{Ceremony: o2.Ceremony, Credential: signed}, nil)
	if _, err := e.Client().Do("POST", "/login/passkey", shared.PasskeyLoginRequest{Ceremony: o2.Ceremony, Credential: signed}, nil); err == nil || err.Code != shared.CodeCodeExpired {
		t.Fatalf("replayed answer: %+v", err)
	}
	// Under a new ceremony the old answer signs the wrong challenge.
	var o3 shared.PasskeyOptions
	b.MustOK("POST", "/login/passkey/options", shared.PasskeyLoginOptionsRequest{}, &o3)
	if _, err := e.Client().Do("POST", "/login/passkey", shared.PasskeyLoginRequest{Ceremony: o3.Ceremony, Credential: signed}, nil); err == nil || err.Code != shared.CodePasskeyFailed {
		t.Fatalf("an answer to another challenge: %+v", err)
	}
	// A counter that goes backwards means a copied key: refused.
	d.Cred.Counter -= 3
	if _, err := passkeyLogin(t, e.Client(), d); err == nil || err.Code != shared.CodePasskeyFailed {
		t.Fatalf("cloned authenticator: %+v", err)
	}
	d.Cred.Counter += 10
	if _, err := passkeyLogin(t, e.Client(), d); err != nil {
		t.Fatalf("after the counter moved on: %+v", err)
	}
	// A passkey the site does not know (removed, or another site's).
	stranger := newDevice(t, e, virtualwebauthn.AuthenticatorOptions{UserHandle: make([]byte, 64)})
	stranger.Auth.AddCredential(stranger.Cred)
	if _, err := passkeyLogin(t, e.Client(), stranger); err == nil || err.Code != shared.CodePasskeyUnknown {
		t.Fatalf("unknown passkey: %+v", err)
	}
}

func TestPasskeyNeedsUserVerification(t *testing.T) {
	e := start(t, nil)
	c := e.Client()
	p := person(e, c, "+79120000041", "nouv@example.ru")
	c.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil)
	d := newDevice(t, e, virtualwebauthn.AuthenticatorOptions{UserNotVerified: true})
	var o shared.PasskeyOptions
	c.MustOK("POST", "/me/passkeys/options", shared.PasskeyBeginRequest{Name: "Ключ без PIN"}, &o)
	if _, err := c.Do("POST", "/me/passkeys", shared.PasskeyRegisterRequest{Ceremony: o.Ceremony, Name: "Ключ без PIN", Credential: d.Create(o)}, nil); err == nil || err.Code != shared.CodePasskeyFailed {
		t.Fatalf("a passkey without user verification was registered: %+v", err)
	}
}

// A password lockout stops the password, not the passkey; a passkey also
// serves as the second factor after a password.
func TestPasskeyAfterLockoutAndAsSecondFactor(t *testing.T) {
	e := start(t, nil)
	c := e.Client()
	p := person(e, c, "+79120000042", "second@example.ru")
	c.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil)
	d := newDevice(t, e, virtualwebauthn.AuthenticatorOptions{})
	addPasskey(t, c, d, "Ноутбук")

	// The password now leads to the second step, offering the passkey.
	b := e.Client()
	var step shared.SecondFactorStep
	if status, err := b.Do("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, &step); err != nil || status != http.StatusAccepted {
		t.Fatalf("password step: %d %+v", status, err)
	}
	if !slices.Equal(step.Methods, []string{shared.FactorPasskey}) {
		t.Fatalf("methods %v", step.Methods)
	}
	var o shared.PasskeyOptions
	b.MustOK("POST", "/login/passkey/options", shared.PasskeyLoginOptionsRequest{Ticket: step.Ticket}, &o)
	var allow struct {
		PublicKey struct {
			AllowCredentials []struct{ ID string } `json:"allowCredentials"`
		} `json:"publicKey"`
	}
	if err := json.Unmarshal(o.Options, &allow); err != nil || len(allow.PublicKey.AllowCredentials) != 1 {
		t.Fatalf("the second step must name the account's passkeys: %s", o.Options)
	}
	answer := d.Get(o)
	// Another ticket (someone else's password step) cannot use this answer.
	q := e.Client()
	person(e, q, "+79120000043", "other@example.ru")
	qTicket := ""
	{
		var s shared.SessionInfo
		q.MustOK("POST", "/login", shared.LoginRequest{Login: "other@example.ru", Password: goodPassword}, &s)
		d2 := newDevice(t, e, virtualwebauthn.AuthenticatorOptions{})
		addPasskey(t, q, d2, "Телефон")
		qTicket = loginTicket(t, e.Client(), "other@example.ru")
	}
	if _, err := e.Client().Do("POST", "/login/second-factor", shared.SecondFactorRequest{Ticket: qTicket, Method: shared.FactorPasskey, Ceremony: o.Ceremony, Credential: answer}, nil); err == nil || err.Code != shared.CodeCodeExpired {
		t.Fatalf("an answer bound to another ticket: %+v", err)
	}
	// The burnt ceremony: ask again and finish.
	b.MustOK("POST", "/login/passkey/options", shared.PasskeyLoginOptionsRequest{Ticket: step.Ticket}, &o)
	var info shared.SessionInfo
	b.MustOK("POST", "/login/second-factor", shared.SecondFactorRequest{Ticket: step.Ticket, Method: shared.FactorPasskey, Ceremony: o.Ceremony, Credential: d.Get(o)}, &info)
	if !slices.Equal(info.Methods, []string{"password", shared.FactorPasskey}) {
		t.Fatalf("methods %v", info.Methods)
	}

	// Five wrong passwords lock the password…
	for i := 0; i < 5; i++ {
		e.Client().Do("POST", "/login", shared.LoginRequest{Login: p.Email, Password: "Wrong-Password-1"}, nil)
	}
	if _, err := e.Client().Do("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil); err == nil || err.Code != shared.CodePasswordLocked {
		t.Fatalf("lockout: %+v", err)
	}
	// …but the passkey still signs the person in.
	if info, err := passkeyLogin(t, e.Client(), d); err != nil || info.Account.Email != p.Email {
		t.Fatalf("passkey after a lockout: %+v %+v", info, err)
	}

	// A blocked account cannot sign in with its passkey.
	if _, err := e.DB.NewRaw("UPDATE accounts SET status = 'blocked', status_reason = 'test' WHERE email = ?", p.Email).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := passkeyLogin(t, e.Client(), d); err == nil || err.Code != shared.CodeAccountBlocked {
		t.Fatalf("blocked account: %+v", err)
	}
}

// Removing a passkey needs a step-up, which a passkey itself can give;
// nobody removes another person's passkey.
func TestPasskeyRemovalWithStepUp(t *testing.T) {
	e := start(t, nil)
	c := e.Client()
	p := person(e, c, "+79120000044", "remove@example.ru")
	c.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil)
	d := newDevice(t, e, virtualwebauthn.AuthenticatorOptions{})
	pk := addPasskey(t, c, d, "Телефон")

	// A second passkey beside the first needs a fresh factor too.
	if _, err := e.DB.NewRaw("UPDATE sessions SET step_up_at = now() - interval '6 minutes'").Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Do("POST", "/me/passkeys/options", shared.PasskeyBeginRequest{Name: "Второй"}, nil); err == nil || err.Code != shared.CodeStepUpRequired {
		t.Fatalf("second passkey without a step-up: %+v", err)
	}
	if _, err := c.Do("POST", "/me/totp", nil, nil); err == nil || err.Code != shared.CodeStepUpRequired {
		t.Fatalf("authenticator app beside a passkey without a step-up: %+v", err)
	}

	// Someone else cannot remove it, even with a fresh step-up of their own.
	m := e.Client()
	person(e, m, "+79120000045", "mallory@example.ru")
	m.MustOK("POST", "/login", shared.LoginRequest{Login: "mallory@example.ru", Password: goodPassword}, nil)
	md := newDevice(t, e, virtualwebauthn.AuthenticatorOptions{})
	addPasskey(t, m, md, "Мой")
	if status, err := m.Do("DELETE", "/me/passkeys/"+pk.ID, nil, nil); err == nil || err.Code != shared.CodeNotFound {
		t.Fatalf("removing another person's passkey: %d %+v", status, err)
	}
	// Nor use their step-up ceremony in her session.
	var mo shared.PasskeyOptions
	m.MustOK("POST", "/me/step-up/options", nil, &mo)
	if _, err := c.Do("POST", "/me/step-up", shared.SecondFactorRequest{Method: shared.FactorPasskey, Ceremony: mo.Ceremony, Credential: d.Get(mo)}, nil); err == nil || err.Code != shared.CodeCodeExpired {
		t.Fatalf("a step-up ceremony of another session: %+v", err)
	}

	if _, err := c.Do("DELETE", "/me/passkeys/"+pk.ID, nil, nil); err == nil || err.Code != shared.CodeStepUpRequired {
		t.Fatalf("removal without a step-up: %+v", err)
	}
	var o shared.PasskeyOptions
	c.MustOK("POST", "/me/step-up/options", nil, &o)
	var info shared.SessionInfo
	c.MustOK("POST", "/me/step-up", shared.SecondFactorRequest{Method: shared.FactorPasskey, Ceremony: o.Ceremony, Credential: d.Get(o)}, &info)
	if info.StepUpUntil.Before(time.Now().Add(4 * time.Minute)) {
		t.Fatalf("step-up until %v", info.StepUpUntil)
	}
	c.MustOK("DELETE", "/me/passkeys/"+pk.ID, nil, nil)
	var l shared.PasskeyList
	c.MustOK("GET", "/me/passkeys", nil, &l)
	if len(l.Items) != 0 {
		t.Fatalf("still listed: %+v", l)
	}
	if _, err := passkeyLogin(t, e.Client(), d); err == nil || err.Code != shared.CodePasskeyUnknown {
		t.Fatalf("a removed passkey signed in: %+v", err)
	}
	var kinds []string
	if err := e.DB.NewRaw(`SELECT kind FROM journal j JOIN accounts a ON a.id = j.account_id WHERE a.email = ? ORDER BY j.id`, p.Email).Scan(context.Background(), &kinds); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{shared.JournalPasskeyAdded, shared.JournalStepUp, shared.JournalPasskeyRemoved} {
		if !slices.Contains(kinds, k) {
			t.Errorf("journal lacks %s: %v", k, kinds)
		}
	}
}

// A passkey sign-in reads the account's user handle and writes nothing to
// it: the row made at the first ceremony keeps its version (xmin) through
// sign-ins and new options, so no sign-in commits a write it does not need.
func TestPasskeySignInLeavesTheUserHandleAlone(t *testing.T) {
	e := start(t, nil)
	c := e.Client()
	p := person(e, c, "+79120000049", "handle@example.ru")
	c.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil)
	d := newDevice(t, e, virtualwebauthn.AuthenticatorOptions{})
	addPasskey(t, c, d, "Телефон")
	version := func() (v struct {
		Xmin   string `bun:"xmin"`
		Handle []byte `bun:"handle"`
	}) {
		t.Helper()
		err := e.DB.NewRaw(`SELECT u.xmin::text AS xmin, u.handle FROM webauthn_users u JOIN accounts a ON a.id = u.account_id
			WHERE a.email = ?`, p.Email).Scan(context.Background(), &v)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	before := version()
	for range 2 {
		if _, err := passkeyLogin(t, e.Client(), d); err != nil {
			t.Fatalf("passkey sign-in: %+v", err)
		}
	}
	c.MustOK("POST", "/me/passkeys/options", shared.PasskeyBeginRequest{Name: "Ноутбук"}, nil)
	if after := version(); after.Xmin != before.Xmin || string(after.Handle) != string(before.Handle) {
		t.Fatalf("the user handle's row was written: xmin %s then %s", before.Xmin, after.Xmin)
	}
}

// A sign-in ceremony is used once, however its answers arrive: answers
// to one ceremony sent at once sign in once, and a new answer to it after
// that (a new signature, a higher counter) is refused as a spent
// ceremony. A ceremony id that this server did not seal, or altered, is
// refused the same way, before anything is verified.
func TestPasskeyCeremonyIsUsedOnce(t *testing.T) {
	e := start(t, nil)
	c := e.Client()
	p := person(e, c, "+79120000047", "once@example.ru")
	c.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil)
	d := newDevice(t, e, virtualwebauthn.AuthenticatorOptions{})
	addPasskey(t, c, d, "Телефон")

	var o shared.PasskeyOptions
	e.Client().MustOK("POST", "/login/passkey/options", shared.PasskeyLoginOptionsRequest{}, &o)
	answers := make([]json.RawMessage, 5)
	for i := range answers {
		answers[i] = d.Get(o) // each its own signature and counter
	}
	codes := make([]shared.Code, len(answers))
	var wg sync.WaitGroup
	for i, a := range answers {
		wg.Go(func() {
			if _, err := e.Client().Do("POST", "/login/passkey", shared.PasskeyLoginRequest{Ceremony: o.Ceremony, Credential: a}, nil); err != nil {
				codes[i] = err.Code
			}
		})
	}
	wg.Wait()
	if ok, spent := slices.Index(codes, ""), slices.DeleteFunc(slices.Clone(codes), func(c shared.Code) bool { return c == shared.CodeCodeExpired }); ok < 0 || len(spent) != 1 {
		t.Fatalf("five answers to one ceremony at once: %q, want one sign-in and %s for the rest", codes, shared.CodeCodeExpired)
	}
	if _, err := e.Client().Do("POST", "/login/passkey", shared.PasskeyLoginRequest{Ceremony: o.Ceremony, Credential: d.Get(o)}, nil); codeOf(err) != shared.CodeCodeExpired {
		t.Fatalf("a new answer to a spent ceremony: %+v", err)
	}
	var sessions int
	if err := e.DB.NewRaw(`SELECT count(*) FROM sessions AS s JOIN accounts AS a ON a.id = s.account_id
		WHERE a.email = ? AND 'passkey' = ANY (s.methods)`, p.Email).Scan(t.Context(), &sessions); err != nil || sessions != 1 {
		t.Fatalf("%d passkey sessions (%v), want 1", sessions, err)
	}

	var fresh shared.PasskeyOptions
	e.Client().MustOK("POST", "/login/passkey/options", shared.PasskeyLoginOptionsRequest{}, &fresh)
	altered := []byte(fresh.Ceremony) // still base64url, one letter other
	if altered[len(altered)/2] = 'A'; fresh.Ceremony[len(altered)/2] == 'A' {
		altered[len(altered)/2] = 'B'
	}
	for name, id := range map[string]string{
		"altered":   string(altered),
		"made up":   "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"truncated": fresh.Ceremony[:len(fresh.Ceremony)-8],
	} {
		if _, err := e.Client().Do("POST", "/login/passkey", shared.PasskeyLoginRequest{Ceremony: id, Credential: d.Get(fresh)}, nil); codeOf(err) != shared.CodeCodeExpired {
			t.Errorf("%s ceremony: %+v, want %s", name, err, shared.CodeCodeExpired)
		}
	}
	// The ceremony itself was not used by those: it still signs in.
	if _, err := e.Client().Do("POST", "/login/passkey", shared.PasskeyLoginRequest{Ceremony: fresh.Ceremony, Credential: d.Get(fresh)}, nil); err != nil {
		t.Fatalf("the untouched ceremony: %+v", err)
	}
}

// A passkey's signature counter only moves forward, also when two answers
// with the same counter (a cloned key, used on two devices at once) come
// in together: both read the stored counter before either has written its
// own, so only the write itself can tell. One of them signs in; the other
// is refused as a failed passkey (not as a removed one), and the stored
// counter is the answers'.
func TestPasskeySignCountRaceSignsInOnce(t *testing.T) {
	e := start(t, nil)
	c := e.Client()
	p := person(e, c, "+79120000048", "clone@example.ru")
	c.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil)
	d := newDevice(t, e, virtualwebauthn.AuthenticatorOptions{})
	addPasskey(t, c, d, "Ключ")

	// Two ceremonies answered by the same key state: the same counter.
	var o1, o2 shared.PasskeyOptions
	e.Client().MustOK("POST", "/login/passkey/options", shared.PasskeyLoginOptionsRequest{}, &o1)
	e.Client().MustOK("POST", "/login/passkey/options", shared.PasskeyLoginOptionsRequest{}, &o2)
	counter := d.Cred.Counter
	a1 := d.Get(o1)
	d.Cred.Counter = counter
	a2 := d.Get(o2)

	// Hold the passkey's state row: both answers read it, verify, and then
	// wait to write it (or for the journal chain's lock the first holds).
	ctx := t.Context()
	tx, err := e.DB.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := tx.NewRaw(`SELECT 1 FROM passkey_state AS s JOIN passkeys AS k ON k.id = s.passkey_id
		JOIN accounts AS a ON a.id = k.account_id WHERE a.email = ? FOR UPDATE OF s`, p.Email).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	codes := make([]shared.Code, 2)
	var wg sync.WaitGroup
	for i, x := range []struct {
		o shared.PasskeyOptions
		a json.RawMessage
	}{{o1, a1}, {o2, a2}} {
		wg.Go(func() {
			if _, err := e.Client().Do("POST", "/login/passkey", shared.PasskeyLoginRequest{Ceremony: x.o.Ceremony, Credential: x.a}, nil); err != nil {
				codes[i] = err.Code
			} else {
				codes[i] = "ok"
			}
		})
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		var waiting int
		if err := e.DB.NewRaw(`SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'
			AND query LIKE 'BEGIN; CALL journal_lock_chain(%); EXECUTE auth_open_passkey_%'`).Scan(ctx, &waiting); err != nil {
			t.Fatal(err)
		}
		if waiting == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d sign-ins wait for the passkey's row, want 2", waiting)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	slices.Sort(codes)
	if want := []shared.Code{"ok", shared.CodePasskeyFailed}; !slices.Equal(codes, want) {
		t.Fatalf("two answers with one counter at once: %q, want %q", codes, want)
	}
	var stored int64
	if err := e.DB.NewRaw(`SELECT s.sign_count FROM passkey_state AS s JOIN passkeys AS k ON k.id = s.passkey_id
		JOIN accounts AS a ON a.id = k.account_id WHERE a.email = ?`, p.Email).Scan(ctx, &stored); err != nil || stored != int64(counter+1) {
		t.Fatalf("stored counter %d (%v), want %d", stored, err, counter+1)
	}
}

// Every passkey answer counts against the address's sign-in limit, however
// it ends: an answer that does not parse, a key no account has, a bad
// signature, a sign-in, an answer to a spent ceremony, a ceremony this
// server did not seal.
func TestPasskeyAnswerCountsEveryOutcome(t *testing.T) {
	e := start(t, func(c *config.Config) { c.IPWindow = time.Hour })
	c := e.Client()
	p := person(e, c, "+79120000049", "counted@example.ru")
	c.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil)
	d := newDevice(t, e, virtualwebauthn.AuthenticatorOptions{})
	addPasskey(t, c, d, "Ключ")
	stranger := newDevice(t, e, virtualwebauthn.AuthenticatorOptions{UserHandle: make([]byte, 64)})
	stranger.Auth.AddCredential(stranger.Cred)

	hits := func() (n int) {
		t.Helper()
		if err := e.DB.NewRaw(`SELECT coalesce(sum(hits), 0) FROM ip_throttle WHERE ip LIKE 'login:%'`).Scan(t.Context(), &n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	options := func() (o shared.PasskeyOptions) {
		e.Client().MustOK("POST", "/login/passkey/options", shared.PasskeyLoginOptionsRequest{}, &o)
		return o
	}
	answer := func(ceremony string, a json.RawMessage) shared.Code {
		if _, err := e.Client().Do("POST", "/login/passkey", shared.PasskeyLoginRequest{Ceremony: ceremony, Credential: a}, nil); err != nil {
			return err.Code
		}
		return "ok"
	}
	o := options()
	signed := d.Get(o)
	var bad map[string]any
	_ = json.Unmarshal(d.Get(options()), &bad)
	resp := bad["response"].(map[string]any)
	resp["signature"] = resp["signature"].(string)[:len(resp["signature"].(string))-4] + "AAAA"
	badJSON, _ := json.Marshal(bad)
	o2 := options()
	for _, x := range []struct {
		name string
		run  func() shared.Code
		want shared.Code
	}{
		{"unparsable answer", func() shared.Code { return answer(options().Ceremony, json.RawMessage(`{"id":"x"}`)) }, shared.CodePasskeyFailed},
		{"unknown key", func() shared.Code { return answer(options().Ceremony, stranger.Get(options())) }, shared.CodePasskeyUnknown},
		{"bad signature", func() shared.Code { return answer(o2.Ceremony, badJSON) }, shared.CodePasskeyFailed},
		{"sign-in", func() shared.Code { return answer(o.Ceremony, signed) }, "ok"},
		{"spent ceremony", func() shared.Code { return answer(o.Ceremony, d.Get(o)) }, shared.CodeCodeExpired},
		{"forged ceremony", func() shared.Code { return answer("AAAA"+o.Ceremony[4:], d.Get(o)) }, shared.CodeCodeExpired},
	} {
		before := hits()
		got := x.run()
		if got != x.want {
			t.Errorf("%s: %q, want %q", x.name, got, x.want)
		}
		if after := hits(); after != before+1 {
			t.Errorf("%s (%q): %d hits after %d, want one more", x.name, got, after, before)
		}
	}
}
