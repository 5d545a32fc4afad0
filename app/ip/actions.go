package ip

import (
	"slices"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/page"
	"kabinet/shared"
	sharedip "kabinet/shared/ip"
)

// The cabinet's reads. Each is a go-app action whose handler sets a
// page.Remote state; the pages load them from OnNav and render by status.
// Changes go through page.Do from the page that makes them.
var (
	// homeQuery is GET /ip: the record and the filings, or the typed
	// reason the cabinet does not open.
	homeQuery = page.NewQuery("ip.home", loadHome)
	// filingsQuery is the person's filings: a person who is not an ИП yet
	// has drafts and filings of Р21001 all the same.
	filingsQuery = page.NewQuery("ip.filings", func(ctx app.Context, _ app.Tags) (sharedip.FilingList, error) {
		return page.API().IPFilings(ctx)
	})
	// filingQuery is one filing (tag id).
	filingQuery = page.NewQuery("ip.filing", func(ctx app.Context, tags app.Tags) (filingView, error) {
		f, err := page.API().IPFiling(ctx, tags.Get("id"))
		if err != nil {
			return filingView{}, err
		}
		return filingView{Filing: f, Names: okvedNames(ctx, f)}, nil
	})
	// queueQuery is the registry officer's queue (tag form: one form or all).
	queueQuery = page.NewQuery("ip.queue", func(ctx app.Context, tags app.Tags) (sharedip.Queue, error) {
		return page.API().IPQueue(ctx, tags.Get("form"))
	})
	// officeFilingQuery is a filing as the officer opens it (tag id).
	officeFilingQuery = page.NewQuery("ip.officeFiling", func(ctx app.Context, tags app.Tags) (officeFilingView, error) {
		o, err := page.API().OfficeIPFiling(ctx, tags.Get("id"))
		if err != nil {
			return officeFilingView{}, err
		}
		return officeFilingView{OfficeFiling: o, Names: okvedNames(ctx, o.Filing)}, nil
	})
	// officeRecordQuery is an ИП's card for the officer (tag inn).
	officeRecordQuery = page.NewQuery("ip.officeRecord", func(ctx app.Context, tags app.Tags) (sharedip.OfficeRecord, error) {
		return page.API().OfficeIPRecord(ctx, tags.Get("inn"))
	})
)

// byID tags a query with a filing's id.
func byID(id string) app.Tag { return app.T("id", id) }

// homeView is GET /ip as the home page shows it: the home, or the typed
// reason the cabinet does not open (the reasons are data for this page,
// not failures).
type homeView struct {
	Home   *sharedip.Home
	Reason shared.Code
}

// homeReasons are the codes of GET /ip that say why the cabinet is closed.
var homeReasons = []shared.Code{sharedip.CodeNotConfirmed, sharedip.CodeNoFactor, sharedip.CodeNotIP,
	sharedip.CodeAccountLimited, sharedip.CodeNeedsUpdate, shared.CodeAccountBlocked}

func loadHome(ctx app.Context, _ app.Tags) (homeView, error) {
	h, err := page.API().IPHome(ctx)
	if c := shared.ErrorCode(err); err != nil && slices.Contains(homeReasons, c) {
		return homeView{Reason: c}, nil
	}
	if err != nil {
		return homeView{}, err
	}
	return homeView{Home: &h}, nil
}

// filingView is a filing with the names of the ОКВЭД codes it names: the
// answers keep the codes only.
type filingView struct {
	sharedip.Filing
	Names map[string]string
}

// officeFilingView is the officer's filing with the codes' names.
type officeFilingView struct {
	sharedip.OfficeFiling
	Names map[string]string
}

// okvedNames looks up the names of the codes a filing names in the
// classifier; a code it cannot find stays without a name.
func okvedNames(ctx app.Context, f sharedip.Filing) map[string]string {
	var codes []string
	switch a, _ := decodeAnswers(f.Form, f.Answers); a := a.(type) {
	case *sharedip.Registration:
		codes = append([]string{a.MainOKVED}, a.OtherOKVED...)
	case *sharedip.Change:
		codes = append(append([]string{a.MainOKVED}, a.AddOKVED...), a.RemoveOKVED...)
	}
	names := map[string]string{}
	for _, c := range codes {
		if c == "" || names[c] != "" {
			continue
		}
		l, err := page.API().OKVED(ctx, c)
		if err != nil {
			break
		}
		for _, o := range l.Items {
			if o.Code == c {
				names[c] = o.Name
			}
		}
	}
	return names
}
