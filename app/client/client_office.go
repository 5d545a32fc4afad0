package client

// The back office: people, their confirmation and status, sessions and
// lost-factor requests, and the service centres' kiosks.

import (
	"context"
	"net/url"

	"kabinet/shared"
)

// Kiosks lists the kiosks (back office).
func (c *Client) Kiosks(ctx context.Context) (shared.KioskList, error) {
	return get[shared.KioskList](ctx, c, "/office/kiosks")
}

// RegisterKiosk adds a kiosk (back office).
func (c *Client) RegisterKiosk(ctx context.Context, r shared.KioskRequest) (shared.KioskRegistered, error) {
	return send[shared.KioskRegistered](ctx, c, methodPost, "/office/kiosks", r)
}

// RevokeKiosk retires a kiosk (back office).
func (c *Client) RevokeKiosk(ctx context.Context, id string) error {
	return c.do(ctx, methodPost, "/office/kiosks/"+url.PathEscape(id)+"/revoke", struct{}{}, nil)
}

// SearchPeople searches accounts for the back office.
func (c *Client) SearchPeople(ctx context.Context, q string) (shared.PeopleSearch, error) {
	return get[shared.PeopleSearch](ctx, c, "/office/people?q="+url.QueryEscape(q))
}

// Person returns one account for the back office.
func (c *Client) Person(ctx context.Context, id string) (shared.Account, error) {
	return get[shared.Account](ctx, c, "/office/people/"+url.PathEscape(id))
}

// PersonJournal returns a page of a person's journal for the back office.
func (c *Client) PersonJournal(ctx context.Context, id string, before int64) (shared.JournalPage, error) {
	return get[shared.JournalPage](ctx, c, "/office/people/"+url.PathEscape(id)+"/journal"+beforeQuery(before))
}

// ConfirmIdentity records an in-person identity check.
func (c *Client) ConfirmIdentity(ctx context.Context, id string, r shared.ConfirmIdentityRequest) (shared.Account, error) {
	return send[shared.Account](ctx, c, methodPost, "/office/people/"+url.PathEscape(id)+"/confirm", r)
}

// PersonSessions lists a person's open sessions for the back office.
func (c *Client) PersonSessions(ctx context.Context, id string) (shared.SessionList, error) {
	return get[shared.SessionList](ctx, c, "/office/people/"+url.PathEscape(id)+"/sessions")
}

// EndPersonSessions ends one of a person's sessions (handle) or, with
// handle "", all of them.
func (c *Client) EndPersonSessions(ctx context.Context, id, handle string) error {
	path := "/office/people/" + url.PathEscape(id) + "/sessions/end"
	if handle != "" {
		path = "/office/people/" + url.PathEscape(id) + "/sessions/" + url.PathEscape(handle) + "/end"
	}
	_, err := send[struct{}](ctx, c, methodPost, path, struct{}{})
	return err
}

// FactorResets lists the pending requests to remove lost second factors.
func (c *Client) FactorResets(ctx context.Context) (shared.FactorResetList, error) {
	return get[shared.FactorResetList](ctx, c, "/office/factor-resets")
}

// SettleFactorReset approves (after the passport check) or rejects a request.
func (c *Client) SettleFactorReset(ctx context.Context, id string, approve bool, d shared.FactorResetDecision) error {
	verb := "/reject"
	if approve {
		verb = "/approve"
	}
	_, err := send[struct{}](ctx, c, methodPost, "/office/factor-resets/"+url.PathEscape(id)+verb, d)
	return err
}

// Block blocks an account with a reason.
func (c *Client) Block(ctx context.Context, id string, reason string) (shared.Account, error) {
	return send[shared.Account](ctx, c, methodPost, "/office/people/"+url.PathEscape(id)+"/block", shared.StatusChangeRequest{Reason: reason})
}

// Unblock unblocks an account with a reason.
func (c *Client) Unblock(ctx context.Context, id string, reason string) (shared.Account, error) {
	return send[shared.Account](ctx, c, methodPost, "/office/people/"+url.PathEscape(id)+"/unblock", shared.StatusChangeRequest{Reason: reason})
}
