package npd_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/descope/virtualwebauthn"
	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/dbtest"
	"kabinet/server/portal/portaltest"
	"kabinet/shared"
	"kabinet/shared/npd"
)

// statementCounter is a Bun query hook that records the statements run
// with a context it marked, BEGIN and COMMIT included (Bun reports them).
// A PREPARE is left out: a prepared statement (db.Prepared) is prepared
// once in a connection's life, not per request.
type statementCounter struct {
	mu   sync.Mutex
	seen []string
}

type countedKey struct{}

func (s *statementCounter) BeforeQuery(ctx context.Context, ev *bun.QueryEvent) context.Context {
	if ctx.Value(countedKey{}) != nil && !strings.HasPrefix(ev.Query, "PREPARE ") {
		s.mu.Lock()
		s.seen = append(s.seen, ev.Query)
		s.mu.Unlock()
	}
	return ctx
}

func (s *statementCounter) AfterQuery(context.Context, *bun.QueryEvent) {}

// A common receipt is one statement and one commit: it reads the totals
// and writes the receipt, the deduction and the income. A change that
// adds a round trip to it fails here (two before).
func TestReceiptStatementCount(t *testing.T) {
	var counter statementCounter
	e := portaltest.StartOn(t, portaltest.FakeWeb(t), dbtest.NewDB(t).WithQueryHook(&counter), nil)
	e.SeedDemo()
	ivan := e.Client()
	ivan.MustOK("POST", "/login", shared.LoginRequest{Login: "ivan@example.ru", Password: "Kabinet-Demo-2026"}, nil)
	portaltest.AddPasskey(t, ivan, portaltest.NewDevice(t, e, virtualwebauthn.AuthenticatorOptions{}), "Телефон")
	ivan.MustOK("POST", "/npd/register", npd.RegisterRequest{Region: "77", Activities: []string{"it"}}, nil)
	var id string
	if err := e.DB.NewRaw("SELECT id FROM accounts WHERE email = 'ivan@example.ru'").Scan(context.Background(), &id); err != nil {
		t.Fatal(err)
	}
	for i, amount := range []shared.Kopecks{shared.Rubles(1_000), shared.Rubles(2_500)} {
		counter.mu.Lock()
		counter.seen = nil
		counter.mu.Unlock()
		ctx := context.WithValue(context.Background(), countedKey{}, true)
		r, err := e.P.NPD.CreateReceipt(ctx, id, receipt(amount, npd.BuyerPerson, "", ""), api.Meta{})
		if err != nil || r.Tax == 0 || r.ID == "" {
			t.Fatalf("receipt %d: %+v %v", i, r, err)
		}
		counter.mu.Lock()
		if len(counter.seen) != 1 {
			t.Errorf("receipt %d made %d statements, want 1:\n%q", i, len(counter.seen), counter.seen)
		}
		counter.mu.Unlock()
	}
}
