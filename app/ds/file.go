package ds

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// FileField is a file input with its label, hint and inline error; the
// page reads the chosen file (client.ReadFile) on submit.
type FileField struct {
	app.Compo

	Iid     string
	Ilabel  string
	Ihint   string
	Ierror  string
	Iaccept string
}

// NewFileField returns a file field with the id and the label.
func NewFileField(id, label string) *FileField { return &FileField{Iid: id, Ilabel: label} }

// Hint sets the hint (the types and the size accepted).
func (f *FileField) Hint(v string) *FileField { f.Ihint = v; return f }

// Error sets the inline error.
func (f *FileField) Error(v string) *FileField { f.Ierror = v; return f }

// Accept sets the types offered by the file chooser (".pdf,application/pdf").
func (f *FileField) Accept(v string) *FileField { f.Iaccept = v; return f }

// Render draws the field.
func (f *FileField) Render() app.UI {
	in := app.Input().ID(f.Iid).Type("file").Class("input input--file").Accept(f.Iaccept)
	if d := describedBy(hintID(f.Iid, f.Ihint), errorID(f.Iid, f.Ierror)); d != "" {
		in = in.Aria("describedby", d)
	}
	if f.Ierror != "" {
		in = in.Aria("invalid", "true")
	}
	return fieldShell(f.Iid, f.Ilabel, "", f.Ihint, f.Ierror, in)
}
