// Package payqr owns the text of a payment QR code as ГОСТ Р 56042-2014
// («Стандарты финансовых операций. Двумерные символы штрихового кода для
// осуществления платежей физических лиц») defines it: the requisites a
// person's banking app reads to fill in a payment, here the ones that tax
// and budget payments need. Payment holds them, Validate checks them field
// by field with the codes of package shared, Encode writes the payload and
// Parse reads one back.
//
// A payload is a service block and the requisites:
//
//	ST00012|Name=…|PersonalAcc=…|BankName=…|BIC=…|CorrespAcc=…|Sum=…|…
//
// The service block is the format identifier "ST", the version of the
// standard "0001" and the character set ("1" windows-1251, "2" UTF-8,
// "3" KOI8-R; this package writes and reads "2" only). The character right
// after it (the eighth of the payload) is the separator, which also stands
// before every requisite. Each requisite is Key=Value. The five mandatory
// requisites come first, in the order of the standard.
//
// The package is compiled into the browser too: standard library only.
package payqr

import (
	"strings"
	"unicode/utf8"

	"kabinet/shared"
)

// Limits of the requisites, in characters, from the tables of ГОСТ Р
// 56042-2014.
const (
	MaxName        = 160 // Name: the payee
	MaxBankName    = 45  // BankName: longer names are cut (see Encode)
	MaxCorrespAcc  = 20  // CorrespAcc
	MaxPurpose     = 210 // Purpose
	MaxAmountDigit = 18  // Sum and AddAmount, in kopecks
)

// Lengths of the fixed-length requisites.
const (
	PersonalAccLen = 20 // расчётный (казначейский) счёт
	BICLen         = 9  // БИК
	CBCLen         = 20 // КБК
)

// TechCodeBudget is the technical code of «ГИБДД, налоги, пошлины,
// бюджетные платежи» (Table of TechCode values, "01"–"15", of the standard).
const TechCodeBudget = "03"

// Payment is the requisites of a payment QR code. The first five are
// mandatory; the rest are written only when set (a non-zero amount, a
// non-empty string). Strings are trimmed before they are checked and
// written. The JSON names are the field names of validation errors.
//
// Payee requisites (Name … CorrespAcc, PayeeINN, KPP, CBC, OKTMO) are
// configuration data, never literals in code.
type Payment struct {
	// Mandatory requisites (Table 1 of the standard), in this order.
	Name        string `json:"name"`        // Наименование получателя платежа, ≤160
	PersonalAcc string `json:"personalAcc"` // Номер счёта получателя, 20 digits
	BankName    string `json:"bankName"`    // Наименование банка получателя, cut to 45
	BIC         string `json:"bic"`         // БИК, 9 digits
	CorrespAcc  string `json:"correspAcc"`  // Кор. счёт (ЕКС for the treasury), ≤20 digits

	// Additional requisites (Table 2), written in this order.
	Sum      shared.Kopecks `json:"sum,omitempty"`      // Сумма платежа, in kopecks
	Purpose  string         `json:"purpose,omitempty"`  // Наименование (назначение) платежа, ≤210
	PayeeINN string         `json:"payeeInn,omitempty"` // ИНН получателя
	PayerINN string         `json:"payerInn,omitempty"` // ИНН плательщика
	KPP      string         `json:"kpp,omitempty"`      // КПП получателя
	CBC      string         `json:"cbc,omitempty"`      // КБК, 20 digits
	OKTMO    string         `json:"oktmo,omitempty"`    // ОКТМО, 8 or 11 digits

	// Other additional requisites (Table 3), written in this order.
	LastName   string         `json:"lastName,omitempty"`   // Фамилия плательщика
	FirstName  string         `json:"firstName,omitempty"`  // Имя плательщика
	MiddleName string         `json:"middleName,omitempty"` // Отчество плательщика
	AddAmount  shared.Kopecks `json:"addAmount,omitempty"`  // Сумма пени (страховки, доп. услуги), in kopecks
	UIN        string         `json:"uin,omitempty"`        // УИН: "0", 20 or 25 digits
	TechCode   string         `json:"techCode,omitempty"`   // Технический код, "01"–"15"
}

// trimmed returns p with the strings trimmed and the payer's names cleaned
// as shared.CleanName does: the values Validate checks and Encode writes.
func (p Payment) trimmed() Payment {
	for _, s := range []*string{&p.Name, &p.PersonalAcc, &p.BankName, &p.BIC, &p.CorrespAcc,
		&p.Purpose, &p.PayeeINN, &p.PayerINN, &p.KPP, &p.CBC, &p.OKTMO, &p.UIN, &p.TechCode} {
		*s = strings.TrimSpace(*s)
	}
	p.LastName, p.FirstName, p.MiddleName = shared.CleanName(p.LastName), shared.CleanName(p.FirstName), shared.CleanName(p.MiddleName)
	return p
}

