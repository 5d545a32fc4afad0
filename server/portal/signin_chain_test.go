package portal_test

import (
	"sync"
	"testing"

	"kabinet/server/config"
	"kabinet/shared"
)

// Sign-ins of one account at the same moment — new browsers, browsers
// that end their earlier session, sign-ins over SESSION_MAX that end
// others — each take the journal chain's lock in one statement and read
// its head in the next: the chain stays one unbroken line, and the
// account keeps at most SESSION_MAX sessions.
func TestConcurrentSignInsKeepTheJournalChain(t *testing.T) {
	e := start(t, func(c *config.Config) { c.IPLimit, c.SessionMax = 1000, 3 })
	p := person(e, e.Client(), "+79125550077", "chain@example.ru")
	login := shared.LoginRequest{Login: p.Email, Password: goodPassword}
	var wg sync.WaitGroup
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := e.Client()
			for range 2 { // the second time with the first session's cookie
				if status, err := c.Do("POST", "/login", login, nil); err != nil {
					t.Errorf("sign-in: %d %+v", status, err)
				}
			}
		}()
	}
	wg.Wait()
	var id string
	var live int
	err := e.DB.NewRaw(`SELECT a.id, (SELECT count(*) FROM sessions s WHERE s.account_id = a.id AND s.revoked_at IS NULL)
		FROM accounts a WHERE a.email = ?`, p.Email).Scan(t.Context(), &id, &live)
	if err != nil {
		t.Fatal(err)
	}
	c, err := e.P.Auth.Journal().Verify(t.Context(), e.DB, id, true)
	if err != nil || c.Break != nil {
		t.Fatalf("the chain after concurrent sign-ins: %+v, %v", c, err)
	}
	if live > 3 {
		t.Errorf("%d live sessions, SESSION_MAX is 3", live)
	}
	t.Logf("%d journal entries, %d live sessions", c.Entries, live)
}
