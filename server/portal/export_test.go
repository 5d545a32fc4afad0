package portal

// JournalStateFresh is how long one reading of the journal's state serves
// health and /metrics; the tests read it afresh unless they say otherwise.
var JournalStateFresh = &journalStateFresh
