package portaltest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"kabinet/shared"
)

// The ИП cabinet's helpers: people with a confirmed account and an
// authenticator app, staff of a role, and the demo ИП.

// StubWeb is a web directory with a stand-in app.wasm: API tests need no
// front end.
func StubWeb(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "app.wasm"), []byte("\x00asm stub"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// StartIP runs a portal over a stand-in front end with the demo data of
// the ИП cabinet: the demo accounts and registry, and Иванов as an ИП
// with a Р24001 in the registry officer's queue.
func StartIP(t testing.TB) *Env {
	t.Helper()
	e := Start(t, StubWeb(t), nil)
	e.SeedDemo()
	ivan, err := e.P.Accounts.FindByLogin(context.Background(), "ivan@example.ru")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.P.IP.SeedDemo(context.Background(), ivan.ID); err != nil {
		t.Fatalf("seeding the demo ИП: %v", err)
	}
	return e
}

// PersonINN is a valid 12-digit ИНН of a person, different for each n.
func PersonINN(n int) string {
	d := []byte(fmt.Sprintf("77%08d", n))
	check := func(w []int) byte {
		s := 0
		for i, x := range w {
			s += x * int(d[i]-'0')
		}
		return byte('0' + s%11%10)
	}
	d = append(d, check([]int{7, 2, 4, 10, 3, 5, 9, 4, 6, 8}))
	d = append(d, check([]int{3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8}))
	return string(d)
}

// Person is a signed-in person of the tests, with what they were given.
type Person struct {
	*Client
	ID, Email, Secret, INN string
}

// ConfirmedPerson registers person n (Смирнова Ольга Павловна, born
// 1990-05-20, ИНН PersonINN(n), a passport), confirms the account as an
// operator's check would, and sets up an authenticator app, which also
// proves a second factor in the session.
func (e *Env) ConfirmedPerson(n int) *Person {
	e.T.Helper()
	c := e.Client()
	req := e.Register(c, shared.RegisterRequest{LastName: "Смирнова", FirstName: "Ольга", MiddleName: "Павловна",
		Phone: fmt.Sprintf("+7901%07d", n), Email: fmt.Sprintf("ip%d@example.ru", n), Password: "Moy-Portal-2026!"})
	p := &Person{Client: c, Email: req.Email, INN: PersonINN(n)}
	err := e.DB.NewRaw(`UPDATE accounts SET level = 'confirmed', confirmed_at = now(), inn = ?, birth_date = '1990-05-20',
			passport_series = '4512', passport_number = ?, passport_issued_on = '2010-06-01',
			passport_issued_by = 'ОУФМС России по г. Москве', passport_division_code = '770-002'
		WHERE email = ? RETURNING id`, p.INN, fmt.Sprintf("%06d", n), req.Email).Scan(context.Background(), &p.ID)
	if err != nil {
		e.T.Fatalf("confirming %s: %v", req.Email, err)
	}
	p.Secret = c.AddApp()
	return p
}

// Staff is person n made staff of role, signed in with an authenticator
// app proven in the session, as the back office needs.
func (e *Env) Staff(n int, role string) *Person {
	e.T.Helper()
	p := e.ConfirmedPerson(n)
	if _, err := e.DB.NewRaw("INSERT INTO staff_roles (account_id, role) VALUES (?, ?)", p.ID, role).Exec(context.Background()); err != nil {
		e.T.Fatal(err)
	}
	return p
}

// SetStepUp moves the last second factor proven in p's sessions to ago
// before now: a fresh one (0) lets p sign, an old one does not.
func (e *Env) SetStepUp(p *Person, ago time.Duration) {
	e.T.Helper()
	_, err := e.DB.NewRaw("UPDATE sessions SET step_up_at = now() - ?::interval WHERE account_id = ?",
		fmt.Sprintf("%d seconds", int(ago.Seconds())), p.ID).Exec(context.Background())
	if err != nil {
		e.T.Fatal(err)
	}
}
