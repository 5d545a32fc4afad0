package client

// The individual entrepreneur's cabinet (/ip…) and the registry
// officer's desk (/office/ip…).

import (
	"context"
	"net/url"

	"kabinet/shared/documents"
	"kabinet/shared/ip"
)

// IPHome is the cabinet's home (GET /ip): the ЕГРИП record and the
// filings, or an error whose code says why the cabinet does not open.
func (c *Client) IPHome(ctx context.Context) (ip.Home, error) {
	return get[ip.Home](ctx, c, "/ip")
}

// OKVED searches the classifier by code or words (GET /ip/okved?q=).
func (c *Client) OKVED(ctx context.Context, q string) (ip.OKVEDList, error) {
	return get[ip.OKVEDList](ctx, c, "/ip/okved?q="+url.QueryEscape(q))
}

// IPCheck compares the profile with the ЕГРИП record (POST /ip/check).
func (c *Client) IPCheck(ctx context.Context, r ip.CheckRequest) (ip.CheckResult, error) {
	return send[ip.CheckResult](ctx, c, methodPost, "/ip/check", r)
}

// IPFilings lists the person's filings, newest first (GET /ip/filings).
func (c *Client) IPFilings(ctx context.Context) (ip.FilingList, error) {
	return get[ip.FilingList](ctx, c, "/ip/filings")
}

// CreateIPFiling starts a draft of a form (POST /ip/filings).
func (c *Client) CreateIPFiling(ctx context.Context, form string) (ip.Filing, error) {
	return send[ip.Filing](ctx, c, methodPost, "/ip/filings", ip.CreateFilingRequest{Form: form})
}

// IPFiling is one of the person's filings with its timeline.
func (c *Client) IPFiling(ctx context.Context, id string) (ip.Filing, error) {
	return get[ip.Filing](ctx, c, "/ip/filings/"+url.PathEscape(id))
}

// SaveIPDraft keeps a draft's step and answers (PUT /ip/filings/{id}/draft).
func (c *Client) SaveIPDraft(ctx context.Context, id string, r ip.DraftRequest) (ip.Filing, error) {
	return send[ip.Filing](ctx, c, methodPut, "/ip/filings/"+url.PathEscape(id)+"/draft", r)
}

// SubmitIPFiling signs and sends a draft: with doc "", by a fresh
// step-up; else doc names the answers' document signed with the key.
func (c *Client) SubmitIPFiling(ctx context.Context, id, doc string) (ip.Filing, error) {
	return send[ip.Filing](ctx, c, methodPost, "/ip/filings/"+url.PathEscape(id)+"/submit", ip.SubmitRequest{Document: doc})
}

// IPFilingDocument makes a draft's answers a document of «Мои документы»
// to sign with the «Ключ Кабинета» (POST /ip/filings/{id}/document).
func (c *Client) IPFilingDocument(ctx context.Context, id string) (documents.Document, error) {
	return send[documents.Document](ctx, c, methodPost, "/ip/filings/"+url.PathEscape(id)+"/document", struct{}{})
}

// AnswerIPFiling answers «требуются дополнения» in the filing's thread.
func (c *Client) AnswerIPFiling(ctx context.Context, id, text string) (ip.Filing, error) {
	return send[ip.Filing](ctx, c, methodPost, "/ip/filings/"+url.PathEscape(id)+"/answer", ip.AnswerRequest{Text: text})
}

// IPQueue is the registry officer's queue, overdue first
// (GET /office/ip/filings?form=).
func (c *Client) IPQueue(ctx context.Context, form string) (ip.Queue, error) {
	path := "/office/ip/filings"
	if form != "" {
		path += "?form=" + url.QueryEscape(form)
	}
	return get[ip.Queue](ctx, c, path)
}

// OfficeIPFiling is a filing as the officer opens it.
func (c *Client) OfficeIPFiling(ctx context.Context, id string) (ip.OfficeFiling, error) {
	return get[ip.OfficeFiling](ctx, c, "/office/ip/filings/"+url.PathEscape(id))
}

// ReviewIPFiling takes a filing into review.
func (c *Client) ReviewIPFiling(ctx context.Context, id string) error {
	return c.do(ctx, methodPost, "/office/ip/filings/"+url.PathEscape(id)+"/review", struct{}{}, nil)
}

// RegisterIPFiling registers a filing: the ЕГРИП entry it makes.
func (c *Client) RegisterIPFiling(ctx context.Context, id string) (ip.Record, error) {
	return send[ip.Record](ctx, c, methodPost, "/office/ip/filings/"+url.PathEscape(id)+"/register", struct{}{})
}

// RefuseIPFiling refuses a filing with a legal ground and a text.
func (c *Client) RefuseIPFiling(ctx context.Context, id string, d ip.DecisionRequest) error {
	return c.do(ctx, methodPost, "/office/ip/filings/"+url.PathEscape(id)+"/refuse", d, nil)
}

// AskIPAdditions asks the applicant for additions.
func (c *Client) AskIPAdditions(ctx context.Context, id string, d ip.DecisionRequest) error {
	return c.do(ctx, methodPost, "/office/ip/filings/"+url.PathEscape(id)+"/additions", d, nil)
}

// SearchIP finds ИП by ИНН, ОГРНИП or name (GET /office/ip/search?q=).
func (c *Client) SearchIP(ctx context.Context, q string) (ip.SearchResult, error) {
	return get[ip.SearchResult](ctx, c, "/office/ip/search?q="+url.QueryEscape(q))
}

// OfficeIPRecord is an ИП's record with its filings, for the officer.
func (c *Client) OfficeIPRecord(ctx context.Context, inn string) (ip.OfficeRecord, error) {
	return get[ip.OfficeRecord](ctx, c, "/office/ip/records/"+url.PathEscape(inn))
}
