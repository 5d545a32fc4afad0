package shared

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Limits of free-text and technical fields of requests.
const (
	MaxLogin        = 254 // the longest e-mail
	MaxChallengeID  = 64
	MaxDocument     = 200
	MaxNote         = 1000
	MinReason       = 5
	MaxReason       = 500
	OneTimeCodeSize = 6
)

// The server calls Normalize and then Validate on every request; the
// browser calls Validate before sending. Field names in the errors are the
// JSON names of the fields.

// today is the current day in Moscow, the calendar of the portal.
func today() time.Time { return time.Now().In(Moscow) }

// checkText records CodeRequired (when required), CodeTooShort or
// CodeTooLong for a free-text field, counting characters.
func checkText(f *Fields, field, s string, required bool, min, max int) {
	n := utf8.RuneCountInString(strings.TrimSpace(s))
	switch {
	case n == 0 && required:
		f.Add(field, CodeRequired)
	case n == 0:
	case n < min:
		f.Add(field, CodeTooShort)
	case n > max:
		f.Add(field, CodeTooLong)
	}
}

// checkCode records the error of a six-digit one-time code.
func checkCode(f *Fields, field, code string) {
	c := Digits(code)
	switch {
	case c == "":
		f.Add(field, CodeRequired)
	case len(c) != OneTimeCodeSize || !AllDigits(c):
		f.Add(field, CodeOneTimeCode)
	}
}

// checkChannel records the error of a channel: "sms" or "email".
func checkChannel(f *Fields, field, ch string) {
	switch ch {
	case ChannelSMS, ChannelEmail:
	case "":
		f.Add(field, CodeRequired)
	default:
		f.Add(field, CodeChannel)
	}
}

// normalizePhone returns the canonical phone, or s trimmed when it does
// not normalise (Validate reports it).
func normalizePhone(s string) string {
	if p, err := NormalizePhone(s); err == nil {
		return p
	}
	return strings.TrimSpace(s)
}

// normalizeEmail returns the canonical e-mail, or s trimmed.
func normalizeEmail(s string) string {
	if e, err := NormalizeEmail(s); err == nil {
		return e
	}
	return strings.TrimSpace(s)
}

// Normalize trims the names and puts the phone and the e-mail in canonical form.
func (r *RegisterRequest) Normalize() {
	r.LastName, r.FirstName, r.MiddleName = CleanName(r.LastName), CleanName(r.FirstName), CleanName(r.MiddleName)
	r.Phone = normalizePhone(r.Phone)
	r.Email = normalizeEmail(r.Email)
}

// Validate checks a registration: names (the middle name is optional), a
// Russian mobile phone, an e-mail and a password that passes the policy
// and contains neither the phone, nor the e-mail, nor the names.
func (r RegisterRequest) Validate() error {
	var f Fields
	f.Check("lastName", ValidateName(r.LastName, true))
	f.Check("firstName", ValidateName(r.FirstName, true))
	f.Check("middleName", ValidateName(r.MiddleName, false))
	_, err := NormalizePhone(r.Phone)
	f.Check("phone", err)
	_, err = NormalizeEmail(r.Email)
	f.Check("email", err)
	f.Check("password", CheckPassword(r.Password, PersonalStrings(r.Phone, r.Email, r.LastName, r.FirstName, r.MiddleName)...))
	if !r.Consent {
		f.Add("consent", CodeConsentRequired)
	}
	return f.Err()
}

// Normalize trims the login and lower-cases it when it is an e-mail.
func (r *LoginRequest) Normalize() { r.Login = normalizeLogin(r.Login) }

func normalizeLogin(s string) string {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "@") {
		return strings.ToLower(s)
	}
	return s
}

// Validate checks that the login and the password are there and not
// absurdly long; their format is not checked (a wrong one simply fails).
func (r LoginRequest) Validate() error {
	var f Fields
	checkText(&f, "login", r.Login, true, 0, MaxLogin)
	switch n := utf8.RuneCountInString(r.Password); {
	case n == 0:
		f.Add("password", CodeRequired)
	case n > PasswordMax:
		f.Add("password", CodeTooLong)
	}
	return f.Err()
}

// Normalize trims the challenge id and removes spaces from the code.
func (r *VerifyRequest) Normalize() {
	r.ChallengeID = strings.TrimSpace(r.ChallengeID)
	r.Code = Digits(r.Code)
}

// Validate checks the challenge id and the six-digit code.
func (r VerifyRequest) Validate() error {
	var f Fields
	checkText(&f, "challengeId", r.ChallengeID, true, 0, MaxChallengeID)
	checkCode(&f, "code", r.Code)
	return f.Err()
}

// Normalize trims the challenge id.
func (r *ResendRequest) Normalize() { r.ChallengeID = strings.TrimSpace(r.ChallengeID) }

// Validate checks the challenge id.
func (r ResendRequest) Validate() error {
	var f Fields
	checkText(&f, "challengeId", r.ChallengeID, true, 0, MaxChallengeID)
	return f.Err()
}

// Normalize trims the login (lower-cased when an e-mail) and the channel.
func (r *RecoverStartRequest) Normalize() {
	r.Login = normalizeLogin(r.Login)
	r.Channel = strings.ToLower(strings.TrimSpace(r.Channel))
}

// Validate checks that the login is there and the channel is sms or email.
func (r RecoverStartRequest) Validate() error {
	var f Fields
	checkText(&f, "login", r.Login, true, 0, MaxLogin)
	checkChannel(&f, "channel", r.Channel)
	return f.Err()
}

