package documents

import (
	"strings"
	"testing"

	"kabinet/shared"
)

func TestValidateName(t *testing.T) {
	tests := []struct {
		name string
		want shared.Code // on the field "name"; "" for a good name
	}{
		{"Декларация 3-НДФЛ за 2025.xml", ""},
		{"scan (1).jpg", ""},
		{"", shared.CodeRequired},
		{"   ", shared.CodeRequired},
		{"../secret.pdf", CodeNamePath},
		{`dir\file.pdf`, CodeNamePath},
		{"..", CodeNamePath},
		{"a\x00b.pdf", CodeNameChars},
		{"tab\there.pdf", CodeNameChars},
		{"\u202efdp.exe", CodeNameChars},
		{"ok\u2066.pdf", CodeNameChars},
		{"bad\xffutf8.pdf", CodeNameChars},
		{strings.Repeat("ж", MaxNameLength), ""},
		{strings.Repeat("ж", MaxNameLength+1), shared.CodeTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateName(tt.name)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("ValidateName(%q) = %v", tt.name, err)
				}
				return
			}
			e, ok := shared.AsError(err)
			if !ok || e.Fields["name"].Code != tt.want {
				t.Fatalf("ValidateName(%q) = %v, want %s on name", tt.name, err, tt.want)
			}
		})
	}
}

func TestCheckSize(t *testing.T) {
	for size, want := range map[int64]shared.Code{0: CodeEmpty, 1: "", MaxSize: "", MaxSize + 1: CodeTooLarge} {
		got := shared.Code("")
		if err := CheckSize(size); err != nil {
			got = shared.ErrorCode(err)
		}
		if got != want {
			t.Errorf("CheckSize(%d) = %q, want %q", size, got, want)
		}
	}
}

func TestDownloadName(t *testing.T) {
	tests := []struct {
		name string
		t    Type
		want string
	}{
		{"Отчёт.pdf", TypePDF, "Отчёт.pdf"},
		{"Отчёт.PDF", TypePDF, "Отчёт.PDF"},
		{"report.exe", TypePDF, "report.exe.pdf"},
		{"photo.jpeg", TypeJPEG, "photo.jpeg"},
		{"photo", TypePNG, "photo.png"},
	}
	for _, tt := range tests {
		if got := DownloadName(tt.name, tt.t); got != tt.want {
			t.Errorf("DownloadName(%q, %s) = %q, want %q", tt.name, tt.t, got, tt.want)
		}
	}
}

func TestRequestsValidate(t *testing.T) {
	many := make([]string, MaxAttached+1)
	for _, tc := range []struct {
		name  string
		err   error
		field string
		code  shared.Code
	}{
		{"send without documents", (&SendRequest{Agency: "fns", Request: "declaration"}).Validate(), "documents", shared.CodeRequired},
		{"send too many", (&SendRequest{Agency: "fns", Request: "declaration", Documents: many}).Validate(), "documents", CodeTooMany},
		{"send a long note", (&SendRequest{Agency: "fns", Request: "r", Note: strings.Repeat("я", MaxNote+1), Documents: []string{"x"}}).Validate(), "note", shared.CodeTooLong},
		{"answer without documents", (&AnswerRequest{Note: "вот"}).Validate(), "documents", shared.CodeRequired},
		{"reject without a reason", (&DecisionRequest{Reason: "  "}).Validate(), "reason", shared.CodeRequired},
		{"incoming to nobody", (&IncomingRequest{Agency: "fns", Document: "d", Kind: KindNotice, Title: "t"}).Validate(), "inn", shared.CodeRequired},
	} {
		e, ok := shared.AsError(tc.err)
		if !ok || e.Fields[tc.field].Code != tc.code {
			t.Errorf("%s: %v, want %s on %s", tc.name, tc.err, tc.code, tc.field)
		}
	}
}
