package npd_test

import (
	"fmt"
	"testing"

	"kabinet/server/portal/portaltest"
	"kabinet/shared"
	"kabinet/shared/npd"
)

func TestLimitWarningsAndSwitchingACategoryOff(t *testing.T) {
	e := portaltest.StartAPI(t, nil)
	ivan := portaltest.SelfEmployedIvan(t, e, "2026-08-10 12:00")
	ivan.MustOK("PUT", "/notifications/prefs/"+shared.NotifyNPDPayment, shared.NotifyPrefRequest{On: false}, nil)
	var prefs shared.NotifyPrefs
	ivan.MustOK("GET", "/notifications/prefs", nil, &prefs)
	if fmt.Sprint(prefs.Off) != "["+shared.NotifyNPDPayment+"]" {
		t.Fatalf("prefs %+v", prefs)
	}
	if _, err := ivan.Do("PUT", "/notifications/prefs/nonsense", shared.NotifyPrefRequest{}, nil); err == nil || err.Code != shared.CodeNotFound {
		t.Fatalf("unknown category: %+v", err)
	}
	// 1 900 000 ₽ is 79 %: no warning; 20 000 ₽ more crosses 80 %;
	// 300 000 ₽ more crosses 90 % (one warning, not two).
	ivan.MustOK("POST", "/npd/receipts", receipt(shared.Rubles(1_900_000), npd.BuyerPerson, "", ""), nil)
	if in := inboxOf(t, ivan); len(in.Items) != 0 {
		t.Fatalf("a warning under 80 %%: %+v", in)
	}
	ivan.MustOK("POST", "/npd/receipts", receipt(shared.Rubles(20_000), npd.BuyerPerson, "", ""), nil)
	ivan.MustOK("POST", "/npd/receipts", receipt(shared.Rubles(300_000), npd.BuyerPerson, "", ""), nil)
	in := inboxOf(t, ivan)
	if len(in.Items) != 2 || in.Items[0].Message != "msg.npd.limit90" || in.Items[1].Message != "msg.npd.limit80" || in.Unread != 2 {
		t.Fatalf("warnings %+v", in)
	}
	var sum npd.Summary
	ivan.MustOK("GET", "/npd/summary", nil, &sum)
	if sum.LimitLevel != 90 || sum.Year != shared.Rubles(2_220_000) || sum.Today != sum.Year {
		t.Fatalf("summary %+v", sum)
	}
	ivan.MustOK("POST", "/notifications/read", shared.ReadRequest{}, nil)
	if in := inboxOf(t, ivan); in.Unread != 0 {
		t.Fatalf("after reading: %+v", in)
	}
	// The limit warning is off now: the 100 % one is recorded, not shown,
	// not sent.
	ivan.MustOK("PUT", "/notifications/prefs/"+shared.NotifyNPDLimit, shared.NotifyPrefRequest{On: false}, nil)
	before := len(e.MessagesTo("ivan@example.ru"))
	ivan.MustOK("POST", "/npd/receipts", receipt(shared.Rubles(180_000), npd.BuyerPerson, "", ""), nil)
	if in := inboxOf(t, ivan); len(in.Items) != 2 || len(e.MessagesTo("ivan@example.ru")) != before {
		t.Fatalf("a muted category was shown or sent: %+v", in)
	}
}
