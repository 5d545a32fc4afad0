package shared

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// validator is a request with Validate.
type validator interface{ Validate() error }

// wantFields fails unless err carries exactly the field codes.
func wantFields(t *testing.T, err error, want map[string]Code) {
	t.Helper()
	got := map[string]Code{}
	if err != nil {
		e, ok := AsError(err)
		if !ok || e.Code != CodeInvalidInput {
			t.Fatalf("got %v, want an invalid_input *Error", err)
		}
		for k, v := range e.Fields {
			got[k] = v.Code
		}
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("field errors (-want +got):\n%s", diff)
	}
}

func validRegister() RegisterRequest {
	return RegisterRequest{LastName: "Петров", FirstName: "Иван", MiddleName: "Сергеевич",
		Phone: "+79123456789", Email: "ivan.petrov@mail.ru", Password: "Kot-na-okne7", Consent: true}
}

func TestValidateRequests(t *testing.T) {
	reg := func(change func(r *RegisterRequest)) RegisterRequest {
		r := validRegister()
		change(&r)
		return r
	}
	profile := ProfileRequest{LastName: "Петров", FirstName: "Иван", BirthDate: "1990-05-17",
		INN: "561100409545", SNILS: "112-233-445 95", Passport: validPassport()}
	withProfile := func(change func(r *ProfileRequest)) ProfileRequest {
		r := profile
		change(&r)
		return r
	}
	tests := []struct {
		name string
		req  validator
		want map[string]Code
	}{
		{"register: valid", validRegister(), nil},
		{"register: no middle name", reg(func(r *RegisterRequest) { r.MiddleName = "" }), nil},
		{"register: everything empty", RegisterRequest{}, map[string]Code{
			"lastName": CodeRequired, "firstName": CodeRequired, "phone": CodeRequired,
			"email": CodeRequired, "password": CodeRequired, "consent": CodeConsentRequired}},
		{"register: no consent", reg(func(r *RegisterRequest) { r.Consent = false }),
			map[string]Code{"consent": CodeConsentRequired}},
		{"register: bad phone and e-mail", reg(func(r *RegisterRequest) { r.Phone, r.Email = "+380501234567", "ivan@" }),
			map[string]Code{"phone": CodePhoneNotRU, "email": CodeEmailFormat}},
		{"register: password with the phone", reg(func(r *RegisterRequest) { r.Password = "Aa!9123456789" }),
			map[string]Code{"password": CodePasswordLogin}},
		{"register: password with the e-mail", reg(func(r *RegisterRequest) { r.Password = "ivan.petrov!A1" }),
			map[string]Code{"password": CodePasswordLogin}},
		{"register: weak password", reg(func(r *RegisterRequest) { r.Password = "kotnaokne" }),
			map[string]Code{"password": CodePasswordWeak}},
		{"register: name with digits", reg(func(r *RegisterRequest) { r.FirstName = "Иван1" }),
			map[string]Code{"firstName": CodeBadChars}},

		{"login: valid", LoginRequest{Login: "anything at all", Password: "x"}, nil},
		{"login: empty", LoginRequest{}, map[string]Code{"login": CodeRequired, "password": CodeRequired}},
		{"login: too long", LoginRequest{Login: strings.Repeat("a", 255), Password: strings.Repeat("a", 129)},
			map[string]Code{"login": CodeTooLong, "password": CodeTooLong}},

		{"verify: valid", VerifyRequest{ChallengeID: "c1", Code: "123456"}, nil},
		{"verify: code with a space", VerifyRequest{ChallengeID: "c1", Code: "123 456"}, nil},
		{"verify: five digits", VerifyRequest{ChallengeID: "c1", Code: "12345"}, map[string]Code{"code": CodeOneTimeCode}},
		{"verify: letters", VerifyRequest{ChallengeID: "c1", Code: "12345a"}, map[string]Code{"code": CodeOneTimeCode}},
		{"verify: empty", VerifyRequest{}, map[string]Code{"challengeId": CodeRequired, "code": CodeRequired}},

		{"resend: empty", ResendRequest{}, map[string]Code{"challengeId": CodeRequired}},

		{"recover start: valid", RecoverStartRequest{Login: "+79123456789", Channel: "sms"}, nil},
		{"recover start: bad channel", RecoverStartRequest{Login: "x", Channel: "pigeon"}, map[string]Code{"channel": CodeChannel}},
		{"recover start: empty", RecoverStartRequest{}, map[string]Code{"login": CodeRequired, "channel": CodeRequired}},

		{"recover finish: valid", RecoverFinishRequest{ChallengeID: "c1", Code: "123456", Password: "Kot-na-okne7"}, nil},
		{"recover finish: common password", RecoverFinishRequest{ChallengeID: "c1", Code: "123456", Password: "Password1!"},
			map[string]Code{"password": CodePasswordCommon}},

		{"profile: valid", profile, nil},
		{"profile: only names", ProfileRequest{LastName: "Петров", FirstName: "Иван"}, nil},
		{"profile: organisation's ИНН", withProfile(func(r *ProfileRequest) { r.INN = "7707083893" }),
			map[string]Code{"inn": CodeINNPerson}},
		{"profile: bad ИНН checksum", withProfile(func(r *ProfileRequest) { r.INN = "561100409546" }),
			map[string]Code{"inn": CodeINNChecksum}},
		{"profile: bad СНИЛС", withProfile(func(r *ProfileRequest) { r.SNILS = "112-233-445 96" }),
			map[string]Code{"snils": CodeSNILSChecksum}},
		{"profile: birth date in the future", withProfile(func(r *ProfileRequest) { r.BirthDate = "2999-01-01" }),
			map[string]Code{"birthDate": CodeDateFuture}},
		{"profile: too old", withProfile(func(r *ProfileRequest) { r.BirthDate = "1800-01-01" }),
			map[string]Code{"birthDate": CodeTooOld}},
		{"profile: too young", withProfile(func(r *ProfileRequest) { r.BirthDate = "2020-01-01" }),
			map[string]Code{"birthDate": CodeTooYoung}},
		{"profile: passport partly filled", withProfile(func(r *ProfileRequest) { r.Passport = Passport{Number: "123456"} }),
			map[string]Code{"passport.series": CodeRequired, "passport.issuedOn": CodeRequired,
				"passport.issuedBy": CodeRequired, "passport.divisionCode": CodeRequired}},
		{"profile: passport issued before 14", withProfile(func(r *ProfileRequest) { r.Passport.IssuedOn = "2000-01-01" }),
			map[string]Code{"passport.issuedOn": CodePassportIssue}},

		{"password change: valid", PasswordChangeRequest{Current: "old", Password: "Kot-na-okne7"}, nil},
		{"password change: same", PasswordChangeRequest{Current: "Kot-na-okne7", Password: "Kot-na-okne7"},
			map[string]Code{"password": CodePasswordSame}},
		{"password change: empty", PasswordChangeRequest{}, map[string]Code{"current": CodeRequired, "password": CodeRequired}},

		{"confirm identity: valid", ConfirmIdentityRequest{Document: "паспорт 4510 123456"}, nil},
		{"confirm identity: empty", ConfirmIdentityRequest{}, map[string]Code{"document": CodeRequired}},
		{"confirm identity: too long", ConfirmIdentityRequest{Document: strings.Repeat("я", 201), Note: strings.Repeat("я", 1001)},
			map[string]Code{"document": CodeTooLong, "note": CodeTooLong}},

		{"status change: valid", StatusChangeRequest{Reason: "Смерть владельца"}, nil},
		{"status change: 4 characters", StatusChangeRequest{Reason: "мммм"}, map[string]Code{"reason": CodeTooShort}},
		{"status change: 5 characters", StatusChangeRequest{Reason: "ммммм"}, nil},
		{"status change: 501 characters", StatusChangeRequest{Reason: strings.Repeat("м", 501)}, map[string]Code{"reason": CodeTooLong}},
		{"status change: empty", StatusChangeRequest{Reason: "   "}, map[string]Code{"reason": CodeRequired}},

		{"contact verify: valid", ContactVerifyRequest{Channel: "email"}, nil},
		{"contact verify: bad", ContactVerifyRequest{Channel: "fax"}, map[string]Code{"channel": CodeChannel}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantFields(t, tt.req.Validate(), tt.want)
		})
	}
}

