package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/shared"
	"kabinet/shared/i18n"
)

// statusKind is the colour of an account status.
func statusKind(s shared.Status) ds.Kind {
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

// statusTag is the pill of an account status: colour, icon and word.
func statusTag(s shared.Status) *ds.Tag {
	return ds.NewTag(statusKind(s), t("status."+string(s)))
}

// levelTag is the pill of an account level.
func levelTag(l shared.Level) *ds.Tag {
	k := ds.Neutral
	if l == shared.LevelConfirmed {
		k = ds.Success
	} else if l == shared.LevelStandard {
		k = ds.Info
	}
	return ds.NewTag(k, t("level."+string(l)))
}

// confirmedTag says whether a phone or an e-mail is confirmed.
func confirmedTag(ok bool) app.UI {
	if ok {
		return ds.NewTag(ds.Success, t("profile.confirmed"))
	}
	return ds.NewTag(ds.Warning, t("profile.notConfirmed"))
}

// orDash shows «не указано» for an empty value.
func orDash(v string) app.UI { return orText(v, t("common.notGiven")) }

// orText is v, or the muted word `none` when v is empty.
func orText(v, none string) app.UI {
	if v == "" {
		return app.Span().Class("muted").Text(none)
	}
	return app.Text(v)
}

// reasonText is the reason of a status as a person reads it: the
// catalogue's text for a reason the system gives, or a staff member's own
// words as they wrote them.
func reasonText(reason string) string {
	if i18n.Has("reason." + reason) {
		return t("reason." + reason)
	}
	return reason
}

// orWord is v, or word when v is empty («неизвестное устройство»).
func orWord(v, word string) string {
	if v == "" {
		return word
	}
	return v
}

// snilsText is a СНИЛС as people write it, or "" when there is none.
func snilsText(v string) string {
	if v == "" {
		return ""
	}
	return formatSNILS(v)
}

// passportText is the passport's number, issuer and division, a line
// each, or «не указано».
func passportText(pp *shared.Passport) app.UI {
	if pp == nil || pp.Number == "" {
		return orDash("")
	}
	lines := []app.UI{app.Span().Class("block").Text(t("profile.passportNumber", pp.Series, pp.Number))}
	if pp.IssuedBy != "" || pp.IssuedOn != "" {
		lines = append(lines, app.Span().Class("block").Text(t("profile.passportIssued", pp.IssuedBy, formatISODate(pp.IssuedOn))))
	}
	if pp.DivisionCode != "" {
		lines = append(lines, app.Span().Class("block").Text(t("profile.passportDivision", pp.DivisionCode)))
	}
	return app.Span().Body(lines...)
}
