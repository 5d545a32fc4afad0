package documents_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"kabinet/server/dbtest"
	"kabinet/server/portal/portaltest"
	"kabinet/shared"
	shareddocs "kabinet/shared/documents"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// desk is a portal with two people (with an authenticator app, as the
// documents need a second factor) and the demo officer of the tax
// agency's desk. ivan's identity is confirmed, and he holds a «Ключ
// Кабинета» to sign with, as the tax agency asks.
type desk struct {
	e         *portaltest.Env
	ivan      *portaltest.Client
	anna      *portaltest.Client
	officer   *portaltest.Client
	ivanID    string
	annaID    string
	officerID string
	ivanWho   portaltest.Identity
	ivanKey   cabinetKey
}

func start(t *testing.T) *portaltest.Env {
	t.Helper()
	return portaltest.Start(t, portaltest.FakeWeb(t), nil)
}

// person registers someone numbered n with an authenticator app.
func person(e *portaltest.Env, n int, last string) (*portaltest.Client, shared.RegisterRequest) {
	e.T.Helper()
	c := e.Client()
	req := e.PersonWithApp(c, shared.RegisterRequest{LastName: last, FirstName: "Ольга", MiddleName: "Павловна",
		Phone: fmt.Sprintf("+7 900 555-00-%02d", n), Email: fmt.Sprintf("p%d@example.ru", n), Password: portaltest.GoodPassword})
	return c, req
}

func newDesk(t *testing.T) *desk {
	t.Helper()
	e := start(t)
	e.SeedDemo()
	d := &desk{e: e, ivan: e.Client()}
	d.ivanWho = e.ConfirmedIdentity(d.ivan, 1)
	d.ivanKey = newKey(t, d.ivan)
	d.anna, _ = person(e, 2, "Волкова")
	d.officer = e.Client()
	d.officer.SignInDemo("fns@example.ru")
	d.ivanID, d.annaID, d.officerID = d.ivanWho.ID, d.accountID(d.anna), d.accountID(d.officer)
	return d
}

func (d *desk) accountID(c *portaltest.Client) string {
	d.e.T.Helper()
	var me shared.Account
	c.MustOK("GET", "/me", nil, &me)
	return me.ID
}

// upload stores a file and fails the test unless it was taken.
func upload(t *testing.T, c *portaltest.Client, name string, body []byte) shareddocs.Document {
	t.Helper()
	status, apiErr, doc := c.Upload(name, bytesReader(body), int64(len(body)))
	if apiErr != nil || status != http.StatusCreated {
		t.Fatalf("upload %q: %d %+v", name, status, apiErr)
	}
	return doc
}

// grant gives the account a staff role (roles are read on every request).
func grant(t *testing.T, e *portaltest.Env, accountID, role string) {
	t.Helper()
	if _, err := e.DB.ExecContext(context.Background(), "INSERT INTO staff_roles (account_id, role) VALUES (?, ?)", accountID, role); err != nil {
		t.Fatal(err)
	}
}

// eventually polls check until it holds (the delivery runs on the job
// queue) or ten seconds pass.
func eventually(t *testing.T, what string, check func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if check() {
			return
		}
	}
	t.Fatalf("%s: not within 10 s", what)
}

// journal is the account's journal kinds, oldest first.
func journal(t *testing.T, e *portaltest.Env, accountID string) []string {
	t.Helper()
	var kinds []string
	if err := e.DB.NewRaw("SELECT kind FROM journal WHERE account_id = ? AND kind LIKE 'documents.%' ORDER BY id", accountID).
		Scan(context.Background(), &kinds); err != nil {
		t.Fatal(err)
	}
	return kinds
}
