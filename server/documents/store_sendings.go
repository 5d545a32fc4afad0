package documents

import (
	"context"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"kabinet/server/derrors"
	"kabinet/shared"
	"kabinet/shared/documents"
	"kabinet/shared/i18n"
)

// The SQL of sendings and incoming documents, as in store.go.

// Sendings.

type sendingRow struct {
	ID           string    `bun:"id"`
	Number       string    `bun:"number"`
	AccountID    string    `bun:"account_id"`
	Agency       string    `bun:"agency"`
	Request      string    `bun:"request"`
	Note         string    `bun:"note"`
	Status       string    `bun:"status"`
	WaitingSince time.Time `bun:"waiting_since"`
	CreatedAt    time.Time `bun:"created_at"`
	UpdatedAt    time.Time `bun:"updated_at"`
	Category     string    `bun:"category"`
	NameRU       string    `bun:"name_ru"`
	NameEN       string    `bun:"name_en"`
	TitleRU      string    `bun:"title_ru"`
	TitleEN      string    `bun:"title_en"`
}

func (r sendingRow) public(lang i18n.Lang) documents.Sending {
	return documents.Sending{ID: r.ID, Number: r.Number, Agency: r.Agency, AgencyName: pick(lang, r.NameRU, r.NameEN),
		Category: documents.Category(r.Category), Request: r.Request, RequestTitle: pick(lang, r.TitleRU, r.TitleEN),
		Note: r.Note, Status: r.Status, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

const sendingColumns = `SELECT s.id, s.number, s.account_id, s.agency, s.request, s.note, s.status, s.waiting_since,
	s.created_at, s.updated_at, a.category, a.name_ru, a.name_en, r.title_ru, r.title_en
	FROM sendings s JOIN agencies a ON a.code = s.agency
	JOIN agency_requests r ON r.agency = s.agency AND r.code = s.request `

// nextNumber is the sending's number: the year and a sequence, unique
// across years («2026-000042»).
func nextNumber(ctx context.Context, db bun.IDB, now time.Time) (number string, err error) {
	defer derrors.Wrap(&err, "documents.nextNumber")
	var n int64
	if err := db.NewRaw("SELECT nextval('sending_numbers')").Scan(ctx, &n); err != nil {
		return "", err
	}
	return fmt.Sprintf("%s-%06d", now.In(shared.Moscow).Format("2006"), n), nil
}

func insertSending(ctx context.Context, db bun.IDB, accountID, number string, req documents.SendRequest) (id string, err error) {
	defer derrors.Wrap(&err, "documents.insertSending(%q)", number)
	err = db.NewRaw(`INSERT INTO sendings (number, account_id, agency, request, note, status) VALUES (?, ?, ?, ?, ?, 'sent')
		RETURNING id`, number, accountID, req.Agency, req.Request, req.Note).Scan(ctx, &id)
	return id, err
}

func attach(ctx context.Context, db bun.IDB, sendingID string, docIDs []string) (err error) {
	defer derrors.Wrap(&err, "documents.attach(%q)", sendingID)
	_, err = db.ExecContext(ctx, `INSERT INTO sending_documents (sending_id, document_id)
		SELECT ?, unnest(?::uuid[]) ON CONFLICT DO NOTHING`, sendingID, pgdialect.Array(docIDs))
	return err
}

// event is one step of a timeline being recorded.
type event struct {
	Status string
	Note   string
	Docs   []string
	Actor  string // the officer, or "" (the person, the delivery)
}

func insertEvent(ctx context.Context, db bun.IDB, sendingID string, e event) (id int64, err error) {
	defer derrors.Wrap(&err, "documents.insertEvent(%q, %s)", sendingID, e.Status)
	docs := e.Docs
	if docs == nil {
		docs = []string{}
	}
	var actor *string
	if e.Actor != "" {
		actor = &e.Actor
	}
	err = db.NewRaw(`INSERT INTO sending_events (sending_id, status, note, documents, actor_id) VALUES (?, ?, ?, ?::uuid[], ?)
		RETURNING id`, sendingID, e.Status, e.Note, pgdialect.Array(docs), actor).Scan(ctx, &id)
	return id, err
}

// setStatus moves the sending on; waiting restarts the desk's clock (a
// sending or an answer arrived).
func setStatus(ctx context.Context, db bun.IDB, id, status string, waiting bool) (err error) {
	defer derrors.Wrap(&err, "documents.setStatus(%q, %s)", id, status)
	q := "UPDATE sendings SET status = ?, updated_at = now() WHERE id = ?"
	if waiting {
		q = "UPDATE sendings SET status = ?, updated_at = now(), waiting_since = now() WHERE id = ?"
	}
	_, err = db.ExecContext(ctx, q, status, id)
	return err
}

// sendingOfPerson is the person's sending (not found for anyone else's).
func sendingOfPerson(ctx context.Context, db bun.IDB, accountID, id, lock string) (r sendingRow, err error) {
	defer derrors.Wrap(&err, "documents.sendingOfPerson(%q)", id)
	err = db.NewRaw(sendingColumns+"WHERE s.account_id = ? AND s.id = ? "+lock, accountID, id).Scan(ctx, &r)
	return r, notFound(err)
}

// sendingAtDesk is a sending to one of the agencies (not found for a
// sending to any other).
func sendingAtDesk(ctx context.Context, db bun.IDB, agencies []string, id, lock string) (r sendingRow, err error) {
	defer derrors.Wrap(&err, "documents.sendingAtDesk(%q)", id)
	if len(agencies) == 0 {
		return sendingRow{}, shared.E(shared.CodeNotFound)
	}
	err = db.NewRaw(sendingColumns+"WHERE s.agency IN (?) AND s.id = ? "+lock, bun.In(agencies), id).Scan(ctx, &r)
	return r, notFound(err)
}

// sendingByID is a sending whoever sent it (the delivery job).
func sendingByID(ctx context.Context, db bun.IDB, id, lock string) (r sendingRow, err error) {
	defer derrors.Wrap(&err, "documents.sendingByID(%q)", id)
	err = db.NewRaw(sendingColumns+"WHERE s.id = ? "+lock, id).Scan(ctx, &r)
	return r, notFound(err)
}

func listSendings(ctx context.Context, db bun.IDB, accountID string) (rows []sendingRow, err error) {
	defer derrors.Wrap(&err, "documents.listSendings(%q)", accountID)
	err = db.NewRaw(sendingColumns+"WHERE s.account_id = ? ORDER BY s.created_at DESC LIMIT 500", accountID).Scan(ctx, &rows)
	return rows, err
}

// queueFilter is a parsed desk query (GET /office/documents).
type queueFilter struct {
	Agency   string
	Category string
	Statuses []string
}

type queueRow struct {
	sendingRow
	LastName   string `bun:"last_name"`
	FirstName  string `bun:"first_name"`
	MiddleName string `bun:"middle_name"`
}

func queue(ctx context.Context, db bun.IDB, agencies []string, f queueFilter) (rows []queueRow, err error) {
	defer derrors.Wrap(&err, "documents.queue")
	if len(agencies) == 0 {
		return nil, nil
	}
	q := `SELECT s.id, s.number, s.account_id, s.agency, s.request, s.note, s.status, s.waiting_since,
		s.created_at, s.updated_at, a.category, a.name_ru, a.name_en, r.title_ru, r.title_en,
		p.last_name, p.first_name, coalesce(p.middle_name, '') AS middle_name
		FROM sendings s JOIN agencies a ON a.code = s.agency
		JOIN agency_requests r ON r.agency = s.agency AND r.code = s.request
		JOIN accounts p ON p.id = s.account_id
		WHERE s.agency IN (?) AND s.status IN (?)`
	args := []any{bun.In(agencies), bun.In(f.Statuses)}
	if f.Agency != "" {
		q += " AND s.agency = ?"
		args = append(args, f.Agency)
	}
	if f.Category != "" {
		q += " AND a.category = ?"
		args = append(args, f.Category)
	}
	err = db.NewRaw(q+" ORDER BY s.waiting_since, s.id LIMIT 500", args...).Scan(ctx, &rows)
	return rows, err
}

func sendingDocuments(ctx context.Context, db bun.IDB, sendingID string) (rows []struct {
	documentRow
	AddedAt time.Time `bun:"added_at"`
}, err error) {
	defer derrors.Wrap(&err, "documents.sendingDocuments(%q)", sendingID)
	err = db.NewRaw(`SELECT d.id, d.account_id, d.blob_id, d.name, d.type, d.created_at, b.size, b.sha256, true AS sent,
		EXISTS (SELECT 1 FROM document_signatures ds WHERE ds.document_id = d.id) AS signed, sd.added_at
		FROM sending_documents sd JOIN documents d ON d.id = sd.document_id JOIN document_blobs b ON b.id = d.blob_id
		WHERE sd.sending_id = ? ORDER BY sd.added_at, d.name`, sendingID).Scan(ctx, &rows)
	return rows, err
}

// sentDocument is a document of the sending (for the officer's download).
func sentDocument(ctx context.Context, db bun.IDB, sendingID, docID string) (r documentRow, err error) {
	defer derrors.Wrap(&err, "documents.sentDocument(%q, %q)", sendingID, docID)
	err = db.NewRaw(documentColumns+"JOIN sending_documents sd ON sd.document_id = d.id WHERE sd.sending_id = ? AND d.id = ?",
		sendingID, docID).Scan(ctx, &r)
	return r, notFound(err)
}

type eventRow struct {
	Status    string    `bun:"status"`
	Note      string    `bun:"note"`
	Documents []string  `bun:"documents,array"`
	At        time.Time `bun:"at"`
}

func sendingEvents(ctx context.Context, db bun.IDB, sendingID string) (rows []eventRow, err error) {
	defer derrors.Wrap(&err, "documents.sendingEvents(%q)", sendingID)
	err = db.NewRaw("SELECT status, note, documents::text[] AS documents, at FROM sending_events WHERE sending_id = ? ORDER BY id",
		sendingID).Scan(ctx, &rows)
	return rows, err
}

// sendingsOfDocument are the sendings a document is in, newest first.
func sendingsOfDocument(ctx context.Context, db bun.IDB, docID string) (rows []sendingRow, err error) {
	defer derrors.Wrap(&err, "documents.sendingsOfDocument(%q)", docID)
	err = db.NewRaw(sendingColumns+"JOIN sending_documents sd ON sd.sending_id = s.id WHERE sd.document_id = ? ORDER BY s.created_at DESC",
		docID).Scan(ctx, &rows)
	return rows, err
}

// Incoming documents.

type incomingRow struct {
	ID            string     `bun:"id"`
	AccountID     string     `bun:"account_id"`
	Agency        string     `bun:"agency"`
	SendingID     *string    `bun:"sending_id"`
	SendingNumber *string    `bun:"sending_number"`
	BlobID        int64      `bun:"blob_id"`
	Kind          string     `bun:"kind"`
	Title         string     `bun:"title"`
	Name          string     `bun:"name"`
	Type          string     `bun:"type"`
	CreatedAt     time.Time  `bun:"created_at"`
	ReadAt        *time.Time `bun:"read_at"`
	Size          int64      `bun:"size"`
	SHA256        []byte     `bun:"sha256"`
	NameRU        string     `bun:"name_ru"`
	NameEN        string     `bun:"name_en"`
}

func (r incomingRow) public(lang i18n.Lang) documents.Incoming {
	in := documents.Incoming{ID: r.ID, Kind: r.Kind, Title: r.Title, Agency: r.Agency, AgencyName: pick(lang, r.NameRU, r.NameEN),
		Name: r.Name, Type: documents.Type(r.Type), Size: r.Size, SHA256: hex.EncodeToString(r.SHA256),
		CreatedAt: r.CreatedAt, Read: r.ReadAt != nil}
	if r.SendingID != nil {
		in.SendingID = *r.SendingID
	}
	if r.SendingNumber != nil {
		in.SendingNumber = *r.SendingNumber
	}
	return in
}

const incomingColumns = `SELECT i.id, i.account_id, i.agency, i.sending_id, s.number AS sending_number, i.blob_id, i.kind,
	i.title, i.name, i.type, i.created_at, i.read_at, b.size, b.sha256, a.name_ru, a.name_en
	FROM incoming_documents i JOIN document_blobs b ON b.id = i.blob_id JOIN agencies a ON a.code = i.agency
	LEFT JOIN sendings s ON s.id = i.sending_id `

// newIncoming is an incoming document being recorded.
type newIncoming struct {
	AccountID string
	Agency    string
	SendingID string
	BlobID    int64
	Kind      string
	Title     string
	Name      string
	Type      string
	SentBy    string
}

func insertIncoming(ctx context.Context, db bun.IDB, in newIncoming) (id string, err error) {
	defer derrors.Wrap(&err, "documents.insertIncoming(%q)", in.AccountID)
	var sending *string
	if in.SendingID != "" {
		sending = &in.SendingID
	}
	err = db.NewRaw(`INSERT INTO incoming_documents (account_id, agency, sending_id, blob_id, kind, title, name, type, sent_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.AccountID, in.Agency, sending, in.BlobID, in.Kind, in.Title,
		in.Name, in.Type, in.SentBy).Scan(ctx, &id)
	return id, err
}

func listIncoming(ctx context.Context, db bun.IDB, accountID string) (rows []incomingRow, unread int, err error) {
	defer derrors.Wrap(&err, "documents.listIncoming(%q)", accountID)
	if err = db.NewRaw(incomingColumns+"WHERE i.account_id = ? ORDER BY i.created_at DESC LIMIT 500", accountID).Scan(ctx, &rows); err != nil {
		return nil, 0, err
	}
	err = db.NewRaw("SELECT count(*) FROM incoming_documents WHERE account_id = ? AND read_at IS NULL", accountID).Scan(ctx, &unread)
	return rows, unread, err
}

func incomingOf(ctx context.Context, db bun.IDB, accountID, id string) (r incomingRow, err error) {
	defer derrors.Wrap(&err, "documents.incomingOf(%q)", id)
	err = db.NewRaw(incomingColumns+"WHERE i.account_id = ? AND i.id = ?", accountID, id).Scan(ctx, &r)
	return r, notFound(err)
}

func markIncomingRead(ctx context.Context, db bun.IDB, accountID, id string) (err error) {
	defer derrors.Wrap(&err, "documents.markIncomingRead(%q)", id)
	_, err = db.ExecContext(ctx, "UPDATE incoming_documents SET read_at = now() WHERE account_id = ? AND id = ? AND read_at IS NULL",
		accountID, id)
	return err
}
