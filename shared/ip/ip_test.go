package ip_test

import (
	"fmt"
	"testing"
	"time"

	"kabinet/shared"
	sharedip "kabinet/shared/ip"
)

func TestNumberMatchesTheVectors(t *testing.T) {
	// DOMAIN.md's valid ОГРНИП, rebuilt from their parts.
	for _, v := range []string{"385768585948949", "309565808600188", "304770000000031", "304770000000042"} {
		var year int
		for _, d := range v[1:3] {
			year = year*10 + int(d-'0')
		}
		var serial int64
		for _, d := range v[5:14] {
			serial = serial*10 + int64(d-'0')
		}
		got, err := sharedip.Number(v[0], 2000+year, v[3:5], serial)
		if err != nil || got != v {
			t.Errorf("Number(%s) = %s, %v", v, got, err)
		}
	}
}

func TestNumberCheckDigitRemaindersElevenAndTwelve(t *testing.T) {
	seen := map[int]bool{}
	for serial := int64(1); serial < 200 && len(seen) < 13; serial++ {
		n, err := sharedip.Number(sharedip.SignRegistration, 2026, "77", serial)
		if err != nil {
			t.Fatal(err)
		}
		if err := shared.ValidateOGRNIP(n); err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		var r int
		for _, d := range n[:14] {
			r = (r*10 + int(d-'0')) % 13
		}
		seen[r] = true
		if r >= 10 && n[14] != byte('0'+r%10) {
			t.Errorf("%s: remainder %d must give %d", n, r, r%10)
		}
	}
	if !seen[11] || !seen[12] {
		t.Errorf("remainders 11 and 12 not reached: %v", seen)
	}
	for _, bad := range []struct {
		sign   byte
		region string
		serial int64
	}{{'1', "77", 1}, {'3', "7", 1}, {'3', "77", 0}, {'3', "77", sharedip.MaxSerial + 1}} {
		if _, err := sharedip.Number(bad.sign, 2026, bad.region, bad.serial); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}

func TestValidOKVEDCode(t *testing.T) {
	for code, want := range map[string]bool{"62": true, "62.0": true, "62.01": true, "47.91.2": true, "01.11.11": true,
		"J": false, "6": false, "62.": false, "62.011": false, "62.01.11.1": false, "ab.cd": false, "": false} {
		if got := sharedip.ValidOKVEDCode(code); got != want {
			t.Errorf("%q: %v", code, got)
		}
	}
}

func fieldCodes(err error) map[string]shared.Code {
	out := map[string]shared.Code{}
	if e, ok := shared.AsError(err); ok {
		for k, v := range e.Fields {
			out[k] = v.Code
		}
	}
	return out
}

func TestRegistrationValidate(t *testing.T) {
	today := time.Date(2026, 12, 6, 0, 0, 0, 0, shared.Moscow)
	good := sharedip.Registration{LastName: "Иванов", FirstName: "Иван", BirthDate: "1985-03-14", BirthPlace: "г. Москва",
		INN: "123456789047", Passport: shared.Passport{Series: "4510", Number: "123456", IssuedOn: "2005-04-14",
			IssuedBy: "ГУ МВД России по г. Москве", DivisionCode: "770-001"},
		Address: sharedip.Address{Region: "77", Text: "г. Москва, ул. Тверская, д. 1, кв. 1"}, MainOKVED: "62.01",
		OtherOKVED: []string{"62.02"}, Regime: sharedip.RegimeUSN6, Email: "ivan@example.ru", Phone: "+79000000001",
		PassportScan: "5f0c9a52-4d0e-4b1e-9f7a-2a4c1e0b7d11"}
	if err := good.Validate(true, today); err != nil {
		t.Fatalf("good: %v", err)
	}
	if err := (sharedip.Registration{}).Validate(false, today); err != nil {
		t.Errorf("an empty draft is fine: %v", err)
	}
	tests := []struct {
		name   string
		change func(*sharedip.Registration)
		field  string
		code   shared.Code
	}{
		{"no last name", func(r *sharedip.Registration) { r.LastName = "" }, "lastName", shared.CodeRequired},
		{"no passport scan", func(r *sharedip.Registration) { r.PassportScan = "" }, "passportScan", shared.CodeRequired},
		{"inn checksum", func(r *sharedip.Registration) { r.INN = "123456789048" }, "inn", shared.CodeINNChecksum},
		{"no birth place", func(r *sharedip.Registration) { r.BirthPlace = " " }, "birthPlace", shared.CodeRequired},
		{"region", func(r *sharedip.Registration) { r.Address.Region = "7" }, "address.region", sharedip.CodeRegionFormat},
		{"no main code", func(r *sharedip.Registration) { r.MainOKVED = "" }, "mainOkved", shared.CodeRequired},
		{"bad main code", func(r *sharedip.Registration) { r.MainOKVED = "J" }, "mainOkved", sharedip.CodeOKVEDFormat},
		{"main among others", func(r *sharedip.Registration) { r.OtherOKVED = []string{"62.01"} }, "otherOkved.0", sharedip.CodeOKVEDTwice},
		{"twice", func(r *sharedip.Registration) { r.OtherOKVED = []string{"62.02", "62.02"} }, "otherOkved.1", sharedip.CodeOKVEDTwice},
		{"regime", func(r *sharedip.Registration) { r.Regime = "usn7" }, "regime", sharedip.CodeRegimeUnknown},
		{"passport", func(r *sharedip.Registration) { r.Passport.Series = "45" }, "passport.series", shared.CodePassportSeries},
		{"no passport", func(r *sharedip.Registration) { r.Passport = shared.Passport{} }, "passport.number", shared.CodeRequired},
		{"e-mail", func(r *sharedip.Registration) { r.Email = "ivan" }, "email", shared.CodeEmailFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := good
			r.OtherOKVED = append([]string(nil), good.OtherOKVED...)
			tt.change(&r)
			if got := fieldCodes(r.Validate(true, today)); got[tt.field] != tt.code {
				t.Errorf("fields %v, want %s: %s", got, tt.field, tt.code)
			}
		})
	}
	// A draft is checked only where it has something.
	if got := fieldCodes((sharedip.Registration{INN: "1"}).Validate(false, today)); len(got) != 1 || got["inn"] == "" {
		t.Errorf("draft: %v", got)
	}
}

