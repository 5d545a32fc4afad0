package e2e

import (
	"context"
	"slices"
	"testing"

	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"
	"github.com/uptrace/bun/dialect/pgdialect"

	"kabinet/shared"
)

// authenticator gives the tab a platform authenticator (Chromium's
// virtual one: resident keys, user verification that succeeds, presence
// without a touch) and returns its id.
func authenticator(ctx context.Context) webauthn.AuthenticatorID {
	tabOf(ctx).t.Helper()
	var id webauthn.AuthenticatorID
	err := within(ctx, stepTimeout, func(c context.Context) error {
		if _, err := chromedp.Call(c, webauthn.Enable, webauthn.EnableParams{}); err != nil {
			return err
		}
		r, err := chromedp.Call(c, webauthn.AddVirtualAuthenticator, webauthn.AddVirtualAuthenticatorParams{Options: &webauthn.VirtualAuthenticatorOptions{
			Protocol: webauthn.AuthenticatorProtocolCtap2, Ctap2version: webauthn.Ctap2versionCtap21, Transport: webauthn.AuthenticatorTransportInternal,
			HasResidentKey: true, HasUserVerification: true, IsUserVerified: true, AutomaticPresenceSimulation: true,
			DefaultBackupEligibility: true, DefaultBackupState: true,
		}})
		id = r.AuthenticatorID
		return err
	})
	if err != nil {
		fatalf(ctx, "virtual authenticator: %v", err)
	}
	return id
}

// credentials are the passkeys the tab's authenticator holds.
func credentials(ctx context.Context, id webauthn.AuthenticatorID) []*webauthn.Credential {
	tabOf(ctx).t.Helper()
	var out []*webauthn.Credential
	err := within(ctx, stepTimeout, func(c context.Context) error {
		r, err := chromedp.Call(c, webauthn.GetCredentials, webauthn.GetCredentialsParams{AuthenticatorID: id})
		out = r.Credentials
		return err
	})
	if err != nil {
		fatalf(ctx, "reading the authenticator: %v", err)
	}
	return out
}

// A person adds a passkey on «Вход и защита», signs in with it alone (no
// login, no password), then confirms a password sign-in with it, and
// removes it after a step-up that the passkey itself gives.
func TestPasskeyFlow(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	reg := e.Register(e.Client(), shared.RegisterRequest{LastName: "Козлова", FirstName: "Мария", MiddleName: "Игоревна",
		Phone: "+79120000070", Email: "maria@example.ru", Password: personPassword})
	ctx := browser(t, desktop)
	base := e.LocalURL // WebAuthn needs a host name, not 127.0.0.1
	open(ctx, base+"/login")
	auth := authenticator(ctx)
	waitVisible(ctx, "btn-passkey-login", stepTimeout)
	shotBoth(t, ctx, "login")
	typeInto(ctx, "f-login", reg.Email)
	typeInto(ctx, "f-password", personPassword)
	click(ctx, "btn-login")
	waitPath(ctx, "/cabinet", stepTimeout)

	open(ctx, base+"/security")
	waitVisible(ctx, "passkey-empty", stepTimeout)
	typeInto(ctx, "f-passkey-name", "")
	click(ctx, "btn-passkey-add")
	waitVisible(ctx, "f-passkey-name-error", stepTimeout) // a name is needed, told before any request
	if n := requests(ctx, "POST", "/me/passkeys/options"); n != 0 {
		t.Errorf("%d requests for an empty name", n)
	}
	typeInto(ctx, "f-passkey-name", "Рабочий ноутбук")
	if status := submit(ctx, "btn-passkey-add", "POST", "/me/passkeys"); status != 201 {
		t.Fatalf("adding the passkey answered %d", status)
	}
	waitText(ctx, "#security-notice", "Рабочий ноутбук", stepTimeout)
	waitText(ctx, "#passkey-list", "Рабочий ноутбук", stepTimeout)
	waitText(ctx, "#passkey-list", "Синхронизируется", stepTimeout)
	if creds := credentials(ctx, auth); len(creds) != 1 || !creds[0].IsResidentCredential || len(creds[0].UserHandle) != 64 {
		t.Fatalf("authenticator holds %+v", creds)
	}
	shotBoth(t, ctx, "added")

	// Signed out, the login field offers the passkey (conditional
	// mediation). Chromium's virtual authenticator picks it at once, as a
	// person picks it from the autofill list: in without a click.
	if status := submit(ctx, "btn-logout", "POST", "/logout"); status != 204 {
		t.Fatalf("logout answered %d", status)
	}
	waitResponses(ctx, "POST", "/login/passkey", 1, stepTimeout)
	waitPath(ctx, "/cabinet", stepTimeout)
	if n := requests(ctx, "POST", "/login/passkey"); n != 1 {
		t.Errorf("%d passkey sign-ins from the autofill", n)
	}

	// In a browser without that autofill, «Войти с ключом доступа» does it.
	onEveryPage(ctx, "a browser without passkey autofill", `PublicKeyCredential.isConditionalMediationAvailable = async () => false;`)
	open(ctx, base+"/cabinet")
	click(ctx, "btn-logout")
	waitPath(ctx, "/login", stepTimeout)
	click(ctx, "btn-passkey-login")
	waitPath(ctx, "/cabinet", stepTimeout)
	waitVisible(ctx, "cabinet-status", stepTimeout)
	if n := requests(ctx, "POST", "/login/passkey"); n != 2 {
		t.Errorf("%d passkey sign-ins in all", n)
	}
	var methods []string
	if err := e.DB.NewRaw("SELECT methods FROM sessions WHERE revoked_at IS NULL ORDER BY created_at DESC LIMIT 1").Scan(context.Background(), pgdialect.Array(&methods)); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(methods, []string{shared.FactorPasskey}) {
		t.Errorf("session methods %v", methods)
	}
	shot(t, ctx, "cabinet-by-passkey")

	// A password sign-in now asks for the passkey as the second factor.
	click(ctx, "btn-logout")
	waitPath(ctx, "/login", stepTimeout)
	typeInto(ctx, "f-login", reg.Phone)
	typeInto(ctx, "f-password", personPassword)
	click(ctx, "btn-login")
	waitVisible(ctx, "btn-second-passkey", stepTimeout)
	shotBoth(t, ctx, "second-step")
	click(ctx, "btn-second-passkey")
	waitPath(ctx, "/cabinet", stepTimeout)

	// Removing needs a fresh factor: the dialog asks for the passkey.
	if _, err := e.DB.NewRaw("UPDATE sessions SET step_up_at = now() - interval '10 minutes'").Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	open(ctx, base+"/security")
	waitVisible(ctx, "passkey-list", stepTimeout)
	click(ctx, "btn-passkey-remove-0")
	waitVisible(ctx, "btn-stepup-passkey", stepTimeout)
	waitText(ctx, "#stepup-dialog", "удалить ключ доступа", stepTimeout)
	shotBoth(t, ctx, "stepup")
	click(ctx, "btn-stepup-passkey")
	waitText(ctx, "#security-notice", "удалён", stepTimeout)
	waitVisible(ctx, "passkey-empty", stepTimeout)
	shot(t, ctx, "removed")

	open(ctx, base+"/journal")
	waitText(ctx, "body", "Добавлен ключ доступа", stepTimeout)
	waitText(ctx, "body", "Ключ доступа удалён", stepTimeout)
}
