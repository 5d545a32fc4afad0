package documents

import (
	"context"
	"slices"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/server/auth"
	"kabinet/server/notify"
	"kabinet/shared"
	"kabinet/shared/documents"
	"kabinet/shared/i18n"
	sharedsig "kabinet/shared/signature"
)

// The agencies' officers' desk. Every query is limited to the agencies of
// the officer's permissions: another agency's sending is not found, and
// neither are its documents.

// queueFilterOf parses the desk's query: agency, category and status (the
// waiting ones, отправлено and доставлено, when none is given).
func queueFilterOf(q func(string) string) (queueFilter, error) {
	f := queueFilter{Agency: q("agency"), Category: q("category"), Statuses: []string{documents.SendingSent, documents.SendingDelivered}}
	var fields shared.Fields
	if f.Category != "" && !slices.Contains(documents.Categories, documents.Category(f.Category)) {
		fields.Add("category", shared.CodeBadFormat)
	}
	if st := q("status"); st != "" {
		if !slices.Contains(documents.SendingStatuses, st) {
			fields.Add("status", shared.CodeBadFormat)
		}
		f.Statuses = []string{st}
	}
	return f, fields.Err()
}

// Queue is the desk's sendings, oldest waiting first, with their age.
func (s *Service) Queue(ctx context.Context, st staff, f queueFilter, lang i18n.Lang) (documents.Queue, error) {
	rows, err := queue(ctx, s.db, st.Agencies, f)
	if err != nil {
		return documents.Queue{}, err
	}
	now := s.now()
	out := documents.Queue{Items: make([]documents.QueueItem, len(rows))}
	for i, r := range rows {
		acc := shared.Account{LastName: r.LastName, FirstName: r.FirstName, MiddleName: r.MiddleName}
		out.Items[i] = documents.QueueItem{Sending: r.public(lang), Person: acc.FullName(), WaitingSince: r.WaitingSince,
			AgeMinutes: int64(now.Sub(r.WaitingSince).Minutes())}
	}
	return out, nil
}

// OfficeSending is a sending of the desk's agencies as the officer opens
// it: the sender, the documents and the timeline.
func (s *Service) OfficeSending(ctx context.Context, st staff, id string, lang i18n.Lang) (documents.OfficeSending, error) {
	if !api.ValidUUID(id) {
		return documents.OfficeSending{}, shared.E(shared.CodeNotFound)
	}
	row, err := sendingAtDesk(ctx, s.db, st.Agencies, id, "")
	if err != nil {
		return documents.OfficeSending{}, err
	}
	full, err := s.full(ctx, row, lang)
	if err != nil {
		return documents.OfficeSending{}, err
	}
	acc, err := s.Accounts.GetIn(ctx, s.db, row.AccountID)
	if err != nil {
		return documents.OfficeSending{}, err
	}
	// The officer checks the signatures in one look: as the sender sees
	// them, since the officer may see what was sent.
	for i, d := range full.Documents {
		if full.Documents[i].Signatures, err = s.signatures(ctx, row.AccountID, d.ID); err != nil {
			return documents.OfficeSending{}, err
		}
	}
	return documents.OfficeSending{Sending: full, Person: acc.FullName(), PersonINN: acc.INN}, nil
}

// OfficeContent opens a document of a sending of the desk's agencies.
func (s *Service) OfficeContent(ctx context.Context, st staff, sendingID, docID string) (documentRow, BlobReader, error) {
	if !api.ValidUUID(sendingID) || !api.ValidUUID(docID) {
		return documentRow{}, nil, shared.E(shared.CodeNotFound)
	}
	if _, err := sendingAtDesk(ctx, s.db, st.Agencies, sendingID, ""); err != nil {
		return documentRow{}, nil, err
	}
	row, err := sentDocument(ctx, s.db, sendingID, docID)
	if err != nil {
		return documentRow{}, nil, err
	}
	r, err := s.Blobs.Open(ctx, row.BlobID)
	return row, r, err
}

// decisions are the officer's steps: the status each leads to and its
// journal kind; rejecting and asking for additions need a reason.
var decisions = map[string]string{
	documents.SendingAccepted:  documents.JournalAccepted,
	documents.SendingRejected:  documents.JournalRejected,
	documents.SendingAdditions: documents.JournalAdditions,
}

