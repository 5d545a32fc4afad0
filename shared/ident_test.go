package shared

import (
	"strconv"
	"testing"
)

func TestValidateINN(t *testing.T) {
	runVectors(t, ValidateINN, []vector{
		{"org 7707083893", "7707083893", ""},
		{"org 5504036333", "5504036333", ""},
		{"org 7707280242", "7707280242", ""},
		{"person 561100409545", "561100409545", ""},
		{"person 123456789047", "123456789047", ""},
		{"with spaces and dashes", " 7707-083 893 ", ""},
		{"invalid 7707083894", "7707083894", CodeINNChecksum},
		{"person first check digit wrong", "561100409555", CodeINNChecksum},
		{"person second check digit wrong", "561100409546", CodeINNChecksum},
		{"empty", "", CodeRequired},
		{"only separators", " - ", CodeRequired},
		{"letters", "77070838O3", CodeINNDigits},
		{"11 digits", "77070838931", CodeINNLength},
		{"9 digits", "770708389", CodeINNLength},
	})
}

func TestValidatePersonINN(t *testing.T) {
	runVectors(t, ValidatePersonINN, []vector{
		{"561100409545", "561100409545", ""},
		{"123456789047", "123456789047", ""},
		{"organisation's 7707083893", "7707083893", CodeINNPerson},
		{"11 digits", "56110040954", CodeINNPerson},
		{"checksum", "123456789048", CodeINNChecksum},
		{"empty", "", CodeRequired},
		{"letters", "12345678904x", CodeINNDigits},
	})
}

func TestValidateOrgINN(t *testing.T) {
	runVectors(t, ValidateOrgINN, []vector{
		{"7707083893", "7707083893", ""},
		{"5504036333", "5504036333", ""},
		{"person's 561100409545", "561100409545", CodeINNOrg},
		{"checksum 7707083894", "7707083894", CodeINNChecksum},
		{"empty", "", CodeRequired},
	})
}

func TestValidateOGRN(t *testing.T) {
	runVectors(t, ValidateOGRN, []vector{
		{"1022200525819", "1022200525819", ""},
		{"1022500001325", "1022500001325", ""},
		{"1027739180600", "1027739180600", ""},
		{"invalid 1022500001328", "1022500001328", CodeOGRNChecksum},
		{"12 digits", "102220052581", CodeOGRNLength},
		{"letters", "10222005258l9", CodeDigitsOnly},
		{"empty", "", CodeRequired},
	})
}

func TestValidateOGRNIP(t *testing.T) {
	runVectors(t, ValidateOGRNIP, []vector{
		{"385768585948949", "385768585948949", ""},
		{"309565808600188", "309565808600188", ""},
		{"remainder 11 gives 1: 304770000000031", "304770000000031", ""},
		{"remainder 12 gives 2: 304770000000042", "304770000000042", ""},
		{"remainder 11 is not 11 mod 10 wrongly taken as 0", "304770000000030", CodeOGRNIPChecksm},
		{"checksum", "385768585948948", CodeOGRNIPChecksm},
		{"13 digits is an OGRN", "1022200525819", CodeOGRNIPLength},
		{"empty", "", CodeRequired},
	})
}

func TestValidateKPP(t *testing.T) {
	runVectors(t, ValidateKPP, []vector{
		{"digits", "773601001", ""},
		{"letters in 5-6", "7736AB001", ""},
		{"lower-case letters", "7736ab001", ""},
		{"letter in position 1", "A73601001", CodeKPPFormat},
		{"letter in position 7", "77360100A", CodeKPPFormat},
		{"Cyrillic letter", "7736АБ001", CodeKPPFormat},
		{"8 chars", "77360100", CodeKPPFormat},
		{"empty", "", CodeRequired},
	})
}

func TestValidateSNILS(t *testing.T) {
	runVectors(t, ValidateSNILS, []vector{
		{"formatted 112-233-445 95", "112-233-445 95", ""},
		{"formatted 010-242-368 77", "010-242-368 77", ""},
		{"digits", "11223344595", ""},
		{"sum 100 gives 00", "002-506-816 00", ""},
		{"sum 100 with check 100 is wrong", "002-506-816 10", CodeSNILSChecksum},
		{"no check up to 001-001-998", "001-001-998 12", ""},
		{"check from 001-001-999", "001-001-999 12", CodeSNILSChecksum},
		{"wrong check", "112-233-445 96", CodeSNILSChecksum},
		{"10 digits", "112-233-445 9", CodeSNILSLength},
		{"letters", "112-233-445 9O", CodeDigitsOnly},
		{"empty", "", CodeRequired},
	})
}