func TestNormalizeRequests(t *testing.T) {
	t.Run("register", func(t *testing.T) {
		r := RegisterRequest{LastName: "  Петров ", FirstName: "Иван", Phone: "8 (912) 345-67-89",
			Email: " Ivan.Petrov@Mail.RU ", Password: " Kot-na-okne7 "}
		r.Normalize()
		want := RegisterRequest{LastName: "Петров", FirstName: "Иван", Phone: "+79123456789",
			Email: "ivan.petrov@mail.ru", Password: " Kot-na-okne7 "}
		if diff := cmp.Diff(want, r); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("register: invalid values are kept for Validate", func(t *testing.T) {
		r := RegisterRequest{Phone: " 12345 ", Email: " ivan@ "}
		r.Normalize()
		if r.Phone != "12345" || r.Email != "ivan@" {
			t.Errorf("got phone %q, e-mail %q", r.Phone, r.Email)
		}
	})
	t.Run("profile", func(t *testing.T) {
		r := ProfileRequest{LastName: "Петров", FirstName: "Иван", BirthDate: "17.05.1990",
			INN: "5611 0040 9545", SNILS: "112-233-445 95",
			Passport: Passport{Series: "45 10", Number: "123456", IssuedOn: "01.06.2010", IssuedBy: "ОВД", DivisionCode: "770001"}}
		r.Normalize()
		want := ProfileRequest{LastName: "Петров", FirstName: "Иван", BirthDate: "1990-05-17",
			INN: "561100409545", SNILS: "11223344595",
			Passport: Passport{Series: "4510", Number: "123456", IssuedOn: "2010-06-01", IssuedBy: "ОВД", DivisionCode: "770-001"}}
		if diff := cmp.Diff(want, r); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		if err := r.Validate(); err != nil {
			t.Errorf("normalised profile: %v", err)
		}
	})
	t.Run("verify", func(t *testing.T) {
		r := VerifyRequest{ChallengeID: " c1 ", Code: "123 456"}
		r.Normalize()
		if r.ChallengeID != "c1" || r.Code != "123456" {
			t.Errorf("got %+v", r)
		}
	})
	t.Run("login e-mail", func(t *testing.T) {
		r := LoginRequest{Login: " Ivan@Mail.RU ", Password: " p "}
		r.Normalize()
		if r.Login != "ivan@mail.ru" || r.Password != " p " {
			t.Errorf("got %+v", r)
		}
	})
	t.Run("recover start", func(t *testing.T) {
		r := RecoverStartRequest{Login: " 8 912 345 67 89 ", Channel: " SMS "}
		r.Normalize()
		if r.Login != "8 912 345 67 89" || r.Channel != ChannelSMS {
			t.Errorf("got %+v", r)
		}
	})
}

func TestLoginCandidates(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []LoginCandidate
	}{
		{"e-mail", " Ivan@Mail.ru ", []LoginCandidate{{LoginEmail, "ivan@mail.ru"}}},
		{"phone", "+7 912 345-67-89", []LoginCandidate{{LoginPhone, "+79123456789"}}},
		{"ten-digit phone", "9123456789", []LoginCandidate{{LoginPhone, "+79123456789"}}},
		{"СНИЛС", "112-233-445 95", []LoginCandidate{{LoginSNILS, "11223344595"}}},
		{"ИНН", "561100409545", []LoginCandidate{{LoginINN, "561100409545"}}},
		{"phone that is also a СНИЛС", "89123456726", []LoginCandidate{{LoginPhone, "+79123456726"}, {LoginSNILS, "89123456726"}}},
		{"the same written as a СНИЛС", "891-234-567 26", []LoginCandidate{{LoginSNILS, "89123456726"}, {LoginPhone, "+79123456726"}}},
		{"nothing", "hello", nil},
		{"bad e-mail", "ivan@", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, LoginCandidates(tt.in)); diff != "" {
				t.Errorf("LoginCandidates(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestSecondFactorRequestValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		req  SecondFactorRequest
		want Code
	}{
		{"app code", SecondFactorRequest{Method: FactorTOTP, Code: "012345"}, ""},
		{"letters", SecondFactorRequest{Method: FactorTOTP, Code: "abcdef"}, CodeOneTimeCode},
		{"five digits", SecondFactorRequest{Method: FactorTOTP, Code: "01234"}, CodeOneTimeCode},
		{"recovery code", SecondFactorRequest{Method: FactorRecovery, Code: "ABCD-efgh"}, ""},
		{"short recovery code", SecondFactorRequest{Method: FactorRecovery, Code: "abcd-efg"}, CodeBadFormat},
		{"empty", SecondFactorRequest{Method: FactorTOTP}, CodeRequired},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.req.Validate()
			e, _ := AsError(err)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("rejected: %v", err)
			case tc.want != "" && (e == nil || e.Fields["code"].Code != tc.want):
				t.Fatalf("got %v, want code %s", err, tc.want)
			}
		})
	}
}
