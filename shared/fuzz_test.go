package shared

import (
	"strings"
	"testing"
	"unicode/utf8"

	"kabinet/shared/sharedtest"
)

// Fuzz targets for everything that reads outside input. Run one with
//
//	go test ./shared -run='^$' -fuzz=FuzzParseMoney -fuzztime=10s
//
// Crashers found are kept under testdata/fuzz as regression cases.

// changeDigit returns s with the digit at i replaced by the next one.
func changeDigit(s string, i int) string {
	b := []byte(s)
	b[i] = '0' + (b[i]-'0'+1)%10
	return string(b)
}

// checkDigitChanged asserts that a valid identifier becomes invalid when
// its check digit changes.
func checkDigitChanged(t *testing.T, validate func(string) error, d string) {
	t.Helper()
	m := changeDigit(d, len(d)-1)
	if validate(m) == nil {
		t.Errorf("%s is valid, and so is %s with the check digit changed", d, m)
	}
}

func FuzzValidateINN(f *testing.F) {
	for _, s := range []string{"7707083893", "5504036333", "7707280242", "561100409545", "123456789047",
		"7707083894", "7707-083 893", "77070838O3", ""} {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, s string, pos uint8) {
		if ValidateINN(s) != nil {
			return
		}
		d := Digits(s)
		if ValidateINN(d) != nil {
			t.Fatalf("%q is valid but its digits %q are not", s, d)
		}
		if (ValidatePersonINN(d) == nil) != (len(d) == 12) || (ValidateOrgINN(d) == nil) != (len(d) == 10) {
			t.Fatalf("%q: person/organisation validators disagree with the length", d)
		}
		checkDigitChanged(t, ValidateINN, d)
		// A changed data digit changes Σ w·d mod 11 (11 is prime and no
		// weight or difference is a multiple of it); the check digit still
		// matches only when the remainders 10 and 0 both give 0.
		i := int(pos) % (len(d) - 1)
		if m := changeDigit(d, i); ValidateINN(m) == nil && !innCollision(d, m) {
			t.Errorf("%s is valid, and so is %s with digit %d changed", d, m, i)
		}
	})
}

// innCollision reports whether two ИНН with one data digit apart both pass
// because one check sum is 10 mod 11 and the other 0.
func innCollision(a, b string) bool {
	r := func(s string) []int {
		if len(s) == 10 {
			return []int{weighted(s, innWeights10) % 11}
		}
		return []int{weighted(s, innWeights11) % 11, weighted(s, innWeights12) % 11}
	}
	ra, rb := r(a), r(b)
	for i := range ra {
		if ra[i] != rb[i] && ra[i]%10 == rb[i]%10 {
			return true
		}
	}
	return false
}

func FuzzValidateOGRN(f *testing.F) {
	for _, s := range []string{"1022200525819", "1022500001325", "1027739180600", "1022500001328", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ValidateOGRN(s) != nil {
			return
		}
		d := Digits(s)
		if len(d) != 13 || ValidateOGRN(d) != nil {
			t.Fatalf("%q is valid but its digits %q are not", s, d)
		}
		checkDigitChanged(t, ValidateOGRN, d)
	})
}

func FuzzValidateOGRNIP(f *testing.F) {
	for _, s := range []string{"385768585948949", "309565808600188", "304770000000031", "304770000000042", "304770000000030", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ValidateOGRNIP(s) != nil {
			return
		}
		d := Digits(s)
		if len(d) != 15 || ValidateOGRNIP(d) != nil {
			t.Fatalf("%q is valid but its digits %q are not", s, d)
		}
		checkDigitChanged(t, ValidateOGRNIP, d)
	})
}

func FuzzValidateSNILS(f *testing.F) {
	for _, s := range []string{"112-233-445 95", "010-242-368 77", "11223344595", "001-001-998 12", "112-233-445 96", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ValidateSNILS(s) != nil {
			return
		}
		n := NormalizeSNILS(s)
		if len(n) != 11 || !AllDigits(n) {
			t.Fatalf("valid %q normalises to %q", s, n)
		}
		formatted := FormatSNILS(n)
		if ValidateSNILS(formatted) != nil || NormalizeSNILS(formatted) != n {
			t.Fatalf("%q → %q → %q does not round-trip", s, n, formatted)
		}
		if mod(n[:9], 1_000_000_000) > snilsNoCheck {
			checkDigitChanged(t, ValidateSNILS, n)
		}
	})
}

