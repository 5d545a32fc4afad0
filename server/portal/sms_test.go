package portal_test

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"kabinet/shared"
)

// SMS codes: switched on with a code, then asked after the password; a
// code works once, for its own sign-in, with a pause between sends; a
// step-up by SMS allows switching them off.
func TestSMSSecondFactor(t *testing.T) {
	e := start(t, nil)
	c := e.Client()
	p := person(e, c, "+79120000060", "sms@example.ru")
	c.MustOK("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, nil)

	var ch shared.Challenge
	c.MustOK("POST", "/me/sms-factor", nil, &ch)
	if ch.Destination != shared.MaskPhone(p.Phone) || ch.Channel != shared.ChannelSMS {
		t.Fatalf("challenge %+v", ch)
	}
	if _, err := c.Do("POST", "/me/sms-factor/confirm", shared.SMSFactorConfirmRequest{Code: "12345"}, nil); err == nil || err.Fields["code"].Code != shared.CodeOneTimeCode {
		t.Fatalf("five digits: %+v", err)
	}
	code := e.LastCode(p.Phone)
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	if _, err := c.Do("POST", "/me/sms-factor/confirm", shared.SMSFactorConfirmRequest{Code: wrong}, nil); err == nil || err.Code != shared.CodeCodeInvalid {
		t.Fatalf("wrong code: %+v", err)
	}
	c.MustOK("POST", "/me/sms-factor/confirm", shared.SMSFactorConfirmRequest{Code: code}, nil)
	var f shared.Factors
	c.MustOK("GET", "/me/factors", nil, &f)
	if !f.SMS || f.SMSPhone != shared.MaskPhone(p.Phone) {
		t.Fatalf("factors %+v", f)
	}

	// The password now leads to an SMS code.
	b := e.Client()
	var step shared.SecondFactorStep
	if status, err := b.Do("POST", "/login", shared.LoginRequest{Login: p.Email, Password: goodPassword}, &step); err != nil || status != http.StatusAccepted {
		t.Fatalf("password step: %d %+v", status, err)
	}
	if !slices.Equal(step.Methods, []string{shared.FactorSMS}) {
		t.Fatalf("methods %v", step.Methods)
	}
	// The phone got the enrolment code a moment ago: the pause between codes
	// is the phone's, whatever path sends, so the sign-in code waits.
	if _, err := b.Do("POST", "/login/second-factor/sms", shared.SMSCodeRequest{Ticket: step.Ticket}, nil); err == nil || err.Code != shared.CodeResendTooSoon || err.RetryAfter < 1 {
		t.Fatalf("sign-in code right after the enrolment code: %+v", err)
	}
	e.PassCodePause(p.Phone)
	b.MustOK("POST", "/login/second-factor/sms", shared.SMSCodeRequest{Ticket: step.Ticket}, &ch)
	if _, err := b.Do("POST", "/login/second-factor/sms", shared.SMSCodeRequest{Ticket: step.Ticket}, nil); err == nil || err.Code != shared.CodeResendTooSoon || err.RetryAfter < 1 {
		t.Fatalf("resend at once: %+v", err)
	}
	loginCode := e.LastCode(p.Phone)
	// Another sign-in's ticket cannot use this code.
	other := loginTicket(t, e.Client(), p.Email)
	if _, err := e.Client().Do("POST", "/login/second-factor", shared.SecondFactorRequest{Ticket: other, Method: shared.FactorSMS, Code: loginCode}, nil); err == nil || err.Code != shared.CodeCodeExpired {
		t.Fatalf("a code of another sign-in: %+v", err)
	}
	if _, err := b.Do("POST", "/login/second-factor", shared.SecondFactorRequest{Ticket: step.Ticket, Method: shared.FactorSMS, Code: wrong}, nil); err == nil || err.Code != shared.CodeCodeInvalid || err.Fields["code"].Message == "" {
		t.Fatalf("wrong SMS code: %+v", err)
	}
	var info shared.SessionInfo
	b.MustOK("POST", "/login/second-factor", shared.SecondFactorRequest{Ticket: step.Ticket, Method: shared.FactorSMS, Code: loginCode}, &info)
	if !slices.Equal(info.Methods, []string{"password", shared.FactorSMS}) {
		t.Fatalf("methods %v", info.Methods)
	}

	// Switching off needs a step-up, which SMS can give.
	if _, err := e.DB.NewRaw("UPDATE sessions SET step_up_at = now() - interval '10 minutes'").Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Do("DELETE", "/me/sms-factor", nil, nil); err == nil || err.Code != shared.CodeStepUpRequired {
		t.Fatalf("off without a step-up: %+v", err)
	}
	e.PassCodePause(p.Phone)
	b.MustOK("POST", "/me/step-up/sms", nil, &ch)
	b.MustOK("POST", "/me/step-up", shared.SecondFactorRequest{Method: shared.FactorSMS, Code: e.LastCode(p.Phone)}, nil)
	b.MustOK("DELETE", "/me/sms-factor", nil, nil)
	c.MustOK("GET", "/me/factors", nil, &f)
	if f.SMS {
		t.Fatalf("still on: %+v", f)
	}
}
