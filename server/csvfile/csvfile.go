// Package csvfile reads the CSV files people upload (bank statements,
// registry extracts): UTF-8 with or without a BOM, ';' or ',' separated,
// with a header that names the columns in Russian or English, in any
// order; other columns are ignored.
package csvfile

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// Columns are the columns a file may have: each by the header names it
// goes by, in lower case.
type Columns map[string][]string

// Errors of Open.
var (
	ErrEncoding = errors.New("csvfile: not UTF-8")
	ErrNoHeader = errors.New("csvfile: no header")
)

// MissingError is a required column the header does not name.
type MissingError struct{ Column string }

func (e *MissingError) Error() string { return fmt.Sprintf("csvfile: no column %q", e.Column) }

// Reader gives the rows of a file by column name.
type Reader struct {
	r   *csv.Reader
	col map[string]int
}

// Open reads the header of body; every column in required must be there.
func Open(body []byte, cols Columns, required ...string) (*Reader, error) {
	if !utf8.Valid(body) {
		return nil, ErrEncoding
	}
	body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(body))
	r.Comma = ';'
	if first, _, _ := strings.Cut(string(body), "\n"); !strings.Contains(first, ";") && strings.Contains(first, ",") {
		r.Comma = ','
	}
	r.FieldsPerRecord, r.TrimLeadingSpace = -1, true
	head, err := r.Read()
	if err != nil {
		return nil, ErrNoHeader
	}
	col := map[string]int{}
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(h))
		for name, aliases := range cols {
			if slices.Contains(aliases, h) {
				col[name] = i
			}
		}
	}
	for _, name := range required {
		if _, ok := col[name]; !ok {
			return nil, &MissingError{Column: name}
		}
	}
	return &Reader{r: r, col: col}, nil
}

// Row is one row's cell of a column, trimmed; "" for a column the file
// does not have.
type Row func(column string) string

// Next is the next row that is not blank, with its line in the file (the
// header is line 1). A row that cannot be read gives its line and an
// error, and the reading goes on; io.EOF ends it.
func (r *Reader) Next() (line int, row Row, err error) {
	for {
		rec, err := r.r.Read()
		if errors.Is(err, io.EOF) {
			return 0, nil, io.EOF
		}
		if pe, ok := errors.AsType[*csv.ParseError](err); ok {
			return pe.StartLine, nil, err
		}
		if err != nil {
			return 0, nil, err
		}
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue
		}
		line, _ = r.r.FieldPos(0)
		return line, func(name string) string {
			if i, ok := r.col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}, nil
	}
}
