package portal_test

import (
	"sync"
	"testing"

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
