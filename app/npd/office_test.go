package npd

import (
	"testing"

	"kabinet/app/page"
	"kabinet/shared"
	sharednpd "kabinet/shared/npd"
)

// The officer's search form shows the payer's load as a form shows a
// submission: busy while it runs, a payer not found as the ИНН's own
// error, anything else as the form's error; the form's own check wins.
func TestOfficeSearchFormFollowsTheLoad(t *testing.T) {
	for _, tc := range []struct {
		name      string
		local     string // a local check's error of the field
		payer     page.Remote[sharednpd.OfficePayer]
		busy      bool
		innErr    bool
		formError string
	}{
		{name: "loading", payer: page.Remote[sharednpd.OfficePayer]{Status: page.Loading}, busy: true},
		{name: "not a payer", payer: page.Remote[sharednpd.OfficePayer]{Status: page.Failed, Code: sharednpd.CodeNPDNotRegistered, Err: "x"}, innErr: true},
		{name: "server down", payer: page.Remote[sharednpd.OfficePayer]{Status: page.Failed, Code: shared.CodeInternal, Err: "down"}, formError: "down"},
		{name: "local check wins", local: "bad", payer: page.Remote[sharednpd.OfficePayer]{Status: page.Failed, Err: "down"}, innErr: true},
		{name: "loaded", payer: page.Remote[sharednpd.OfficePayer]{Status: page.Loaded}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &officeNPDPage{payer: tc.payer}
			if tc.local != "" {
				p.f.Say("inn", tc.local)
			}
			f := p.searchForm()
			if f.Busy != tc.busy || (f.Err("inn") != "") != tc.innErr || f.Message != tc.formError {
				t.Errorf("busy %v, inn %q, message %q", f.Busy, f.Err("inn"), f.Message)
			}
			if tc.local == "" && len(p.f.Fields) != 0 {
				t.Errorf("the page's own form got %v", p.f.Fields)
			}
		})
	}
}
