package documents_test

import (
	"bytes"
	"testing"

	"kabinet/server/documents"
	"kabinet/shared"
	shareddocs "kabinet/shared/documents"
)

func detect(b []byte) (shareddocs.Type, shared.Code) {
	t, err := documents.Detect(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return t, shared.ErrorCode(err)
	}
	return t, ""
}

// Each kind is told by its content, and each broken file by what breaks it.
func TestDetect(t *testing.T) {
	pdf, png, docx := pdfFile(), pngFile(t), docxFile(t)
	tests := []struct {
		name string
		file []byte
		want shareddocs.Type
		code shared.Code
	}{
		{"pdf", pdf, shareddocs.TypePDF, ""},
		{"pdf after junk", append([]byte("garbage\n"), pdf...), shareddocs.TypePDF, ""},
		{"pdf cut short", pdf[:len(pdf)-8], "", shareddocs.CodeDamaged},
		{"png", png, shareddocs.TypePNG, ""},
		{"png cut short", png[:len(png)-12], "", shareddocs.CodeDamaged},
		{"png header broken", append(append([]byte{}, png[:8]...), make([]byte, 40)...), "", shareddocs.CodeDamaged},
		{"jpeg", jpegFile(t), shareddocs.TypeJPEG, ""},
		{"jpeg header only", []byte{0xff, 0xd8, 0xff, 0xe0, 0, 0x10}, "", shareddocs.CodeDamaged},
		{"docx", docx, shareddocs.TypeDOCX, ""},
		{"xlsx", xlsxFile(t), shareddocs.TypeXLSX, ""},
		{"docx cut short", docx[:len(docx)/2], "", shareddocs.CodeDamaged},
		{"docm (macros)", zipFile(t, entry{name: "[Content_Types].xml", body: contentTypes("/word/document.xml", wordMacro)},
			entry{name: "word/document.xml", body: "<document/>"}), "", shareddocs.CodeType},
		{"zip without content types", zipFile(t, entry{name: "a.txt", body: "hello"}), "", shareddocs.CodeType},
		{"docx without its main part", zipFile(t, entry{name: "[Content_Types].xml", body: contentTypes("/word/document.xml", wordMain)}), "", shareddocs.CodeDamaged},
		{"docx whose main part is a workbook", zipFile(t, entry{name: "[Content_Types].xml", body: contentTypes("/word/document.xml", wordMain)},
			entry{name: "word/document.xml", body: "<workbook/>"}), "", shareddocs.CodeDamaged},
		{"zip bomb", bombFile(t), "", shareddocs.CodeZipBomb},
		{"zip that lies about a size", lyingFile(t), "", shareddocs.CodeDamaged},
		{"xml windows-1251 with an unassigned byte", []byte("<?xml version=\"1.0\" encoding=\"windows-1251\"?><a>\x98</a>"), "", shareddocs.CodeXML},
		{"old doc", append([]byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}, make([]byte, 512)...), "", shareddocs.CodeLegacy},
		{"xml", xmlFile(), shareddocs.TypeXML, ""},
		{"xml windows-1251", cp1251XML(), shareddocs.TypeXML, ""},
		{"xml with a byte order mark", append([]byte{0xef, 0xbb, 0xbf}, xmlFile()...), shareddocs.TypeXML, ""},
		{"xml unclosed", []byte("<a><b></a>"), "", shareddocs.CodeXML},
		{"xml two roots", []byte("<a/><b/>"), "", shareddocs.CodeXML},
		{"xml text after the root", []byte("<a/>tail"), "", shareddocs.CodeXML},
		{"xml unknown entity", []byte("<!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>"), "", shareddocs.CodeXML},
		{"xml in koi8-r", []byte(`<?xml version="1.0" encoding="koi8-r"?><a/>`), "", shareddocs.CodeXML},
		{"xml too deep", bytes.Repeat([]byte("<a>"), 300), "", shareddocs.CodeXML},
		{"html", []byte("<!doctype html><p>hi"), "", shareddocs.CodeXML},
		{"text", []byte("просто текст"), "", shareddocs.CodeType},
		{"executable", append([]byte("MZ\x90\x00"), make([]byte, 100)...), "", shareddocs.CodeType},
		{"empty", nil, "", shareddocs.CodeEmpty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, code := detect(tt.file)
			if got != tt.want || code != tt.code {
				t.Fatalf("Detect = %q, %q; want %q, %q", got, code, tt.want, tt.code)
			}
		})
	}
}

// FuzzDetect: any bytes give a type or a typed refusal — never a panic,
// never an untyped error (the reader is memory, so no read fails).
func FuzzDetect(f *testing.F) {
	for _, b := range [][]byte{pdfFile(), pngFile(f), jpegFile(f), docxFile(f), xlsxFile(f), xmlFile(), cp1251XML(),
		[]byte("<a><b/></a>"), []byte("PK\x03\x04"), {0xd0, 0xcf, 0x11, 0xe0}} {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		typ, err := documents.Detect(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			if _, ok := shared.AsError(err); !ok {
				t.Fatalf("untyped error %v", err)
			}
			if typ != "" {
				t.Fatalf("a type %q with an error", typ)
			}
			return
		}
		if !typ.Known() {
			t.Fatalf("unknown type %q", typ)
		}
	})
}
