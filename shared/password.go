package shared

// The list of common passwords (passwords.txt) comes from the "passwords"
// frequency list of zxcvbn 4.4.2 (npm package zxcvbn, MIT licence,
// Copyright (c) 2012-2016 Dan Wheeler and Dropbox, Inc.; drawn from the Xato
// leaked-password corpus): its first 10 000 entries of 8 or more characters,
// lower-cased. Shorter entries are left out to keep the WASM small — the
// policy rejects passwords under 8 characters before it looks at the list.

import (
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// Password policy (DESIGN.md, Identity: Passwords).
const (
	PasswordMin        = 8   // with lower and upper case letters, a digit and a symbol
	PasswordPassphrase = 15  // from this length no class rule applies
	PasswordMax        = 128 // longer ones are refused
	personalMin        = 4   // shorter personal strings are not looked for
)

// CommonPasswordsPath is where the server serves the list of common
// passwords (CommonPasswordsText) to the browser.
const CommonPasswordsPath = "/web/common-passwords.txt"

var (
	commonMu sync.Mutex
	common   map[string]struct{}
)

// commonPasswords returns the list as a set: the compiled-in one, built
// on first use, or the one LoadCommonPasswords was given. Nil (nothing is
// common) in the browser until the list has arrived.
func commonPasswords() map[string]struct{} {
	commonMu.Lock()
	defer commonMu.Unlock()
	if common == nil && passwordsTxt != "" {
		common = parsePasswords(passwordsTxt)
	}
	return common
}

// LoadCommonPasswords sets the list from its text (passwords.txt as
// CommonPasswordsText gives it). The browser calls it with the copy it
// fetched: the list is not compiled into app.wasm.
func LoadCommonPasswords(text string) {
	set := parsePasswords(text)
	commonMu.Lock()
	common = set
	commonMu.Unlock()
}

func parsePasswords(text string) map[string]struct{} {
	set := make(map[string]struct{}, 10000)
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			set[line] = struct{}{}
		}
	}
	return set
}

// ruLayout maps the letters of the Russian ЙЦУКЕН keyboard to the Latin
// letters of the same keys: "зфыыцщкв" is "password" typed with the wrong
// layout, and just as guessable.
var ruLayout = strings.NewReplacer(
	"й", "q", "ц", "w", "у", "e", "к", "r", "е", "t", "н", "y", "г", "u", "ш", "i", "щ", "o", "з", "p", "х", "[", "ъ", "]",
	"ф", "a", "ы", "s", "в", "d", "а", "f", "п", "g", "р", "h", "о", "j", "л", "k", "д", "l", "ж", ";", "э", "'",
	"я", "z", "ч", "x", "с", "c", "м", "v", "и", "b", "т", "n", "ь", "m", "б", ",", "ю", ".", "ё", "`",
)

// IsCommonPassword reports whether the password, ignoring case, is on the
// shipped list of common passwords — as typed, typed in the Russian layout,
// or with digits and symbols only added around a listed word
// ("Password1!", "!!sunshine2024").
func IsCommonPassword(pw string) bool {
	set := commonPasswords()
	lower := strings.ToLower(pw)
	for _, c := range []string{lower, ruLayout.Replace(lower)} {
		if _, ok := set[c]; ok {
			return true
		}
		core := strings.TrimFunc(c, func(r rune) bool { return !unicode.IsLetter(r) })
		if core != c {
			if _, ok := set[core]; ok {
				return true
			}
		}
	}
	return false
}

// passwordClasses reports which character classes the password holds.
// Letters of any alphabet count, with their case (Cyrillic included);
// anything that is neither a letter nor a digit is a symbol.
func passwordClasses(pw string) (lower, upper, digit, symbol bool) {
	for _, r := range pw {
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		case unicode.IsLetter(r):
			// A letter without case (CJK etc.) adds no class.
		default:
			symbol = true
		}
	}
	return
}