func TestChangeAndClosureValidate(t *testing.T) {
	today := time.Date(2026, 12, 6, 0, 0, 0, 0, shared.Moscow)
	if got := fieldCodes((sharedip.Change{}).Validate(true, today)); got["changes"] != sharedip.CodeNoChanges {
		t.Errorf("no change: %v", got)
	}
	if err := (sharedip.Change{AddOKVED: []string{"73.11"}}).Validate(true, today); err != nil {
		t.Errorf("add a code: %v", err)
	}
	if got := fieldCodes((sharedip.Change{AddOKVED: []string{"73.11"}, RemoveOKVED: []string{"73.11"}}).Validate(true, today)); got["removeOkved.0"] != sharedip.CodeOKVEDTwice {
		t.Errorf("add and remove: %v", got)
	}
	if got := fieldCodes((sharedip.Change{Address: &sharedip.Address{Region: "77"}}).Validate(true, today)); got["address.text"] != shared.CodeRequired {
		t.Errorf("address: %v", got)
	}
	// A body of tens of thousands of codes is one error, not one per code
	// (the check was quadratic: ~12 s of a core for 95 000 codes).
	many := make([]string, 95_000)
	for i := range many {
		many[i] = fmt.Sprintf("%02d.%02d.%02d", i/10000%100, i/100%100, i%100)
	}
	for _, c := range []sharedip.Change{{AddOKVED: many}, {RemoveOKVED: many}, {AddOKVED: many[:sharedip.MaxOKVED+1]}} {
		got := fieldCodes(c.Validate(false, today))
		if len(got) != 1 || (got["addOkved"] != sharedip.CodeOKVEDTooMany && got["removeOkved"] != sharedip.CodeOKVEDTooMany) {
			t.Errorf("%d codes to add, %d to remove: %d errors, %v…", len(c.AddOKVED), len(c.RemoveOKVED), len(got), got["addOkved"])
		}
	}
	if got := fieldCodes((sharedip.Registration{OtherOKVED: many[:sharedip.MaxOKVED]}).Validate(false, today)); got["otherOkved"] != sharedip.CodeOKVEDTooMany || got["otherOkved.0"] != "" {
		t.Errorf("a Р21001 of %d other codes: %v", sharedip.MaxOKVED, got["otherOkved"])
	}
	if got := fieldCodes((sharedip.Closure{}).Validate(true, today)); got["acknowledged"] != sharedip.CodeNotAcknowledged {
		t.Errorf("closure: %v", got)
	}
	if got := fieldCodes((sharedip.DecisionRequest{Reason: "whim", Text: "x"}).Validate(true)); got["reason"] != sharedip.CodeRefusalReason {
		t.Errorf("refusal: %v", got)
	}
	if got := fieldCodes((sharedip.DecisionRequest{}).Validate(false)); got["text"] != shared.CodeRequired {
		t.Errorf("additions: %v", got)
	}
}

// The validators take whatever a browser sends: they never panic, and
// what they accept as a code has the code's shape.
func FuzzValidate(f *testing.F) {
	f.Add("62.01", "Иванов", "77", "usn6", "123456789047")
	f.Add("62..", "", "7", "x", "1")
	f.Add("99.99.99", "Анна-Мария", "00", "npd", "561100409545")
	today := time.Date(2026, 12, 6, 0, 0, 0, 0, shared.Moscow)
	f.Fuzz(func(t *testing.T, code, name, region, regime, inn string) {
		if sharedip.ValidOKVEDCode(code) && (len(code) < 2 || len(code) > 8) {
			t.Errorf("%q accepted", code)
		}
		r := sharedip.Registration{LastName: name, MainOKVED: code, OtherOKVED: []string{code, name}, Address: sharedip.Address{Region: region, Text: name},
			Regime: regime, INN: inn}
		_ = r.Validate(false, today)
		_ = r.Validate(true, today)
		c := sharedip.Change{AddOKVED: []string{code}, RemoveOKVED: []string{name}, MainOKVED: code, Address: &sharedip.Address{Region: region}}
		_ = c.Validate(true, today)
	})
}
