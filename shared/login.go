package shared

import "strings"

// Kinds of login identifiers.
const (
	LoginPhone = "phone"
	LoginEmail = "email"
	LoginINN   = "inn"
	LoginSNILS = "snils"
)

// LoginCandidate is one reading of what a person typed as a login, with
// the value in the canonical form the account stores.
type LoginCandidate struct {
	Kind  string // LoginPhone, LoginEmail, LoginINN or LoginSNILS
	Value string // "+79123456789", "ivan@mail.ru", 12 digits, 11 digits
}

// LoginCandidates returns every valid reading of a login, the likeliest
// first; the server looks the account up by each in turn. Eleven digits
// may be a phone ("89123456789") and a СНИЛС at once, so both can come
// back. Nothing valid gives nil.
func LoginCandidates(login string) []LoginCandidate {
	s := strings.TrimSpace(login)
	if strings.Contains(s, "@") {
		if e, err := NormalizeEmail(s); err == nil {
			return []LoginCandidate{{LoginEmail, e}}
		}
		return nil
	}
	var out []LoginCandidate
	if p, err := NormalizePhone(s); err == nil {
		out = append(out, LoginCandidate{LoginPhone, p})
	}
	if ValidateSNILS(s) == nil {
		out = append(out, LoginCandidate{LoginSNILS, NormalizeSNILS(s)})
	}
	if ValidatePersonINN(s) == nil {
		out = append(out, LoginCandidate{LoginINN, Digits(s)})
	}
	// "112-233-445 95" is written like a СНИЛС: try it first.
	if len(out) == 2 && out[1].Kind == LoginSNILS && FormatSNILS(NormalizeSNILS(s)) == s {
		out[0], out[1] = out[1], out[0]
	}
	return out
}
