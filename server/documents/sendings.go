package documents

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/uptrace/bun"

	"kabinet/server/api"
	"kabinet/server/audit"
	"kabinet/server/jobs"
	"kabinet/server/notify"
	"kabinet/shared"
	"kabinet/shared/documents"
	"kabinet/shared/i18n"
)

// deliverJob marks a sending delivered: the agency's system took it into
// its queue. It runs at once after the sending (or an answer) commits.
const deliverJob = "documents.deliver"

type deliverPayload struct {
	Sending string `json:"sending"`
	Event   int64  `json:"event"`
}

// Agencies are the agencies a person can send to, with their requests and
// the signatures they accept.
func (s *Service) Agencies(ctx context.Context, lang i18n.Lang) (documents.Agencies, error) {
	agencies, requests, err := listAgencies(ctx, s.db)
	if err != nil {
		return documents.Agencies{}, err
	}
	out := documents.Agencies{Items: make([]documents.Agency, len(agencies))}
	for i, a := range agencies {
		out.Items[i] = documents.Agency{Code: a.Code, Category: documents.Category(a.Category), Name: pick(lang, a.NameRU, a.NameEN),
			Requests: []documents.RequestKind{}, Signatures: a.Signatures}
		for _, r := range requests {
			if r.Agency == a.Code {
				out.Items[i].Requests = append(out.Items[i].Requests, documents.RequestKind{Code: r.Code, Title: pick(lang, r.TitleRU, r.TitleEN)})
			}
		}
	}
	return out, nil
}

// Send sends the person's documents to an agency: a new numbered sending,
// отправлено, journalled and told; the delivery follows from the job
// queue.
func (s *Service) Send(ctx context.Context, accountID string, req documents.SendRequest, lang i18n.Lang, m api.Meta) (documents.Sending, error) {
	if err := req.Validate(); err != nil {
		return documents.Sending{}, err
	}
	ids := unique(req.Documents)
	var id string
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		ag, found, err := agencyByCode(ctx, tx, req.Agency)
		if err != nil {
			return err
		}
		if !found {
			return fieldError("agency", documents.CodeAgencyUnknown)
		}
		if ok, err := requestExists(ctx, tx, req.Agency, req.Request); err != nil || !ok {
			if err == nil {
				err = fieldError("request", documents.CodeRequestUnknown)
			}
			return err
		}
		if err := s.attachable(ctx, tx, accountID, ids, ag); err != nil {
			return err
		}
		number, err := nextNumber(ctx, tx, s.now())
		if err != nil {
			return err
		}
		if id, err = insertSending(ctx, tx, accountID, number, req); err != nil {
			return err
		}
		if err := attach(ctx, tx, id, ids); err != nil {
			return err
		}
		row, err := sendingByID(ctx, tx, id, "")
		if err != nil {
			return err
		}
		return s.record(ctx, tx, row, step{Kind: documents.JournalSent, Event: event{Status: documents.SendingSent, Note: req.Note, Docs: ids}, Meta: m})
	})
	if err != nil {
		return documents.Sending{}, err
	}
	return s.Sending(ctx, accountID, id, lang)
}

// Answer is the person's reply to «требуются дополнения» in the same
// sending: more documents and a note; the sending is отправлено again.
func (s *Service) Answer(ctx context.Context, accountID, id string, req documents.AnswerRequest, lang i18n.Lang, m api.Meta) (documents.Sending, error) {
	if !api.ValidUUID(id) {
		return documents.Sending{}, shared.E(shared.CodeNotFound)
	}
	if err := req.Validate(); err != nil {
		return documents.Sending{}, err
	}
	ids := unique(req.Documents)
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		row, err := sendingOfPerson(ctx, tx, accountID, id, "FOR UPDATE OF s")
		if err != nil {
			return err
		}
		switch {
		case documents.Final(row.Status):
			return shared.E(documents.CodeClosed)
		case row.Status != documents.SendingAdditions:
			return shared.E(documents.CodeNotAwaiting)
		}
		ag, _, err := agencyByCode(ctx, tx, row.Agency)
		if err != nil {
			return err
		}
		if err := s.attachable(ctx, tx, accountID, ids, ag); err != nil {
			return err
		}
		if err := attach(ctx, tx, id, ids); err != nil {
			return err
		}
		return s.record(ctx, tx, row, step{Kind: documents.JournalAnswered, Event: event{Status: documents.SendingSent, Note: req.Note, Docs: ids}, Meta: m})
	})
	if err != nil {
		return documents.Sending{}, err
	}
	return s.Sending(ctx, accountID, id, lang)
}

// attachable checks that every id is one of the person's documents,
// validly signed in a kind the agency accepts. The documents stay locked
// against a delete until tx ends.
func (s *Service) attachable(ctx context.Context, tx bun.IDB, accountID string, ids []string, ag agencyRow) error {
	for _, id := range ids {
		if !api.ValidUUID(id) {
			return fieldError("documents", shared.CodeNotFound)
		}
	}
	rows, err := ownedDocuments(ctx, tx, accountID, ids)
	if err != nil {
		return err
	}
	if len(rows) != len(ids) {
		return fieldError("documents", shared.CodeNotFound)
	}
	if s.Signatures == nil {
		return nil // the documents alone, without the signature layer
	}
	for _, r := range rows {
		sigs, err := s.signatures(ctx, accountID, r.ID)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(sigs, func(g documents.Signature) bool { return g.Valid && slices.Contains(ag.Signatures, g.Kind) }) {
			return &shared.Error{Code: documents.CodeNotSigned, Args: []string{r.Name}}
		}
	}
	return nil
}

