package ip

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"github.com/uptrace/bun"

	"kabinet/server/csvfile"
	"kabinet/shared"
	sharedip "kabinet/shared/ip"
)

// builtinOKVED is a SUBSET of ОКВЭД2 (ОК 029-2014 (КДЕС Ред. 2)): the 21
// sections, every division, and about two hundred classes and subclasses
// that individual entrepreneurs use most, with their names as published.
// It lets the portal run out of the box; a deployment loads the full
// classifier (about 2 800 codes, from the official publication turned
// into "код;наименование[;редакция]" CSV) with `kabinet okved import
// FILE`, which replaces the table whole.
//
//go:embed okved2.csv
var builtinOKVED []byte

// BuiltinEdition is the edition date of the built-in subset: ОКВЭД2 as
// adopted by Rosstandart's order of 31.01.2014 № 14-ст.
const BuiltinEdition = "2014-01-31"

// sections maps each division (the first two digits of a code) to its
// section's letter: the fixed frame of ОКВЭД2.
var sections = []struct {
	from, to int
	letter   string
}{
	{1, 3, "A"}, {5, 9, "B"}, {10, 33, "C"}, {35, 35, "D"}, {36, 39, "E"}, {41, 43, "F"}, {45, 47, "G"},
	{49, 53, "H"}, {55, 56, "I"}, {58, 63, "J"}, {64, 66, "K"}, {68, 68, "L"}, {69, 75, "M"}, {77, 82, "N"},
	{84, 84, "O"}, {85, 85, "P"}, {86, 88, "Q"}, {90, 93, "R"}, {94, 96, "S"}, {97, 98, "T"}, {99, 99, "U"},
}

// sectionOf returns the section of a code ("J" of "62.01"; a section's
// own letter for a section), or "" when the code is in none.
func sectionOf(code string) string {
	if len(code) == 1 && code >= "A" && code <= "U" {
		return code
	}
	if !sharedip.ValidOKVEDCode(code) {
		return ""
	}
	div := int(code[0]-'0')*10 + int(code[1]-'0')
	for _, s := range sections {
		if div >= s.from && div <= s.to {
			return s.letter
		}
	}
	return ""
}

var okvedColumns = csvfile.Columns{
	"code":    {"код", "code"},
	"name":    {"наименование", "name"},
	"edition": {"редакция", "edition"},
}

// ErrRejected is an import with wrong rows: nothing was loaded.
var ErrRejected = errors.New("ip.ImportOKVED: the file has wrong rows; nothing loaded")

// parseOKVED reads a classifier file: every row or, when any is wrong,
// the wrong ones. A row without an edition takes edition.
func parseOKVED(body []byte, edition string) ([]okvedRow, []csvfile.LineError, error) {
	cr, err := csvfile.OpenFor("ip.ImportOKVED", body, okvedColumns, "code", "name")
	if err != nil {
		return nil, nil, err
	}
	var rows []okvedRow
	seen := map[string]bool{}
	// Never an error: every fault is a row's.
	bad, _ := cr.Each(func(line int, get csvfile.Row) ([]csvfile.LineError, error) {
		r := okvedRow{Code: strings.ToUpper(get("code")), Name: get("name")}
		r.Section = sectionOf(r.Code)
		ed := get("edition")
		if ed == "" {
			ed = edition
		}
		day, dateErr := shared.ParseDate(ed)
		r.Edition = day
		fail := func(field string, code shared.Code) ([]csvfile.LineError, error) {
			return []csvfile.LineError{{Line: line, Field: field, Code: code}}, nil
		}
		switch {
		case r.Section == "":
			return fail("code", sharedip.CodeOKVEDFormat)
		case seen[r.Code]:
			return fail("code", sharedip.CodeOKVEDTwice)
		case r.Name == "" || strings.IndexFunc(r.Name, unicode.IsControl) >= 0:
			return fail("name", shared.CodeRequired)
		case dateErr != nil:
			return fail("edition", shared.ErrorCode(dateErr))
		}
		seen[r.Code] = true
		rows = append(rows, r)
		return nil, nil
	})
	if len(bad) > 0 {
		return nil, bad, ErrRejected
	}
	if len(rows) == 0 {
		return nil, nil, fmt.Errorf("ip.ImportOKVED: the file has no codes")
	}
	return rows, nil, nil
}

