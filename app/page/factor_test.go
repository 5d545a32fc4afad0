package page

import (
	"strings"
	"testing"

	"kabinet/shared"
)

func TestFactorRequest(t *testing.T) {
	tests := []struct {
		method, typed string
		code          string      // sent
		field         shared.Code // error of "code", "" when valid
	}{
		{shared.FactorTOTP, " 123 456 ", "123456", ""},
		{shared.FactorTOTP, "12345", "12345", shared.CodeOneTimeCode},
		{shared.FactorTOTP, "abcdef", "abcdef", shared.CodeOneTimeCode},
		{shared.FactorTOTP, "", "", shared.CodeRequired},
		{shared.FactorRecovery, " 4f7k-29xb ", "4f7k-29xb", ""},
		{shared.FactorRecovery, "4f7k", "4f7k", shared.CodeBadFormat},
	}
	for _, tt := range tests {
		r, err := FactorRequest("tk", tt.method, tt.typed)
		if r.Code != tt.code || r.Ticket != "tk" || r.Method != tt.method {
			t.Errorf("%s %q: request %+v", tt.method, tt.typed, r)
		}
		e, _ := shared.AsError(err)
		var got shared.Code
		if e != nil {
			got = e.Fields["code"].Code
		}
		if got != tt.field {
			t.Errorf("%s %q: error %v, want %s", tt.method, tt.typed, err, tt.field)
		}
	}
}

func TestFactorCodeError(t *testing.T) {
	withLeft := &shared.Error{Code: shared.CodeCodeInvalid, Fields: map[string]shared.FieldError{"code": {Code: shared.CodeCodeInvalid, Message: "Неверный код. Осталось попыток: 2"}}}
	if got := FactorCodeError(withLeft, shared.FactorTOTP); got != "Неверный код. Осталось попыток: 2" {
		t.Errorf("attempts left lost: %q", got)
	}
	if got := FactorCodeError(shared.E(shared.CodeCodeInvalid), shared.FactorRecovery); !strings.Contains(got, "резервный код") {
		t.Errorf("wrong recovery code: %q", got)
	}
	if got := FactorCodeError(shared.E(shared.CodeCodeReused), shared.FactorTOTP); !strings.Contains(got, "уже использован") {
		t.Errorf("reused: %q", got)
	}
	for _, c := range []shared.Code{shared.CodeCodeExpired, shared.CodeRateLimited, shared.CodeStepUpRequired} {
		if got := FactorCodeError(shared.E(c), shared.FactorTOTP); got != "" {
			t.Errorf("%s is not about the field, got %q", c, got)
		}
	}
}

func TestGroupSecret(t *testing.T) {
	if got := GroupSecret("abcd efghijkl mn"); got != "ABCD EFGH IJKL MN" {
		t.Errorf("groupSecret = %q", got)
	}
}
