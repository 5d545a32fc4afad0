package shared

import (
	"strings"
	"unicode"
)

// Russian identifiers (DOMAIN.md §1). A valid check digit does not prove
// that the number exists: the registry lookup does that. The validators
// accept what a person types (spaces, dashes, parentheses) and report the
// first problem as a *Error with a field code.

// Digits removes the separators a person may type inside a number — spaces
// of any kind, dashes and parentheses — and keeps everything else, so that a
// letter left in the result can be reported.
func Digits(s string) string {
	return strings.Map(func(r rune) rune {
		if isSeparator(r) {
			return -1
		}
		return r
	}, s)
}

func isSeparator(r rune) bool {
	switch r {
	case '-', '(', ')', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212':
		return true
	}
	return unicode.IsSpace(r)
}

// AllDigits reports whether s is non-empty and holds ASCII digits only.
func AllDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// weighted returns Σ wᵢ·dᵢ over the digits of s paired with the weights.
func weighted(s string, w []int) int {
	sum := 0
	for i, k := range w {
		sum += int(s[i]-'0') * k
	}
	return sum
}

// mod returns the number written by the digits of s modulo m.
func mod(s string, m int) int {
	r := 0
	for i := 0; i < len(s); i++ {
		r = (r*10 + int(s[i]-'0')) % m
	}
	return r
}

var (
	innWeights10 = []int{2, 4, 10, 3, 5, 9, 4, 6, 8}
	innWeights11 = []int{7, 2, 4, 10, 3, 5, 9, 4, 6, 8}
	innWeights12 = []int{3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8}
)

// digitsOf strips separators and checks that what is left is digits only:
// empty gives CodeRequired, anything but digits gives bad.
func digitsOf(s string, bad Code) (string, error) {
	d := Digits(s)
	if d == "" {
		return "", E(CodeRequired)
	}
	if !AllDigits(d) {
		return "", E(bad)
	}
	return d, nil
}

// innChecksumOK checks the check digits of a 10- or 12-digit ИНН.
func innChecksumOK(d string) bool {
	switch len(d) {
	case 10:
		return weighted(d, innWeights10)%11%10 == int(d[9]-'0')
	case 12:
		return weighted(d, innWeights11)%11%10 == int(d[10]-'0') &&
			weighted(d, innWeights12)%11%10 == int(d[11]-'0')
	}
	return false
}

// ValidateINN checks an ИНН of an organisation (10 digits) or of a person
// or ИП (12 digits).
func ValidateINN(s string) error {
	d, err := digitsOf(s, CodeINNDigits)
	if err != nil {
		return err
	}
	if len(d) != 10 && len(d) != 12 {
		return E(CodeINNLength)
	}
	if !innChecksumOK(d) {
		return E(CodeINNChecksum)
	}
	return nil
}

// ValidatePersonINN checks the ИНН of a person or an ИП: 12 digits.
func ValidatePersonINN(s string) error {
	d, err := digitsOf(s, CodeINNDigits)
	if err != nil {
		return err
	}
	if len(d) != 12 {
		return E(CodeINNPerson)
	}
	if !innChecksumOK(d) {
		return E(CodeINNChecksum)
	}
	return nil
}

// ValidateOrgINN checks the ИНН of an organisation: 10 digits.
func ValidateOrgINN(s string) error {
	d, err := digitsOf(s, CodeINNDigits)
	if err != nil {
		return err
	}
	if len(d) != 10 {
		return E(CodeINNOrg)
	}
	if !innChecksumOK(d) {
		return E(CodeINNChecksum)
	}
	return nil
}

// ValidateOGRN checks an ОГРН: 13 digits, the last one being the first 12
// as a number mod 11, mod 10.
func ValidateOGRN(s string) error {
	d, err := digitsOf(s, CodeDigitsOnly)
	if err != nil {
		return err
	}
	if len(d) != 13 {
		return E(CodeOGRNLength)
	}
	if mod(d[:12], 11)%10 != int(d[12]-'0') {
		return E(CodeOGRNChecksum)
	}
	return nil
}

// ValidateOGRNIP checks an ОГРНИП: 15 digits, the last one being the first
// 14 as a number mod 13, mod 10 (so remainders 11 and 12 give 1 and 2).
func ValidateOGRNIP(s string) error {
	d, err := digitsOf(s, CodeDigitsOnly)
	if err != nil {
		return err
	}
	if len(d) != 15 {
		return E(CodeOGRNIPLength)
	}
	if mod(d[:14], 13)%10 != int(d[14]-'0') {
		return E(CodeOGRNIPChecksm)
	}
	return nil
}

