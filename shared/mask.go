package shared

import "strings"

// MaskPhone hides the middle of a phone for showing where a code went:
// "+79123456789" → "+7 912 ***-**-89". A phone that does not normalise
// becomes "***".
func MaskPhone(s string) string {
	p, err := NormalizePhone(s)
	if err != nil {
		return "***"
	}
	return p[:2] + " " + p[2:5] + " ***-**-" + p[10:]
}

// MaskEmail keeps the first character of the local part and the domain:
// "ivan.petrov@mail.ru" → "i***@mail.ru". An invalid address becomes "***".
func MaskEmail(s string) string {
	e, err := NormalizeEmail(s)
	if err != nil {
		return "***"
	}
	local, domain, _ := strings.Cut(e, "@")
	first := []rune(local)[0]
	return string(first) + "***@" + domain
}
