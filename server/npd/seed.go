package npd

import (
	"context"
	"fmt"
	"time"

	"kabinet/server/api"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// SeedDemo makes the demo person a payer with four months of history:
// receipts every month, the notices of the months that ended (one of them
// paid, one left unpaid so that the penalty shows), as the jobs would
// have made them. The clock is moved back for it and restored.
func (s *Service) SeedDemo(ctx context.Context, accountID string) error {
	now := time.Now().In(shared.Moscow)
	defer s.SetClock(time.Now)
	if _, err := s.Register(ctx, accountID, sharednpd.RegisterRequest{Region: "77", Activities: []string{"it", "consulting"}}, api.Meta{}); err != nil {
		return fmt.Errorf("npd.SeedDemo: %w", err)
	}
	registered := time.Date(now.Year(), now.Month()-4, 15, 10, 0, 0, 0, shared.Moscow)
	if err := setRegisteredAt(ctx, s.db, accountID, registered); err != nil {
		return err
	}
	type demo struct {
		day    int
		name   string
		amount shared.Kopecks
		buyer  string
		inn    string
		org    string
	}
	month := []demo{
		{3, "Разработка лендинга", shared.Rubles(45_000), sharednpd.BuyerBusiness, "7707083893", "ПАО Сбербанк"},
		{11, "Консультация по 1С", shared.Rubles(6_500), sharednpd.BuyerPerson, "", ""},
		{19, "Настройка интернет-магазина", shared.Rubles(28_000), sharednpd.BuyerPerson, "", ""},
		{26, "Техподдержка сайта за месяц", shared.Rubles(12_000), sharednpd.BuyerBusiness, "5504036333", "ООО «Ромашка»"},
	}
	for m := 0; m <= 4; m++ {
		for i, d := range month {
			at := time.Date(registered.Year(), registered.Month()+time.Month(m), d.day, 12, 30+i, 0, 0, shared.Moscow)
			if at.Before(registered) || at.After(now) {
				continue
			}
			s.SetClock(func() time.Time { return at })
			req := sharednpd.ReceiptRequest{Items: []sharednpd.ReceiptItem{{Name: d.name, Quantity: 1, Amount: d.amount + shared.Rubles(int64(m)*500)}},
				BuyerType: d.buyer, BuyerINN: d.inn, BuyerName: d.org, Payment: sharednpd.PaymentAccount, SettledAt: at}
			if _, err := s.CreateReceipt(ctx, accountID, req, api.Meta{}); err != nil {
				return fmt.Errorf("npd.SeedDemo: receipt of %s: %w", at.Format(time.DateOnly), err)
			}
		}
		tick := time.Date(registered.Year(), registered.Month()+time.Month(m+1), 12, 0, 0, 0, 0, shared.Moscow)
		if tick.After(now) {
			continue
		}
		s.SetClock(func() time.Time { return tick })
		if _, err := s.IssueNotices(ctx, tick); err != nil {
			return fmt.Errorf("npd.SeedDemo: %w", err)
		}
	}
	s.SetClock(time.Now)
	// The oldest notice was paid on its due date; the next is left unpaid.
	if err := insertDemoPayment(ctx, s.db, accountID); err != nil {
		return err
	}
	return s.rateGap(ctx, s.AccrueArrears(ctx, civilDay(now).AddDate(0, 0, -1)))
}
