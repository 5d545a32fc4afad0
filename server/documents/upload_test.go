package documents_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"kabinet/server/portal/portaltest"
	"kabinet/shared"
	shareddocs "kabinet/shared/documents"
)

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// Every bad upload gets its own code, on the file's or the name's field,
// and nothing is stored.
func TestUploadRefusesEachBadFile(t *testing.T) {
	e := start(t)
	c, _ := person(e, 1, "Смирнова")
	tests := []struct {
		name   string
		file   []byte
		status int
		code   shared.Code
		field  string
	}{
		{"scan.exe", append([]byte("MZ\x90\x00"), make([]byte, 64)...), 422, shareddocs.CodeType, "file"},
		{"old.doc", append([]byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}, make([]byte, 64)...), 422, shareddocs.CodeLegacy, "file"},
		{"cut.pdf", pdfFile()[:40], 422, shareddocs.CodeDamaged, "file"},
		{"cut.png", pngFile(t)[:30], 422, shareddocs.CodeDamaged, "file"},
		{"bad.xml", []byte("<a><b></a>"), 422, shareddocs.CodeXML, "file"},
		{"bomb.docx", bombFile(t), 422, shareddocs.CodeZipBomb, "file"},
		{"empty.pdf", nil, 422, shareddocs.CodeEmpty, "file"},
		{"../../etc/passwd.pdf", pdfFile(), 422, shareddocs.CodeNamePath, "name"},
		{`C:\Users\scan.pdf`, pdfFile(), 422, shareddocs.CodeNamePath, "name"},
		{"bell\a.pdf", pdfFile(), 422, shareddocs.CodeNameChars, "name"},
		{"\u202efdp.exe", pdfFile(), 422, shareddocs.CodeNameChars, "name"},
		{strings.Repeat("я", 256) + ".pdf", pdfFile(), 422, shared.CodeInvalidInput, "name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, apiErr, _ := c.Upload(tt.name, bytesReader(tt.file), int64(len(tt.file)))
			if apiErr == nil || status != tt.status || apiErr.Code != tt.code {
				t.Fatalf("got %d %+v, want %d %s", status, apiErr, tt.status, tt.code)
			}
			if f, ok := apiErr.Fields[tt.field]; !ok || f.Message == "" {
				t.Fatalf("no message on the field %q: %+v", tt.field, apiErr)
			}
			if apiErr.Message == "" || strings.HasPrefix(apiErr.Message, "err.") {
				t.Fatalf("no Russian text: %+v", apiErr)
			}
		})
	}
	t.Run("no name", func(t *testing.T) {
		status, apiErr, _ := c.Upload("", bytesReader(pdfFile()), int64(len(pdfFile())))
		if apiErr == nil || status != 422 || apiErr.Fields["name"].Code != shared.CodeRequired {
			t.Fatalf("got %d %+v", status, apiErr)
		}
	})
	t.Run("too large by its length", func(t *testing.T) {
		// Refused from the header, before the body is read.
		status, apiErr := rawUpload(t, e.URL, c, shareddocs.MaxSize+1, false)
		if status != http.StatusRequestEntityTooLarge || apiErr.Code != shareddocs.CodeTooLarge {
			t.Fatalf("got %d %+v", status, apiErr)
		}
	})
	t.Run("too large when chunked", func(t *testing.T) {
		// No length given: refused once the limit is passed.
		status, apiErr := rawUpload(t, e.URL, c, shareddocs.MaxSize+1, true)
		if status != http.StatusRequestEntityTooLarge || apiErr.Code != shareddocs.CodeTooLarge {
			t.Fatalf("got %d %+v", status, apiErr)
		}
	})
	var docs, blobs int
	if err := e.DB.NewRaw("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM document_blobs)").
		Scan(context.Background(), &docs, &blobs); err != nil {
		t.Fatal(err)
	}
	if docs != 0 || blobs != 0 {
		t.Fatalf("refused uploads left %d documents and %d blobs", docs, blobs)
	}
}