// CheckPassword applies the password policy: at least 8 characters with
// lower and upper case letters, a digit and a symbol, or a passphrase of 15
// or more characters with no class rule; at most 128 characters; not on the
// list of common passwords; not containing the service's names
// (ServiceWords) nor any of the personal strings (PasswordContext.Strings)
// of 4 or more characters.
// Length counts characters, not bytes.
func CheckPassword(pw string, personal ...string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case n == 0:
		return E(CodeRequired)
	case n > PasswordMax:
		return E(CodePasswordLong)
	case n < PasswordMin:
		return E(CodePasswordShort)
	}
	if n < PasswordPassphrase {
		lower, upper, digit, symbol := passwordClasses(pw)
		if !(lower && upper && digit && symbol) {
			return E(CodePasswordWeak)
		}
	}
	if IsCommonPassword(pw) {
		return E(CodePasswordCommon)
	}
	if containsPersonal(pw, ServiceWords()) {
		return E(CodePasswordService)
	}
	if containsPersonal(pw, personal) {
		return E(CodePasswordLogin)
	}
	return nil
}

// ServiceWords are the words of the context-specific list that hold for
// everyone (ASVS 6.2.11): the names of this portal and of the one it is
// modelled on, in both alphabets. A password built on them is an
// attacker's first guess here. The README's security notes list them.
func ServiceWords() []string {
	return []string{"kabinet", "кабинет", "gosuslug", "госуслуг", "esia", "есиа"}
}

// containsPersonal reports whether pw contains, ignoring case, one of the
// strings of at least personalMin characters — as typed, or typed in the
// Russian layout; a string of digits also when the password's digits hold
// it with separators between them ("14.03.1985", "+7 900 000-00-01").
func containsPersonal(pw string, personal []string) bool {
	lower := strings.ToLower(pw)
	latin := ruLayout.Replace(lower)
	digits := onlyDigits(pw)
	for _, p := range personal {
		p = strings.ToLower(strings.TrimSpace(p))
		if utf8.RuneCountInString(p) < personalMin {
			continue
		}
		if strings.Contains(lower, p) || strings.Contains(latin, ruLayout.Replace(p)) ||
			p == onlyDigits(p) && strings.Contains(digits, p) {
			return true
		}
	}
	return false
}

// onlyDigits keeps the ASCII digits of s.
func onlyDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// PasswordContext is what is known of the person whose password it is:
// the one list of context-specific words (ASVS 6.2.11) is ServiceWords
// and Strings of it, checked at registration (what the form has), at a
// change and at a recovery (what the account has).
type PasswordContext struct {
	Phone, Email                    string
	LastName, FirstName, MiddleName string
	INN, SNILS                      string
	BirthDate                       string // YYYY-MM-DD
}

// Strings returns what a password must not contain for the person: the
// phone's ten national digits, the e-mail's local part, the names, ИНН,
// СНИЛС and the birth date as ДДММГГГГ, ГГГГММДД and ДДММГГ. Values that
// do not parse are skipped.
func (c PasswordContext) Strings() []string {
	var out []string
	if p, err := NormalizePhone(c.Phone); err == nil {
		out = append(out, p[2:])
	}
	if e, err := NormalizeEmail(c.Email); err == nil {
		local, _, _ := strings.Cut(e, "@")
		out = append(out, local)
	}
	for _, n := range []string{c.LastName, c.FirstName, c.MiddleName} {
		if n = CleanName(n); n != "" {
			out = append(out, n)
		}
	}
	for _, id := range []string{c.INN, c.SNILS} {
		if d := onlyDigits(id); d != "" {
			out = append(out, d)
		}
	}
	if b, err := time.Parse(time.DateOnly, c.BirthDate); err == nil {
		out = append(out, b.Format("02012006"), b.Format("20060102"), b.Format("020106"))
	}
	return out
}

// cyrillicLetters and latinLetters pair each Cyrillic letter with the
// ways it is written in Latin ones ("|" between them, "-" for none): first
// as the passport writes it (ICAO 9303, Приказ МВД № 320), then as people
// write their names in e-mail addresses and passwords.
const (
	cyrillicLetters = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
	latinLetters    = "a b v g d e e|yo zh z i i|y|j k l m n o p r s t u f kh|h ts|c ch sh shch|sch ie|- y - e iu|yu ia|ya"
)

