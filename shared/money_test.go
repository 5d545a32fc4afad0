package shared

import (
	"math"
	"testing"
)

func TestKopecksString(t *testing.T) {
	tests := []struct {
		name string
		k    Kopecks
		want string
	}{
		{"zero", 0, "0,00\u00a0₽"},
		{"kopecks only", 5, "0,05\u00a0₽"},
		{"thousands", 123456, "1\u00a0234,56\u00a0₽"},
		{"no separator under a thousand", 99999, "999,99\u00a0₽"},
		{"millions", 123456789000, "1\u00a0234\u00a0567\u00a0890,00\u00a0₽"},
		{"negative with a minus sign", -123456, "\u22121\u00a0234,56\u00a0₽"},
		{"largest", math.MaxInt64, "92\u00a0233\u00a0720\u00a0368\u00a0547\u00a0758,07\u00a0₽"},
		{"smallest", math.MinInt64, "\u221292\u00a0233\u00a0720\u00a0368\u00a0547\u00a0758,08\u00a0₽"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.k.String(); got != tt.want {
				t.Errorf("Kopecks(%d).String() = %q, want %q", int64(tt.k), got, tt.want)
			}
		})
	}
}

func TestFormatRubles(t *testing.T) {
	tests := []struct {
		name string
		k    Kopecks
		show bool
		want string
	}{
		{"whole without kopecks", Rubles(1234), false, "1\u00a0234\u00a0₽"},
		{"whole with kopecks", Rubles(1234), true, "1\u00a0234,00\u00a0₽"},
		{"kopecks kept when there are some", 123450, false, "1\u00a0234,50\u00a0₽"},
		{"negative whole", -Rubles(2000), false, "\u22122\u00a0000\u00a0₽"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FormatRubles(tt.k, tt.show); got != tt.want {
				t.Errorf("FormatRubles(%d, %v) = %q, want %q", int64(tt.k), tt.show, got, tt.want)
			}
		})
	}
}

func TestParseMoney(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Kopecks
		code Code
	}{
		{"whole", "1234", 123400, ""},
		{"space and one kopeck digit", "1 234,5", 123450, ""},
		{"point", "1234.56", 123456, ""},
		{"formatted with the ruble sign", "1\u00a0234,56\u00a0₽", 123456, ""},
		{"ruble sign after a plain space", "1 234,56 ₽", 123456, ""},
		{"thin spaces", "1\u2009234\u2009567", 123456700, ""},
		{"narrow no-break spaces", "1\u202f234", 123400, ""},
		{"zero", "0", 0, ""},
		{"kopecks", "0,07", 7, ""},
		{"leading zeros", "007", 700, ""},
		{"surrounding spaces", "  15  ", 1500, ""},
		{"largest", "92233720368547758,07", math.MaxInt64, ""},
		{"overflow by a kopeck", "92233720368547758,08", 0, CodeMoneyFormat},
		{"overflow in rubles", "922337203685477581", 0, CodeMoneyFormat},
		{"huge", "99999999999999999999999999", 0, CodeMoneyFormat},
		{"three kopeck digits", "1,234", 0, CodeMoneyFormat},
		{"negative", "-5", 0, CodeMoneyFormat},
		{"negative with a minus sign", "\u22125", 0, CodeMoneyFormat},
		{"plus", "+5", 0, CodeMoneyFormat},
		{"empty fraction", "5,", 0, CodeMoneyFormat},
		{"no rubles", ",50", 0, CodeMoneyFormat},
		{"two separators", "1,2,3", 0, CodeMoneyFormat},
		{"comma and point", "1.234,56", 0, CodeMoneyFormat},
		{"bad grouping", "12 34", 0, CodeMoneyFormat},
		{"double space", "1  234", 0, CodeMoneyFormat},
		{"long first group", "1234 567", 0, CodeMoneyFormat},
		{"letters", "12a", 0, CodeMoneyFormat},
		{"float notation", "1e3", 0, CodeMoneyFormat},
		{"empty", "", 0, CodeRequired},
		{"only the ruble sign", " ₽ ", 0, CodeRequired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseMoney(tt.in)
			wantCode(t, err, tt.code)
			if got != tt.want {
				t.Errorf("ParseMoney(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}