// rawUpload posts size bytes of a PDF over a raw connection (whatever
// becomes of the body's write, the answer is read) and returns the answer.
func rawUpload(t *testing.T, base string, c *portaltest.Client, size int, chunked bool) (int, shared.Error) {
	t.Helper()
	u, _ := http.NewRequest("GET", base, nil)
	cookies := ""
	for _, ck := range c.HTTP.Jar.Cookies(u.URL) {
		cookies += ck.Name + "=" + ck.Value + "; "
	}
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := append(pdfFile(), make([]byte, size-len(pdfFile()))...)
	go func() {
		w := bufio.NewWriter(conn)
		fmt.Fprintf(w, "POST %s/documents HTTP/1.1\r\nHost: x\r\nOrigin: %s\r\n%s: %s\r\nCookie: %s\r\n%s: big.pdf\r\n",
			shared.APIPrefix, base, shared.AppHeader, shared.AppHeaderValue, cookies, shareddocs.NameHeader)
		if chunked {
			fmt.Fprintf(w, "Transfer-Encoding: chunked\r\n\r\n")
			for off := 0; off < len(body); off += 64 << 10 {
				part := body[off:min(off+64<<10, len(body))]
				fmt.Fprintf(w, "%x\r\n%s\r\n", len(part), part)
			}
			fmt.Fprintf(w, "0\r\n\r\n")
		} else {
			fmt.Fprintf(w, "Content-Length: %d\r\n\r\n", len(body))
			_, _ = w.Write(body)
		}
		_ = w.Flush()
	}()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var apiErr shared.Error
	raw, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(raw, &apiErr)
	return resp.StatusCode, apiErr
}

// A file of exactly 5 MB streams in — its chunks are stored while the
// rest is still on the way — and streams out byte for byte.
func TestFiveMegabytesStreamInAndOut(t *testing.T) {
	e := start(t)
	c, _ := person(e, 1, "Смирнова")
	file := bigPDF(shareddocs.MaxSize)
	half := 3 << 20
	gate := make(chan struct{})
	body := io.MultiReader(bytes.NewReader(file[:half]), gated{gate}, bytes.NewReader(file[half:]))
	done := make(chan shareddocs.Document)
	go func() {
		status, apiErr, doc := c.Upload("Годовой отчёт.pdf", body, int64(len(file)))
		if apiErr != nil || status != http.StatusCreated {
			t.Errorf("upload: %d %+v", status, apiErr)
		}
		done <- doc
	}()
	// While the client holds back the last 2 MB, what came is stored.
	eventually(t, "the first chunks stored", func() bool {
		var n int
		_ = e.DB.NewRaw("SELECT count(*) FROM document_blob_chunks").Scan(context.Background(), &n)
		return n >= 11
	})
	close(gate)
	doc := <-done
	sum := sha256.Sum256(file)
	if doc.Size != int64(len(file)) || doc.SHA256 != hex.EncodeToString(sum[:]) || doc.Type != shareddocs.TypePDF {
		t.Fatalf("stored %+v", doc)
	}
	status, hdr, got := c.Download("/documents/" + doc.ID + "/content")
	if status != http.StatusOK || !bytes.Equal(got, file) {
		t.Fatalf("download: %d, %d bytes, equal %v", status, len(got), bytes.Equal(got, file))
	}
	if hdr.Get("Content-Type") != "application/pdf" || hdr.Get("Content-Length") != fmt.Sprint(len(file)) ||
		!strings.Contains(hdr.Get("Content-Disposition"), "filename*=UTF-8''%D0%93%D0%BE%D0%B4") {
		t.Fatalf("headers %v", hdr)
	}
	t.Run("chunked, with no length given", func(t *testing.T) {
		other := bigPDF(shareddocs.MaxSize - 1)
		status, apiErr, d := c.Upload("other.pdf", io.MultiReader(bytes.NewReader(other)), -1)
		if apiErr != nil || status != http.StatusCreated || d.Size != int64(len(other)) {
			t.Fatalf("got %d %+v %+v", status, apiErr, d)
		}
	})
}

// bigPDF is a PDF of exactly n bytes.
func bigPDF(n int) []byte {
	head := []byte("%PDF-1.4\n%")
	tail := []byte("\n%%EOF\n")
	b := make([]byte, n)
	copy(b, head)
	for i := len(head); i < n-len(tail); i++ {
		b[i] = byte('a' + i%26)
	}
	copy(b[n-len(tail):], tail)
	return b
}

// gated is an empty reader that waits for its gate to close.
type gated struct{ gate chan struct{} }

func (g gated) Read([]byte) (int, error) {
	<-g.gate
	return 0, io.EOF
}

