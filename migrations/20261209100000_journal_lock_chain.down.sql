-- Back to the lock taken only inside a statement (audit.LockChainOf).
DROP PROCEDURE journal_lock_chain(text);