// step is a change of a sending's timeline: its event and journal kind.
type step struct {
	Kind  string // documents.Journal*
	Event event
	Meta  api.Meta
}

// record writes a step in tx: the sending's status, the event, the
// person's journal entry (with the officer as the actor) and the notice;
// a sending that reaches the agency again is queued for delivery.
func (s *Service) record(ctx context.Context, tx bun.IDB, r sendingRow, st step) error {
	arrived := st.Event.Status == documents.SendingSent
	if err := setStatus(ctx, tx, r.ID, st.Event.Status, arrived); err != nil {
		return err
	}
	evID, err := insertEvent(ctx, tx, r.ID, st.Event)
	if err != nil {
		return err
	}
	details := map[string]string{"sending": r.ID, "number": r.Number, "agency": r.Agency, "status": st.Event.Status}
	if st.Event.Note != "" {
		details["note"] = st.Event.Note
	}
	if len(st.Event.Docs) > 0 {
		details["documents"] = strings.Join(st.Event.Docs, ",")
	}
	if err := s.Journal.Append(ctx, tx, audit.Entry{AccountID: r.AccountID, Kind: st.Kind, ActorID: st.Event.Actor,
		IP: st.Meta.IP, UserAgent: st.Meta.UserAgent, Details: details}); err != nil {
		return err
	}
	acc, err := s.Accounts.GetIn(ctx, tx, r.AccountID)
	if err != nil {
		return err
	}
	lang := i18n.Lang(acc.Lang)
	if err := s.Notify.Notify(ctx, tx, notify.Note{Account: acc, Category: shared.NotifyDocuments,
		Key: fmt.Sprintf("documents.sending:%s:%d", r.ID, evID), Message: "msg." + st.Kind,
		Args: []string{r.Number, pick(lang, r.NameRU, r.NameEN), st.Event.Note}, Link: "/documents/sendings/" + r.ID}); err != nil {
		return err
	}
	if !arrived {
		return nil
	}
	return jobs.Enqueue(ctx, tx, deliverJob, deliverPayload{Sending: r.ID, Event: evID},
		jobs.Dedup(fmt.Sprintf("%s:%s:%d", deliverJob, r.ID, evID)))
}

// deliver marks a sending доставлено, unless it moved on meanwhile (the
// officer decided already).
func (s *Service) deliver(ctx context.Context, payload json.RawMessage) error {
	var p deliverPayload
	if err := json.Unmarshal(payload, &p); err != nil {
		return err
	}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		row, err := sendingByID(ctx, tx, p.Sending, "FOR UPDATE OF s")
		if shared.ErrorCode(err) == shared.CodeNotFound {
			return nil // the person's account is gone, and the sending with it
		}
		if err != nil || row.Status != documents.SendingSent {
			return err
		}
		return s.record(ctx, tx, row, step{Kind: documents.JournalDelivered, Event: event{Status: documents.SendingDelivered}})
	})
}

// Sending is one of the person's sendings with its documents and timeline.
func (s *Service) Sending(ctx context.Context, accountID, id string, lang i18n.Lang) (documents.Sending, error) {
	if !api.ValidUUID(id) {
		return documents.Sending{}, shared.E(shared.CodeNotFound)
	}
	row, err := sendingOfPerson(ctx, s.db, accountID, id, "")
	if err != nil {
		return documents.Sending{}, err
	}
	return s.full(ctx, row, lang)
}

// full adds the documents and the timeline to a sending.
func (s *Service) full(ctx context.Context, row sendingRow, lang i18n.Lang) (documents.Sending, error) {
	out := row.public(lang)
	docs, err := sendingDocuments(ctx, s.db, row.ID)
	if err != nil {
		return documents.Sending{}, err
	}
	out.Documents = make([]documents.Attached, len(docs))
	for i, d := range docs {
		out.Documents[i] = documents.Attached{Document: d.public(), AddedAt: d.AddedAt}
	}
	events, err := sendingEvents(ctx, s.db, row.ID)
	if err != nil {
		return documents.Sending{}, err
	}
	out.Events = make([]documents.Event, len(events))
	for i, e := range events {
		out.Events[i] = documents.Event{Status: e.Status, Note: e.Note, Documents: e.Documents, At: e.At}
	}
	return out, nil
}

// Sendings lists the person's sendings, newest first.
func (s *Service) Sendings(ctx context.Context, accountID string, lang i18n.Lang) (documents.SendingList, error) {
	rows, err := listSendings(ctx, s.db, accountID)
	if err != nil {
		return documents.SendingList{}, err
	}
	out := documents.SendingList{Items: make([]documents.Sending, len(rows))}
	for i, r := range rows {
		out.Items[i] = r.public(lang)
	}
	return out, nil
}

func unique(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		id = strings.ToLower(strings.TrimSpace(id))
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

func fieldError(field string, code shared.Code) error {
	return &shared.Error{Code: shared.CodeInvalidInput, Fields: map[string]shared.FieldError{field: {Code: code}}}
}