// LatinSpellings returns the Latin spellings of the Cyrillic names, for
// the context-specific words of a password (ASVS 6.2.11): «Кузнецов» is
// also kuznetsov and kuznecov. Only the server checks them, beside
// PasswordContext.Strings (as it does the breached list): the browser's
// app.wasm is kept from growing.
func LatinSpellings(names ...string) []string {
	var out []string
	for _, n := range names {
		out = append(out, latinSpellings(CleanName(n))...)
	}
	return out
}

// latinSpellings returns one name in at most 16 Latin spellings, the
// passport's first; nothing for a name without Cyrillic letters.
func latinSpellings(name string) []string {
	latin := strings.Fields(latinLetters)
	out, cyrillic := []string{""}, false
	for _, r := range strings.ToLower(name) {
		opts := []string{string(r)}
		if i := strings.IndexRune(cyrillicLetters, r); i >= 0 {
			opts, cyrillic = strings.Split(strings.ReplaceAll(latin[utf8.RuneCountInString(cyrillicLetters[:i])], "-", ""), "|"), true
		}
		next := make([]string, 0, len(out)*len(opts))
		for _, o := range out {
			for _, x := range opts {
				if len(next) < 16 {
					next = append(next, o+x)
				}
			}
		}
		out = next
	}
	if !cyrillic {
		return nil
	}
	return out
}

// PersonalStrings is Strings of a context with the phone, e-mail and
// names (registration, whose form has no more).
func PersonalStrings(phone, email string, names ...string) []string {
	c := PasswordContext{Phone: phone, Email: email}
	for i, n := range names {
		switch i {
		case 0:
			c.LastName = n
		case 1:
			c.FirstName = n
		case 2:
			c.MiddleName = n
		}
	}
	return c.Strings()
}

// Strength is a live hint while a password is typed: Score 0..4 (2 and
// above means CheckPassword accepts it) and Hint, a catalogue key
// ("pw.hint.short", …).
type Strength struct {
	Score int    `json:"score"`
	Hint  string `json:"hint"`
}

// Password strength hints, keys of the message catalogue.
const (
	HintShort      = "pw.hint.short"
	HintLong       = "pw.hint.long"
	HintAddClasses = "pw.hint.add_classes"
	HintCommon     = "pw.hint.common"
	HintPersonal   = "pw.hint.personal"
	HintService    = "pw.hint.service"
	HintGood       = "pw.hint.good"
	HintStrong     = "pw.hint.strong"
)

// PasswordStrength rates a password for the hint under the field. It never
// contradicts CheckPassword: Score ≥ 2 exactly when the password passes.
func PasswordStrength(pw string, personal ...string) Strength {
	err := CheckPassword(pw, personal...)
	n := utf8.RuneCountInString(pw)
	switch ErrorCode(err) {
	case CodeRequired, CodePasswordShort:
		return Strength{Score: 0, Hint: HintShort}
	case CodePasswordLong:
		return Strength{Score: 0, Hint: HintLong}
	case CodePasswordCommon:
		return Strength{Score: 0, Hint: HintCommon}
	case CodePasswordLogin:
		return Strength{Score: 1, Hint: HintPersonal}
	case CodePasswordService:
		return Strength{Score: 0, Hint: HintService}
	case CodePasswordWeak:
		return Strength{Score: 1, Hint: HintAddClasses}
	}
	lower, upper, digit, symbol := passwordClasses(pw)
	classes := 0
	for _, c := range []bool{lower, upper, digit, symbol} {
		if c {
			classes++
		}
	}
	switch {
	case n >= 20 || n >= PasswordPassphrase && classes >= 3:
		return Strength{Score: 4, Hint: HintStrong}
	case n >= 12:
		return Strength{Score: 3, Hint: HintGood}
	}
	return Strength{Score: 2, Hint: HintGood}
}
