package ip

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"kabinet/shared"
)

// MaxOKVED is how many codes a form takes (the main one included).
const MaxOKVED = 57

// ValidOKVEDCode reports whether s has the shape of an ОКВЭД2 code of a
// class or below: NN, NN.N, NN.NN, NN.NN.N or NN.NN.NN.
func ValidOKVEDCode(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) > 3 || len(parts[0]) != 2 || !shared.AllDigits(parts[0]) {
		return false
	}
	for _, p := range parts[1:] {
		if p == "" || len(p) > 2 || !shared.AllDigits(p) {
			return false
		}
	}
	return true
}

// NormalizeOKVED trims the codes and drops empty ones.
func NormalizeOKVED(codes []string) []string {
	out := codes[:0:0]
	for _, c := range codes {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// checkCodes records a field error for each bad code of field ("field.N"
// for the N-th) and for a code listed twice or equal to main; a list of
// more than most codes is one error on field, checked first: a form's
// body may hold tens of thousands of codes, and neither their check nor
// the answer may grow with them.
func checkCodes(f *shared.Fields, field string, codes []string, main string, most int) {
	if len(codes) > most {
		f.Add(field, CodeOKVEDTooMany)
		return
	}
	seen := make(map[string]bool, len(codes))
	for i, c := range codes {
		name := field + "." + itoa(i)
		switch {
		case !ValidOKVEDCode(c):
			f.Add(name, CodeOKVEDFormat)
		case c == main || seen[c]:
			f.Add(name, CodeOKVEDTwice)
		}
		seen[c] = true
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

func checkRegion(f *shared.Fields, field, region string, required bool) {
	switch {
	case region == "" && required:
		f.Add(field, shared.CodeRequired)
	case region != "" && (len(region) != 2 || !shared.AllDigits(region) || region == "00"):
		f.Add(field, CodeRegionFormat)
	}
}

func checkAddress(f *shared.Fields, a Address, required bool) {
	checkRegion(f, "address.region", a.Region, required)
	switch n := utf8.RuneCountInString(strings.TrimSpace(a.Text)); {
	case n == 0 && required:
		f.Add("address.text", shared.CodeRequired)
	case n > 300:
		f.Add("address.text", shared.CodeTooLong)
	}
}

// Validate checks Р21001's answers as of today. complete is the check
// before signing: every required field must be there. A draft (complete
// false) is checked only in the fields it has, so that the person sees
// an error where they typed one and nothing for what they have not
// reached yet. The browser and the server call the same function.
func (r Registration) Validate(complete bool, today time.Time) error {
	var f shared.Fields
	f.Check("lastName", shared.ValidateName(r.LastName, complete))
	f.Check("firstName", shared.ValidateName(r.FirstName, complete))
	f.Check("middleName", shared.ValidateName(r.MiddleName, false))
	if r.BirthDate != "" || complete {
		f.Check("birthDate", shared.ValidateBirthDate(r.BirthDate, today))
	}
	switch n := utf8.RuneCountInString(strings.TrimSpace(r.BirthPlace)); {
	case n == 0 && complete:
		f.Add("birthPlace", shared.CodeRequired)
	case n > 200:
		f.Add("birthPlace", shared.CodeTooLong)
	}
	if r.INN != "" || complete {
		f.Check("inn", shared.ValidatePersonINN(r.INN))
	}
	if !r.Passport.IsZero() || complete {
		if r.Passport.IsZero() {
			f.Add("passport.number", shared.CodeRequired)
		}
		for k, v := range shared.ValidatePassport(r.Passport, r.BirthDate, today) {
			f.Add(k, v.Code)
		}
	}
	checkAddress(&f, r.Address, complete)
	switch {
	case r.MainOKVED == "" && complete:
		f.Add("mainOkved", shared.CodeRequired)
	case r.MainOKVED != "" && !ValidOKVEDCode(r.MainOKVED):
		f.Add("mainOkved", CodeOKVEDFormat)
	}
	checkCodes(&f, "otherOkved", r.OtherOKVED, r.MainOKVED, MaxOKVED-1)
	switch {
	case r.Regime == "" && complete:
		f.Add("regime", shared.CodeRequired)
	case r.Regime != "" && !slices.Contains(Regimes, r.Regime):
		f.Add("regime", CodeRegimeUnknown)
	}
	if r.Email != "" || complete {
		_, err := shared.NormalizeEmail(r.Email)
		f.Check("email", err)
	}
	if r.Phone != "" || complete {
		_, err := shared.NormalizePhone(r.Phone)
		f.Check("phone", err)
	}
	if r.PassportScan == "" && complete {
		f.Add("passportScan", shared.CodeRequired)
	}
	return f.Err()
}

// Validate checks Р24001's answers: each change well formed, and when
// complete at least one change. The codes' existence in the classifier
// and in the record is the server's check.
func (c Change) Validate(complete bool, today time.Time) error {
	var f shared.Fields
	checkCodes(&f, "addOkved", c.AddOKVED, c.MainOKVED, MaxOKVED)
	checkCodes(&f, "removeOkved", c.RemoveOKVED, "", MaxOKVED)
	for i, r := range c.RemoveOKVED {
		if slices.Contains(c.AddOKVED, r) || r == c.MainOKVED {
			f.Add("removeOkved."+itoa(i), CodeOKVEDTwice)
		}
	}
	if c.MainOKVED != "" && !ValidOKVEDCode(c.MainOKVED) {
		f.Add("mainOkved", CodeOKVEDFormat)
	}
	if c.Passport != nil {
		if c.Passport.IsZero() {
			f.Add("passport.number", shared.CodeRequired)
		}
		for k, v := range shared.ValidatePassport(*c.Passport, "", today) {
			f.Add(k, v.Code)
		}
	}
	if c.Address != nil {
		checkAddress(&f, *c.Address, true)
	}
	if complete && len(f) == 0 && len(c.AddOKVED) == 0 && len(c.RemoveOKVED) == 0 && c.MainOKVED == "" &&
		c.Passport == nil && c.Address == nil {
		f.Add("changes", CodeNoChanges)
	}
	return f.Err()
}

// Validate checks Р26001's answers: before signing, the warnings must
// have been read.
func (c Closure) Validate(complete bool, _ time.Time) error {
	var f shared.Fields
	if complete && !c.Acknowledged {
		f.Add("acknowledged", CodeNotAcknowledged)
	}
	return f.Err()
}

// Validate checks a refusal (reason from RefusalReasons and a text) or,
// with refusal false, a request for additions (a text).
func (d DecisionRequest) Validate(refusal bool) error {
	var f shared.Fields
	if refusal && !slices.Contains(RefusalReasons, d.Reason) {
		f.Add("reason", CodeRefusalReason)
	}
	checkText(&f, "text", d.Text, !refusal)
	return f.Err()
}

// Validate checks an answer to «требуются дополнения».
func (a AnswerRequest) Validate() error {
	var f shared.Fields
	checkText(&f, "text", a.Text, true)
	return f.Err()
}

func checkText(f *shared.Fields, field, s string, required bool) {
	switch n := utf8.RuneCountInString(strings.TrimSpace(s)); {
	case n == 0 && required:
		f.Add(field, shared.CodeRequired)
	case n > 2000:
		f.Add(field, shared.CodeTooLong)
	}
}