func FuzzValidateUIN(f *testing.F) {
	for _, s := range []string{"0", "18820101010123456785", "18820101010123457480", "1882010101012345678901235",
		"00000000000000000000", "18820101010123456786", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ValidateUIN(s) != nil {
			return
		}
		d := Digits(s)
		if d == "0" {
			return
		}
		if c := UINCheckDigit(d[:len(d)-1]); c < 0 || c > 9 {
			t.Fatalf("check digit of %q is %d", d, c)
		}
		checkDigitChanged(t, ValidateUIN, d)
	})
}

func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{"+7 (912) 345-67-89", "8 912 345 67 89", "89123456789", "9123456789",
		"+380 50 123 45 67", "+7 701 234-56-78", "0079123456789", "", "+"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := NormalizePhone(s)
		if err != nil {
			if MaskPhone(s) != "***" || FormatPhone(s) != s {
				t.Fatalf("invalid %q is masked or formatted", s)
			}
			return
		}
		if len(p) != 12 || !strings.HasPrefix(p, "+79") || !AllDigits(p[1:]) {
			t.Fatalf("%q normalises to %q", s, p)
		}
		for _, again := range []string{p, FormatPhone(p), FormatPhone(s)} {
			if q, err := NormalizePhone(again); err != nil || q != p {
				t.Fatalf("%q → %q, but %q → %q, %v", s, p, again, q, err)
			}
		}
	})
}

func FuzzNormalizeEmail(f *testing.F) {
	for _, s := range []string{"ivan@mail.ru", " Ivan.Petrov@Mail.RU ", "ivan@почта.рф", "ivan@@mail.ru",
		"ivan@mail", ".a@b.cd", "İ@x.ru", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := NormalizeEmail(s)
		if err != nil {
			return
		}
		if again, err := NormalizeEmail(e); err != nil || again != e {
			t.Fatalf("%q → %q, but again → %q, %v", s, e, again, err)
		}
		if strings.Count(e, "@") != 1 || strings.ContainsAny(e, " \t\r\n") || utf8.RuneCountInString(e) > maxEmail {
			t.Fatalf("%q → %q is not a plausible address", s, e)
		}
		if m := MaskEmail(e); !strings.Contains(m, "***@") {
			t.Fatalf("mask of %q is %q", e, m)
		}
	})
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"1234", "1 234,5", "1234.56", "1\u00a0234,56\u00a0₽", "1 234,56 ₽", "92233720368547758,07",
		"92233720368547758,08", "-5", "1,234", "12 34", "", "₽"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParseMoney(s)
		if err != nil {
			if k != 0 {
				t.Fatalf("error %v with amount %d", err, k)
			}
			return
		}
		if k < 0 {
			t.Fatalf("%q parses to a negative %d", s, k)
		}
		for _, text := range []string{k.String(), FormatRubles(k, false)} {
			if again, err := ParseMoney(text); err != nil || again != k {
				t.Fatalf("%q → %d → %q → %d, %v", s, k, text, again, err)
			}
		}
	})
}

