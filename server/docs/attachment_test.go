package docs

import (
	"mime"
	"testing"
)

// A browser that reads only filename= saved «Справка о доходах.pdf» as
// «_______ _ _______.pdf»; it must get a readable Latin name, and a
// modern one the exact Russian name back from filename*.
func TestAttachmentNames(t *testing.T) {
	for _, tc := range []struct{ name, ascii string }{
		{"Справка о доходах за 2026 год.pdf", "Spravka o dokhodakh za 2026 god.pdf"},
		{"Чек 20abc1.pdf", "Chek 20abc1.pdf"},
		{"Платёжный документ ЕНП.pdf", "Platezhnyi dokument ENP.pdf"},
		{"Чеки и доход; итоги, «2026».xlsx", "Cheki i dokhod; itogi, 2026.xlsx"},
		{`a"b\c.pdf`, "a_b_c.pdf"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cd := Attachment(tc.name)
			_, params, err := mime.ParseMediaType(cd)
			if err != nil {
				t.Fatalf("%q: %v", cd, err)
			}
			// Go's parser prefers filename*, as browsers do.
			if params["filename"] != tc.name {
				t.Errorf("filename* gives %q, want %q (%s)", params["filename"], tc.name, cd)
			}
			if got := asciiName(tc.name); got != tc.ascii {
				t.Errorf("ASCII fallback %q, want %q", got, tc.ascii)
			}
		})
	}
}
