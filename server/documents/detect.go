package documents

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"image/jpeg"
	"image/png"
	"io"
	"strings"

	"kabinet/shared"
	"kabinet/shared/documents"
)

// Limits of the content checks. A DOCX or XLSX is a zip: what it declares
// it unpacks into is checked before anything is unpacked, as Apache POI's
// ZipSecureFile does (an entry over 100 KiB that inflates more than 100
// times is a bomb, not a document), and what is unpacked is read through
// a limit all the same, for archives that lie about their sizes.
const (
	maxEntries     = 10_000
	maxUnpacked    = 256 << 20 // all entries together, as declared
	graceEntrySize = 100 << 10 // entries this small may inflate at any ratio
	maxRatio       = 100
	maxPartRead    = 4 << 20 // [Content_Types].xml, read whole
	maxXMLDepth    = 256
)

var (
	pngMagic  = []byte("\x89PNG\r\n\x1a\n")
	jpegMagic = []byte{0xff, 0xd8, 0xff}
	zipMagic  = []byte("PK\x03\x04")
	oleMagic  = []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1} // DOC, XLS (and encrypted OOXML)
	utf8BOM   = []byte{0xef, 0xbb, 0xbf}
)

// Detect decides the type of a file of size bytes by its content alone:
// the magic bytes, then the structure that type must have — a PDF's
// trailer, an image's header that decodes, an OOXML package with its
// content types and main part, well-formed XML. A failure is a
// *shared.Error with the code that says what is wrong; any other error
// is a failure to read r.
func Detect(r io.ReaderAt, size int64) (documents.Type, error) {
	t, err := detect(r, size)
	if err != nil {
		return "", err
	}
	return t, nil
}

func detect(r io.ReaderAt, size int64) (documents.Type, error) {
	if size <= 0 {
		return "", documents.FileError(documents.CodeEmpty)
	}
	head, err := readAt(r, 0, min(size, 1024))
	if err != nil {
		return "", err
	}
	whole := io.NewSectionReader(r, 0, size)
	switch {
	case bytes.HasPrefix(head, pngMagic):
		return documents.TypePNG, checkPNG(r, size)
	case bytes.HasPrefix(head, jpegMagic):
		if _, err := jpeg.DecodeConfig(whole); err != nil {
			return "", damaged(err)
		}
		return documents.TypeJPEG, nil
	case bytes.HasPrefix(head, zipMagic):
		return checkOOXML(r, size)
	case bytes.HasPrefix(head, oleMagic):
		return "", documents.FileError(documents.CodeLegacy)
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return documents.TypePDF, checkPDF(r, size)
	case looksLikeXML(head):
		return documents.TypeXML, checkXML(whole)
	case bytes.Contains(head, []byte("%PDF-")):
		// The header may follow up to 1 KiB of anything (ISO 32000-1,
		// annex H), which readers accept.
		return documents.TypePDF, checkPDF(r, size)
	}
	return "", documents.FileError(documents.CodeType)
}

// readAt reads n bytes at off (n small: a head or a tail).
func readAt(r io.ReaderAt, off, n int64) ([]byte, error) {
	b := make([]byte, n)
	k, err := r.ReadAt(b, off)
	if k == len(b) {
		return b, nil
	}
	return nil, err
}

// damaged is the answer for a file whose magic bytes name an accepted type
// and whose structure does not hold. A read error is passed on as it is.
func damaged(err error) error {
	var read readError
	if errors.As(err, &read) {
		return read.err
	}
	return documents.FileError(documents.CodeDamaged)
}

// readError marks a failure of the storage under the checks, which is no
// fault of the file.
type readError struct{ err error }

func (e readError) Error() string { return e.err.Error() }

// checkPDF looks for the end-of-file marker in the last KiB, where every
// complete PDF has it: a file cut short in the upload has none.
func checkPDF(r io.ReaderAt, size int64) error {
	n := min(size, 1024)
	tail, err := readAt(r, size-n, n)
	if err != nil {
		return err
	}
	if !bytes.Contains(tail, []byte("%%EOF")) {
		return documents.FileError(documents.CodeDamaged)
	}
	return nil
}

// checkPNG decodes the header and looks for the IEND chunk at the end.
func checkPNG(r io.ReaderAt, size int64) error {
	cfg, err := png.DecodeConfig(io.NewSectionReader(r, 0, size))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return damaged(err)
	}
	n := min(size, 64)
	tail, err := readAt(r, size-n, n)
	if err != nil {
		return err
	}
	if !bytes.Contains(tail, []byte("IEND")) {
		return documents.FileError(documents.CodeDamaged)
	}
	return nil
}

// looksLikeXML: after an optional UTF-8 byte order mark and white space,
// the first character opens a tag.
func looksLikeXML(head []byte) bool {
	head = bytes.TrimLeft(bytes.TrimPrefix(head, utf8BOM), " \t\r\n")
	return len(head) > 0 && head[0] == '<'
}