func FuzzFormatMoney(f *testing.F) {
	for _, k := range []int64{0, 1, 99, 100, 123456, -123456, 1<<63 - 1, -1 << 63} {
		f.Add(k)
	}
	f.Fuzz(func(t *testing.T, k int64) {
		s := Kopecks(k).String()
		if !strings.HasSuffix(s, "\u00a0₽") || strings.ContainsAny(s, " .") {
			t.Fatalf("%d is written %q", k, s)
		}
		if k < 0 {
			if !strings.HasPrefix(s, "\u2212") {
				t.Fatalf("%d is written without the minus sign: %q", k, s)
			}
			return
		}
		if again, err := ParseMoney(s); err != nil || int64(again) != k {
			t.Fatalf("%d → %q → %d, %v", k, s, again, err)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-11-23", "23.11.2026", "3.2.2001", "2023-02-29", "0000-01-01", "9999-12-31", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		iso := d.Format(DateLayout)
		if NormalizeDate(s) != iso || NormalizeDate(iso) != iso {
			t.Fatalf("%q → %s does not normalise stably", s, iso)
		}
		if again, err := ParseDate(iso); err != nil || !again.Equal(d) {
			t.Fatalf("%q → %s → %v, %v", s, iso, again, err)
		}
		_ = FormatDate(d, "ru")
		_ = ValidateBirthDate(s, d)
	})
}

func FuzzCheckPassword(f *testing.F) {
	for _, s := range []string{"Tr0ub4dor&3x", "aB3$efgh", "коты любят молоко", "Password1!", "Зфыыцщкв1!",
		"aB3$efg", "", "\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8", "ǅǅǅǅ1!ǅǅ"} {
		f.Add(s, "9123456789")
	}
	f.Fuzz(func(t *testing.T, pw, personal string) {
		err := CheckPassword(pw, personal)
		st := PasswordStrength(pw, personal)
		if (err == nil) != (st.Score >= 2) || st.Score < 0 || st.Score > 4 || st.Hint == "" {
			t.Fatalf("CheckPassword(%q) = %v but strength %+v", pw, err, st)
		}
		if err == nil {
			if n := utf8.RuneCountInString(pw); n < PasswordMin || n > PasswordMax {
				t.Fatalf("%q of %d characters accepted", pw, n)
			}
			if IsCommonPassword(pw) {
				t.Fatalf("common %q accepted", pw)
			}
		}
	})
}

func FuzzValidateName(f *testing.F) {
	for _, s := range []string{"Иванов", "Салтыков-Щедрин", "д'Артаньян", "  Анна   Мария ", "Иванoв", "a - - b", "-", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := CleanName(s)
		if CleanName(c) != c {
			t.Fatalf("CleanName is not idempotent: %q → %q → %q", s, c, CleanName(c))
		}
		err := ValidateName(s, true)
		if again := ValidateName(c, true); ErrorCode(again) != ErrorCode(err) && !(err == nil && again == nil) {
			t.Fatalf("%q gives %v, cleaned %q gives %v", s, err, c, again)
		}
	})
}

// requestTypes returns a new zero value of every request type with a
// Validate method (TestFuzzCoversEveryRequestType keeps the list whole).
func requestTypes() []sharedtest.Validator {
	return []sharedtest.Validator{
		&RegisterRequest{}, &LoginRequest{}, &VerifyRequest{}, &ResendRequest{},
		&RecoverStartRequest{}, &RecoverFinishRequest{}, &ProfileRequest{},
		&PasswordChangeRequest{}, &ReauthRequest{}, &ConfirmIdentityRequest{}, &StatusChangeRequest{},
		&ContactVerifyRequest{}, &SecondFactorRequest{}, &ContactChangeRequest{},
		&PasskeyBeginRequest{}, &PasskeyRegisterRequest{}, &PasskeyLoginRequest{},
		&KioskRequest{}, &PushSubscription{},
	}
}

// FuzzRequests: see sharedtest.FuzzRequests.
func FuzzRequests(f *testing.F) { sharedtest.FuzzRequests(f, requestTypes, CheckRequest) }

// TestFuzzCoversEveryRequestType fails when a type of this package gains
// a Validate method without joining requestTypes.
func TestFuzzCoversEveryRequestType(t *testing.T) {
	sharedtest.CoversEveryRequestType(t, requestTypes)
}

func FuzzCheckText(f *testing.F) {
	for _, s := range []string{"Терминал №3", "a\x00b", "\xff", "\t\r\n", "\u0085", "\x7f", "Ж"[:1]} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if CheckText(s) != nil {
			return
		}
		if !utf8.ValidString(s) || strings.ContainsFunc(s, isControl) {
			t.Fatalf("%q accepted", s)
		}
	})
}
