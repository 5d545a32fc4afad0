package pdf

import "math"

// grid is how rows of cells are drawn: Fields and Table both are grids.
type grid struct {
	widths []float64 // column widths, mm
	gap    float64   // space after each column but the last, mm
	padX   float64   // inside a cell, left and right
	padY   float64   // inside a cell, top and bottom
	border bool      // framed cells
	right  []bool    // right-aligned columns
}

// x returns the left edge of column i.
func (g grid) x(i int) float64 {
	x := marginLeft
	for _, w := range g.widths[:i] {
		x += w
	}
	return x
}

// textWidth is the room for text in column i.
func (g grid) textWidth(i int) float64 {
	w := g.widths[i] - 2*g.padX
	if i < len(g.widths)-1 {
		w -= g.gap
	}
	return w
}

// row is one row ready to draw: each cell's lines in its style.
type row struct {
	cells  [][]string
	styles []style
	fill   bool
	align  string // "" for the grid's alignment
}

// prepare wraps texts into a row of g in the given styles (one per
// column, or one for all).
func (r *renderer) prepare(g grid, texts []string, styles ...style) row {
	out := row{cells: make([][]string, len(g.widths)), styles: make([]style, len(g.widths))}
	for i := range g.widths {
		out.styles[i] = styles[min(i, len(styles)-1)]
		text := ""
		if i < len(texts) {
			text = texts[i]
		}
		out.cells[i] = r.wrap(out.styles[i], text, g.textWidth(i))
	}
	return out
}

// height is the number of lines of the row's tallest cell.
func (rw row) height() int {
	n := 1
	for _, c := range rw.cells {
		n = max(n, len(c))
	}
	return n
}

// draw prints rw at the current position. A row that does not fit goes to
// the next page whole, under head (a table's head, repeated on each new
// page; nil for none); only a row taller than a page is split, a page's
// worth of lines at a time.
func (r *renderer) draw(g grid, rw row, head *row) {
	lead := rw.styles[0].lead
	top := marginTop // where rows start on a new page
	if head != nil {
		top += float64(head.height())*head.styles[0].lead + 2*g.padY
	}
	linesFit := func(y float64) int { return int(math.Floor((r.bottom-y-2*g.padY)/lead + 1e-9)) }
	lines := rw.height()
	for done := 0; done < lines; {
		left, y := lines-done, r.f.GetY()
		fit := linesFit(y)
		if fit < left && y > top+0.01 && (left <= linesFit(top) || fit < 1) {
			r.continued(g, head)
			continue
		}
		n := max(1, min(fit, left))
		r.chunk(g, rw, done, n)
		if done += n; done < lines {
			r.continued(g, head)
		}
	}
}

// continued starts a new page for the rest of a grid, under its head.
func (r *renderer) continued(g grid, head *row) {
	r.newPage()
	if head != nil {
		r.draw(g, *head, nil)
	}
}

// chunk prints lines [from, from+n) of each cell of rw as one band.
func (r *renderer) chunk(g grid, rw row, from, n int) {
	y := r.f.GetY()
	h := float64(n)*rw.styles[0].lead + 2*g.padY
	if g.border {
		r.f.SetDrawColor(120, 120, 120)
		r.f.SetFillColor(235, 235, 235)
		r.f.SetLineWidth(0.2)
		box := "D"
		if rw.fill {
			box = "FD"
		}
		for i, cw := range g.widths {
			r.f.Rect(g.x(i), y, cw, h, box)
		}
	}
	for i, cell := range rw.cells {
		align := rw.align
		if align == "" {
			align = "L"
			if i < len(g.right) && g.right[i] {
				align = "R"
			}
		}
		r.use(rw.styles[i])
		for k := from; k < from+n && k < len(cell); k++ {
			r.f.SetXY(g.x(i)+g.padX, y+g.padY+float64(k-from)*rw.styles[i].lead)
			r.f.CellFormat(g.textWidth(i), rw.styles[i].lead, cell[k], "", 0, align, false, 0, "")
		}
	}
	r.f.SetXY(marginLeft, y+h)
}

// fields prints label–value pairs: labels in grey on the left, values on
// the right, wrapping in their columns.
func (r *renderer) fields(b Fields) {
	g := grid{widths: []float64{contentWidth * 0.38, contentWidth * 0.62}, gap: 4, padY: 0.7}
	for _, f := range b.Rows {
		r.draw(g, r.prepare(g, f[:], labelStyle, valueStyle), nil)
	}
}

// table prints t: the head, the rows (moving to a new page under a
// repeated head when one does not fit) and the bold total.
func (r *renderer) table(t Table) {
	cols := max(len(t.Head), len(t.Widths), len(t.Total))
	for _, cells := range t.Rows {
		cols = max(cols, len(cells))
	}
	if cols == 0 {
		return
	}
	g := grid{widths: columnWidths(t.Widths, cols), padX: 1.5, padY: 1, border: true, right: t.Right}
	var head *row
	if len(t.Head) > 0 {
		h := r.prepare(g, t.Head, headStyle)
		h.fill, h.align = true, "C"
		head = &h
	}
	rows := make([]row, 0, len(t.Rows)+1)
	for _, cells := range t.Rows {
		rows = append(rows, r.prepare(g, cells, cellStyle))
	}
	if len(t.Total) > 0 {
		rows = append(rows, r.prepare(g, t.Total, totalStyle))
	}

	// A head alone at the foot of a page is no use: start the table where
	// the head and the first row fit (or, for a row taller than a page,
	// its first lines).
	headH := 0.0
	if head != nil {
		headH = float64(head.height())*headStyle.lead + 2*g.padY
	}
	need := headH
	if len(rows) > 0 {
		lead := rows[0].styles[0].lead
		lines := rows[0].height()
		if float64(lines)*lead+2*g.padY > r.bottom-marginTop-headH {
			lines = 3
		}
		need += float64(lines)*lead + 2*g.padY
	}
	r.ensure(need)
	if head != nil {
		r.draw(g, *head, nil)
	}
	for _, rw := range rows {
		r.draw(g, rw, head)
	}
}

// columnWidths turns relative widths into millimetres across the page. A
// missing, non-positive or infinite width is the mean of the good ones.
func columnWidths(rel []float64, cols int) []float64 {
	good := func(i int) bool { return i < len(rel) && rel[i] > 0 && !math.IsInf(rel[i], 1) }
	sum, n := 0.0, 0
	for i := range cols {
		if good(i) {
			sum, n = sum+rel[i], n+1
		}
	}
	mean := 1.0
	if n > 0 {
		mean = sum / float64(n)
	}
	out := make([]float64, cols)
	total := 0.0
	for i := range out {
		out[i] = mean
		if good(i) {
			out[i] = rel[i]
		}
		total += out[i]
	}
	for i := range out {
		out[i] *= contentWidth / total
	}
	return out
}
