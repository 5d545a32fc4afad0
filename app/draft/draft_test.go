package draft

import (
	"errors"
	"testing"
	"time"
)

type receipt struct {
	Name  string `json:"name"`
	Price string `json:"price"`
}

func TestStore(t *testing.T) {
	s := New()
	at := time.Date(2026, 11, 23, 14, 5, 0, 0, time.UTC)
	s.now = func() time.Time { return at }
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.Save("a1", "npd.receipt", receipt{"Разработка сайта", "150 000"}))
	must(s.Save("a1", "profile", receipt{Name: "other form"}))
	must(s.Save("a2", "npd.receipt", receipt{Name: "another person"}))

	t.Run("per account and form", func(t *testing.T) {
		var r receipt
		saved, err := s.Load("a1", "npd.receipt", &r)
		if err != nil || !saved.Equal(at) || r.Name != "Разработка сайта" || r.Price != "150 000" {
			t.Fatalf("Load = %+v, %v, %v", r, saved, err)
		}
		if _, err := s.Load("a3", "npd.receipt", &r); !errors.Is(err, ErrNone) {
			t.Fatalf("another account's draft: %v, want ErrNone", err)
		}
	})
	t.Run("sign-out wipes only that account", func(t *testing.T) {
		must(s.WipeAccount("a1"))
		var r receipt
		for _, form := range []string{"npd.receipt", "profile"} {
			if _, err := s.Load("a1", form, &r); !errors.Is(err, ErrNone) {
				t.Errorf("%s survived the sign-out: %v", form, err)
			}
		}
		if _, err := s.Load("a2", "npd.receipt", &r); err != nil {
			t.Errorf("a2's draft went with a1's sign-out: %v", err)
		}
	})
	t.Run("kiosk wipes all", func(t *testing.T) {
		must(s.WipeAll())
		var r receipt
		if _, err := s.Load("a2", "npd.receipt", &r); !errors.Is(err, ErrNone) {
			t.Errorf("a draft survived the end of a kiosk visit: %v", err)
		}
	})
	t.Run("no account, no draft", func(t *testing.T) {
		if err := s.Save("", "npd.receipt", receipt{}); err == nil {
			t.Error("a draft without an account was kept")
		}
	})
}
