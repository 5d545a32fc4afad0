package client

// The document layer: the person's documents (/documents…), sendings to
// agencies, incoming documents, and the agency officer's desk
// (/office/documents…).

import (
	"context"
	"net/url"

	"kabinet/shared"
	"kabinet/shared/documents"
)

// UploadDocument sends a file as the raw body (POST /documents), its name
// percent-encoded in documents.NameHeader. The answer is the stored
// document (Duplicate when the same bytes were uploaded before).
func (c *Client) UploadDocument(ctx context.Context, name string, file []byte) (documents.Document, error) {
	h := Header{}
	h.Set(documents.NameHeader, url.PathEscape(name))
	return send[documents.Document](ctx, c, methodPost, "/documents", Raw{Body: file, Type: "application/octet-stream", Header: h})
}

// Documents lists the person's documents (GET /documents?q&type&status&from&to).
func (c *Client) Documents(ctx context.Context, filter url.Values) (documents.DocumentList, error) {
	path := "/documents"
	if len(filter) > 0 {
		path += "?" + filter.Encode()
	}
	return get[documents.DocumentList](ctx, c, path)
}

// DocumentCard is a document with its signatures, sendings and history
// (GET /documents/{id}).
func (c *Client) DocumentCard(ctx context.Context, id string) (documents.Card, error) {
	return get[documents.Card](ctx, c, "/documents/"+url.PathEscape(id))
}

// DeleteDocument deletes a document that was neither signed nor sent.
func (c *Client) DeleteDocument(ctx context.Context, id string) error {
	return c.do(ctx, methodDelete, "/documents/"+url.PathEscape(id), nil, nil)
}

// DocumentPreviewURL is where a PDF shows inline, sandboxed, for the
// card's frame.
func DocumentPreviewURL(id string) string {
	return shared.APIPrefix + "/documents/" + url.PathEscape(id) + "/preview"
}

// DocumentContentURL is where a document downloads from (same origin: the
// session cookie travels with it).
func DocumentContentURL(id string) string {
	return shared.APIPrefix + "/documents/" + url.PathEscape(id) + "/content"
}

// Agencies lists the agencies with their requests and the signatures
// they accept (GET /documents/agencies).
func (c *Client) Agencies(ctx context.Context) (documents.Agencies, error) {
	return get[documents.Agencies](ctx, c, "/documents/agencies")
}

// Sendings lists the person's sendings (GET /documents/sendings).
func (c *Client) Sendings(ctx context.Context) (documents.SendingList, error) {
	return get[documents.SendingList](ctx, c, "/documents/sendings")
}

// Send sends documents to an agency (POST /documents/sendings).
func (c *Client) Send(ctx context.Context, r documents.SendRequest) (documents.Sending, error) {
	return send[documents.Sending](ctx, c, methodPost, "/documents/sendings", r)
}

// Sending is one sending with its documents and timeline.
func (c *Client) Sending(ctx context.Context, id string) (documents.Sending, error) {
	return get[documents.Sending](ctx, c, "/documents/sendings/"+url.PathEscape(id))
}

// AnswerSending answers «требуются дополнения» with more documents.
func (c *Client) AnswerSending(ctx context.Context, id string, r documents.AnswerRequest) (documents.Sending, error) {
	return send[documents.Sending](ctx, c, methodPost, "/documents/sendings/"+url.PathEscape(id)+"/answer", r)
}

// Incoming lists the documents agencies sent to the person.
func (c *Client) Incoming(ctx context.Context) (documents.IncomingList, error) {
	return get[documents.IncomingList](ctx, c, "/documents/incoming")
}

// MarkIncomingRead marks an incoming document read.
func (c *Client) MarkIncomingRead(ctx context.Context, id string) error {
	return c.do(ctx, methodPost, "/documents/incoming/"+url.PathEscape(id)+"/read", struct{}{}, nil)
}

// IncomingContentURL is where an incoming document downloads from.
func IncomingContentURL(id string) string {
	return shared.APIPrefix + "/documents/incoming/" + url.PathEscape(id) + "/content"
}

// DocumentQueue is the officer's queue (GET /office/documents?agency&category&status).
func (c *Client) DocumentQueue(ctx context.Context, filter url.Values) (documents.Queue, error) {
	path := "/office/documents"
	if len(filter) > 0 {
		path += "?" + filter.Encode()
	}
	return get[documents.Queue](ctx, c, path)
}

// OfficeSending is a sending as the officer opens it.
func (c *Client) OfficeSending(ctx context.Context, id string) (documents.OfficeSending, error) {
	return get[documents.OfficeSending](ctx, c, "/office/documents/"+url.PathEscape(id))
}

// OfficeContentURL is where the officer downloads a sending's document.
func OfficeContentURL(sending, doc string) string {
	return shared.APIPrefix + "/office/documents/" + url.PathEscape(sending) + "/documents/" + url.PathEscape(doc) + "/content"
}

// DecideSending accepts (status accepted, no reason), rejects or asks for
// additions (with the reason).
func (c *Client) DecideSending(ctx context.Context, id, status, reason string) error {
	action := map[string]string{documents.SendingAccepted: "accept", documents.SendingRejected: "reject", documents.SendingAdditions: "additions"}[status]
	var body any
	if status != documents.SendingAccepted {
		body = documents.DecisionRequest{Reason: reason}
	}
	return c.do(ctx, methodPost, "/office/documents/"+url.PathEscape(id)+"/"+action, body, nil)
}

// SendIncoming sends one of the officer's uploaded documents to a person
// (POST /office/documents/incoming).
func (c *Client) SendIncoming(ctx context.Context, r documents.IncomingRequest) error {
	return c.do(ctx, methodPost, "/office/documents/incoming", r, nil)
}
