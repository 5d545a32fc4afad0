package pdf

import (
	"errors"
	"fmt"

	"github.com/go-pdf/fpdf"
)

// Page geometry, in millimetres.
const (
	pageWidth    = 210.0
	pageHeight   = 297.0
	marginLeft   = 20.0
	marginRight  = 15.0
	marginTop    = 15.0
	marginBottom = 10.0 // below the footer
	contentWidth = pageWidth - marginLeft - marginRight

	footerGap      = 5.0  // between the body and the footer's rule
	footerMaxLines = 6    // footer text beyond this is cut
	pageNumWidth   = 28.0 // right-hand column of the footer
	verifyQRSize   = 28.0
	blockGap       = 3.0 // after each block
)

// renderer lays one document out on an fpdf document, top to bottom,
// starting a page whenever the next line would not fit above bottom.
type renderer struct {
	f      *fpdf.Fpdf
	bottom float64  // lowest y the body may reach
	footer []string // footer lines, the same on every page
	images int      // images registered, for unique names
}

func (r *renderer) newPage() {
	r.f.AddPage()
	r.f.SetY(marginTop)
}

// ensure starts a new page unless h more millimetres fit on this one (or
// the page is still empty, where nothing would fit better).
func (r *renderer) ensure(h float64) {
	if y := r.f.GetY(); y+h > r.bottom && y > marginTop {
		r.newPage()
	}
}

// gap leaves h millimetres of space, if there is room for it.
func (r *renderer) gap(h float64) {
	if y := r.f.GetY(); y > marginTop && y+h <= r.bottom {
		r.f.SetY(y + h)
	}
}

// lines prints lines in style s at x, w wide, aligned "L", "C" or "R",
// each on the page that has room for it.
func (r *renderer) lines(s style, x, w float64, lines []string, align string) {
	r.use(s)
	for _, l := range lines {
		r.ensure(s.lead)
		r.f.SetX(x)
		r.f.CellFormat(w, s.lead, l, "", 2, align, false, 0, "")
	}
}

// title prints the title block on the first page and, with a VerifyURL,
// its QR code in the top-right corner (the title then keeps clear of it).
func (r *renderer) title(d Doc) error {
	w := contentWidth
	if d.VerifyURL != "" {
		if err := r.qrImage(d.VerifyURL, marginLeft+contentWidth-verifyQRSize, marginTop, verifyQRSize); err != nil {
			return fmt.Errorf("VerifyURL: %w", err)
		}
		w -= verifyQRSize + 5
	}
	if d.Title != "" {
		r.lines(titleStyle, marginLeft, w, r.wrap(titleStyle, d.Title, w), "C")
	}
	if d.Subtitle != "" {
		r.f.SetY(r.f.GetY() + 1)
		r.lines(subtitleStyle, marginLeft, w, r.wrap(subtitleStyle, d.Subtitle, w), "C")
	}
	date := d.Issued.Format("02.01.2006")
	number := fmt.Sprintf(dateText, date)
	if d.Number != "" {
		number = fmt.Sprintf(numberText, d.Number, date)
	}
	r.f.SetY(r.f.GetY() + 2)
	r.lines(numberStyle, marginLeft, w, r.wrap(numberStyle, number, w), "C")
	if r.f.PageNo() == 1 && d.VerifyURL != "" {
		r.f.SetY(max(r.f.GetY(), marginTop+verifyQRSize))
	}
	r.f.SetY(r.f.GetY() + 6)
	return nil
}

// block prints one body block and the space after it.
func (r *renderer) block(b Block) error {
	switch b := b.(type) {
	case Heading:
		lines := r.wrap(headingStyle, b.Text, contentWidth)
		r.gap(2)
		// Keep the heading with two lines of what follows.
		r.ensure(float64(len(lines)+2) * headingStyle.lead)
		r.lines(headingStyle, marginLeft, contentWidth, lines, "L")
		r.gap(1.5)
		return nil
	case Para:
		r.lines(paraStyle, marginLeft, contentWidth, r.wrap(paraStyle, b.Text, contentWidth), "L")
	case Fields:
		r.fields(b)
	case Table:
		r.table(b)
	case QR:
		if err := r.qrBlock(b); err != nil {
			return err
		}
	case nil:
		return errors.New("nil block")
	default:
		return fmt.Errorf("unknown block %T", b)
	}
	r.gap(blockGap)
	return nil
}

// footerLines are the verification line and the footer text, wrapped to
// the width left of the page number.
func (r *renderer) footerLines(d Doc) []string {
	w := contentWidth - pageNumWidth
	var lines []string
	if d.VerifyURL != "" {
		lines = r.wrap(footerStyle, fmt.Sprintf(verifyText, d.VerifyURL), w)
	}
	if d.Footer != "" {
		lines = append(lines, r.wrap(footerStyle, d.Footer, w)...)
	}
	if len(lines) > footerMaxLines {
		lines = lines[:footerMaxLines]
		lines[footerMaxLines-1] += "…"
	}
	if len(lines) == 0 {
		lines = []string{""} // the page number's line
	}
	return lines
}

// footers prints the footer and «Стр. N из M» on every page, once the
// number of pages is known.
func (r *renderer) footers() {
	total := r.f.PageCount()
	top := pageHeight - marginBottom - float64(len(r.footer))*footerStyle.lead
	for n := 1; n <= total; n++ {
		r.f.SetPage(n)
		// Going back to a page, fpdf's idea of the current font, colours
		// and line width is the last page's: state them all again.
		r.f.SetDrawColor(160, 160, 160)
		r.f.SetFillColor(255, 255, 255)
		r.f.SetLineWidth(0.2)
		r.use(footerStyle)
		r.f.Line(marginLeft, top-1.5, marginLeft+contentWidth, top-1.5)
		for i, l := range r.footer {
			y := top + float64(i)*footerStyle.lead
			r.f.SetXY(marginLeft, y)
			r.f.CellFormat(contentWidth-pageNumWidth, footerStyle.lead, l, "", 0, "L", false, 0, "")
		}
		r.f.SetXY(marginLeft+contentWidth-pageNumWidth, top)
		r.f.CellFormat(pageNumWidth, footerStyle.lead, fmt.Sprintf(pageText, n, total), "", 0, "R", false, 0, "")
	}
}
