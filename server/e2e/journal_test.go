package e2e

import (
	"context"
	"strings"
	"testing"

	"kabinet/server/account"
)

// TestJournalPageShowsTampering: the owner's «Журнал событий» says the
// chain holds, and — after a row was rewritten behind the portal's back —
// that it is broken, since when, and which entry in the table it is.
func TestJournalPageShowsTampering(t *testing.T) {
	e := start(t, nil)
	e.seedDemo()
	ctx := browser(t, desktop)
	ivan := account.Demos[0]
	signIn(t, ctx, e, ivan.Login, ivan.Password)

	open(ctx, e.url+"/journal")
	waitText(ctx, "#journal-integrity", "Целостность журнала подтверждена", stepTimeout)
	shot(t, ctx, "intact")

	for _, q := range []string{
		"ALTER TABLE journal DISABLE TRIGGER USER",
		`UPDATE journal SET ip = '203.0.113.9' WHERE id = (SELECT max(id) FROM journal
			WHERE kind = 'auth.login' AND account_id = (SELECT id FROM accounts WHERE phone = '+79000000001'))`,
		"ALTER TABLE journal ENABLE TRIGGER USER",
	} {
		if _, err := e.DB.ExecContext(context.Background(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	open(ctx, e.url+"/journal")
	waitText(ctx, "#journal-integrity", "Целостность журнала нарушена", stepTimeout)
	waitText(ctx, "#journal-integrity", "изменена после того, как была сделана", stepTimeout)
	waitText(ctx, "#journal", "Целостность нарушена здесь", stepTimeout)
	shotBoth(t, ctx, "broken")
	// The page found it first, and says the staff were told: they were.
	if alerts := e.MessagesTo("operator@example.ru"); len(alerts) != 1 || !strings.Contains(alerts[0].Subject, "целостность журнала") {
		t.Errorf("staff alerts after the page found the break: %+v", alerts)
	}

	// Emptied: no entry is left to show, and the break shows all the same.
	for _, q := range []string{"ALTER TABLE journal DISABLE TRIGGER USER", "TRUNCATE journal", "ALTER TABLE journal ENABLE TRIGGER USER"} {
		if _, err := e.DB.ExecContext(context.Background(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	open(ctx, e.url+"/journal")
	waitText(ctx, "main", "Событий пока нет", stepTimeout)
	waitText(ctx, "#journal-integrity", "Удалены записи, проверенные ранее", stepTimeout)
	shot(t, ctx, "emptied")
}
