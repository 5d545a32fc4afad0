package db

// Call is the statement's EXECUTE with bun's placeholders, for a
// benchmark that runs it in a transaction of its own.
func (p *Prepared) Call() string { return p.call }
