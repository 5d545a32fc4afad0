package portal_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sync"
	"testing"
	"time"

	"kabinet/server/account"
	"kabinet/server/portal/portaltest"
	"kabinet/shared"
)

// Wrong passwords sent all at once lock the password once: one journal
// entry of the lock, one notice per channel, and the counter stops at the
// threshold (a request that passed the lock check must not re-arm it).
func TestParallelWrongPasswordsLockOnce(t *testing.T) {
	e := start(t, nil)
	p := person(e, e.Client(), "+79120000031", "parallel@example.ru")
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e.Client().Do("POST", "/login", shared.LoginRequest{Login: p.Email, Password: "Wrong-Password-1"}, nil)
		}()
	}
	wg.Wait()

	var locks, failures int
	ctx := t.Context()
	if err := e.DB.NewRaw("SELECT count(*) FROM journal WHERE kind = ?", shared.JournalLocked).Scan(ctx, &locks); err != nil {
		t.Fatal(err)
	}
	if err := e.DB.NewRaw("SELECT failures FROM password_failures WHERE key LIKE 'acct:%'").Scan(ctx, &failures); err != nil {
		t.Fatal(err)
	}
	if locks != 1 || failures != e.Cfg.LockoutThreshold {
		t.Errorf("journal has %d lock entries, counter %d; want 1 and %d", locks, failures, e.Cfg.LockoutThreshold)
	}
	for _, to := range []string{p.Email, "+79120000031"} {
		if n := lockNotices(e, to); n != 1 {
			t.Errorf("%d lock notices to %s, want 1", n, to)
		}
	}
}

func lockNotices(e *portaltest.Env, to string) int {
	e.T.Helper()
	n := 0
	for _, m := range e.MessagesTo(to) {
		if contains(m.Body, "Вход по паролю заблокирован") {
			n++
		}
	}
	return n
}

// Recovery starts in a burst send one code: the pause between codes holds
// for every path, not only for the resend button. Every start is answered
// as usual, and all of them hold the one challenge whose code was sent.
func TestRecoveryStartsInABurstSendOneCode(t *testing.T) {
	e := start(t, nil)
	p := person(e, e.Client(), "+79120000032", "burst@example.ru")
	before := len(e.MessagesTo(p.Phone))
	var wg sync.WaitGroup
	ids := make([]string, 15)
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var ch shared.Challenge
			if status, err := e.Client().Do("POST", "/recover/start", shared.RecoverStartRequest{Login: p.Email, Channel: shared.ChannelSMS}, &ch); status != 200 {
				t.Errorf("start %d: %d %+v", i, status, err)
			}
			ids[i] = ch.ID
		}()
	}
	wg.Wait()
	if n := len(e.MessagesTo(p.Phone)) - before; n != 1 {
		t.Fatalf("%d recovery codes sent, want 1", n)
	}
	for _, id := range ids {
		if id != ids[0] {
			t.Fatalf("starts got different challenges: %q", ids)
		}
	}
	var ch shared.Challenge
	e.Client().MustOK("POST", "/recover/finish", shared.RecoverFinishRequest{ChallengeID: ids[0], Code: e.LastCode(p.Phone), Password: "Novyi-Parol-2026!"}, &ch)
}

// A recovery for a login that matches no account is a decoy that answers
// like a real one at every step: the start, GET /verify/{id}, an early
// resend, wrong codes up to exhaustion, and the finish. Here by ИНН
// alone, which the issue used to read a real account's masked phone.
func TestRecoveryOfUnknownLoginLooksLikeAKnownOne(t *testing.T) {
	e := start(t, nil)
	p := person(e, e.Client(), "+79000000001", "inn@example.ru")
	if _, err := e.DB.NewRaw("UPDATE accounts SET inn = '123456789047' WHERE phone = ?", p.Phone).Exec(t.Context()); err != nil {
		t.Fatal(err)
	}
	known := recoveryTranscript(t, e, "123456789047")
	unknown := recoveryTranscript(t, e, "770708389324")
	if !slices.Equal(known, unknown) {
		t.Fatalf("a known and an unknown login answer differently:\nknown:   %q\nunknown: %q", known, unknown)
	}
	// The decoy's destination is plausible and stays the same, as a real
	// account's would.
	var a, b shared.Challenge
	e.Client().MustOK("POST", "/recover/start", shared.RecoverStartRequest{Login: "770708389324", Channel: shared.ChannelSMS}, &a)
	e.Client().MustOK("POST", "/recover/start", shared.RecoverStartRequest{Login: "500987654393", Channel: shared.ChannelSMS}, &b)
	if !maskedPhone.MatchString(a.Destination) || a.Destination == b.Destination {
		t.Fatalf("decoy destinations %q and %q", a.Destination, b.Destination)
	}
	var again shared.Challenge
	if _, err := e.DB.NewRaw("UPDATE challenges SET last_sent_at = last_sent_at - interval '1 hour'").Exec(t.Context()); err != nil {
		t.Fatal(err)
	}
	e.Client().MustOK("POST", "/recover/start", shared.RecoverStartRequest{Login: "770708389324", Channel: shared.ChannelSMS}, &again)
	if again.ID == a.ID || again.Destination != a.Destination {
		t.Fatalf("a later decoy: %+v after %+v", again, a)
	}
}

