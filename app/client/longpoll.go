package client

import "strings"

// isLongPoll reports whether a request to url is a long poll: a wait the
// server holds open until something changes. Their paths end in /wait
// (/me/approvals/wait, /login/qr/{id}/wait), and no other path does.
func isLongPoll(url string) bool {
	if i := strings.IndexByte(url, '?'); i >= 0 {
		url = url[:i]
	}
	return strings.HasSuffix(url, "/wait")
}
