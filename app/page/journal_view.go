package page

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/shared"
	"kabinet/shared/i18n"
)

// JournalView draws journal entries as a table (cards on phones) with
// «Показать ещё», under the chain's verification; shared by the owner's
// journal and the back office.
func JournalView(items []shared.JournalEntry, in *shared.JournalIntegrity, loaded bool, next int64, loading bool, errText string, onMore app.EventHandler) []app.UI {
	if errText != "" {
		return []app.UI{ds.NewNotice(ds.Danger, t("common.unavailableTitle")).ID("form-error").Text(errText)}
	}
	if !loaded {
		return []app.UI{ds.NewSkeleton(5, t("common.loading"))}
	}
	if len(items) == 0 {
		// A chain whose rows were all removed (TRUNCATE) shows no rows:
		// its break must show all the same.
		return []app.UI{integrityView(in), ds.NewEmptyState(t("journal.emptyTitle"), t("journal.emptyText"))}
	}
	rows := make([][]app.UI, len(items))
	for i, e := range items {
		rows[i] = []app.UI{
			app.Time().DateTime(e.At.Format("2006-01-02T15:04:05Z07:00")).Text(FormatDateTime(e.At)),
			app.Span().Class("journal-event").Body(app.Text(eventText(e)), eventDetail(e), brokenMark(e, in)),
			OrDash(e.Device),
			OrDash(e.IP),
		}
	}
	return []app.UI{
		integrityView(in),
		ds.NewTable(t("journal.caption"), t("journal.when"), t("journal.what"), t("journal.device"), t("journal.ip")).
			ID("journal").Rows(rows),
		app.If(next > 0, func() app.UI {
			return ds.Actions(
				ds.NewButton(t("journal.more")).ID("btn-more").Kind(ds.Secondary).Busy(loading, t("common.loading")).OnClick(onMore),
			)
		}),
	}
}

// integrityView says whether the journal's chain held when it was last
// verified (on the first page's load), or which entry fails and since when.
func integrityView(in *shared.JournalIntegrity) app.UI {
	switch {
	case in == nil:
		return nil
	case in.Intact:
		return app.P().ID("journal-integrity").Class("muted").
			Text(t("journal.intact", FormatDateTime(in.CheckedAt), strconv.Itoa(int(in.Entries))))
	}
	id := strconv.Itoa(int(in.BrokenID))
	var what string
	switch in.Reason {
	case shared.JournalBreakRemoved:
		what = t("journal.break.removed", id)
	case shared.JournalBreakCheck:
		what = t("journal.break.check")
	default:
		what = t("journal.break."+string(in.Reason), id, FormatDateTime(in.BrokenAt))
	}
	return ds.NewNotice(ds.Danger, t("journal.broken.title")).ID("journal-integrity").
		Text(t("journal.broken.text", what, FormatDateTime(in.Since)))
}

// brokenMark flags the entry the verification found failing, so that the
// notice's «запись от …» can be found in the table.
func brokenMark(e shared.JournalEntry, in *shared.JournalIntegrity) app.UI {
	if in == nil || in.Intact || in.BrokenID != e.ID {
		return nil
	}
	return app.Span().Class("block").Body(ds.NewTag(ds.Danger, t("journal.brokenHere")))
}

// eventText is the event in words; an unknown kind shows as it is.
func eventText(e shared.JournalEntry) string {
	if f := e.Details["factor"]; f != "" && i18n.Has("event."+e.Kind+"."+f) {
		return t("event." + e.Kind + "." + f) // «Включены SMS-коды для входа»
	}
	if key := "event." + e.Kind; i18n.Has(key) {
		return t(key)
	}
	return e.Kind
}

// eventDetail shows the details a person can read: the channel of a
// confirmed contact, the reason of a status change.
func eventDetail(e shared.JournalEntry) app.UI {
	var parts []app.UI
	if ch := e.Details["channel"]; ch != "" {
		parts = append(parts, app.Span().Class("block muted").Text(t("journal.channel."+ch)))
	}
	if m := e.Details["method"]; m != "" && i18n.Has("journal.method."+m) {
		parts = append(parts, app.Span().Class("block muted").Text(t("journal.method."+m)))
	}
	if ms := e.Details["methods"]; ms != "" {
		parts = append(parts, app.Span().Class("block muted").Text(MethodsText(strings.Split(ms, ","))))
	}
	if v := e.Details["version"]; v != "" && e.Kind == shared.JournalConsent {
		parts = append(parts, app.Span().Class("block muted").Text(t("journal.policyVersion", v)))
	}
	if n := e.Details["name"]; n != "" {
		parts = append(parts, app.Span().Class("block muted").Text("«"+n+"»"))
	}
	if d := e.Details["device"]; d != "" {
		parts = append(parts, app.Span().Class("block muted").Text(t("journal.onDevice", d)))
	}
	if r := e.Details["reason"]; r != "" {
		if key := "journal.reasonCode." + r; i18n.Has(key) {
			r = t(key)
		}
		parts = append(parts, app.Span().Class("block muted").Text(t("journal.reason", r)))
	}
	if len(parts) == 0 {
		return nil
	}
	return app.Span().Body(parts...)
}

// MethodsText names how a session signed in («Пароль»).
func MethodsText(methods []string) string {
	out := ""
	for i, m := range methods {
		if i > 0 {
			out += ", "
		}
		key := "journal.method." + m
		if !i18n.Has(key) {
			out += m
			continue
		}
		out += t(key)
	}
	return out
}
