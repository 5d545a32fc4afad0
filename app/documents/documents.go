// Package documents is the person's document layer and the agencies'
// desk: «Мои документы» (upload, the list with its search, a document's
// card with its signatures, sendings and history, and signing it with a
// ПЭП or a «Ключ Кабинета»), «Отправить документы» and a sending's
// timeline with the answer to «требуются дополнения», «Входящие
// документы», the public verification of a signature, and the officer's
// desk. Its vocabulary is shared/documents and shared/signature; its
// calls are app/client's; the key lives in the browser (web/sigkey.js).
package documents

import (
	"strings"

	"kabinet/app/page"
)

// t is the interface text of key in the current language; out of line,
// as page's t says why.
//
//go:noinline
func t(key string, args ...any) string { return page.T(key, args...) }

// The frame's parts, under this package's own names (see app/npd).
type (
	live   = page.Live
	authed = page.Authed
)

// Paths of the area's pages.
const (
	PathDocuments = "/documents"
	PathSend      = "/documents/send"
	PathIncoming  = "/documents/incoming"
	PathVerify    = "/signature/verify"
	PathDesk      = "/office/documents"

	// PatternCard matches a document's card, /documents/{id};
	// PatternSending a sending's page, /documents/sendings/{id};
	// PatternDeskSending a sending at the desk, /office/documents/{id}.
	PatternCard        = `^/documents/[0-9a-f-]{36}$`
	PatternSending     = `^/documents/sendings/[0-9a-f-]{36}$`
	PatternDeskSending = `^/office/documents/[0-9a-f-]{36}$`
)

// CardPath is a document's card.
func CardPath(id string) string { return PathDocuments + "/" + id }

// SendingPath is a sending's page.
func SendingPath(id string) string { return "/documents/sendings/" + id }

// DeskSendingPath is a sending at the desk.
func DeskSendingPath(id string) string { return PathDesk + "/" + id }

// lastPart is the id at the end of a page's path.
func lastPart(path string) string { return path[strings.LastIndex(path, "/")+1:] }

// sizeText is a file's size as a person reads it: «12 КБ», «1,4 МБ».
func sizeText(n int64) string {
	switch {
	case n < 1024:
		return t("docs.bytes", n)
	case n < 1<<20:
		return t("docs.kb", (n+512)/1024)
	}
	tenths := (n*10 + 1<<19) >> 20
	return t("docs.mb", tenths/10, tenths%10)
}
