package shared

import (
	"math"
	"strings"
	"unicode"
)

// Kopecks is an amount of money in kopecks. Money is never a float.
type Kopecks int64

// Rubles returns the amount of whole rubles as kopecks.
func Rubles(r int64) Kopecks { return Kopecks(r * 100) }

// Typographic characters of Russian amounts.
const (
	nbsp      = "\u00a0" // between thousands and before the ruble sign
	minusSign = "\u2212"
	rubleSign = "₽"
)

// String writes the amount the Russian way: "1 234,56 ₽" with no-break
// spaces, "−1 234,56 ₽" for a negative amount.
func (k Kopecks) String() string { return FormatRubles(k, true) }

// FormatRubles writes the amount like String; without showKopecks it drops
// ",00" from whole amounts ("1 234 ₽") but keeps kopecks that are there.
func FormatRubles(k Kopecks, showKopecks bool) string {
	var b strings.Builder
	u := uint64(k) // two's complement: exact for math.MinInt64 too
	if k < 0 {
		b.WriteString(minusSign)
		u = -u
	}
	rub, kop := u/100, u%100
	writeGrouped(&b, rub)
	if showKopecks || kop != 0 {
		b.WriteByte(',')
		b.WriteByte(byte('0' + kop/10))
		b.WriteByte(byte('0' + kop%10))
	}
	b.WriteString(nbsp + rubleSign)
	return b.String()
}

// writeGrouped writes n with a no-break space between groups of three digits.
func writeGrouped(b *strings.Builder, n uint64) {
	var digits [20]byte
	i := len(digits)
	for {
		i--
		digits[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	s := digits[i:]
	for j, c := range s {
		if j > 0 && (len(s)-j)%3 == 0 {
			b.WriteString(nbsp)
		}
		b.WriteByte(c)
	}
}

// isGroupSpace reports whether r may separate thousands: a space, a no-break
// space, a thin space or a narrow no-break space.
func isGroupSpace(r rune) bool {
	return r == ' ' || r == '\u00a0' || r == '\u2009' || r == '\u202f'
}

// ParseMoney reads an amount a person typed: "1234", "1 234,5", "1234.56",
// "1 234,56 ₽" (spaces, no-break or thin spaces between thousands; a comma or
// a point before the kopecks). Negative amounts, more than two digits of
// kopecks, misplaced separators and amounts beyond the int64 range give
// CodeMoneyFormat; an empty string gives CodeRequired.
func ParseMoney(s string) (Kopecks, error) {
	s = strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) })
	s = strings.TrimSuffix(s, rubleSign)
	s = strings.TrimRightFunc(s, isGroupSpace)
	if s == "" {
		return 0, E(CodeRequired)
	}
	intPart, frac, hasFrac := strings.Cut(s, ",")
	if !hasFrac {
		intPart, frac, hasFrac = strings.Cut(s, ".")
	}
	rub, ok := parseGrouped(intPart)
	if !ok || hasFrac && (len(frac) == 0 || len(frac) > 2 || !AllDigits(frac)) {
		return 0, E(CodeMoneyFormat)
	}
	var kop uint64
	if hasFrac {
		kop = uint64(frac[0] - '0')
		if len(frac) == 2 {
			kop = kop*10 + uint64(frac[1]-'0')
		} else {
			kop *= 10
		}
	}
	if rub > (math.MaxInt64-kop)/100 {
		return 0, E(CodeMoneyFormat)
	}
	return Kopecks(rub*100 + kop), nil
}

// parseGrouped reads whole rubles: digits, optionally in groups of three
// separated by single spaces ("1 234 567"). It fails past the int64 range.
func parseGrouped(s string) (uint64, bool) {
	if s == "" {
		return 0, false
	}
	var groups []string
	if strings.IndexFunc(s, isGroupSpace) >= 0 {
		groups = strings.FieldsFunc(s, isGroupSpace)
		if len(strings.Join(groups, "")) == 0 {
			return 0, false
		}
		// Exactly one separator between groups, none at the ends.
		if strings.TrimFunc(s, isGroupSpace) != s || countFunc(s, isGroupSpace) != len(groups)-1 {
			return 0, false
		}
		for i, g := range groups {
			if len(g) != 3 && (i > 0 || len(g) > 3) {
				return 0, false
			}
		}
	} else {
		groups = []string{s}
	}
	var n uint64
	for _, g := range groups {
		if !AllDigits(g) {
			return 0, false
		}
		for i := 0; i < len(g); i++ {
			d := uint64(g[i] - '0')
			if n > (math.MaxInt64-d)/10 {
				return 0, false
			}
			n = n*10 + d
		}
	}
	return n, true
}

func countFunc(s string, f func(rune) bool) int {
	n := 0
	for _, r := range s {
		if f(r) {
			n++
		}
	}
	return n
}
