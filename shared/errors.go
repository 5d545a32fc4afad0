package shared

import (
	"errors"
	"sort"
	"strings"
)

// Code is a machine-readable error code. The API answers with it, the
// browser shows the matching text from the message catalogue
// (shared/i18n, key "err."+code), and both sides compare codes, never text.
type Code string

// Class is the kind of failure a code reports, as benbjohnson/wtf's
// handful of generic codes are: the API answers every code of a class
// with one HTTP status, so a cabinet that adds codes adds no status.
// Each package declares the class of its codes beside them.
type Class string

// The classes.
const (
	ClassInvalid         Class = "invalid"           // the request or one of its fields is wrong: correct it
	ClassUnauthenticated Class = "unauthenticated"   // who asks is not (or no longer) proven
	ClassForbidden       Class = "forbidden"         // known, but not allowed this (yet)
	ClassNotFound        Class = "not_found"         // no such thing (or not the caller's)
	ClassConflict        Class = "conflict"          // the state of things does not allow it
	ClassGone            Class = "gone"              // it was there and can no longer be used
	ClassTooMany         Class = "too_many"          // too many attempts: wait
	ClassInternal        Class = "internal"          // the server's fault; details in its log
	ClassUnavailable     Class = "unavailable"       // the portal cannot serve it now
	ClassUnsupported     Class = "unsupported"       // a request encoding the server does not take
	ClassTooLarge        Class = "too_large"         // a request body over the limit
	ClassHeadersTooLarge Class = "headers_too_large" // a request line or headers over the limit
	ClassTimeout         Class = "timeout"           // the request did not arrive in time
)

// ClassOf returns a table giving each of codes class. Each package that
// declares codes returns such a table from its CodeClasses function; the
// API joins them (JoinClasses).
func ClassOf(class Class, codes ...Code) map[Code]Class {
	m := make(map[Code]Class, len(codes))
	for _, c := range codes {
		m[c] = class
	}
	return m
}

// CodeClasses returns the class of every code this package declares (a
// new map: the caller may keep or change it). The tables are built by
// functions, not kept in package variables, so that the browser, which
// never asks for them, does not carry them in app.wasm.
func CodeClasses() map[Code]Class {
	return JoinClasses(requestClasses(), fieldClasses(), validatorClasses(), transportClasses(),
		sessionClasses(), refdataClasses(), qrClasses(), passkeyClasses(), registryClasses(),
		privacyClasses(), contactClasses(), staffClasses())
}

// JoinClasses returns one table of all of ts. A code given two different
// classes is a programming error and panics.
func JoinClasses(ts ...map[Code]Class) map[Code]Class {
	out := map[Code]Class{}
	for _, t := range ts {
		for code, class := range t {
			if prev, ok := out[code]; ok && prev != class {
				panic("shared.JoinClasses: " + string(code) + " is both " + string(prev) + " and " + string(class))
			}
			out[code] = class
		}
	}
	return out
}

// Request-level codes: what went wrong with the request as a whole.
const (
	CodeInvalidInput       Code = "invalid_input"       // see Fields
	CodeUnauthenticated    Code = "unauthenticated"     // no or expired session
	CodeSessionExpired     Code = "session_expired"     // idle or absolute timeout passed
	CodeForbidden          Code = "forbidden"           // signed in, but not allowed
	CodeNotFound           Code = "not_found"           // no such object (or not yours)
	CodeConflict           Code = "conflict"            // state changed underneath
	CodeRateLimited        Code = "rate_limited"        // too many requests; RetryAfter set
	CodeCSRF               Code = "csrf_rejected"       // missing Origin or app header
	CodeInternal           Code = "internal"            // details only in the server log
	CodeUnavailable        Code = "unavailable"         // database or dependency down
	CodeInvalidCredentials Code = "invalid_credentials" // wrong login or password
	CodePasswordLocked     Code = "password_locked"     // too many wrong passwords
	CodeFactorLocked       Code = "factor_locked"       // too many wrong second factors, over all sign-ins
	CodeAccountBlocked     Code = "account_blocked"     // blocked by the back office
	CodeCodeInvalid        Code = "code_invalid"        // wrong one-time code
	CodeCodeExpired        Code = "code_expired"        // one-time code too old or used
	CodeCodeExhausted      Code = "code_exhausted"      // too many wrong codes
	CodeResendTooSoon      Code = "resend_too_soon"     // wait before a new code
	CodePhoneTaken         Code = "phone_taken"         // phone belongs to another account
	CodeEmailTaken         Code = "email_taken"         // e-mail belongs to another account
	CodeNotConfirmed       Code = "contacts_not_confirmed"
	CodeWrongPassword      Code = "wrong_current_password"
	CodeINNTaken           Code = "inn_taken"           // ИНН belongs to another account
	CodeSNILSTaken         Code = "snils_taken"         // СНИЛС belongs to another account
	CodeIdentityIncomplete Code = "identity_incomplete" // passport and СНИЛС needed first
	CodeAlreadyConfirmed   Code = "already_confirmed"   // nothing to confirm
	CodeStepUpRequired     Code = "step_up_required"    // confirm with a second factor first
	CodeFactorExists       Code = "factor_exists"       // that factor is already set up
	CodeNoFactor           Code = "no_factor"           // no such factor to use or remove
	CodeCodeReused         Code = "code_reused"         // this authenticator code was already used
	// Transport-level: the request itself is not one the server takes.
	CodeUnsupportedEncoding Code = "unsupported_encoding" // a compressed request body
	CodeTooLarge            Code = "too_large"            // the request body is over the limit
)

