package pdf

import (
	_ "embed"
	"slices"

	"github.com/go-pdf/fpdf"
)

// DejaVu Sans 2.37 from Debian's fonts-dejavu-core; fonts/LICENSE is its
// licence, which allows embedding and asks that the notice be kept.
var (
	//go:embed fonts/DejaVuSans.ttf
	dejaVuSans []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	dejaVuSansBold []byte
)

// fontFamily is the name the fonts are registered under in each document.
const fontFamily = "dejavu"

// loadFonts registers the regular and bold faces with f. fpdf takes a
// font only as bytes to parse into one document (a parsed font cannot be
// shared between documents), about 11 ms for the two faces here. Its
// parser may append to slices of the bytes it is given (getMetrics, for
// glyphs past numberOfHMetrics, which both faces have), so each document
// gets its own copy: 0.3 ms, and the embedded bytes stay as they are for
// concurrent renders.
func loadFonts(f *fpdf.Fpdf) {
	f.AddUTF8FontFromBytes(fontFamily, "", slices.Clone(dejaVuSans))
	f.AddUTF8FontFromBytes(fontFamily, "B", slices.Clone(dejaVuSansBold))
}