// NormalizeKPP removes separators and upper-cases the letters of a КПП.
func NormalizeKPP(s string) string { return strings.ToUpper(Digits(s)) }

// ValidateKPP checks a КПП: four digits, two digits or capital Latin
// letters, three digits. It has no check digit. Lower-case letters are
// accepted (NormalizeKPP upper-cases them).
func ValidateKPP(s string) error {
	k := NormalizeKPP(s)
	if k == "" {
		return E(CodeRequired)
	}
	if len(k) != 9 {
		return E(CodeKPPFormat)
	}
	for i := 0; i < 9; i++ {
		c := k[i]
		ok := c >= '0' && c <= '9' || (i == 4 || i == 5) && c >= 'A' && c <= 'Z'
		if !ok {
			return E(CodeKPPFormat)
		}
	}
	return nil
}

// snilsNoCheck is the largest СНИЛС (first nine digits) issued without a
// meaningful check number.
const snilsNoCheck = 1001998

// NormalizeSNILS returns the СНИЛС with separators removed ("11223344595").
func NormalizeSNILS(s string) string { return Digits(s) }

// FormatSNILS writes 11 digits as "112-233-445 95"; anything else is
// returned unchanged.
func FormatSNILS(digits string) string {
	d := Digits(digits)
	if len(d) != 11 || !AllDigits(d) {
		return digits
	}
	return d[0:3] + "-" + d[3:6] + "-" + d[6:9] + " " + d[9:11]
}

// snilsCheck returns the check number of the first nine digits of a СНИЛС.
func snilsCheck(d string) int {
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(d[i]-'0') * (9 - i)
	}
	for sum > 101 {
		sum %= 101
	}
	if sum == 100 || sum == 101 {
		return 0
	}
	return sum
}

// ValidateSNILS checks a СНИЛС given as "112-233-445 95" or 11 digits.
// Numbers up to 001-001-998 carry no check.
func ValidateSNILS(s string) error {
	d, err := digitsOf(s, CodeDigitsOnly)
	if err != nil {
		return err
	}
	if len(d) != 11 {
		return E(CodeSNILSLength)
	}
	if mod(d[:9], 1_000_000_000) <= snilsNoCheck {
		return nil
	}
	if snilsCheck(d) != 10*int(d[9]-'0')+int(d[10]-'0') {
		return E(CodeSNILSChecksum)
	}
	return nil
}

// UINCheckDigit returns the check digit of a УИН from its first 19 (or 24)
// digits: weights 1..10 cycling, sum mod 11; when that is 10, again with the
// weights shifted by two (3..10, 1, 2, …); when still 10 the digit is 0.
// It returns -1 when the input is not digits only.
func UINCheckDigit(first19or24 string) int {
	if !AllDigits(first19or24) {
		return -1
	}
	for _, shift := range []int{0, 2} {
		sum := 0
		for i := 0; i < len(first19or24); i++ {
			sum += int(first19or24[i]-'0') * ((i+shift)%10 + 1)
		}
		if r := sum % 11; r < 10 {
			return r
		}
	}
	return 0
}

// ValidateNoticeUIN checks the УИН of a notice: one of 20 or 25 digits;
// "0" (a payment to the ЕНП without a notice) names none. Its own code
// for the format, as the text of CodeUINFormat offers the "0".
func ValidateNoticeUIN(s string) error {
	if s == "0" {
		return E(CodeNoticeUIN)
	}
	err := ValidateUIN(s)
	if ErrorCode(err) == CodeUINFormat {
		return E(CodeNoticeUIN)
	}
	return err
}

// ValidateUIN checks a УИН (payment identifier): "0", or 20 or 25 digits
// that are not all zeros and end with the check digit of the rest.
func ValidateUIN(s string) error {
	d, err := digitsOf(s, CodeUINFormat)
	if err != nil {
		return err
	}
	if d == "0" {
		return nil
	}
	if len(d) != 20 && len(d) != 25 || strings.Trim(d, "0") == "" {
		return E(CodeUINFormat)
	}
	if UINCheckDigit(d[:len(d)-1]) != int(d[len(d)-1]-'0') {
		return E(CodeUINChecksum)
	}
	return nil
}