// checkXML reads the whole document with encoding/xml, strictly: tags
// balanced, one root element, nothing but white space, comments and
// processing instructions outside it, nesting at most maxXMLDepth deep.
// encoding/xml expands no entity but the five predefined ones, so no
// «billion laughs» can grow it. Encodings: UTF-8 and windows-1251 (the
// tax service's formats are in windows-1251).
func checkXML(r io.Reader) error {
	br := bufio.NewReader(r)
	if b, _ := br.Peek(3); bytes.Equal(b, utf8BOM) {
		_, _ = br.Discard(3)
	}
	d := xml.NewDecoder(br)
	d.Strict = true
	d.CharsetReader = charsetReader
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return xmlError(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
			if roots > 1 || depth > maxXMLDepth {
				return documents.FileError(documents.CodeXML)
			}
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 0 && len(bytes.TrimSpace(t)) > 0 {
				return documents.FileError(documents.CodeXML)
			}
		}
	}
	if roots == 0 {
		return documents.FileError(documents.CodeXML)
	}
	return nil
}

func xmlError(err error) error {
	var read readError
	if errors.As(err, &read) {
		return read.err
	}
	return documents.FileError(documents.CodeXML)
}

// OOXML: the main part's content type names the kind of package, and its
// root element must be the one that kind starts with.
var ooxmlMain = map[string]struct {
	typ  documents.Type
	root string
}{
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": {documents.TypeDOCX, "document"},
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml":       {documents.TypeXLSX, "workbook"},
}

// checkOOXML accepts a DOCX or an XLSX: a zip that is no bomb, with
// [Content_Types].xml naming a main part of a document or a workbook (not
// a macro-enabled one, not a template), the part present and starting
// with its root element. Any other zip is not an accepted type.
func checkOOXML(r io.ReaderAt, size int64) (documents.Type, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return "", damaged(err)
	}
	if err := checkBomb(zr.File); err != nil {
		return "", err
	}
	files := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		files[f.Name] = f
	}
	ct, ok := files["[Content_Types].xml"]
	if !ok {
		return "", documents.FileError(documents.CodeType)
	}
	main, typ, root, err := mainPart(ct)
	if err != nil {
		return "", err
	}
	f, ok := files[strings.TrimPrefix(main, "/")]
	if !ok {
		return "", documents.FileError(documents.CodeDamaged)
	}
	if err := checkRoot(f, root); err != nil {
		return "", err
	}
	return typ, nil
}

// checkBomb checks what the archive declares: how many entries, how much
// they unpack into, and how much each inflates.
func checkBomb(files []*zip.File) error {
	if len(files) > maxEntries {
		return documents.FileError(documents.CodeZipBomb)
	}
	var total uint64
	for _, f := range files {
		total += f.UncompressedSize64
		if total > maxUnpacked || total < f.UncompressedSize64 {
			return documents.FileError(documents.CodeZipBomb)
		}
		if f.UncompressedSize64 > graceEntrySize && f.UncompressedSize64/maxRatio > f.CompressedSize64 {
			return documents.FileError(documents.CodeZipBomb)
		}
	}
	return nil
}

// open opens an entry for reading at most limit bytes of it: an entry
// that inflates past the limit is a bomb. One that inflates past the size
// it declared is damaged (archive/zip refuses to read on).
func open(f *zip.File, limit int64) (io.Reader, func() error, error) {
	if f.Method != zip.Store && f.Method != zip.Deflate {
		return nil, nil, documents.FileError(documents.CodeDamaged)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, nil, damaged(err)
	}
	return &boundedReader{r: rc, left: min(limit, int64(f.UncompressedSize64))}, rc.Close, nil
}

// boundedReader ends with a zip bomb error past its limit.
type boundedReader struct {
	r    io.Reader
	left int64
}

func (b *boundedReader) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// One byte more than allowed means the limit was passed.
		var one [1]byte
		if n, _ := b.r.Read(one[:]); n > 0 {
			return 0, documents.FileError(documents.CodeZipBomb)
		}
		return 0, io.EOF
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	return n, err
}

// mainPart reads [Content_Types].xml and finds the Override of a
// document's or a workbook's main part.
func mainPart(ct *zip.File) (name string, typ documents.Type, root string, err error) {
	r, closeEntry, err := open(ct, maxPartRead)
	if err != nil {
		return "", "", "", err
	}
	defer func() { _ = closeEntry() }()
	var types struct {
		Overrides []struct {
			PartName    string `xml:"PartName,attr"`
			ContentType string `xml:"ContentType,attr"`
		} `xml:"Override"`
	}
	d := xml.NewDecoder(r)
	d.CharsetReader = charsetReader
	if err := d.Decode(&types); err != nil {
		if isBomb(err) {
			return "", "", "", err
		}
		return "", "", "", documents.FileError(documents.CodeDamaged)
	}
	for _, o := range types.Overrides {
		if m, ok := ooxmlMain[o.ContentType]; ok {
			return o.PartName, m.typ, m.root, nil
		}
	}
	return "", "", "", documents.FileError(documents.CodeType)
}

func isBomb(err error) bool {
	e, ok := shared.AsError(err)
	return ok && e.Code == documents.CodeZipBomb
}

// checkRoot reads the main part up to its first element, which must be the
// package's root (w:document, a workbook).
func checkRoot(f *zip.File, root string) error {
	r, closeEntry, err := open(f, maxPartRead)
	if err != nil {
		return err
	}
	defer func() { _ = closeEntry() }()
	d := xml.NewDecoder(r)
	d.CharsetReader = charsetReader
	for {
		tok, err := d.Token()
		if err != nil {
			if isBomb(err) {
				return documents.FileError(documents.CodeZipBomb)
			}
			return documents.FileError(documents.CodeDamaged)
		}
		if el, ok := tok.(xml.StartElement); ok {
			if el.Name.Local != root {
				return documents.FileError(documents.CodeDamaged)
			}
			return nil
		}
	}
}
