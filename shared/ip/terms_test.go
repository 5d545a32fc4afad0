package ip_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"kabinet/shared/i18n"
	sharedip "kabinet/shared/ip"
)

// TestTermsAreTheLaws pins the periods of 129-ФЗ and the texts that state
// them in words: a change of the law changes the value here and the
// texts with it.
func TestTermsAreTheLaws(t *testing.T) {
	for _, tc := range []struct {
		name  string
		got   sharedip.Term
		want  sharedip.Term // without Law: that is checked to be given
		texts map[string]string
	}{
		{
			name: "exclusion risk", got: sharedip.Terms.ExclusionRisk, want: sharedip.Term{Months: 15},
			texts: map[string]string{
				"event.ip.exclusion_risk": "15 месяцев",
				"ip.riskText":             "15 месяцев",
				"ip.statusWhat.excluding": "15 месяцев",
			},
		},
		{
			name: "bar after an exclusion", got: sharedip.Terms.ExclusionBar, want: sharedip.Term{Years: 3},
			texts: map[string]string{"err.ip_excluded_recently": "трёх лет"},
		},
		{
			name: "registry's decision", got: sharedip.Terms.Decision, want: sharedip.Term{WorkingDays: 3},
			texts: map[string]string{
				"ip.refText2": "три рабочих дня",
				"oip.lead":    "три рабочих дня",
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got.Law == "" {
				t.Error("no law cited")
			}
			got := tc.got
			got.Law = ""
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("term (-want +got):\n%s", d)
			}
			for key, words := range tc.texts {
				if text := i18n.Raw(i18n.RU, key); !strings.Contains(text, words) {
					t.Errorf("%s = %q, want it to state %q", key, text, words)
				}
			}
		})
	}
}

// TestTermsCountAsAddDate: the server's checks counted with time.AddDate
// before the terms were data, and count the same now (the end of a short
// month rolls over).
func TestTermsCountAsAddDate(t *testing.T) {
	day := time.Date(2026, time.May, 31, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name      string
		got, want time.Time
	}{
		{"15 months before", sharedip.Term{Months: 15}.Before(day), time.Date(2025, time.March, 3, 0, 0, 0, 0, time.UTC)},
		{"3 years after", sharedip.Term{Years: 3}.After(day), time.Date(2029, time.May, 31, 0, 0, 0, 0, time.UTC)},
	} {
		if !tc.got.Equal(tc.want) {
			t.Errorf("%s: %s, want %s", tc.name, tc.got.Format(time.DateOnly), tc.want.Format(time.DateOnly))
		}
	}
}
