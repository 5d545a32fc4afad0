package page

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/shared"
	"kabinet/shared/i18n"
)

// StatusKind is the colour of an account status.
func StatusKind(s shared.Status) ds.Kind {
	switch s {
	case shared.StatusActive:
		return ds.Success
	case shared.StatusBlocked:
		return ds.Danger
	case shared.StatusPending, shared.StatusNeedsUpdate:
		return ds.Warning
	}
	return ds.Neutral
}

// StatusTag is the pill of an account status: colour, icon and word.
func StatusTag(s shared.Status) *ds.Tag {
	return ds.NewTag(StatusKind(s), t("status."+string(s)))
}

// LevelTag is the pill of an account level.
func LevelTag(l shared.Level) *ds.Tag {
	k := ds.Neutral
	if l == shared.LevelConfirmed {
		k = ds.Success
	} else if l == shared.LevelStandard {
		k = ds.Info
	}
	return ds.NewTag(k, t("level."+string(l)))
}

// ConfirmedTag says whether a phone or an e-mail is confirmed.
func ConfirmedTag(ok bool) app.UI {
	if ok {
		return ds.NewTag(ds.Success, t("profile.confirmed"))
	}
	return ds.NewTag(ds.Warning, t("profile.notConfirmed"))
}

// OrDash shows «не указано» for an empty value.
func OrDash(v string) app.UI { return OrText(v, t("common.notGiven")) }

// OrText is v, or the muted word `none` when v is empty.
func OrText(v, none string) app.UI {
	if v == "" {
		return app.Span().Class("muted").Text(none)
	}
	return app.Text(v)
}

// ReasonText is the reason of a status as a person reads it: the
// catalogue's text for a reason the system gives, or a staff member's own
// words as they wrote them.
func ReasonText(reason string) string {
	if i18n.Has("reason." + reason) {
		return t("reason." + reason)
	}
	return reason
}

// OrWord is v, or word when v is empty («неизвестное устройство»).
func OrWord(v, word string) string {
	if v == "" {
		return word
	}
	return v
}

// SNILSText is a СНИЛС as people write it, or "" when there is none.
func SNILSText(v string) string {
	if v == "" {
		return ""
	}
	return FormatSNILS(v)
}

// PassportText is the passport's number, issuer and division, a line
// each, or «не указано».
func PassportText(pp *shared.Passport) app.UI {
	if pp == nil || pp.Number == "" {
		return OrDash("")
	}
	lines := []app.UI{app.Span().Class("block").Text(t("profile.passportNumber", pp.Series, pp.Number))}
	if pp.IssuedBy != "" || pp.IssuedOn != "" {
		lines = append(lines, app.Span().Class("block").Text(t("profile.passportIssued", pp.IssuedBy, FormatISODate(pp.IssuedOn))))
	}
	if pp.DivisionCode != "" {
		lines = append(lines, app.Span().Class("block").Text(t("profile.passportDivision", pp.DivisionCode)))
	}
	return app.Span().Body(lines...)
}