// The same bytes are stored once: twice by one person is one document,
// by two people two documents over one blob, which goes with the last.
func TestSameBytesStoredOnce(t *testing.T) {
	e := start(t)
	ivan, _ := person(e, 1, "Смирнова")
	anna, _ := person(e, 2, "Волкова")
	file := docxFile(t)
	first := upload(t, ivan, "Заявление.docx", file)
	status, apiErr, again := ivan.Upload("Заявление (копия).docx", bytesReader(file), int64(len(file)))
	if apiErr != nil || status != http.StatusOK || !again.Duplicate || again.ID != first.ID || again.Name != "Заявление.docx" {
		t.Fatalf("second upload: %d %+v %+v", status, apiErr, again)
	}
	hers := upload(t, anna, "doc.docx", file)
	if hers.ID == first.ID || hers.SHA256 != first.SHA256 || hers.Type != shareddocs.TypeDOCX {
		t.Fatalf("anna's %+v, ivan's %+v", hers, first)
	}
	blobs := func() (n, chunks int) {
		t.Helper()
		if err := e.DB.NewRaw("SELECT (SELECT count(*) FROM document_blobs), (SELECT count(*) FROM document_blob_chunks)").
			Scan(context.Background(), &n, &chunks); err != nil {
			t.Fatal(err)
		}
		return n, chunks
	}
	if n, chunks := blobs(); n != 1 || chunks != 1 {
		t.Fatalf("%d blobs, %d chunks; want 1, 1", n, chunks)
	}
	ivan.MustOK("DELETE", "/documents/"+first.ID, nil, nil)
	if n, _ := blobs(); n != 1 {
		t.Fatalf("anna's copy went with ivan's: %d blobs", n)
	}
	anna.MustOK("DELETE", "/documents/"+hers.ID, nil, nil)
	if n, chunks := blobs(); n != 0 || chunks != 0 {
		t.Fatalf("%d blobs, %d chunks left", n, chunks)
	}
}

// «Мои документы» hold at most MaxFiles files and MaxBytes bytes: an
// upload beyond either is refused beside the file, and a deletion makes
// room again.
func TestMyDocumentsAreBounded(t *testing.T) {
	e := start(t)
	c, req := person(e, 1, "Смирнова")
	ctx := context.Background()
	var id string
	if err := e.DB.NewRaw("SELECT id::text FROM accounts WHERE email = ?", req.Email).Scan(ctx, &id); err != nil {
		t.Fatal(err)
	}
	// What the account already keeps: files of MaxBytes less 1 KiB in all.
	if _, err := e.DB.ExecContext(ctx, `WITH b AS (INSERT INTO document_blobs (sha256, size) VALUES (sha256('held'), ?) RETURNING id)
		INSERT INTO documents (account_id, blob_id, name, type, name_folded) SELECT ?, id, 'held.pdf', 'pdf', 'held.pdf' FROM b`,
		shareddocs.MaxBytes-1024, id); err != nil {
		t.Fatal(err)
	}
	file := pdfFile() // small: fits
	upload(t, c, "Мал.pdf", file)
	big := docxFile(t) // over the KiB left
	if status, apiErr, _ := c.Upload("Велик.docx", bytesReader(big), int64(len(big))); status != http.StatusConflict ||
		apiErr == nil || apiErr.Fields["file"].Code != shareddocs.CodeFull {
		t.Fatalf("an upload past %d bytes: %d %+v", shareddocs.MaxBytes, status, apiErr)
	}
	if _, err := e.DB.ExecContext(ctx, "DELETE FROM documents WHERE account_id = ? AND name = 'held.pdf'", id); err != nil {
		t.Fatal(err)
	}
	upload(t, c, "Велик.docx", big)

	// And the count: MaxFiles files in all, of empty blobs.
	if _, err := e.DB.ExecContext(ctx, `WITH b AS (INSERT INTO document_blobs (sha256, size)
			SELECT sha256(convert_to('many' || n, 'UTF8')), 0 FROM generate_series(1, ? - (SELECT count(*) FROM documents WHERE account_id = ?)) n RETURNING id)
		INSERT INTO documents (account_id, blob_id, name, type, name_folded) SELECT ?, id, 'f' || id || '.pdf', 'pdf', 'f' || id || '.pdf' FROM b`,
		shareddocs.MaxFiles, id, id); err != nil {
		t.Fatal(err)
	}
	if status, apiErr, _ := c.Upload("Ещё.png", bytesReader(pngFile(t)), int64(len(pngFile(t)))); status != http.StatusConflict ||
		apiErr == nil || apiErr.Fields["file"].Code != shareddocs.CodeFull {
		t.Fatalf("an upload past %d files: %d %+v", shareddocs.MaxFiles, status, apiErr)
	}
}