// The classes of the request-level codes.
func requestClasses() map[Code]Class {
	return map[Code]Class{
		CodeInvalidInput:        ClassInvalid,
		CodeUnauthenticated:     ClassUnauthenticated,
		CodeSessionExpired:      ClassUnauthenticated,
		CodeForbidden:           ClassForbidden,
		CodeNotFound:            ClassNotFound,
		CodeConflict:            ClassConflict,
		CodeRateLimited:         ClassTooMany,
		CodeCSRF:                ClassForbidden,
		CodeInternal:            ClassInternal,
		CodeUnavailable:         ClassUnavailable,
		CodeInvalidCredentials:  ClassUnauthenticated,
		CodePasswordLocked:      ClassUnauthenticated,
		CodeFactorLocked:        ClassUnauthenticated,
		CodeAccountBlocked:      ClassForbidden,
		CodeCodeInvalid:         ClassInvalid,
		CodeCodeExpired:         ClassGone,
		CodeCodeExhausted:       ClassTooMany,
		CodeResendTooSoon:       ClassTooMany,
		CodePhoneTaken:          ClassConflict,
		CodeEmailTaken:          ClassConflict,
		CodeNotConfirmed:        ClassForbidden,
		CodeWrongPassword:       ClassInvalid,
		CodeINNTaken:            ClassConflict,
		CodeSNILSTaken:          ClassConflict,
		CodeIdentityIncomplete:  ClassConflict,
		CodeAlreadyConfirmed:    ClassConflict,
		CodeStepUpRequired:      ClassForbidden,
		CodeFactorExists:        ClassConflict,
		CodeNoFactor:            ClassConflict,
		CodeCodeReused:          ClassInvalid,
		CodeUnsupportedEncoding: ClassUnsupported,
		CodeTooLarge:            ClassTooLarge,
	}
}

// Field-level codes: what is wrong with one field of a form.
const (
	CodeRequired   Code = "required"
	CodeTooLong    Code = "too_long"
	CodeBadChars   Code = "bad_chars"
	CodeBadFormat  Code = "bad_format"
	CodeBadDate    Code = "bad_date"
	CodeDateFuture Code = "date_future"
	CodeTooYoung   Code = "too_young"
	CodeTooOld     Code = "too_old"

	CodeINNLength     Code = "inn_length"
	CodeINNPerson     Code = "inn_person_length" // a person's ИНН has 12 digits
	CodeINNDigits     Code = "inn_digits"
	CodeINNChecksum   Code = "inn_checksum"
	CodeOGRNLength    Code = "ogrn_length"
	CodeOGRNChecksum  Code = "ogrn_checksum"
	CodeOGRNIPLength  Code = "ogrnip_length"
	CodeOGRNIPChecksm Code = "ogrnip_checksum"
	CodeKPPFormat     Code = "kpp_format"
	CodeSNILSLength   Code = "snils_length"
	CodeSNILSChecksum Code = "snils_checksum"
	CodeUINFormat     Code = "uin_format"
	CodeUINChecksum   Code = "uin_checksum"
	CodeNoticeUIN     Code = "notice_uin_format" // a notice's УИН: 20 or 25 digits, never "0"
	CodePhoneFormat   Code = "phone_format"
	CodePhoneNotRU    Code = "phone_not_ru"
	CodeEmailFormat   Code = "email_format"
	CodeMoneyFormat   Code = "money_format"

	CodePasswordShort   Code = "password_short"       // < 8
	CodePasswordLong    Code = "password_long"        // > 128
	CodePasswordWeak    Code = "password_classes"     // < 15 and missing a class
	CodePasswordCommon  Code = "password_common"      // on the shipped list
	CodePasswordLogin   Code = "password_has_login"   // the person's phone, e-mail, names, ИНН, СНИЛС or birth date
	CodePasswordService Code = "password_has_service" // «Кабинет», «Госуслуги», ЕСИА (ServiceWords)

	CodePassportSeries   Code = "passport_series"
	CodePassportNumber   Code = "passport_number"
	CodePassportDivision Code = "passport_division"
	CodeOneTimeCode      Code = "otp_format" // six digits expected
)

