package ip

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"kabinet/app/ds"
	"kabinet/app/page"
	sharedip "kabinet/shared/ip"
)

// searchAfter is how long the classifier's search waits after a keystroke.
const searchAfter = 300 * time.Millisecond

// okvedSearch is the classifier's search: what was typed and what came.
type okvedSearch struct {
	q       string
	gen     int
	items   []sharedip.OKVED
	edition string
	err     string
}

// okvedPicker searches the classifier by code or words; each found code
// can be made the main one or added to the others.
func (f *filingForm) okvedPicker(chosen func(code string) bool, main, other func(code string)) app.UI {
	s := &f.okved
	var found []app.UI
	for _, o := range s.items {
		if !sharedip.ValidOKVEDCode(o.Code) { // a section or a letter: not a code to choose
			continue
		}
		code := o.Code
		id := dashed(code)
		if chosen(code) {
			found = append(found, app.Li().ID("okved-found-"+id).Body(okvedText(o), app.Text(" "), ds.NewTag(ds.Success, t("ip.okvedIsChosen"))))
			continue
		}
		found = append(found, app.Li().Class("okved__item").Body(
			app.Div().Class("okved__name").Body(okvedText(o)),
			app.Div().Class("okved__actions").Body(
				ds.NewButton(t("ip.okvedMain")).ID("btn-okved-main-"+id).Kind(ds.Secondary).Label(t("ip.okvedMainLabel", code)).
					OnClick(func(ctx app.Context, e app.Event) { main(code); f.changed(f.On(ctx)) }),
				ds.NewButton(t("ip.okvedAdd")).ID("btn-okved-add-"+id).Kind(ds.LinkBtn).Label(t("ip.okvedAddLabel", code)).
					OnClick(func(ctx app.Context, e app.Event) { other(code); f.changed(f.On(ctx)) }),
			),
		))
	}
	return app.Div().ID("ip-okved-search").Class("okved").Body(
		ds.NewTextField("f-okved-q", t("ip.okvedSearch")).Hint(t("ip.okvedSearchHint")).Type("search").
			Value(s.q).OnChange(func(v string) { s.q = v; f.search(f.Self) }),
		app.P().ID("okved-found").Class("muted").Aria("live", "polite").Text(f.foundText()),
		app.If(len(found) > 0, func() app.UI { return app.Ul().ID("okved-results").Class("links").Body(found...) }),
	)
}

func (f *filingForm) foundText() string {
	s := f.okved
	switch {
	case s.err != "":
		return s.err
	case strings.TrimSpace(s.q) == "":
		return ""
	case len(s.items) == 0:
		return t("ip.okvedNone")
	}
	return t("ip.okvedFound", len(s.items), page.FormatISODate(s.edition))
}

// search asks the classifier when typing pauses.
func (f *filingForm) search(ctx app.Context) {
	s := &f.okved
	s.gen++
	gen, q := s.gen, strings.TrimSpace(s.q)
	if q == "" {
		s.items, s.err = nil, ""
		return
	}
	ctx.After(searchAfter, func(ctx app.Context) {
		if gen != s.gen {
			return
		}
		page.Do(ctx, func() (sharedip.OKVEDList, error) { return page.API().OKVED(ctx, q) },
			func(ctx app.Context, l sharedip.OKVEDList) {
				if gen != s.gen {
					return
				}
				s.items, s.edition, s.err = l.Items, l.Edition, ""
				for _, o := range l.Items {
					f.names[o.Code] = o.Name
				}
			},
			func(ctx app.Context, err error) { s.err = page.ErrText(err) })
	})
}

// chosenCodes are the codes chosen so far: the main one, then the others,
// each with a way to make it main or take it off.
func (f *filingForm) chosenCodes(main string, others []string, setMain, drop func(string)) app.UI {
	row := func(code string, isMain bool) app.UI {
		id := dashed(code)
		var make app.UI
		if !isMain {
			make = ds.NewButton(t("ip.okvedMakeMain")).ID("btn-okved-make-main-" + id).Kind(ds.LinkBtn).Label(t("ip.okvedMainLabel", code)).
				OnClick(func(ctx app.Context, e app.Event) { setMain(code); f.changed(f.On(ctx)) })
		}
		return app.Li().Class("okved__item").ID("okved-chosen-"+id).Body(
			app.Div().Class("okved__name").Body(okvedText(sharedip.OKVED{Code: code, Name: f.names[code]}),
				app.If(isMain, func() app.UI { return app.Span().Body(app.Text(" "), ds.NewTag(ds.Info, t("ip.okvedIsMain"))) })),
			app.Div().Class("okved__actions").Body(make,
				ds.NewButton(t("ip.okvedDrop")).ID("btn-okved-drop-"+id).Kind(ds.LinkBtn).Label(t("ip.okvedDropLabel", code)).
					OnClick(func(ctx app.Context, e app.Event) { drop(code); f.changed(f.On(ctx)) })),
		)
	}
	var items []app.UI
	if main != "" {
		items = append(items, row(main, true))
	}
	for _, c := range others {
		items = append(items, row(c, false))
	}
	errs := []app.UI{}
	for _, name := range []string{"mainOkved", "otherOkved"} {
		if e := f.f.Err(name); e != "" {
			errs = append(errs, app.P().ID(ds.FieldID(name)+"-error").Class("field__error").Text(e))
		}
	}
	for i := range others {
		if e := f.f.Err("otherOkved." + strconv.Itoa(i)); e != "" {
			errs = append(errs, app.P().Class("field__error").Text(others[i]+": "+e))
		}
	}
	return app.Div().ID(ds.FieldID("mainOkved")).TabIndex(-1).Class("okved__chosen").Body(
		app.H2().Class("h3").Text(t("ip.okvedChosen")),
		app.Div().Body(errs...),
		app.If(len(items) == 0, func() app.UI { return app.P().Class("muted").Text(t("ip.okvedNoneChosen")) }),
		app.If(len(items) > 0, func() app.UI { return app.Ul().ID("okved-chosen").Class("links").Body(items...) }),
	)
}

// setMain makes code the main one; the old main one joins the others.
func (f *filingForm) setMain(main *string, others *[]string, code string) {
	if *main == code {
		return
	}
	*others = slices.DeleteFunc(*others, func(c string) bool { return c == code })
	if *main != "" {
		*others = append([]string{*main}, *others...)
	}
	*main = code
}

// addOther adds code to the others, once; the main one stays main.
func (f *filingForm) addOther(main string, others *[]string, code string) {
	if code == main || slices.Contains(*others, code) {
		return
	}
	*others = append(*others, code)
}

// drop takes a code off.
func (f *filingForm) drop(main *string, others *[]string, code string) {
	if *main == code {
		*main = ""
		return
	}
	*others = slices.DeleteFunc(*others, func(c string) bool { return c == code })
}
