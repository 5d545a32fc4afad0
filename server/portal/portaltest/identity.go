package portaltest

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"

	"kabinet/server/api"
	"kabinet/shared"
)

// Identity is someone a test registered with an identity on file: the
// contacts, the passport, СНИЛС and ИНН, and the authenticator app.
type Identity struct {
	ID                   string
	LastName, FirstName  string
	MiddleName           string
	Email, Phone         string
	SNILS, INN, Password string
	Secret               string // the authenticator app's secret
}

// StandardIdentity registers person number n (1…99, which keeps contacts
// and numbers apart) in c, sets up an authenticator app — a second
// factor, which also steps c's session up — and enters the passport,
// СНИЛС and ИНН: the account is at the standard level.
func (e *Env) StandardIdentity(c *Client, n int) Identity {
	e.T.Helper()
	p := Identity{LastName: "Соколова", FirstName: "Вера", MiddleName: "Андреевна",
		Email: fmt.Sprintf("vera%02d@example.ru", n), Phone: fmt.Sprintf("+7 912 400-00-%02d", n),
		SNILS: ValidSNILS(n), INN: ValidPersonINN(n), Password: GoodPassword}
	e.Register(c, shared.RegisterRequest{LastName: p.LastName, FirstName: p.FirstName, MiddleName: p.MiddleName,
		Phone: p.Phone, Email: p.Email, Password: p.Password})
	p.Secret = c.AddApp()
	var acc shared.Account
	c.MustOK("PUT", "/me/profile", shared.ProfileRequest{LastName: p.LastName, FirstName: p.FirstName, MiddleName: p.MiddleName,
		BirthDate: "1990-05-17", INN: p.INN, SNILS: p.SNILS,
		Passport: shared.Passport{Series: "4510", Number: fmt.Sprintf("6543%02d", n), IssuedOn: "2010-06-01", IssuedBy: "ОВД", DivisionCode: "770-001"}}, &acc)
	if acc.Level != shared.LevelStandard {
		e.T.Fatalf("person %d after the profile: level %s", n, acc.Level)
	}
	p.ID = acc.ID
	return p
}

// ConfirmedIdentity is StandardIdentity whose identity the demo operator
// then confirmed (call SeedDemo first).
func (e *Env) ConfirmedIdentity(c *Client, n int) Identity {
	e.T.Helper()
	p := e.StandardIdentity(c, n)
	e.ConfirmIdentity(p.ID)
	return p
}

// ConfirmIdentity confirms the account's identity as the demo operator
// does after checking the passport (call SeedDemo first).
func (e *Env) ConfirmIdentity(accountID string) {
	e.T.Helper()
	ctx := context.Background()
	op, err := e.P.Accounts.FindByLogin(ctx, "operator@example.ru")
	if err != nil {
		e.T.Fatalf("the demo operator (SeedDemo first): %v", err)
	}
	acc, err := e.P.Accounts.ConfirmIdentity(ctx, op.ID, accountID, shared.ConfirmIdentityRequest{Document: "паспорт проверен"}, api.Meta{})
	if err != nil || acc.Level != shared.LevelConfirmed {
		e.T.Fatalf("confirming %s: %v (%s)", accountID, err, acc.Level)
	}
}

// StepUp proves p's authenticator app again in c's session: sensitive
// actions are allowed for shared.StepUpWindow.
func (c *Client) StepUp(p Identity) {
	c.e.T.Helper()
	c.MustOK("POST", "/me/step-up", shared.SecondFactorRequest{Method: shared.FactorTOTP, Code: c.e.TOTPCode(p.Email, p.Secret)}, nil)
}

// SignInPerson signs p in with the password and the authenticator app.
func (c *Client) SignInPerson(p Identity) shared.SessionInfo {
	c.e.T.Helper()
	return c.SignIn(p.Email, p.Password, p.Secret)
}

// Multipart is a multipart/form-data body with files (field → content,
// sent as a file named after the field) and plain fields.
func Multipart(files map[string][]byte, fields map[string]string) Raw {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for name, content := range files {
		fw, _ := w.CreateFormFile(name, name+".bin")
		_, _ = fw.Write(content)
	}
	for name, v := range fields {
		_ = w.WriteField(name, v)
	}
	_ = w.Close()
	return Raw{Body: b.Bytes(), Type: w.FormDataContentType()}
}

// ValidSNILS is a СНИЛС with a right check number, different for each n.
func ValidSNILS(n int) string {
	for check := 0; check < 100; check++ {
		s := fmt.Sprintf("2%02d345678%02d", n%100, check)
		if shared.ValidateSNILS(s) == nil {
			return s
		}
	}
	panic("no СНИЛС")
}

// ValidPersonINN is a person's ИНН with right check digits, different
// for each n.
func ValidPersonINN(n int) string {
	for check := 0; check < 100; check++ {
		s := fmt.Sprintf("77%02d123456%02d", n%100, check)
		if shared.ValidatePersonINN(s) == nil {
			return s
		}
	}
	panic("no ИНН")
}