// Every field-level code is invalid input, shown beside its field.
func fieldClasses() map[Code]Class {
	return ClassOf(ClassInvalid,
		CodeRequired, CodeTooLong, CodeBadChars, CodeBadFormat, CodeBadDate, CodeDateFuture, CodeTooYoung, CodeTooOld,
		CodeINNLength, CodeINNPerson, CodeINNDigits, CodeINNChecksum, CodeOGRNLength, CodeOGRNChecksum,
		CodeOGRNIPLength, CodeOGRNIPChecksm, CodeKPPFormat, CodeSNILSLength, CodeSNILSChecksum, CodeUINFormat,
		CodeUINChecksum, CodeNoticeUIN, CodePhoneFormat, CodePhoneNotRU, CodeEmailFormat, CodeMoneyFormat,
		CodePasswordShort, CodePasswordLong, CodePasswordWeak, CodePasswordCommon, CodePasswordLogin, CodePasswordService,
		CodePassportSeries, CodePassportNumber, CodePassportDivision, CodeOneTimeCode,
	)
}

// Error is the one error type of the API: a code, a human message in the
// request's language, per-field errors for forms, and for rate limits the
// number of seconds to wait. The server fills Message from the catalogue.
type Error struct {
	Code       Code                  `json:"code"`
	Message    string                `json:"message,omitempty"`
	Fields     map[string]FieldError `json:"fields,omitempty"`
	RetryAfter int                   `json:"retryAfter,omitempty"`
	// Args fill the catalogue text of Code ("err."+code is then a fmt
	// format): what a code alone cannot say, such as the date of the
	// missing key rate.
	Args []string `json:"args,omitempty"`
}

// FieldError is the error of one form field.
type FieldError struct {
	Code    Code   `json:"code"`
	Message string `json:"message,omitempty"`
}

// E returns a new *Error with the code.
func E(code Code) *Error { return &Error{Code: code} }

func (e *Error) Error() string {
	if len(e.Args) > 0 {
		return string(e.Code) + "(" + strings.Join(e.Args, ", ") + ")"
	}
	if len(e.Fields) == 0 {
		return string(e.Code)
	}
	names := make([]string, 0, len(e.Fields))
	for n, f := range e.Fields {
		names = append(names, n+"="+string(f.Code))
	}
	sort.Strings(names)
	return string(e.Code) + ": " + strings.Join(names, ", ")
}

// ErrorCode returns the code of err when it is (or wraps) an *Error, and
// CodeInternal otherwise.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// AsError returns err as *Error when it is one (or wraps one).
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Fields collects field errors while a request is validated; Err turns them
// into one CodeInvalidInput error (or nil when there are none).
//
//	var f shared.Fields
//	f.Check("inn", shared.ValidateINN(r.INN))
//	return f.Err()
type Fields map[string]FieldError

// Add records code for field unless the field already has an error.
func (f *Fields) Add(field string, code Code) {
	if *f == nil {
		*f = Fields{}
	}
	if _, ok := (*f)[field]; !ok {
		(*f)[field] = FieldError{Code: code}
	}
}

// Check records err for field when err is non-nil. An *Error contributes its
// code; any other error becomes CodeBadFormat.
func (f *Fields) Check(field string, err error) {
	if err == nil {
		return
	}
	code := ErrorCode(err)
	if code == CodeInternal {
		code = CodeBadFormat
	}
	f.Add(field, code)
}

// Err returns the collected field errors as one *Error, or nil.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: CodeInvalidInput, Fields: f}
}

// Field-level codes added with the validators of this package.
const (
	CodeTooShort      Code = "too_short"
	CodeDigitsOnly    Code = "digits_only"    // a number field holds letters or signs
	CodeMixedScript   Code = "mixed_script"   // Cyrillic and Latin letters in one name
	CodeINNOrg        Code = "inn_org_length" // an organisation's ИНН has 10 digits
	CodePasswordSame  Code = "password_same"  // the new password equals the current one
	CodePassportIssue Code = "passport_issued_on"
	CodeChannel       Code = "channel"       // neither "sms" nor "email"
	CodeControlChars  Code = "control_chars" // a NUL byte, another control character or invalid UTF-8
	CodeDateRange     Code = "date_range"    // a date before MinYear or after MaxYear
)

func validatorClasses() map[Code]Class {
	return ClassOf(ClassInvalid,
		CodeTooShort, CodeDigitsOnly, CodeMixedScript, CodeINNOrg, CodePasswordSame, CodePassportIssue,
		CodeChannel, CodeControlChars, CodeDateRange,
	)
}

// Codes of what the transport itself refuses.
const (
	CodeHeadersTooLarge Code = "headers_too_large" // the request line or headers exceed the read buffer
	CodeRequestTimeout  Code = "request_timeout"   // the request was not read within the server's read timeout
)

func transportClasses() map[Code]Class {
	return map[Code]Class{CodeHeadersTooLarge: ClassHeadersTooLarge, CodeRequestTimeout: ClassTimeout}
}
