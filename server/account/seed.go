package account

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"kabinet/server/audit"
	"kabinet/shared"
)

// Demo is a demo account created on first start. TOTP is the secret of
// its authenticator app (base32, as apps take it typed in), when it has one.
type Demo struct {
	Who, Login, Password, TOTP string
}

// Demos are the demo accounts (printed by `make run`, listed in README).
// The staff come with an authenticator app, because the back office needs
// a second factor: its secret is fixed and public, so it is for
// development only, like the passwords.
var Demos = []Demo{
	{"Иванов Иван Иванович — подтверждённая учётная запись", "+7 900 000-00-01", "Kabinet-Demo-2026", ""},
	{"Петрова Анна Сергеевна — упрощённая учётная запись", "anna@example.ru", "Kabinet-Demo-2026", ""},
	{"Сидорова Мария Петровна — оператор центра обслуживания (бэк-офис)", "operator@example.ru", "Operator-Demo-2026",
		"KABINETOPERATORDEMOSECRETTOTPKEY"},
	{"Кузнецов Павел Андреевич — налоговый инспектор (бэк-офис: самозанятые)", "tax@example.ru", "Inspector-Demo-2026",
		"KABINETTAXOFFICERDEMOSECRETTOTPK"},
	{"Орлова Елена Викторовна — регистратор (бэк-офис: заявления в ЕГРИП)", "registry@example.ru", "Registry-Demo-2026",
		"KABINETREGISTRYDEMOSECRETTOTPKEY"},
	{"Белова Наталья Игоревна — специалист ФНС (бэк-офис: документы от заявителей)", "fns@example.ru", "Officer-Demo-2026",
		"KABINETFNSOFFICERDEMOSECRETTOTPK"},
}

// SeedDemo creates the demo accounts when the database has no accounts
// yet; it reports whether it did. Contacts count as confirmed.
func (s *Service) SeedDemo(ctx context.Context) (bool, error) {
	n, err := countAccounts(ctx, s.db)
	if err != nil || n > 0 {
		return false, err
	}
	now := time.Now()
	birth := time.Date(1985, 3, 14, 0, 0, 0, 0, time.UTC)
	// Issued a month after the 20th birthday: valid until the 45th (2030).
	issued := birth.AddDate(20, 1, 0)
	rows := []accountRow{
		{LastName: "Иванов", FirstName: "Иван", MiddleName: "Иванович", BirthDate: &birth,
			Phone: "+79000000001", Email: "ivan@example.ru", INN: optional("123456789047"), SNILS: optional("11223344595"),
			PassportSeries: optional("4510"), PassportNumber: optional("123456"), PassportIssuedOn: &issued,
			PassportIssuedBy: optional("ГУ МВД России по г. Москве"), PassportDivisionCode: optional("770-001"),
			Level: string(shared.LevelConfirmed), ConfirmedAt: &now},
		{LastName: "Петрова", FirstName: "Анна", MiddleName: "Сергеевна",
			Phone: "+79000000002", Email: "anna@example.ru", Level: string(shared.LevelSimplified)},
		{LastName: "Сидорова", FirstName: "Мария", MiddleName: "Петровна",
			Phone: "+79000000009", Email: "operator@example.ru", Level: string(shared.LevelSimplified)},
		{LastName: "Кузнецов", FirstName: "Павел", MiddleName: "Андреевич",
			Phone: "+79000000008", Email: "tax@example.ru", Level: string(shared.LevelSimplified)},
		{LastName: "Орлова", FirstName: "Елена", MiddleName: "Викторовна",
			Phone: "+79000000007", Email: "registry@example.ru", Level: string(shared.LevelSimplified)},
		{LastName: "Белова", FirstName: "Наталья", MiddleName: "Игоревна",
			Phone: "+79000000006", Email: "fns@example.ru", Level: string(shared.LevelSimplified)},
	}
	hashes := make([]string, len(rows))
	for i := range rows {
		if hashes[i], err = s.auth.Hasher().Hash(ctx, Demos[i].Password); err != nil {
			return false, err
		}
	}
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for i := range rows {
			r := &rows[i]
			r.PasswordHash, r.Status, r.Lang = hashes[i], string(shared.StatusActive), "ru"
			r.PhoneConfirmedAt, r.EmailConfirmedAt = &now, &now
			if err := insertAccount(ctx, tx, r); err != nil {
				return fmt.Errorf("seed %s: %w", r.Email, err)
			}
			if err := s.journal.Append(ctx, tx, audit.Entry{AccountID: r.ID, Kind: shared.JournalRegistered,
				Details: map[string]string{"source": "demo"}}); err != nil {
				return err
			}
			if Demos[i].TOTP != "" {
				if err := s.auth.SeedTOTP(ctx, tx, r.ID, Demos[i].TOTP); err != nil {
					return fmt.Errorf("seed %s: %w", r.Email, err)
				}
			}
		}
		return grantDemoRoles(ctx, tx, rows[2].ID, rows[3].ID, rows[4].ID, rows[5].ID)
	})
	return err == nil, err
}