// Normalize trims the challenge id and removes spaces from the code.
func (r *RecoverFinishRequest) Normalize() {
	r.ChallengeID = strings.TrimSpace(r.ChallengeID)
	r.Code = Digits(r.Code)
}

// Validate checks the challenge, the code and the new password against the
// policy (the server checks the personal strings once it knows the account).
func (r RecoverFinishRequest) Validate() error {
	var f Fields
	checkText(&f, "challengeId", r.ChallengeID, true, 0, MaxChallengeID)
	checkCode(&f, "code", r.Code)
	f.Check("password", CheckPassword(r.Password))
	return f.Err()
}

// Normalize trims the names and puts the birth date, ИНН, СНИЛС and
// passport in canonical form.
func (r *ProfileRequest) Normalize() {
	r.LastName, r.FirstName, r.MiddleName = CleanName(r.LastName), CleanName(r.FirstName), CleanName(r.MiddleName)
	r.BirthDate = NormalizeDate(r.BirthDate)
	r.INN = Digits(r.INN)
	r.SNILS = NormalizeSNILS(r.SNILS)
	r.Passport.Normalize()
}

// Validate checks the personal data: names, an optional birth date (14 to
// 120 years old), an optional person's ИНН and СНИЛС, and the passport
// (all empty = not given).
func (r ProfileRequest) Validate() error {
	var f Fields
	now := today()
	f.Check("lastName", ValidateName(r.LastName, true))
	f.Check("firstName", ValidateName(r.FirstName, true))
	f.Check("middleName", ValidateName(r.MiddleName, false))
	birth := "" // the passport is checked against a valid birth date only
	if strings.TrimSpace(r.BirthDate) != "" {
		if err := ValidateBirthDate(r.BirthDate, now); err != nil {
			f.Check("birthDate", err)
		} else {
			birth = r.BirthDate
		}
	}
	if Digits(r.INN) != "" {
		f.Check("inn", ValidatePersonINN(r.INN))
	}
	if Digits(r.SNILS) != "" {
		f.Check("snils", ValidateSNILS(r.SNILS))
	}
	for k, v := range ValidatePassport(r.Passport, birth, now) {
		f.Add(k, v.Code)
	}
	return f.Err()
}

// Normalize does nothing: passwords are taken exactly as typed.
func (r *PasswordChangeRequest) Normalize() {}

// Validate checks that the current password is given and the new one
// passes the policy and differs from it.
func (r PasswordChangeRequest) Validate() error {
	var f Fields
	if r.Current == "" {
		f.Add("current", CodeRequired)
	} else if utf8.RuneCountInString(r.Current) > PasswordMax {
		f.Add("current", CodeTooLong)
	}
	f.Check("password", CheckPassword(r.Password))
	if r.Password != "" && r.Password == r.Current {
		f.Add("password", CodePasswordSame)
	}
	return f.Err()
}

// Normalize trims the document and the note.
func (r *ConfirmIdentityRequest) Normalize() {
	r.Document = strings.TrimSpace(r.Document)
	r.Note = strings.TrimSpace(r.Note)
}

// Validate checks that the checked document is named (≤ 200 characters)
// and the note is at most 1000 characters.
func (r ConfirmIdentityRequest) Validate() error {
	var f Fields
	checkText(&f, "document", r.Document, true, 0, MaxDocument)
	checkText(&f, "note", r.Note, false, 0, MaxNote)
	return f.Err()
}

// Normalize trims the reason.
func (r *StatusChangeRequest) Normalize() { r.Reason = strings.TrimSpace(r.Reason) }

// Validate checks that the reason is 5 to 500 characters.
func (r StatusChangeRequest) Validate() error {
	var f Fields
	checkText(&f, "reason", r.Reason, true, MinReason, MaxReason)
	return f.Err()
}

// Normalize lower-cases the channel.
func (r *ContactVerifyRequest) Normalize() {
	r.Channel = strings.ToLower(strings.TrimSpace(r.Channel))
}

// Validate checks that the channel is sms or email.
func (r ContactVerifyRequest) Validate() error {
	var f Fields
	checkChannel(&f, "channel", r.Channel)
	return f.Err()
}

// NormalizeRecoveryCode puts a typed recovery code in its stored form:
// lower case, without spaces or dashes.
func NormalizeRecoveryCode(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r != ' ' && r != '-' && r != '\u00a0' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Validate checks a second-factor answer: six digits from the app, or an
// eight-character recovery code.
func (r SecondFactorRequest) Validate() error {
	var f Fields
	switch r.Method {
	case FactorTOTP, FactorSMS:
		if len(r.Code) != OneTimeCodeSize || strings.Trim(r.Code, "0123456789") != "" {
			f.Add("code", CodeOneTimeCode)
		}
	case FactorRecovery:
		if len(NormalizeRecoveryCode(r.Code)) != 8 {
			f.Add("code", CodeBadFormat)
		}
	case FactorPush:
		if r.Code == "" || len(r.Code) > 100 {
			f.Add("code", CodeRequired)
		}
		return f.Err()
	case FactorPasskey:
		if r.Ceremony == "" || len(r.Ceremony) > 100 {
			f.Add("ceremony", CodeRequired)
		}
		if len(r.Credential) == 0 {
			f.Add("credential", CodeRequired)
		}
		return f.Err()
	default:
		f.Add("method", CodeRequired)
	}
	if r.Code == "" {
		f["code"] = FieldError{Code: CodeRequired}
	}
	return f.Err()
}
