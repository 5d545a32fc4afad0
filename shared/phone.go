package shared

import "strings"

// Phones are kept as "+7XXXXXXXXXX" (E.164, Russia). The account's phone
// receives one-time codes by SMS, so only mobile numbers (+7 9XX) are
// accepted; +7 6XX and +7 7XX are Kazakhstan's.

// NormalizePhone turns what a person types ("+7 (912) 345-67-89",
// "8 912 345 67 89", "89123456789", "9123456789") into "+79123456789".
// A number of another country gives CodePhoneNotRU, anything else that is
// not a Russian mobile number CodePhoneFormat, an empty one CodeRequired.
func NormalizePhone(s string) (string, error) {
	d := Digits(strings.ReplaceAll(strings.TrimSpace(s), ".", ""))
	if d == "" {
		return "", E(CodeRequired)
	}
	plus := strings.HasPrefix(d, "+")
	if plus {
		d = d[1:]
	}
	if !AllDigits(d) {
		return "", E(CodePhoneFormat)
	}
	switch {
	case plus && d[0] != '7', !plus && strings.HasPrefix(d, "00") && !strings.HasPrefix(d, "007"):
		return "", E(CodePhoneNotRU)
	case !plus && strings.HasPrefix(d, "007"):
		d = d[2:]
	}
	var national string
	switch {
	case len(d) == 11 && d[0] == '7':
		national = d[1:]
	case len(d) == 11 && d[0] == '8' && !plus:
		national = d[1:]
	case len(d) == 10 && !plus:
		national = d
	default:
		return "", E(CodePhoneFormat)
	}
	switch national[0] {
	case '9':
		return "+7" + national, nil
	case '6', '7':
		return "", E(CodePhoneNotRU)
	}
	return "", E(CodePhoneFormat)
}

// FormatPhone writes a phone as "+7 912 345-67-89". A phone that does not
// normalise is returned unchanged.
func FormatPhone(s string) string {
	p, err := NormalizePhone(s)
	if err != nil {
		return s
	}
	return p[:2] + " " + p[2:5] + " " + p[5:8] + "-" + p[8:10] + "-" + p[10:]
}
