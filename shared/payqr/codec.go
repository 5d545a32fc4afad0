package payqr

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"kabinet/shared"
)

// Header is the service block of the payloads this package writes: format
// "ST", version "0001" of ГОСТ Р 56042-2014, character set "2" (UTF-8).
const Header = "ST" + "0001" + "2"

// Separators are the separators Encode may choose, the first that occurs
// in none of the values. The standard recommends '|' and allows any
// character that the values do not contain; the chosen one is written
// right after Header.
const Separators = "|~^#;"

// ErrNoSeparator is returned by Encode when every character of Separators
// occurs in the values.
var ErrNoSeparator = errors.New("payqr: every separator character occurs in the values")

// pair is one requisite as written: Key=Value.
type pair struct{ key, value string }

// mandatory is the number of mandatory requisites at the start of pairs.
const mandatory = 5

// pairs returns the requisites in the order Encode writes them: the five
// mandatory ones, then Sum, Purpose, PayeeINN, PayerINN, KPP, CBC, OKTMO
// (Table 2 of the standard), then LastName, FirstName, MiddleName,
// AddAmount, UIN, TechCode (Table 3). Amounts are written in kopecks, an
// unset one as "".
func (p Payment) pairs() []pair {
	return []pair{
		{"Name", p.Name},
		{"PersonalAcc", p.PersonalAcc},
		{"BankName", truncate(p.BankName, MaxBankName)},
		{"BIC", p.BIC},
		{"CorrespAcc", p.CorrespAcc},
		{"Sum", amount(p.Sum)},
		{"Purpose", p.Purpose},
		{"PayeeINN", p.PayeeINN},
		{"PayerINN", p.PayerINN},
		{"KPP", p.KPP},
		{"CBC", p.CBC},
		{"OKTMO", p.OKTMO},
		{"LastName", p.LastName},
		{"FirstName", p.FirstName},
		{"MiddleName", p.MiddleName},
		{"AddAmount", amount(p.AddAmount)},
		{"UIN", p.UIN},
		{"TechCode", p.TechCode},
	}
}

// amount writes an amount in kopecks, or "" when it is not set.
func amount(k shared.Kopecks) string {
	if k == 0 {
		return ""
	}
	return strconv.FormatInt(int64(k), 10)
}

// truncate cuts s to at most max characters (runes, not bytes) and drops
// the spaces the cut leaves at the end.
func truncate(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	n := 0
	for i := range s {
		if n == max {
			return strings.TrimRightFunc(s[:i], unicode.IsSpace)
		}
		n++
	}
	return s
}

// Encode validates the payment and writes its payload: Header, the
// separator, then Key=Value requisites joined by the separator, mandatory
// ones first (see pairs for the order), optional ones only when set.
// Values are trimmed; a BankName over MaxBankName characters is cut to
// MaxBankName, the limit of the standard — treasury bank names such as
// «ОТДЕЛЕНИЕ ТУЛА БАНКА РОССИИ//УФК по Тульской области г. Тула» exceed
// it. The separator is '|' unless a value contains it, then the first
// other character of Separators that no value contains.
func (p Payment) Encode() (string, error) {
	if err := p.Validate(); err != nil {
		return "", err
	}
	var values []pair
	for i, kv := range p.trimmed().pairs() {
		if i < mandatory || kv.value != "" {
			values = append(values, kv)
		}
	}
	sep, ok := separator(values)
	if !ok {
		return "", ErrNoSeparator
	}
	var b strings.Builder
	b.WriteString(Header)
	for _, kv := range values {
		b.WriteByte(sep)
		b.WriteString(kv.key)
		b.WriteByte('=')
		b.WriteString(kv.value)
	}
	return b.String(), nil
}

// separator returns the first character of Separators that occurs in none
// of the values.
func separator(values []pair) (byte, bool) {
	for i := 0; i < len(Separators); i++ {
		sep := Separators[i]
		clash := false
		for _, kv := range values {
			if strings.IndexByte(kv.value, sep) >= 0 {
				clash = true
				break
			}
		}
		if !clash {
			return sep, true
		}
	}
	return 0, false
}

