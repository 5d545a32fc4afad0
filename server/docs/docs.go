// Package docs is the register of the documents the portal issues: every
// PDF (a certificate, a payment document, an export) is kept with its
// SHA-256 and the facts it states, under a public code that its QR and
// link carry. Anyone holding a paper or a file can open the verification
// page to see that the portal issued it and what it said, and can give
// the file to learn whether it is the very document, unchanged. It owns
// the table issued_documents.
package docs

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/gofiber/fiber/v2"
	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/shared"
	"kabinet/shared/npd"
)

// Service issues, serves and verifies documents.
type Service struct {
	db        *bun.DB
	publicURL string
}

// New returns the service; publicURL makes the verification links.
func New(db *bun.DB, publicURL string) *Service { return &Service{db: db, publicURL: publicURL} }

// Issue is a document to issue.
type Issue struct {
	Kind      string // "npd.registration", "npd.income", "npd.payment", …
	AccountID string
	Title     string
	Holder    string      // whom it is about, as printed
	Details   [][2]string // the facts it states, as the verification page shows them
	// Render draws the document with its verification link (for the QR
	// and the printed line).
	Render func(verifyURL string) ([]byte, error)
}

type row struct {
	bun.BaseModel `bun:"table:issued_documents"`

	ID        string      `bun:"id,pk,type:uuid,default:gen_random_uuid()"`
	Code      string      `bun:"code"`
	Kind      string      `bun:"kind"`
	AccountID *string     `bun:"account_id,type:uuid"`
	Title     string      `bun:"title"`
	Holder    string      `bun:"holder"`
	Details   [][2]string `bun:"details,type:jsonb"`
	SHA256    []byte      `bun:"sha256"`
	Body      []byte      `bun:"body"`
	CreatedAt time.Time   `bun:"created_at,nullzero,default:now()"`
}

// code is 16 characters of Crockford's base32 (no i, l, o, u: 80 bits),
// so the link cannot be guessed.
func code() (string, error) {
	const alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
	raw := make([]byte, 16)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	for i, c := range raw {
		raw[i] = alphabet[int(c)%32]
	}
	return string(raw), nil
}

// VerifyURL is the public page of a code.
func (s *Service) VerifyURL(code string) string { return s.publicURL + "/v/" + url.PathEscape(code) }

// Issue renders and records a document in db's transaction.
func (s *Service) Issue(ctx context.Context, db bun.IDB, in Issue) (npd.IssuedDocument, error) {
	c, err := code()
	if err != nil {
		return npd.IssuedDocument{}, err
	}
	body, err := in.Render(s.VerifyURL(c))
	if err != nil {
		return npd.IssuedDocument{}, fmt.Errorf("docs.Issue(%s): %w", in.Kind, err)
	}
	sum := sha256.Sum256(body)
	r := &row{Code: c, Kind: in.Kind, Title: in.Title, Holder: in.Holder, Details: in.Details, SHA256: sum[:], Body: body}
	if in.AccountID != "" {
		r.AccountID = &in.AccountID
	}
	if r.Details == nil {
		r.Details = [][2]string{}
	}
	if _, err := db.NewInsert().Model(r).Returning("id, created_at").Exec(ctx); err != nil {
		return npd.IssuedDocument{}, fmt.Errorf("docs.Issue(%s): %w", in.Kind, err)
	}
	return npd.IssuedDocument{ID: r.ID, Code: r.Code, Kind: r.Kind, Title: r.Title, CreatedAt: r.CreatedAt}, nil
}

