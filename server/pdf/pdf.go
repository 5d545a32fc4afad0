// Package pdf renders the documents the portal issues (receipts, tax
// notices, payment documents, certificates, exports) as A4 PDF files: a
// title block, then headings, paragraphs, label–value fields, tables that
// run over pages, and QR codes, with «Стр. N из M» on every page. Text is
// set in the embedded DejaVu Sans, so Cyrillic prints as it is.
//
// The same Doc always gives the same bytes: the PDF's dates come from
// Doc.Issued and nothing random is written.
package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"github.com/go-pdf/fpdf"
)

// Doc is one document to render, A4 portrait.
type Doc struct {
	// Title is printed in bold at the top, e.g. «Справка о состоянии
	// расчётов (доходах) по налогу на профессиональный доход».
	Title string
	// Subtitle is a line under the title, e.g. «КНД 1122036».
	Subtitle string
	// Number is the document's number, printed under the title as
	// «№ <Number> от <date>».
	Number string
	// Issued is the date printed under the title (in Issued's own
	// location) and the PDF's creation and modification date, so that the
	// same Doc gives the same bytes. It must be set.
	Issued time.Time
	// Blocks are the body, in order.
	Blocks []Block
	// VerifyURL, when set, is drawn as a QR code in the top-right corner
	// of the first page and printed at the bottom of every page as
	// «Проверить подлинность: <url>».
	VerifyURL string
	// Footer is small text at the bottom of every page.
	Footer string
}

// Block is one part of a document's body: Heading, Para, Fields, Table or QR.
type Block interface{ isBlock() }

// Heading is a bold line that starts a section; it is kept on the same
// page as the beginning of what follows.
type Heading struct{ Text string }

// Para is a paragraph, wrapped to the page width; "\n" starts a new line.
type Para struct{ Text string }

// Fields are label–value pairs in two columns; long values wrap.
type Fields struct{ Rows [][2]string }

// Table is a bordered table. It breaks across pages, repeating Head on
// each new page, and wraps long cell text.
type Table struct {
	Head []string
	Rows [][]string
	// Widths are the columns' relative widths; a missing or non-positive
	// one is the mean of the others (all equal when none is given).
	Widths []float64
	// Right right-aligns column i (money, counts).
	Right []bool
	// Total, when set, is a bold last row (e.g. «Итого»).
	Total []string
}

// QR is a QR code of Text, Size millimetres square (35 when zero, quiet
// zone included), with Caption beside it, e.g. a payment QR in a payment
// document.
type QR struct {
	Text    string
	Caption string
	Size    float64
}

func (Heading) isBlock() {}
func (Para) isBlock()    {}
func (Fields) isBlock()  {}
func (Table) isBlock()   {}
func (QR) isBlock()      {}

// Texts a reader sees on every document.
const (
	numberText = "№ %s от %s"
	dateText   = "Дата: %s"
	verifyText = "Проверить подлинность: %s"
	pageText   = "Стр. %d из %d"
)

// Render lays d out and returns the PDF file.
func Render(d Doc) ([]byte, error) {
	if d.Issued.IsZero() {
		return nil, errors.New("pdf.Render: Doc.Issued is not set")
	}
	f := fpdf.New("P", "mm", "A4", "")
	loadFonts(f)
	f.SetCompression(true)
	f.SetCatalogSort(true) // resources in a fixed order, not map order
	f.SetCreationDate(d.Issued)
	f.SetModificationDate(d.Issued)
	f.SetTitle(clean(d.Title), true)
	f.SetSubject(clean(d.Subtitle), true)
	f.SetCreator("Kabinet", false)
	f.SetLang("ru")
	f.SetMargins(marginLeft, marginTop, marginRight)
	f.SetAutoPageBreak(false, 0) // the renderer breaks pages itself
	f.SetCellMargin(0)

	r := &renderer{f: f}
	r.footer = r.footerLines(d)
	r.bottom = pageHeight - marginBottom - float64(len(r.footer))*footerStyle.lead - footerGap
	r.newPage()
	if err := r.title(d); err != nil {
		return nil, fmt.Errorf("pdf.Render: %w", err)
	}
	for i, b := range d.Blocks {
		if err := r.block(b); err != nil {
			return nil, fmt.Errorf("pdf.Render: block %d: %w", i, err)
		}
	}
	r.footers()

	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return nil, fmt.Errorf("pdf.Render: %w", err)
	}
	return buf.Bytes(), nil
}
