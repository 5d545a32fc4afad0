package shared

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// MaxIssuedBy is the longest "issued by" text of a passport, in characters.
const MaxIssuedBy = 200

// PassportReplacement holds the ages at which a Russian passport must be
// replaced and how many days after that birthday the old one stays valid
// (Government Decree No. 828 as amended; the grace period is 90 days).
// Kept as data: the rule has changed before.
var PassportReplacement = struct {
	Ages      []int
	GraceDays int
}{Ages: []int{20, 45}, GraceDays: 90}

// IsZero reports whether no field of the passport is filled in.
func (p Passport) IsZero() bool {
	return strings.TrimSpace(p.Series+p.Number+p.IssuedOn+p.IssuedBy+p.DivisionCode) == ""
}

// NormalizeDivisionCode writes a division code as "NNN-NNN" when it holds
// six digits; anything else is returned trimmed.
func NormalizeDivisionCode(s string) string {
	d := Digits(s)
	if len(d) == 6 && AllDigits(d) {
		return d[:3] + "-" + d[3:]
	}
	return strings.TrimSpace(s)
}

// Normalize puts the passport's fields in canonical form: digits only in
// the series and the number, "YYYY-MM-DD", "NNN-NNN", single spaces.
func (p *Passport) Normalize() {
	p.Series = Digits(p.Series)
	p.Number = Digits(p.Number)
	p.IssuedOn = NormalizeDate(p.IssuedOn)
	p.IssuedBy = strings.Join(strings.Fields(p.IssuedBy), " ")
	p.DivisionCode = NormalizeDivisionCode(p.DivisionCode)
}

// ValidatePassport checks a passport given with the holder's birth date
// (YYYY-MM-DD, may be empty) as of today. A passport with no field filled
// in is "not given" and valid; a partly filled one gets CodeRequired on
// each missing field. Field names are "passport.series", "passport.number",
// "passport.issuedOn", "passport.issuedBy" and "passport.divisionCode".
func ValidatePassport(p Passport, birthDate string, today time.Time) Fields {
	var f Fields
	if p.IsZero() {
		return f
	}
	if s := Digits(p.Series); s == "" {
		f.Add("passport.series", CodeRequired)
	} else if len(s) != 4 || !AllDigits(s) {
		f.Add("passport.series", CodePassportSeries)
	}
	if n := Digits(p.Number); n == "" {
		f.Add("passport.number", CodeRequired)
	} else if len(n) != 6 || !AllDigits(n) {
		f.Add("passport.number", CodePassportNumber)
	}
	f.Check("passport.issuedOn", validateIssuedOn(p.IssuedOn, birthDate, today))
	if by := strings.TrimSpace(p.IssuedBy); by == "" {
		f.Add("passport.issuedBy", CodeRequired)
	} else if utf8.RuneCountInString(by) > MaxIssuedBy {
		f.Add("passport.issuedBy", CodeTooLong)
	} else if strings.IndexFunc(by, unicode.IsControl) >= 0 || !utf8.ValidString(by) {
		f.Add("passport.issuedBy", CodeBadChars)
	}
	if c := NormalizeDivisionCode(p.DivisionCode); c == "" {
		f.Add("passport.divisionCode", CodeRequired)
	} else if len(c) != 7 || !AllDigits(c[:3]) || c[3] != '-' || !AllDigits(c[4:]) {
		f.Add("passport.divisionCode", CodePassportDivision)
	}
	return f
}

// validateIssuedOn checks the issue date: a date, not in the future, not
// before the holder's 14th birthday (when the birth date is known).
func validateIssuedOn(issuedOn, birthDate string, today time.Time) error {
	d, err := ParseDate(issuedOn)
	if err != nil {
		return err
	}
	if d.After(civil(today)) {
		return E(CodeDateFuture)
	}
	if b, err := ParseDate(birthDate); err == nil && d.Before(Anniversary(b, MinAge)) {
		return E(CodePassportIssue)
	}
	return nil
}

// PassportExpired reports whether a passport issued on issuedOn to a person
// born on birthDate is no longer valid today: one issued before the 20th
// (45th) birthday must be replaced and lapses 90 days after it. Dates that
// do not parse give false (ValidatePassport reports them).
func PassportExpired(birthDate, issuedOn string, today time.Time) bool {
	b, err1 := ParseDate(birthDate)
	i, err2 := ParseDate(issuedOn)
	if err1 != nil || err2 != nil {
		return false
	}
	day := civil(today)
	for _, age := range PassportReplacement.Ages {
		birthday := Anniversary(b, age)
		if i.Before(birthday) && day.After(birthday.AddDate(0, 0, PassportReplacement.GraceDays)) {
			return true
		}
	}
	return false
}