// A recovery start and a resend answer after the same time for a known and
// an unknown login: a real account's writes and sends a code, a decoy's
// does not, so both wait out account.RecoveryAnswerTime, longer than
// either takes. (Without the floor the known login's start came ~6 ms
// later at the median, measured from outside.)
func TestRecoveryAnswersTakeTheSameTime(t *testing.T) {
	e := start(t, nil)
	p := person(e, e.Client(), "+79120000033", "timing@example.ru")
	sent := len(e.MessagesTo(p.Phone))
	for _, login := range []string{p.Phone, "+79120000099"} {
		e.PassCodePause(p.Phone)
		c := e.Client()
		var ch shared.Challenge
		began := time.Now()
		c.MustOK("POST", "/recover/start", shared.RecoverStartRequest{Login: login, Channel: shared.ChannelSMS}, &ch)
		took := time.Since(began)
		if _, err := e.DB.NewRaw("UPDATE challenges SET last_sent_at = last_sent_at - interval '1 hour'").Exec(t.Context()); err != nil {
			t.Fatal(err)
		}
		e.PassCodePause(p.Phone)
		began = time.Now()
		c.MustOK("POST", "/verify/resend", shared.ResendRequest{ChallengeID: ch.ID}, nil)
		resent := time.Since(began)
		t.Logf("%s: start %v, resend %v", login, took, resent)
		if took < account.RecoveryAnswerTime || resent < account.RecoveryAnswerTime {
			t.Errorf("%s: start answered in %v, resend in %v; want each at least %v", login, took, resent, account.RecoveryAnswerTime)
		}
	}
	// The known login's start and resend did send: the time above covers
	// the path that writes a code, not only the decoy's.
	if n := len(e.MessagesTo(p.Phone)) - sent; n != 2 {
		t.Fatalf("%d codes sent to the known login, want 2", n)
	}
}

var maskedPhone = regexp.MustCompile(`^\+7 9\d\d \*\*\*-\*\*-\d\d$`)

// recoveryTranscript runs a recovery of login by SMS to exhaustion and
// writes down what a client can see of each answer: the status, the
// error code, the JSON keys, and whether the destination looks masked.
func recoveryTranscript(t *testing.T, e *portaltest.Env, login string) []string {
	t.Helper()
	c := e.Client()
	var out []string
	note := func(step string, status int, err *shared.Error, raw []byte) {
		if err != nil {
			out = append(out, fmt.Sprintf("%s: %d %s retry=%v fields=%v", step, status, err.Code, err.RetryAfter > 0, err.Fields))
			return
		}
		var body map[string]any
		if jerr := json.Unmarshal(raw, &body); jerr != nil && len(raw) > 0 {
			t.Fatalf("%s: %v", step, jerr)
		}
		out = append(out, fmt.Sprintf("%s: %d keys=%v masked=%v", step, status, slices.Sorted(maps.Keys(body)), maskedPhone.MatchString(fmt.Sprint(body["destination"]))))
	}
	var raw []byte
	began := time.Now()
	status, err := c.Do("POST", "/recover/start", shared.RecoverStartRequest{Login: login, Channel: shared.ChannelSMS}, &raw)
	t.Logf("recovery start of %s took %v", login, time.Since(began)) // the time: TestRecoveryAnswersTakeTheSameTime
	note("start", status, err, raw)
	var ch shared.Challenge
	if err := json.Unmarshal(raw, &ch); err != nil {
		t.Fatal(err)
	}
	status, err = c.Do("GET", "/verify/"+ch.ID, nil, &raw)
	note("get", status, err, raw)
	status, err = c.Do("POST", "/verify/resend", shared.ResendRequest{ChallengeID: ch.ID}, &raw)
	note("resend", status, err, raw)
	for i := range e.Cfg.CodeTries + 1 {
		status, err = c.Do("POST", "/recover/finish", shared.RecoverFinishRequest{ChallengeID: ch.ID, Code: "000000", Password: "Novyi-Parol-2026!"}, &raw)
		note(fmt.Sprint("finish ", i+1), status, err, raw)
	}
	status, err = c.Do("GET", "/verify/"+ch.ID, nil, &raw)
	note("get after", status, err, raw)
	return out
}
