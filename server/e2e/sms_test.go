package e2e

import (
	"strings"
	"testing"

	"kabinet/shared"
)

// With SMS codes as the only second factor, the sign-in sends one at once,
// says where it went and that SMS is the weakest way, takes the code, and
// «Вход и защита» shows the SMS card switched on.
func TestSMSSecondFactorSignIn(t *testing.T) {
	t.Parallel()
	clearShots(t)
	e := start(t, nil)
	api := e.Client()
	p := e.Register(api, shared.RegisterRequest{LastName: "Лебедев", FirstName: "Пётр", Phone: "+79120000090", Email: "petr@example.ru", Password: personPassword})
	api.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: personPassword}, nil)
	api.MustOK("POST", "/me/sms-factor", nil, nil)
	api.MustOK("POST", "/me/sms-factor/confirm", shared.SMSFactorConfirmRequest{Code: e.LastCode(p.Phone)}, nil)
	enrolCode := e.LastCode(p.Phone)
	// The sign-in comes later: its code need not wait for the enrolment's.
	e.PassCodePause(p.Phone)

	ctx := browser(t, desktop)
	open(ctx, e.url+"/login")
	typeInto(ctx, "f-login", p.Email)
	typeInto(ctx, "f-password", personPassword)
	click(ctx, "btn-login")
	waitText(ctx, "#sms-sent", "+7 912", stepTimeout)
	waitVisible(ctx, "sms-weak", stepTimeout)
	waitText(ctx, "label[for=f-code]", "Код из SMS", stepTimeout)
	shotBoth(t, ctx, "sms-step")
	code := e.LastCode(p.Phone)
	if code == enrolCode {
		t.Fatal("no new code was sent for the sign-in")
	}
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	typeInto(ctx, "f-code", wrong)
	click(ctx, "btn-second-factor")
	waitVisible(ctx, "f-code-error", stepTimeout)
	t.Logf("wrong SMS code: %q", texts(ctx, "#f-code-error"))
	typeInto(ctx, "f-code", code)
	click(ctx, "btn-second-factor")
	waitPath(ctx, "/cabinet", stepTimeout)

	open(ctx, e.url+"/security")
	waitText(ctx, "#sms-status", "Подключено", stepTimeout)
	scrollTo(ctx, "sms-card")
	shot(t, ctx, "security-sms")

	// The e-mail changes right after the SMS sign-in (a fresh step-up).
	click(ctx, "btn-change-email")
	typeInto(ctx, "f-contact-value", "petr")
	click(ctx, "btn-contact-send")
	waitVisible(ctx, "f-contact-value-error", stepTimeout)
	typeInto(ctx, "f-contact-value", "petr.new@example.ru")
	click(ctx, "btn-contact-send")
	waitText(ctx, "#contact-sent", "p", stepTimeout)
	shot(t, ctx, "contact-code")
	typeInto(ctx, "f-contact-code", e.LastCode("petr.new@example.ru"))
	click(ctx, "btn-contact-confirm")
	waitText(ctx, "#security-notice", "Почта изменена", stepTimeout)
	waitText(ctx, "#contact-email", "petr.new@example.ru", stepTimeout)
	if msgs := e.MessagesTo(p.Email); len(msgs) == 0 || !strings.Contains(msgs[0].Subject, "изменена") {
		t.Errorf("the old e-mail was not told: %+v", msgs)
	}

	open(ctx, e.url+"/journal")
	waitText(ctx, "body", "Включены SMS-коды для входа", stepTimeout)
	waitText(ctx, "body", "Телефон или почта изменены", stepTimeout)
}