// Parse reads a payload of ГОСТ Р 56042-2014 in UTF-8 (character set "2"),
// with whatever separator follows the service block. It checks the
// structure only — service block, valid UTF-8, Key=Value requisites, no
// requisite twice, amounts as digits of kopecks — and leaves the values to
// Validate, so that a scanned code gets the same field errors as a form.
// Keys are matched regardless of case; requisites this package does not
// model (DrawerStatus, PayerAddress, …) and empty segments (a trailing
// separator) are skipped. Values are trimmed. The errors carry
// shared.CodeBadFormat.
func Parse(s string) (Payment, error) {
	var p Payment
	if !utf8.ValidString(s) {
		return p, parseError("not UTF-8")
	}
	if len(s) < len(Header)+1 || s[:2] != "ST" {
		return p, parseError("no ST service block")
	}
	if v := s[2:6]; v != "0001" {
		return p, parseError("version " + strconv.Quote(v) + ", want 0001")
	}
	if c := s[6]; c != '2' {
		return p, parseError("character set " + strconv.Quote(string(c)) + ", want 2 (UTF-8)")
	}
	sep, size := utf8.DecodeRuneInString(s[len(Header):])
	if sep == '=' || unicode.IsSpace(sep) || unicode.IsLetter(sep) || unicode.IsDigit(sep) {
		return p, parseError("separator " + strconv.QuoteRune(sep))
	}
	seen := map[string]bool{}
	for _, seg := range strings.Split(s[len(Header)+size:], string(sep)) {
		if strings.TrimSpace(seg) == "" {
			continue
		}
		key, value, ok := strings.Cut(seg, "=")
		if !ok {
			return p, parseError("requisite without '=': " + strconv.Quote(seg))
		}
		key, value = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(value)
		if seen[key] {
			return p, parseError("requisite " + strconv.Quote(key) + " twice")
		}
		seen[key] = true
		if err := p.set(key, value); err != nil {
			return Payment{}, err
		}
	}
	return p, nil
}

// set stores the value of the requisite with the lower-cased key.
func (p *Payment) set(key, value string) error {
	var err error
	switch key {
	case "name":
		p.Name = value
	case "personalacc":
		p.PersonalAcc = value
	case "bankname":
		p.BankName = value
	case "bic":
		p.BIC = value
	case "correspacc":
		p.CorrespAcc = value
	case "sum":
		p.Sum, err = parseAmount("Sum", value)
	case "purpose":
		p.Purpose = value
	case "payeeinn":
		p.PayeeINN = value
	case "payerinn":
		p.PayerINN = value
	case "kpp":
		p.KPP = value
	case "cbc":
		p.CBC = value
	case "oktmo":
		p.OKTMO = value
	case "lastname":
		p.LastName = value
	case "firstname":
		p.FirstName = value
	case "middlename":
		p.MiddleName = value
	case "addamount":
		p.AddAmount, err = parseAmount("AddAmount", value)
	case "uin":
		p.UIN = value
	case "techcode":
		p.TechCode = value
	}
	return err
}

// parseAmount reads an amount in kopecks: up to MaxAmountDigit digits;
// an empty value is no amount.
func parseAmount(key, s string) (shared.Kopecks, error) {
	if s == "" {
		return 0, nil
	}
	if !shared.AllDigits(s) || len(s) > MaxAmountDigit {
		return 0, parseError(key + " is not up to 18 digits of kopecks: " + strconv.Quote(s))
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, parseError(key + ": " + err.Error())
	}
	return shared.Kopecks(n), nil
}

// parseError is an error of Parse: what is wrong, and CodeBadFormat.
func parseError(what string) error {
	return fmt.Errorf("payqr.Parse: %s: %w", what, shared.E(shared.CodeBadFormat))
}
