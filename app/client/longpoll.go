package client

import "context"

// longPollKey marks a request's context as a long poll.
type longPollKey struct{}

// longPoll marks ctx's request as a long poll: a wait the server holds
// open until something changes (WaitApprovals, WaitQR). The browser's
// transport aborts such a request when the page is left and does not send
// it from a hidden page: it would hold one of the few connections every
// tab of the site shares.
func longPoll(ctx context.Context) context.Context {
	return context.WithValue(ctx, longPollKey{}, true)
}

// isLongPoll reports whether ctx's request is a long poll.
func isLongPoll(ctx context.Context) bool {
	v, _ := ctx.Value(longPollKey{}).(bool)
	return v
}
