package shared

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func validPassport() Passport {
	return Passport{
		Series:       "4510",
		Number:       "123456",
		IssuedOn:     "2010-06-01",
		IssuedBy:     "ОВД района Хамовники г. Москвы",
		DivisionCode: "770-001",
	}
}

func TestValidatePassport(t *testing.T) {
	today := time.Date(2026, 11, 23, 12, 0, 0, 0, Moscow)
	const birth = "1990-05-17"
	with := func(change func(p *Passport)) Passport {
		p := validPassport()
		change(&p)
		return p
	}
	tests := []struct {
		name  string
		p     Passport
		birth string
		want  Fields
	}{
		{"valid", validPassport(), birth, nil},
		{"not given", Passport{}, birth, nil},
		{"only spaces is not given", Passport{Series: " ", IssuedBy: "  "}, birth, nil},
		{"typed with spaces, division code as six digits", with(func(p *Passport) {
			p.Series, p.Number, p.DivisionCode = "45 10", "123 456", "770001"
		}), birth, nil},
		{"partly filled", Passport{Series: "4510"}, birth, Fields{
			"passport.number":       {Code: CodeRequired},
			"passport.issuedOn":     {Code: CodeRequired},
			"passport.issuedBy":     {Code: CodeRequired},
			"passport.divisionCode": {Code: CodeRequired},
		}},
		{"bad series and number", with(func(p *Passport) { p.Series, p.Number = "451", "12345x" }), birth, Fields{
			"passport.series": {Code: CodePassportSeries},
			"passport.number": {Code: CodePassportNumber},
		}},
		{"bad division code", with(func(p *Passport) { p.DivisionCode = "77O-001" }), birth, Fields{
			"passport.divisionCode": {Code: CodePassportDivision},
		}},
		{"division code too short", with(func(p *Passport) { p.DivisionCode = "77000" }), birth, Fields{
			"passport.divisionCode": {Code: CodePassportDivision},
		}},
		{"issued in the future", with(func(p *Passport) { p.IssuedOn = "2026-11-24" }), birth, Fields{
			"passport.issuedOn": {Code: CodeDateFuture},
		}},
		{"issued before the 14th birthday", with(func(p *Passport) { p.IssuedOn = "2004-05-16" }), birth, Fields{
			"passport.issuedOn": {Code: CodePassportIssue},
		}},
		{"issued on the 14th birthday", with(func(p *Passport) { p.IssuedOn = "2004-05-17" }), birth, nil},
		{"birth date unknown: no age check", with(func(p *Passport) { p.IssuedOn = "2004-05-16" }), "", nil},
		{"bad issue date", with(func(p *Passport) { p.IssuedOn = "2010-02-30" }), birth, Fields{
			"passport.issuedOn": {Code: CodeBadDate},
		}},
		{"issued by too long", with(func(p *Passport) { p.IssuedBy = strings.Repeat("я", 201) }), birth, Fields{
			"passport.issuedBy": {Code: CodeTooLong},
		}},
		{"issued by with a control character", with(func(p *Passport) { p.IssuedBy = "ОВД\x00" }), birth, Fields{
			"passport.issuedBy": {Code: CodeBadChars},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ValidatePassport(tt.p, tt.birth, today)
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("ValidatePassport (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPassportNormalize(t *testing.T) {
	p := Passport{Series: " 45 10", Number: "123-456", IssuedOn: "01.06.2010", IssuedBy: "  ОВД   района ", DivisionCode: "770 001"}
	p.Normalize()
	want := Passport{Series: "4510", Number: "123456", IssuedOn: "2010-06-01", IssuedBy: "ОВД района", DivisionCode: "770-001"}
	if diff := cmp.Diff(want, p); diff != "" {
		t.Errorf("Normalize (-want +got):\n%s", diff)
	}
}

func TestPassportExpired(t *testing.T) {
	const birth = "1990-05-17" // 20 on 2010-05-17, 45 on 2035-05-17
	tests := []struct {
		name     string
		issuedOn string
		today    string
		want     bool
	}{
		{"issued at 14, before 20", "2004-06-01", "2010-05-01", false},
		{"issued at 14, on the 20th birthday", "2004-06-01", "2010-05-17", false},
		{"issued at 14, 90 days after 20", "2004-06-01", "2010-08-15", false},
		{"issued at 14, 91 days after 20", "2004-06-01", "2010-08-16", true},
		{"issued at 20, years later", "2010-06-01", "2026-11-23", false},
		{"issued at 20, 91 days after 45", "2010-06-01", "2035-08-16", true},
		{"issued after 45, never", "2035-06-01", "2070-01-01", false},
		{"issued on the 20th birthday is the new one", "2010-05-17", "2011-01-01", false},
		{"unparsable dates", "2010-13-01", "2026-11-23", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PassportExpired(birth, tt.issuedOn, day(tt.today)); got != tt.want {
				t.Errorf("PassportExpired(%s, %s, %s) = %v, want %v", birth, tt.issuedOn, tt.today, got, tt.want)
			}
		})
	}
}
