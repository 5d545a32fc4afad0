package documents_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"testing"
)

// Files of every kind the tests upload, made here so that each is what it
// claims to be (or breaks in one known way).

func pdfFile() []byte {
	return []byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" +
		"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n" +
		"trailer << /Root 1 0 R >>\n%%EOF\n")
}

func picture() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	for x := range 4 {
		img.Set(x, 1, color.RGBA{R: 200, A: 255})
	}
	return img
}

func pngFile(t testing.TB) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, picture()); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegFile(t testing.TB) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, picture(), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const (
	wordMain  = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
	excelMain = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
	wordMacro = "application/vnd.ms-word.document.macroEnabled.main+xml"
)

// entry is one file of a zip: its name and content, or a reader for big
// content.
type entry struct {
	name string
	body string
	big  io.Reader
}

func zipFile(t testing.TB, entries ...entry) []byte {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, e := range entries {
		f, err := w.Create(e.name)
		if err != nil {
			t.Fatal(err)
		}
		var r io.Reader = bytes.NewReader([]byte(e.body))
		if e.big != nil {
			r = e.big
		}
		if _, err := io.Copy(f, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func contentTypes(part, contentType string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="` + part + `" ContentType="` + contentType + `"/></Types>`
}

const rels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`

func docxFile(t testing.TB, more ...entry) []byte {
	return zipFile(t, append([]entry{
		{name: "[Content_Types].xml", body: contentTypes("/word/document.xml", wordMain)},
		{name: "_rels/.rels", body: rels},
		{name: "word/document.xml", body: `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Заявление</w:t></w:r></w:p></w:body></w:document>`},
	}, more...)...)
}

func xlsxFile(t testing.TB) []byte {
	return zipFile(t,
		entry{name: "[Content_Types].xml", body: contentTypes("/xl/workbook.xml", excelMain)},
		entry{name: "xl/workbook.xml", body: `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>`},
	)
}

func xmlFile() []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<Файл ИдФайл="NO_NDFL3_0000"><Документ КНД="1151020"><СвНП ИННФЛ="500100732259"/></Документ></Файл>`)
}

// cp1251XML is a tax-service style file in windows-1251: «Файл».
func cp1251XML() []byte {
	return append([]byte(`<?xml version="1.0" encoding="windows-1251"?><`), append([]byte{0xd4, 0xe0, 0xe9, 0xeb}, []byte(` a="1"/>`)...)...)
}

// zeros is n zero bytes, read without holding them.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	if z.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > z.n {
		p = p[:z.n]
	}
	clear(p)
	z.n -= int64(len(p))
	return len(p), nil
}

// bombFile is a DOCX carrying 64 MiB of zeros that deflate to ~64 KiB.
func bombFile(t testing.TB) []byte {
	return docxFile(t, entry{name: "word/media/zeros.bin", big: &zeros{n: 64 << 20}})
}

// lyingFile is a DOCX whose [Content_Types].xml declares 10 bytes and
// inflates to more.
func lyingFile(t testing.TB) []byte {
	ct := contentTypes("/word/document.xml", wordMain)
	var def bytes.Buffer
	fw, _ := flate.NewWriter(&def, flate.BestCompression)
	_, _ = fw.Write([]byte(ct))
	_ = fw.Close()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	f, err := w.CreateRaw(&zip.FileHeader{Name: "[Content_Types].xml", Method: zip.Deflate,
		CompressedSize64: uint64(def.Len()), UncompressedSize64: 10})
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.Write(def.Bytes())
	g, _ := w.Create("word/document.xml")
	_, _ = g.Write([]byte("<document/>"))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
