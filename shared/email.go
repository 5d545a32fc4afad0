package shared

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// E-mail limits (RFC 5321).
const (
	maxEmail      = 254
	maxEmailLocal = 64
	maxLabel      = 63
)

// NormalizeEmail trims an e-mail address, lower-cases it and checks its
// shape: local@domain.tld, one "@", no spaces, at most 254 characters.
// Domains may be internationalised (почта.рф). It does not prove the
// mailbox exists: the confirmation code does that.
func NormalizeEmail(s string) (string, error) {
	e := strings.ToLower(strings.TrimSpace(s))
	if e == "" {
		return "", E(CodeRequired)
	}
	if !utf8.ValidString(e) || utf8.RuneCountInString(e) > maxEmail {
		return "", E(CodeEmailFormat)
	}
	local, domain, ok := strings.Cut(e, "@")
	if !ok || strings.Contains(domain, "@") || !validLocal(local) || !validDomain(domain) {
		return "", E(CodeEmailFormat)
	}
	return e, nil
}

// validLocal accepts letters, digits and the RFC 5322 atext signs, with dots
// between them (no quoted strings).
func validLocal(s string) bool {
	if s == "" || len(s) > maxEmailLocal || s[0] == '.' || s[len(s)-1] == '.' || strings.Contains(s, "..") {
		return false
	}
	for _, r := range s {
		if r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r) || r < utf8.RuneSelf && strings.ContainsRune("!#$%&'*+/=?^_`{|}~-", r) {
			continue
		}
		return false
	}
	return true
}

// validDomain accepts dot-separated labels of letters, digits and inner
// hyphens; the last label (the TLD) has two or more characters and is not
// all digits.
func validDomain(s string) bool {
	labels := strings.Split(s, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > maxLabel || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, r := range l {
			if r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				return false
			}
		}
	}
	tld := labels[len(labels)-1]
	return utf8.RuneCountInString(tld) >= 2 && !AllDigits(tld)
}