// Validate checks the requisites after trimming them. Field errors carry
// the codes of package shared under the JSON names of the fields:
//   - name: required, at most MaxName characters (CodeTooLong);
//   - personalAcc, bic: required, exactly 20 and 9 digits; correspAcc:
//     required, at most 20 digits (CodeDigitsOnly for anything but digits,
//     CodeBadFormat for a wrong length);
//   - bankName: required (a name over MaxBankName is cut by Encode);
//   - sum, addAmount: when set, positive (CodeBadFormat) and at most 18
//     digits of kopecks (CodeTooLong);
//   - purpose: at most MaxPurpose characters;
//   - payeeInn, payerInn: a valid ИНН (shared.ValidateINN) of digits only;
//   - kpp: a valid КПП (shared.ValidateKPP) as written, upper-case, no
//     separators;
//   - cbc: 20 digits; oktmo: 8 or 11 digits;
//   - uin: a valid УИН (shared.ValidateUIN) of digits only;
//   - techCode: "01" to "15" (CodeBadFormat);
//   - lastName, firstName, middleName: shared.ValidateName, optional.
func (p Payment) Validate() error {
	p = p.trimmed()
	var f shared.Fields
	switch n := utf8.RuneCountInString(p.Name); {
	case n == 0:
		f.Add("name", shared.CodeRequired)
	case n > MaxName:
		f.Add("name", shared.CodeTooLong)
	}
	checkDigits(&f, "personalAcc", p.PersonalAcc, true, PersonalAccLen, PersonalAccLen)
	if p.BankName == "" {
		f.Add("bankName", shared.CodeRequired)
	}
	checkDigits(&f, "bic", p.BIC, true, BICLen, BICLen)
	checkDigits(&f, "correspAcc", p.CorrespAcc, true, 1, MaxCorrespAcc)

	checkAmount(&f, "sum", p.Sum)
	if utf8.RuneCountInString(p.Purpose) > MaxPurpose {
		f.Add("purpose", shared.CodeTooLong)
	}
	checkID(&f, "payeeInn", p.PayeeINN, shared.ValidateINN)
	checkID(&f, "payerInn", p.PayerINN, shared.ValidateINN)
	if p.KPP != "" {
		f.Check("kpp", shared.ValidateKPP(p.KPP))
		if p.KPP != shared.NormalizeKPP(p.KPP) {
			f.Add("kpp", shared.CodeKPPFormat)
		}
	}
	checkDigits(&f, "cbc", p.CBC, false, CBCLen, CBCLen)
	if checkDigits(&f, "oktmo", p.OKTMO, false, 8, 11) && len(p.OKTMO) != 8 && len(p.OKTMO) != 11 {
		f.Add("oktmo", shared.CodeBadFormat)
	}

	f.Check("lastName", shared.ValidateName(p.LastName, false))
	f.Check("firstName", shared.ValidateName(p.FirstName, false))
	f.Check("middleName", shared.ValidateName(p.MiddleName, false))
	checkAmount(&f, "addAmount", p.AddAmount)
	checkID(&f, "uin", p.UIN, shared.ValidateUIN)
	if p.TechCode != "" && !validTechCode(p.TechCode) {
		f.Add("techCode", shared.CodeBadFormat)
	}
	return f.Err()
}

// checkDigits records the error of a number requisite of min to max
// digits: CodeRequired when it is required and empty, CodeDigitsOnly when
// it holds anything but digits, CodeBadFormat when the length is wrong. It
// reports whether s is set and valid.
func checkDigits(f *shared.Fields, field, s string, required bool, min, max int) bool {
	switch {
	case s == "" && required:
		f.Add(field, shared.CodeRequired)
	case s == "":
	case !shared.AllDigits(s):
		f.Add(field, shared.CodeDigitsOnly)
	case len(s) < min || len(s) > max:
		f.Add(field, shared.CodeBadFormat)
	default:
		return true
	}
	return false
}

// checkID records the error of an optional identifier checked by validate
// (ИНН, УИН). The validators of package shared accept the separators a
// person types; a QR code carries the bare digits, so a value that passes
// with separators is CodeDigitsOnly.
func checkID(f *shared.Fields, field, s string, validate func(string) error) {
	if s == "" {
		return
	}
	if err := validate(s); err != nil {
		f.Check(field, err)
		return
	}
	if !shared.AllDigits(s) {
		f.Add(field, shared.CodeDigitsOnly)
	}
}

// maxAmount is the largest amount of MaxAmountDigit digits of kopecks.
const maxAmount shared.Kopecks = 999_999_999_999_999_999

// checkAmount records the error of an optional amount: zero is "not set".
func checkAmount(f *shared.Fields, field string, k shared.Kopecks) {
	switch {
	case k < 0:
		f.Add(field, shared.CodeBadFormat)
	case k > maxAmount:
		f.Add(field, shared.CodeTooLong)
	}
}

// validTechCode reports whether s is one of the technical codes of the
// standard, "01" to "15".
func validTechCode(s string) bool {
	if len(s) != 2 || !shared.AllDigits(s) {
		return false
	}
	n := int(s[0]-'0')*10 + int(s[1]-'0')
	return n >= 1 && n <= 15
}
