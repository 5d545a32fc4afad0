package shared

import (
	"strings"
	"testing"
)

func TestNormalizePhone(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
		code Code
	}{
		{"international with brackets", "+7 (912) 345-67-89", "+79123456789", ""},
		{"8 with spaces", "8 912 345 67 89", "+79123456789", ""},
		{"8 solid", "89123456789", "+79123456789", ""},
		{"ten digits", "9123456789", "+79123456789", ""},
		{"7 without plus", "79123456789", "+79123456789", ""},
		{"canonical", "+79123456789", "+79123456789", ""},
		{"dots", "8.912.345.67.89", "+79123456789", ""},
		{"no-break spaces", "+7\u00a0912\u00a0345-67-89", "+79123456789", ""},
		{"007 prefix", "0079123456789", "+79123456789", ""},
		{"Ukraine", "+380 50 123 45 67", "", CodePhoneNotRU},
		{"Belarus 00 prefix", "00375291234567", "", CodePhoneNotRU},
		{"Kazakhstan +7 7xx", "+7 701 234-56-78", "", CodePhoneNotRU},
		{"Moscow landline", "+7 495 123-45-67", "", CodePhoneFormat},
		{"too short", "+7 912 345-67", "", CodePhoneFormat},
		{"too long", "+7 912 345-67-890", "", CodePhoneFormat},
		{"+8", "+8 912 345 67 89", "", CodePhoneNotRU},
		{"letters", "+7 912 ABC-67-89", "", CodePhoneFormat},
		{"plus in the middle", "8912+3456789", "", CodePhoneFormat},
		{"empty", "  ", "", CodeRequired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizePhone(tt.in)
			wantCode(t, err, tt.code)
			if got != tt.want {
				t.Errorf("NormalizePhone(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFormatPhone(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"canonical", "+79123456789", "+7 912 345-67-89"},
		{"typed", "8 (912) 3456789", "+7 912 345-67-89"},
		{"invalid stays", "12345", "12345"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FormatPhone(tt.in); got != tt.want {
				t.Errorf("FormatPhone(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMask(t *testing.T) {
	tests := []struct{ name, got, want string }{
		{"phone", MaskPhone("+79123456789"), "+7 912 ***-**-89"},
		{"phone typed", MaskPhone("8 912 345 67 89"), "+7 912 ***-**-89"},
		{"phone invalid", MaskPhone("123"), "***"},
		{"email", MaskEmail("ivan.petrov@mail.ru"), "i***@mail.ru"},
		{"email upper case", MaskEmail(" Ivan@Mail.RU "), "i***@mail.ru"},
		{"email Cyrillic", MaskEmail("иван@почта.рф"), "и***@почта.рф"},
		{"email invalid", MaskEmail("ivan"), "***"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

func TestNormalizeEmail(t *testing.T) {
	label := strings.Repeat("b", 60) + "."
	fits := strings.Repeat("a", 60) + "@" + strings.Repeat(label, 3) + "ru" // 246 characters
	tests := []struct {
		name string
		in   string
		want string
		code Code
	}{
		{"plain", "ivan@mail.ru", "ivan@mail.ru", ""},
		{"trim and lower", "  Ivan.Petrov@Mail.RU ", "ivan.petrov@mail.ru", ""},
		{"plus and subdomain", "ivan+kabinet@corp.mail.ru", "ivan+kabinet@corp.mail.ru", ""},
		{"Cyrillic domain", "ivan@почта.рф", "ivan@почта.рф", ""},
		{"hyphen in domain", "ivan@my-mail.ru", "ivan@my-mail.ru", ""},
		{"no at", "ivan.mail.ru", "", CodeEmailFormat},
		{"two ats", "ivan@petrov@mail.ru", "", CodeEmailFormat},
		{"no tld", "ivan@localhost", "", CodeEmailFormat},
		{"one-letter tld", "ivan@mail.r", "", CodeEmailFormat},
		{"numeric tld", "ivan@10.0.0.1", "", CodeEmailFormat},
		{"space inside", "ivan petrov@mail.ru", "", CodeEmailFormat},
		{"empty local", "@mail.ru", "", CodeEmailFormat},
		{"leading dot", ".ivan@mail.ru", "", CodeEmailFormat},
		{"double dot", "ivan..petrov@mail.ru", "", CodeEmailFormat},
		{"empty label", "ivan@mail..ru", "", CodeEmailFormat},
		{"hyphen at label end", "ivan@mail-.ru", "", CodeEmailFormat},
		{"comma", "ivan,petrov@mail.ru", "", CodeEmailFormat},
		{"246 characters", fits, fits, ""},
		{"over 254 characters", strings.Replace(fits, "@", "@"+label, 1), "", CodeEmailFormat},
		{"local part over 64", strings.Repeat("a", 65) + "@mail.ru", "", CodeEmailFormat},
		{"empty", " ", "", CodeRequired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizeEmail(tt.in)
			wantCode(t, err, tt.code)
			if got != tt.want {
				t.Errorf("NormalizeEmail(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
