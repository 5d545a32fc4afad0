package csvfile

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"kabinet/shared"
)

// The importers' side of a file (the registry, the reference data, the
// ИП's classifier and tax facts): a file is taken whole or not at all,
// and each wrong row is named with its line, its column and a code.

// LineError is a wrong row of an import file: its line (the header is
// line 1), the column and what is wrong.
type LineError struct {
	Line  int
	Field string
	Code  shared.Code
}

func (e LineError) Error() string { return fmt.Sprintf("line %d: %s: %s", e.Line, e.Field, e.Code) }

// FieldErrors are the LineErrors of a row's wrong fields, by field name.
func FieldErrors(line int, fields map[string]shared.FieldError) []LineError {
	var out []LineError
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		out = append(out, LineError{Line: line, Field: name, Code: fields[name].Code})
	}
	return out
}

// OpenFor is Open for an importer: errors start with op, and a missing
// column is named with the headers it goes by.
func OpenFor(op string, body []byte, cols Columns, required ...string) (*Reader, error) {
	r, err := Open(body, cols, required...)
	if missing, ok := errors.AsType[*MissingError](err); ok {
		return nil, fmt.Errorf("%s: no column %q (%s)", op, missing.Column, strings.Join(cols[missing.Column], ", "))
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return r, nil
}

// Each calls row for every row that is not blank, and gathers the wrong
// rows: those that cannot be read (field "file", bad_format) and those
// row finds wrong. An error from row stops the reading and is returned.
func (r *Reader) Each(row func(line int, get Row) ([]LineError, error)) ([]LineError, error) {
	var bad []LineError
	for {
		line, get, err := r.Next()
		if errors.Is(err, io.EOF) {
			return bad, nil
		}
		if err != nil {
			bad = append(bad, LineError{Line: line, Field: "file", Code: shared.CodeBadFormat})
			continue
		}
		wrong, err := row(line, get)
		if err != nil {
			return bad, err
		}
		bad = append(bad, wrong...)
	}
}
