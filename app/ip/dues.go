package ip

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	"kabinet/shared"
	sharedip "kabinet/shared/ip"
)

// duesShown is how many deadlines the card lists: the nearest ones; the
// calendar file has them all.
const duesShown = 6

// duesCard is «Сроки по налогам и взносам»: the ИП's deadlines ahead by
// its regime, each on a working day, and a calendar file to take along.
// A summary list, as the record: the day, then what is due.
func duesCard(dues []sharedip.Due, regime string) app.UI {
	var body []app.UI
	if len(dues) > 0 {
		rows := make([]ds.Row, 0, duesShown)
		unsure := ""
		for _, d := range dues[:min(len(dues), duesShown)] {
			what := t("ip.due."+d.Kind, periodText(d.Period))
			if d.Amount > 0 {
				what += ": " + page.FormatMoney(d.Amount)
			}
			on := page.FormatISODate(d.On)
			switch {
			case d.Unsure:
				on, unsure = on+"*", d.On[:4]
			case d.Nominal != "":
				what += " (" + t("ip.due.moved", page.FormatISODate(d.Nominal)) + ")"
			}
			rows = append(rows, ds.Row{Key: on, Value: app.Text(what)})
		}
		body = append(body, app.P().Class("muted").Text(t("ip.due.lead")), ds.NewSummaryList(rows...).ID("ip-dues-list"))
		if unsure != "" {
			// One year's transfers not loaded: said once, not on each row.
			body = append(body, app.P().ID("ip-dues-unsure").Class("muted").Text("* "+t("ip.due.unsure", unsure)))
		}
		body = append(body, ds.Actions(app.A().ID("link-ip-ics").Class("button button--secondary").
			Href(shared.APIPrefix+"/ip/dues.ics").Attr("download", "").Text(t("ip.due.ics"))))
	}
	switch regime {
	case sharedip.RegimePSN, sharedip.RegimeOSNO, sharedip.RegimeNPD: // what the list leaves out
		body = append(body, app.P().ID("ip-dues-note").Text(t("ip.due.note."+regime)))
	}
	if len(body) == 0 {
		return nil
	}
	return ds.NewCard(t("ip.due.h2")).ID("ip-dues").Body(body...)
}

// periodText is a period of a deadline: «2025 год», «I квартал 2026».
func periodText(p string) string {
	if len(p) == 4 {
		return t("ip.due.year", p)
	}
	return t("ip.due."+p[5:], p[:4])
}
