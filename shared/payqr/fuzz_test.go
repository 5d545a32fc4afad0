package payqr

import (
	"testing"
)

// FuzzParse feeds Parse outside input, as a scanned QR code is. Run it with
//
//	go test ./shared/payqr -run='^$' -fuzz=FuzzParse -fuzztime=30s
//
// Parse must not panic, and a payload it reads into a valid payment must
// encode to one that reads back to the same encoding.
func FuzzParse(f *testing.F) {
	p := enp()
	golden, err := p.Encode()
	if err != nil {
		f.Fatal(err)
	}
	p.Purpose = "a|b~c"
	fallback, err := p.Encode()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{golden, fallback, "", "ST00012", "ST00012|", "ST00012|Name", "ST00011|Name=x",
		"ST00012§Name=x§Sum=12", "ST00012|Sum=999999999999999999|AddAmount=0", "ST00012|name=a|NAME=b", "ST00012\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Parse(s)
		if err != nil || p.Validate() != nil {
			return
		}
		first, err := p.Encode()
		if err != nil {
			return // ErrNoSeparator: every separator occurs in the values
		}
		q, err := Parse(first)
		if err != nil {
			t.Fatalf("Parse(%q): %v", first, err)
		}
		if err := q.Validate(); err != nil {
			t.Fatalf("Encode wrote %q, which reads back invalid: %v", first, err)
		}
		second, err := q.Encode()
		if err != nil || second != first {
			t.Fatalf("Encode(Parse(%q)) = %q, %v; want it unchanged", first, second, err)
		}
	})
}
