package account

import (
	"sort"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/page"
	"kabinet/shared"
)

// The reads of the account's pages, each a go-app action whose state the
// page observes (page.Query). Data the page must tell from "not loaded
// yet" is a pointer: nil until the first answer, kept while a fresh copy
// loads after a change.

// inboxData is the inbox and the categories switched off.
type inboxData struct {
	Inbox shared.Inbox
	Off   []string
}

// securityData is what «Вход и защита» shows of the second factors.
type securityData struct {
	Factors  shared.Factors
	Passkeys shared.PasskeyList
}

// outboxData is the developer's outbox; Off when the server is not in
// development mode (it answers not_found).
type outboxData struct {
	Msgs []shared.OutboxMessage
	Off  bool
}

// qrScan is the request a phone decides on; Gone is the code of a
// request that cannot be used (expired, or taken by another phone), which
// the page words by its kind.
type qrScan struct {
	Req  *shared.QRRequest
	Gone shared.Code
}

var (
	qInbox = page.NewQuery("account.inbox", func(ctx app.Context, _ app.Tags) (*inboxData, error) {
		in, err := page.API().Inbox(ctx)
		if err != nil {
			return nil, err
		}
		prefs, err := page.API().NotifyPrefs(ctx)
		if err != nil {
			return nil, err
		}
		return &inboxData{Inbox: in, Off: prefs.Off}, nil
	})

	qSessions = page.NewQuery("account.sessions", func(ctx app.Context, _ app.Tags) (*shared.SessionList, error) {
		l, err := page.API().Sessions(ctx)
		return &l, err
	})

	qMe = page.NewQuery("account.me", func(ctx app.Context, _ app.Tags) (*shared.Account, error) {
		a, err := page.API().Me(ctx)
		return &a, err
	})

	qSecurity = page.NewQuery("account.security", func(ctx app.Context, _ app.Tags) (*securityData, error) {
		f, err := page.API().Factors(ctx)
		if err != nil {
			return nil, err
		}
		l, err := page.API().Passkeys(ctx)
		if err != nil {
			return nil, err
		}
		return &securityData{Factors: f, Passkeys: l}, nil
	})

	qPush = page.NewQuery("account.push", func(ctx app.Context, _ app.Tags) (*shared.PushStatus, error) {
		st, err := page.API().PushStatus(ctx)
		return &st, err
	})

	// qJournal is one page of the journal, older than the tag before
	// (0: the newest).
	qJournal = page.NewQuery("account.journal", func(ctx app.Context, tags app.Tags) (*shared.JournalPage, error) {
		before, _ := strconv.ParseInt(tags.Get("before"), 10, 64)
		pg, err := page.API().Journal(ctx, before)
		return &pg, err
	})

	qOutbox = page.NewQuery("account.outbox", func(ctx app.Context, _ app.Tags) (*outboxData, error) {
		msgs, err := page.API().Outbox(ctx)
		switch {
		case shared.ErrorCode(err) == shared.CodeNotFound:
			return &outboxData{Off: true}, nil
		case err != nil:
			return nil, err
		}
		sort.SliceStable(msgs, func(i, j int) bool {
			if !msgs[i].CreatedAt.Equal(msgs[j].CreatedAt) {
				return msgs[i].CreatedAt.After(msgs[j].CreatedAt)
			}
			return msgs[i].ID > msgs[j].ID
		})
		return &outboxData{Msgs: msgs}, nil
	})

	// qQRRequest is the request of a scanned QR code (tag c) or one sent
	// to this phone (tag id).
	qQRRequest = page.NewQuery("account.qr", func(ctx app.Context, tags app.Tags) (*qrScan, error) {
		var r shared.QRRequest
		var err error
		if id := tags.Get("id"); id != "" {
			r, err = page.API().Approval(ctx, id)
		} else {
			r, err = page.API().ScanQR(ctx, tags.Get("c"))
		}
		switch code := shared.ErrorCode(err); {
		case code == shared.CodeCodeExpired || code == shared.CodeQRTaken:
			return &qrScan{Gone: code}, nil
		case err != nil:
			return nil, err
		}
		return &qrScan{Req: &r}, nil
	})
)