// Decide accepts a sending, rejects it (with the reason) or asks for
// additions (with what is missing). A sending already decided is closed;
// one waiting for the person's additions waits.
func (s *Service) Decide(ctx context.Context, st staff, id, status, reason string, m api.Meta) error {
	kind, ok := decisions[status]
	if !ok || !api.ValidUUID(id) {
		return shared.E(shared.CodeNotFound)
	}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		row, err := sendingAtDesk(ctx, tx, st.Agencies, id, "FOR UPDATE OF s")
		if err != nil {
			return err
		}
		switch {
		case documents.Final(row.Status):
			return shared.E(documents.CodeClosed)
		case row.Status == documents.SendingAdditions:
			return shared.E(documents.CodeAwaitingAnswer)
		}
		if err := auth.NotOwn(st.ID, row.AccountID); err != nil {
			return err
		}
		return s.record(ctx, tx, row, step{Kind: kind, Event: event{Status: status, Note: reason, Actor: st.ID}, Meta: m})
	})
}

// SendIncoming sends one of the officer's uploaded documents to a person
// as a document of the officer's agency: in reply to a sending to that
// agency, or to the person with the ИНН. The person is told.
func (s *Service) SendIncoming(ctx context.Context, st staff, req documents.IncomingRequest, m api.Meta) (string, error) {
	if err := req.Validate(); err != nil {
		return "", err
	}
	if !st.serves(req.Agency) {
		return "", shared.E(shared.CodeForbidden)
	}
	if !api.ValidUUID(req.Document) {
		return "", fieldError("document", shared.CodeNotFound)
	}
	recipient := ""
	if req.SendingID == "" {
		id, err := s.Accounts.ConfirmedByINN(ctx, req.INN)
		if shared.ErrorCode(err) == shared.CodeNotFound {
			return "", fieldError("inn", shared.CodeNotFound)
		}
		if err != nil {
			return "", err
		}
		if err := auth.NotOwn(st.ID, id); err != nil {
			return "", err
		}
		recipient = id
	}
	var id string
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if req.SendingID != "" {
			if !api.ValidUUID(req.SendingID) {
				return shared.E(shared.CodeNotFound)
			}
			row, err := sendingAtDesk(ctx, tx, []string{req.Agency}, req.SendingID, "")
			if err != nil {
				return err
			}
			recipient = row.AccountID
			if err := auth.NotOwn(st.ID, recipient); err != nil {
				return err
			}
		}
		doc, err := documentOf(ctx, tx, st.ID, req.Document, "FOR SHARE OF d")
		if shared.ErrorCode(err) == shared.CodeNotFound {
			return fieldError("document", shared.CodeNotFound)
		}
		if err != nil {
			return err
		}
		id, err = insertIncoming(ctx, tx, newIncoming{AccountID: recipient, Agency: req.Agency, SendingID: req.SendingID,
			BlobID: doc.BlobID, Kind: req.Kind, Title: req.Title, Name: doc.Name, Type: doc.Type, SentBy: st.ID})
		if err != nil {
			return err
		}
		if err := s.signIncoming(ctx, tx, st.ID, id, req.Agency, doc.SHA256, m); err != nil {
			return err
		}
		return s.tellIncoming(ctx, tx, recipient, id, req, st.ID, m)
	})
	return id, err
}

// signIncoming has the portal sign an incoming document with its agency's
// key, in the transaction that records it: what the person receives
// carries the agency's signature from the start.
func (s *Service) signIncoming(ctx context.Context, tx bun.IDB, officerID, id, agency string, sum []byte, m api.Meta) error {
	if s.Signatures == nil {
		return nil
	}
	ag, _, err := agencyByCode(ctx, tx, agency)
	if err != nil {
		return err
	}
	_, err = s.Signatures.SignIncoming(ctx, tx, officerID, id, sharedsig.Agency{Code: agency, Name: ag.NameRU}, sum, m)
	return err
}

// tellIncoming journals an incoming document on the person's chain (the
// officer as the actor) and tells the person.
func (s *Service) tellIncoming(ctx context.Context, tx bun.IDB, accountID, id string, req documents.IncomingRequest, officer string, m api.Meta) error {
	details := map[string]string{"incoming": id, "agency": req.Agency, "kind": req.Kind, "title": req.Title}
	if req.SendingID != "" {
		details["sending"] = req.SendingID
	}
	if err := s.Journal.Append(ctx, tx, audit.Entry{AccountID: accountID, Kind: documents.JournalIncoming, ActorID: officer,
		IP: m.IP, UserAgent: m.UserAgent, Details: details}); err != nil {
		return err
	}
	acc, err := s.Accounts.GetIn(ctx, tx, accountID)
	if err != nil {
		return err
	}
	ag, _, err := agencyByCode(ctx, tx, req.Agency)
	if err != nil {
		return err
	}
	return s.Notify.Notify(ctx, tx, notify.Note{Account: acc, Category: shared.NotifyDocuments, Key: "documents.incoming:" + id,
		Message: "msg." + documents.JournalIncoming, Args: []string{req.Title, pick(i18n.Lang(acc.Lang), ag.NameRU, ag.NameEN)},
		Link: "/documents/incoming/" + id})
}
