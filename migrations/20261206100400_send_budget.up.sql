-- One budget of messages per destination (issue 9): fifteen recovery
-- starts sent fifteen SMS to one phone, because only the resend endpoint
-- waited between codes. Every message to a phone or an address now passes
-- this row first, in the transaction that writes it to the outbox, so
-- every path and every server process shares the count: at most one code
-- per CODE_RESEND and CODE_DAILY_CAP codes per Moscow day; notices
-- (lock, password changed, …) do not wait but stop at NOTICE_DAILY_CAP.
CREATE TABLE send_budget (
    channel      text NOT NULL CHECK (channel IN ('sms', 'email')),
    destination  text NOT NULL,
    day          date NOT NULL,
    codes        int NOT NULL DEFAULT 0,
    notices      int NOT NULL DEFAULT 0,
    last_code_at timestamptz,
    PRIMARY KEY (channel, destination)
);
