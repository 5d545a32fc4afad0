package documents

import (
	"net/url"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/page"
	shareddocs "kabinet/shared/documents"
	"kabinet/shared/signature"
)

// The area's reads: each page loads its data through one of these (see
// page.Query); the tags are the query's parameters.
var (
	listQuery = page.NewQuery("documents.list", func(ctx app.Context, tags app.Tags) (shareddocs.DocumentList, error) {
		f := url.Values{}
		for _, k := range []string{"q", "type", "status", "from", "to"} {
			if v := tags.Get(k); v != "" {
				f.Set(k, v)
			}
		}
		return page.API().Documents(ctx, f)
	})
	cardQuery = page.NewQuery("documents.card", func(ctx app.Context, tags app.Tags) (card, error) {
		c, err := page.API().DocumentCard(ctx, tags.Get("id"))
		if err != nil {
			return card{}, err
		}
		sigs, err := page.API().DocumentSignatures(ctx, tags.Get("id"))
		return card{Card: c, Records: sigs.Items}, err
	})
	agenciesQuery = page.NewQuery("documents.agencies", func(ctx app.Context, _ app.Tags) (shareddocs.Agencies, error) {
		return page.API().Agencies(ctx)
	})
	sendingsQuery = page.NewQuery("documents.sendings", func(ctx app.Context, _ app.Tags) (shareddocs.SendingList, error) {
		return page.API().Sendings(ctx)
	})
	sendingQuery = page.NewQuery("documents.sending", func(ctx app.Context, tags app.Tags) (shareddocs.Sending, error) {
		return page.API().Sending(ctx, tags.Get("id"))
	})
	incomingQuery = page.NewQuery("documents.incoming", func(ctx app.Context, _ app.Tags) (shareddocs.IncomingList, error) {
		return page.API().Incoming(ctx)
	})
	certsQuery = page.NewQuery("documents.certificates", func(ctx app.Context, _ app.Tags) (signature.CertificateList, error) {
		return page.API().SignatureCertificates(ctx)
	})
	queueQuery = page.NewQuery("documents.queue", func(ctx app.Context, tags app.Tags) (shareddocs.Queue, error) {
		f := url.Values{}
		for _, k := range []string{"agency", "category", "status"} {
			if v := tags.Get(k); v != "" {
				f.Set(k, v)
			}
		}
		return page.API().DocumentQueue(ctx, f)
	})
	deskSendingQuery = page.NewQuery("documents.desk.sending", func(ctx app.Context, tags app.Tags) (shareddocs.OfficeSending, error) {
		return page.API().OfficeSending(ctx, tags.Get("id"))
	})
)

// card is a document's card with its signature records (the .p7s exports).
type card struct {
	shareddocs.Card
	Records []signature.Record
}
