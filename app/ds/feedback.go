package ds

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// SummaryItem is one error of an error summary: the text and the id of the
// input it is about (empty for an error of the whole form).
type SummaryItem struct {
	Field string
	Text  string
}

// ErrorSummary lists a form's errors at its top (id "error-summary"); each
// links to its field and moves the focus there. Pages call
// Focus(ctx, "error-summary") when it appears.
type ErrorSummary struct {
	app.Compo

	Ititle string
	Iitems []SummaryItem
}

// NewErrorSummary returns an error summary with the title («Исправьте ошибки»).
func NewErrorSummary(title string, items ...SummaryItem) *ErrorSummary {
	return &ErrorSummary{Ititle: title, Iitems: items}
}

// Render draws the summary.
func (s *ErrorSummary) Render() app.UI {
	return app.Div().
		ID("error-summary").
		Class("error-summary").
		Aria("labelledby", "error-summary-title").
		Attr("role", "alert").
		TabIndex(-1).
		Body(
			app.H2().ID("error-summary-title").Class("error-summary__title").Text(s.Ititle),
			app.Ul().Class("error-summary__list").Body(
				app.Range(s.Iitems).Slice(func(i int) app.UI {
					it := s.Iitems[i]
					if it.Field == "" {
						return app.Li().Text(it.Text)
					}
					return app.Li().Body(
						app.A().Href("#"+it.Field).DataSet("target", it.Field).OnClick(s.onClick).Text(it.Text),
					)
				}),
			),
		)
}

// onClick focuses the field named by the link's data-target (read from the
// DOM, so the handler never holds a stale item).
func (s *ErrorSummary) onClick(ctx app.Context, e app.Event) {
	e.PreventDefault()
	focusNow(ctx.JSSrc().Get("dataset").Get("target").String())
}

// Notice is a banner: info, success, warning or danger, with an icon, a
// title and a body. Its class is "notice notice--<kind>".
type Notice struct {
	app.Compo

	Iid    string
	Ikind  Kind
	Ititle string
	Ibody  []app.UI
}

// NewNotice returns a notice of the kind with the title.
func NewNotice(kind Kind, title string) *Notice { return &Notice{Ikind: kind, Ititle: title} }

// ID sets the notice's id ("form-error" for a form-level API error).
func (n *Notice) ID(v string) *Notice { n.Iid = v; return n }

// Body sets what follows the title.
func (n *Notice) Body(v ...app.UI) *Notice { n.Ibody = v; return n }

// Text sets a one-paragraph body.
func (n *Notice) Text(v string) *Notice {
	if v == "" {
		n.Ibody = nil
		return n
	}
	n.Ibody = []app.UI{app.P().Text(v)}
	return n
}

// Render draws the notice.
func (n *Notice) Render() app.UI {
	role := "status"
	if n.Ikind == Danger || n.Ikind == Warning {
		role = "alert"
	}
	return app.Div().
		ID(n.Iid).
		Class("notice notice--"+string(n.Ikind)).
		Attr("role", role).
		TabIndex(-1).
		Body(
			app.Span().Class("notice__icon").Body(icon(kindIcon(n.Ikind))),
			app.Div().Class("notice__content").Body(
				app.If(n.Ititle != "", func() app.UI {
					return app.P().Class("notice__title").Text(n.Ititle)
				}),
				app.Div().Class("notice__body").Body(n.Ibody...),
			),
		)
}

// Tag is a status pill: colour, icon and word together, never colour alone.
type Tag struct {
	app.Compo

	Iid   string
	Ikind Kind
	Itext string
}

// NewTag returns a tag of the kind with the word.
func NewTag(kind Kind, text string) *Tag { return &Tag{Ikind: kind, Itext: text} }

// ID sets the tag's id.
func (t *Tag) ID(v string) *Tag { t.Iid = v; return t }

// Render draws the tag.
func (t *Tag) Render() app.UI {
	return app.Strong().ID(t.Iid).Class("tag tag--"+string(t.Ikind)).Body(
		icon(kindIcon(t.Ikind)),
		app.Span().Class("tag__text").Text(t.Itext),
	)
}

// Toast is a short message at the bottom of the screen («Данные сохранены»);
// the page hides it after a few seconds.
type Toast struct {
	app.Compo

	Itext    string
	Ivisible bool
}

// NewToast returns a toast with the text; it shows while visible.
func NewToast(text string, visible bool) *Toast { return &Toast{Itext: text, Ivisible: visible} }

// Render draws the toast (an empty live region while hidden, so screen
// readers announce the text when it appears).
func (t *Toast) Render() app.UI {
	class := "toast"
	if t.Ivisible {
		class += " toast--visible"
	}
	return app.Div().ID("toast").Class(class).Attr("role", "status").Aria("live", "polite").Body(
		app.If(t.Ivisible, func() app.UI {
			return app.P().Class("toast__text").Body(icon("success"), app.Span().Text(t.Itext))
		}),
	)
}

// Skeleton is a loading placeholder of grey lines with a spoken label.
type Skeleton struct {
	app.Compo

	Ilines  int
	Ilabel  string
	Iscreen bool
}

// NewSkeleton returns a placeholder of n lines; label is read aloud («Загрузка…»).
func NewSkeleton(lines int, label string) *Skeleton { return &Skeleton{Ilines: lines, Ilabel: label} }

// Screen makes the placeholder at least a screen tall, for a page whose
// content is known to be taller: the footer then stays below the fold
// instead of jumping down when the content comes.
func (s *Skeleton) Screen() *Skeleton { s.Iscreen = true; return s }

// Render draws the placeholder.
func (s *Skeleton) Render() app.UI {
	lines := make([]app.UI, 0, s.Ilines+1)
	lines = append(lines, app.Span().Class("sr-only").Text(s.Ilabel))
	for i := 0; i < s.Ilines; i++ {
		lines = append(lines, app.Div().Class("skeleton__line").Aria("hidden", "true"))
	}
	class := "skeleton"
	if s.Iscreen {
		class += " skeleton--screen"
	}
	return app.Div().Class(class).Aria("busy", "true").Body(lines...)
}

// EmptyState says that there is nothing here yet and offers the next action.
type EmptyState struct {
	app.Compo

	Ititle  string
	Itext   string
	Iaction app.UI
}

// NewEmptyState returns an empty state with the title and the text.
func NewEmptyState(title, text string) *EmptyState { return &EmptyState{Ititle: title, Itext: text} }

// Action sets the next action (a button or a link).
func (s *EmptyState) Action(v app.UI) *EmptyState { s.Iaction = v; return s }

// Render draws the empty state.
func (s *EmptyState) Render() app.UI {
	return app.Div().Class("empty").Body(
		app.P().Class("empty__title").Text(s.Ititle),
		app.If(s.Itext != "", func() app.UI { return app.P().Class("empty__text").Text(s.Itext) }),
		app.If(s.Iaction != nil, func() app.UI { return s.Iaction }),
	)
}