func TestSNILSCheckRule(t *testing.T) {
	// S = Σ dᵢ·(9−i); S < 100 → S; 100 or 101 → 00; S > 101 → S mod 101,
	// where 100 again gives 00.
	tests := []struct {
		name   string
		first9 string
		want   int
	}{
		{"sum 95 as is", "112233445", 95},
		{"sum 99 as is", "002118785", 99},
		{"sum 100 gives 00", "002506816", 0},
		{"sum 101 gives 00", "002229651", 0},
		{"sum 102 gives 1", "002158380", 1},
		{"sum 201 mod 101 is 100, gives 00", "007994683", 0},
		{"sum 202 mod 101 is 0", "007875898", 0},
		{"sum 405 mod 101 is 1", "999999999", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := snilsCheck(tt.first9 + "00"); got != tt.want {
				t.Errorf("check(%s) = %d, want %d", tt.first9, got, tt.want)
			}
		})
	}
}

func TestNormalizeAndFormatSNILS(t *testing.T) {
	tests := []struct{ name, in, norm, formatted string }{
		{"formatted", "112-233-445 95", "11223344595", "112-233-445 95"},
		{"digits", "11223344595", "11223344595", "112-233-445 95"},
		{"spaces", " 112 233 445 95 ", "11223344595", "112-233-445 95"},
		{"too short stays", "1122", "1122", "1122"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NormalizeSNILS(tt.in); got != tt.norm {
				t.Errorf("NormalizeSNILS(%q) = %q, want %q", tt.in, got, tt.norm)
			}
			if got := FormatSNILS(tt.in); got != tt.formatted {
				t.Errorf("FormatSNILS(%q) = %q, want %q", tt.in, got, tt.formatted)
			}
		})
	}
}

func TestUINCheckDigit(t *testing.T) {
	tests := []struct {
		name  string
		first string
		want  int
	}{
		// 1·1+8·2+8·3+2·4+0·5+1·6+0·7+1·8+0·9+1·10 + 0·1+1·2+2·3+3·4+4·5+5·6+6·7+7·8+8·9 = 313; 313 mod 11 = 5
		{"first pass", "1882010101012345678", 5},
		{"second pass with weights from 3", "1882010101012345605", 2},
		{"both passes 10 gives 0", "1882010101012345748", 0},
		{"25-digit: over the first 24", "188201010101234567890123", 5},
		{"not digits", "18820101010123456x8", -1},
		{"empty", "", -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := UINCheckDigit(tt.first); got != tt.want {
				t.Errorf("UINCheckDigit(%q) = %d, want %d", tt.first, got, tt.want)
			}
		})
	}
}

func TestValidateNoticeUIN(t *testing.T) {
	uin := "1820000000000000001" + strconv.Itoa(UINCheckDigit("1820000000000000001"))
	typo := uin[:19] + strconv.Itoa((int(uin[19]-'0')+1)%10)
	if ValidateNoticeUIN(uin) != nil || ErrorCode(ValidateNoticeUIN("0")) != CodeNoticeUIN || ErrorCode(ValidateNoticeUIN("123")) != CodeNoticeUIN ||
		ErrorCode(ValidateNoticeUIN(typo)) != CodeUINChecksum {
		t.Fatalf("%v %v %v %v", ValidateNoticeUIN(uin), ValidateNoticeUIN("0"), ValidateNoticeUIN("123"), ValidateNoticeUIN(typo))
	}
}

func TestValidateUIN(t *testing.T) {
	runVectors(t, ValidateUIN, []vector{
		{"zero for ЕНП", "0", ""},
		{"20 digits", "18820101010123456785", ""},
		{"20 digits second pass", "18820101010123456052", ""},
		{"20 digits both passes 10", "18820101010123457480", ""},
		{"25 digits", "1882010101012345678901235", ""},
		{"wrong check", "18820101010123456786", CodeUINChecksum},
		{"25 digits wrong check", "1882010101012345678901234", CodeUINChecksum},
		{"all zeros 20", "00000000000000000000", CodeUINFormat},
		{"all zeros 25", "0000000000000000000000000", CodeUINFormat},
		{"00", "00", CodeUINFormat},
		{"19 digits", "1882010101012345678", CodeUINFormat},
		{"letters", "1882010101012345678A", CodeUINFormat},
		{"empty", "", CodeRequired},
	})
}

func TestDigits(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"spaces and dashes", "112-233-445 95", "11223344595"},
		{"parentheses", "+7 (912) 345-67-89", "+79123456789"},
		{"no-break and thin spaces, en dash", "12\u00a034\u200956–78", "12345678"},
		{"letters kept", "77O7", "77O7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Digits(tt.in); got != tt.want {
				t.Errorf("Digits(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// The "mod 11 mod 10" check digit cannot catch every one-digit typo: when a
// sum leaves 10 (check digit 0) and the typo makes it leave 0, both pass.
// The fuzz target FuzzValidateINN allows exactly this case.
func TestINNCheckDigitBlindSpot(t *testing.T) {
	for _, inn := range []string{"7707083830", "2707083830"} {
		t.Run(inn, func(t *testing.T) { wantCode(t, ValidateINN(inn), "") })
	}
	if !innCollision("7707083830", "2707083830") {
		t.Error("innCollision does not recognise the blind spot")
	}
}