// Another person's document is not found — its card, its content, its
// deletion — and stays as it was.
func TestAnotherPersonsDocumentIsNotFound(t *testing.T) {
	e := start(t)
	ivan, _ := person(e, 1, "Смирнова")
	anna, _ := person(e, 2, "Волкова")
	doc := upload(t, ivan, "паспорт.png", pngFile(t))
	for _, tc := range []struct{ method, path string }{
		{"GET", "/documents/" + doc.ID},
		{"GET", "/documents/" + doc.ID + "/content"},
		{"DELETE", "/documents/" + doc.ID},
		{"GET", "/documents/not-an-id/content"},
	} {
		var raw []byte
		status, apiErr := anna.Do(tc.method, tc.path, nil, &raw)
		if status != http.StatusNotFound || apiErr == nil || apiErr.Code != shared.CodeNotFound {
			t.Fatalf("%s %s: %d %+v %q", tc.method, tc.path, status, apiErr, raw)
		}
	}
	var list shareddocs.DocumentList
	anna.MustOK("GET", "/documents", nil, &list)
	if len(list.Items) != 0 {
		t.Fatalf("anna lists %+v", list.Items)
	}
	var card shareddocs.Card
	ivan.MustOK("GET", "/documents/"+doc.ID, nil, &card)
	if card.ID != doc.ID || card.Type != shareddocs.TypePNG {
		t.Fatalf("ivan's card %+v", card)
	}
}

// The list finds by a part of the name in any case, by type, by status
// and by the day of the upload; the card has the hash and the history.
func TestListSearchAndCard(t *testing.T) {
	e := start(t)
	c, _ := person(e, 1, "Смирнова")
	decl := upload(t, c, "Декларация 3-НДФЛ.xml", xmlFile())
	scan := upload(t, c, "Скан паспорта.jpg", jpegFile(t))
	book := upload(t, c, "Книга учёта.xlsx", xlsxFile(t))
	today := time.Now().In(shared.Moscow).Format("2006-01-02")
	tests := []struct {
		query string
		want  []string
	}{
		{"", []string{book.ID, scan.ID, decl.ID}},
		{"?q=ДЕКЛАР", []string{decl.ID}},
		{"?q=паспорт", []string{scan.ID}},
		{"?q=%25", nil},
		{"?type=xlsx", []string{book.ID}},
		{"?status=uploaded&type=jpg", []string{scan.ID}},
		{"?status=sent", nil},
		{"?from=" + today + "&to=" + today, []string{book.ID, scan.ID, decl.ID}},
		{"?to=2020-01-01", nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			var l shareddocs.DocumentList
			c.MustOK("GET", "/documents"+tt.query, nil, &l)
			var got []string
			for _, d := range l.Items {
				got = append(got, d.ID)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
	for _, bad := range []string{"?type=exe", "?status=lost", "?from=2026-13-40", "?from=2026-02-01&to=2026-01-01"} {
		status, apiErr := c.Do("GET", "/documents"+bad, nil, nil)
		if status != 422 || apiErr.Code != shared.CodeInvalidInput {
			t.Fatalf("%s: %d %+v", bad, status, apiErr)
		}
	}
	var card shareddocs.Card
	c.MustOK("GET", "/documents/"+decl.ID, nil, &card)
	sum := sha256.Sum256(xmlFile())
	if card.SHA256 != hex.EncodeToString(sum[:]) || card.Size != int64(len(xmlFile())) || card.Status != shareddocs.StatusUploaded ||
		card.Signatures == nil || len(card.Sendings) != 0 || len(card.History) != 1 || card.History[0].Kind != shareddocs.JournalUploaded {
		t.Fatalf("card %+v", card)
	}
	c.MustOK("DELETE", "/documents/"+decl.ID, nil, nil)
	if kinds := journal(t, e, mustID(t, c)); strings.Join(kinds, ",") !=
		"documents.uploaded,documents.uploaded,documents.uploaded,documents.deleted" {
		t.Fatalf("journal %v", kinds)
	}
}

func mustID(t *testing.T, c *portaltest.Client) string {
	t.Helper()
	var me shared.Account
	c.MustOK("GET", "/me", nil, &me)
	return me.ID
}
