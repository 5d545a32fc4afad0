package office

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/page"
	"kabinet/shared"
)

// The back office's reads: each is a go-app action whose handler sets a
// page.Remote state that the pages observe (page.Query).
var (
	// peopleQuery is the search of people (tag q).
	peopleQuery = page.NewQuery("office/people", func(ctx app.Context, tags app.Tags) ([]shared.Account, error) {
		res, err := page.API().SearchPeople(ctx, tags.Get("q"))
		return res.Items, err
	})

	// resetsQuery is the pending lost-factor requests.
	resetsQuery = page.NewQuery("office/resets", func(ctx app.Context, _ app.Tags) ([]shared.FactorReset, error) {
		l, err := page.API().FactorResets(ctx)
		return l.Items, err
	})

	// personQuery is one person's account (tag id).
	personQuery = page.NewQuery("office/person", func(ctx app.Context, tags app.Tags) (shared.Account, error) {
		return page.API().Person(ctx, tags.Get("id"))
	})

	// journalQuery is a page of a person's journal (tags id, and before:
	// the page before that event; 0 is the newest).
	journalQuery = page.NewQuery("office/person/journal", func(ctx app.Context, tags app.Tags) (shared.JournalPage, error) {
		before, _ := strconv.ParseInt(tags.Get("before"), 10, 64)
		return page.API().PersonJournal(ctx, tags.Get("id"), before)
	})

	// extrasQuery is a person's sessions and, with tag resets=1 (staff who
	// confirm people), the person's pending lost-factor request.
	extrasQuery = page.NewQuery("office/person/extras", func(ctx app.Context, tags app.Tags) (personExtrasData, error) {
		id := tags.Get("id")
		l, err := page.API().PersonSessions(ctx, id)
		if err != nil || tags.Get("resets") != "1" {
			return personExtrasData{Sessions: l.Items}, err
		}
		resets, err := page.API().FactorResets(ctx)
		out := personExtrasData{Sessions: l.Items}
		for _, r := range resets.Items {
			if r.AccountID == id {
				out.Reset = &r
			}
		}
		return out, err
	})

	// kiosksQuery is the service centre's kiosks.
	kiosksQuery = page.NewQuery("office/kiosks", func(ctx app.Context, _ app.Tags) ([]shared.Kiosk, error) {
		l, err := page.API().Kiosks(ctx)
		return l.Items, err
	})
)

// personExtrasData is what extrasQuery answers.
type personExtrasData struct {
	Sessions []shared.SessionItem
	Reset    *shared.FactorReset // the person's pending request, if any
}