// List is the account's documents of the kinds (all when none), newest first.
func (s *Service) List(ctx context.Context, accountID string, kinds ...string) ([]npd.IssuedDocument, error) {
	var rows []row
	q := s.db.NewSelect().Model(&rows).Column("id", "code", "kind", "title", "created_at").Where("account_id = ?", accountID)
	if len(kinds) > 0 {
		q = q.Where("kind IN (?)", bun.In(kinds))
	}
	if err := q.Order("created_at DESC").Limit(100).Scan(ctx); err != nil {
		return nil, fmt.Errorf("docs.List: %w", err)
	}
	out := make([]npd.IssuedDocument, len(rows))
	for i, r := range rows {
		out[i] = npd.IssuedDocument{ID: r.ID, Code: r.Code, Kind: r.Kind, Title: r.Title, CreatedAt: r.CreatedAt}
	}
	return out, nil
}

// Body is one of the account's documents; another person's is not found.
func (s *Service) Body(ctx context.Context, accountID, id string) (title string, body []byte, err error) {
	if !api.ValidUUID(id) {
		return "", nil, shared.E(shared.CodeNotFound)
	}
	var r row
	err = s.db.NewSelect().Model(&r).Where("id = ? AND account_id = ?", id, accountID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, shared.E(shared.CodeNotFound)
	}
	if err != nil {
		return "", nil, fmt.Errorf("docs.Body: %w", err)
	}
	return r.Title, r.Body, nil
}

// Verify is what the public page shows of a code; with file, whether that
// file is the document as issued, byte for byte.
func (s *Service) Verify(ctx context.Context, c string, file []byte) (npd.Verification, error) {
	if c == "" || len(c) > 32 {
		return npd.Verification{}, shared.E(shared.CodeNotFound)
	}
	var r row
	err := s.db.NewSelect().Model(&r).ExcludeColumn("body").Where("code = ?", c).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return npd.Verification{}, shared.E(shared.CodeNotFound)
	}
	if err != nil {
		return npd.Verification{}, fmt.Errorf("docs.Verify: %w", err)
	}
	v := npd.Verification{Kind: r.Kind, Title: r.Title, Holder: r.Holder, Details: r.Details, CreatedAt: r.CreatedAt,
		SHA256: hex.EncodeToString(r.SHA256)}
	if file != nil {
		sum := sha256.Sum256(file)
		v.Checked, v.Matches = true, bytes.Equal(sum[:], r.SHA256)
	}
	return v, nil
}

// Send answers with a file to download.
func Send(c *fiber.Ctx, contentType, filename string, body []byte) error {
	c.Set(fiber.HeaderContentType, contentType)
	c.Set(fiber.HeaderContentDisposition, Attachment(filename))
	return c.Send(body)
}

// Attachment is a Content-Disposition for a download with a Cyrillic name
// (RFC 6266): the UTF-8 name in filename*, and for clients that read only
// filename, the name transliterated («Справка о доходах.pdf» →
// «Spravka o dokhodakh.pdf») rather than a row of underscores.
func Attachment(filename string) string {
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, asciiName(filename), extValue(filename))
}

// translit spells Russian letters in Latin as the Russian passport does
// (ICAO Doc 9303), which most people have seen their own name in.
var translit = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh", 'з': "z", 'и': "i",
	'й': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t",
	'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "ie", 'ы': "y", 'ь': "",
	'э': "e", 'ю': "iu", 'я': "ia", '№': "N", '«': "", '»': "", '—': "-", '–': "-",
}

// asciiName is filename in printable ASCII, safe inside a quoted string.
func asciiName(filename string) string {
	var b strings.Builder
	for _, r := range filename {
		lower := unicode.ToLower(r)
		if lat, ok := translit[lower]; ok {
			if lower != r && lat != "" {
				lat = strings.ToUpper(lat[:1]) + lat[1:]
			}
			b.WriteString(lat)
			continue
		}
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			r = '_'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// extValue percent-encodes s as RFC 8187 asks: every byte outside
// attr-char, including the ";" and "," that url.PathEscape leaves alone
// and that would end the header's parameter.
func extValue(s string) string {
	const attr = "!#$&+-.^_`|~"
	var b strings.Builder
	for _, c := range []byte(s) {
		if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(attr, c) >= 0) {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}