// ImportOKVED replaces the classifier with a file's (CSV, UTF-8, ';' or
// ',' separated, a header naming код and наименование, редакция
// optional: today when missing): the whole file or, when any row is
// wrong, nothing, and the wrong rows are returned.
func (s *Service) ImportOKVED(ctx context.Context, r io.Reader) (int, []csvfile.LineError, error) {
	body, err := io.ReadAll(io.LimitReader(r, 16<<20))
	if err != nil {
		return 0, nil, err
	}
	rows, bad, err := parseOKVED(body, s.today().Format(time.DateOnly))
	if err != nil {
		return 0, bad, err
	}
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error { return replaceOKVED(ctx, tx, rows) })
	return len(rows), nil, err
}

// LoadBuiltinOKVED loads the built-in subset when the table is empty (a
// new database): the classifier a deployment imported stays.
func (s *Service) LoadBuiltinOKVED(ctx context.Context) error {
	n, err := countOKVED(ctx, s.db)
	if err != nil || n > 0 {
		return err
	}
	rows, _, err := parseOKVED(bytes.Clone(builtinOKVED), BuiltinEdition)
	if err != nil {
		return fmt.Errorf("ip.LoadBuiltinOKVED: the built-in file: %w", err)
	}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		// Another server process starting at the same time loads it too:
		// the lock makes the second see the first's rows.
		if _, err := tx.ExecContext(ctx, "LOCK TABLE okved_codes IN EXCLUSIVE MODE"); err != nil {
			return err
		}
		if n, err := countOKVED(ctx, tx); err != nil || n > 0 {
			return err
		}
		return insertOKVED(ctx, tx, rows)
	})
}

// SearchOKVED finds codes by a code's beginning ("62", "47.9") or by
// words of the name ("ремонт обуви", each word's beginning counts), at
// most limit, in the classifier's order.
func (s *Service) SearchOKVED(ctx context.Context, q string, limit int) (sharedip.OKVEDList, error) {
	q = strings.TrimSpace(q)
	if limit <= 0 || limit > 50 {
		limit = 20
	}
	edition, err := okvedEdition(ctx, s.db)
	if err != nil {
		return sharedip.OKVEDList{}, err
	}
	out := sharedip.OKVEDList{Edition: edition, Items: []sharedip.OKVED{}}
	if len([]rune(q)) > 100 {
		return out, fieldErr("q", shared.CodeTooLong)
	}
	var items []sharedip.OKVED
	switch {
	case q == "":
		return out, nil
	case isCodePrefix(q):
		items, err = okvedByPrefix(ctx, s.db, strings.ToUpper(q), limit)
	default:
		words := tsWords(q)
		if words == "" {
			return out, nil
		}
		items, err = okvedByWords(ctx, s.db, words, limit)
	}
	if err != nil {
		return out, err
	}
	out.Items = append(out.Items, items...)
	return out, nil
}

// isCodePrefix reports whether q reads as the beginning of a code: digits
// and dots, or a section's letter.
func isCodePrefix(q string) bool {
	if len(q) == 1 && strings.ToUpper(q) >= "A" && strings.ToUpper(q) <= "U" {
		return true
	}
	return strings.Trim(q, "0123456789.") == "" && q[0] != '.'
}

// tsWords turns a person's words into a tsquery of prefixes ("ремонт:* &
// обув:*"), letters and digits only: nothing of q reaches the query's
// syntax.
func tsWords(q string) string {
	var parts []string
	for _, w := range strings.FieldsFunc(strings.ToLower(q), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len(parts) == 8 {
			break
		}
		parts = append(parts, w+":*")
	}
	return strings.Join(parts, " & ")
}

// unknownCodes records a field error for each code the classifier lacks.
func (s *Service) unknownCodes(ctx context.Context, db bun.IDB, f *shared.Fields, field string, codes []string, single bool) error {
	names, err := okvedNamesOf(ctx, db, codes)
	if err != nil {
		return err
	}
	for i, c := range codes {
		if _, ok := names[c]; ok || !sharedip.ValidOKVEDCode(c) {
			continue
		}
		name := fmt.Sprintf("%s.%d", field, i)
		if single {
			name = field
		}
		f.Add(name, sharedip.CodeOKVEDUnknown)
	}
	return nil
}
