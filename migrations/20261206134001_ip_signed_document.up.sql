-- A filing signed with the «Ключ Кабинета» is signed as a document of
-- the document layer (the filing's answers as XML in «Мои документы»,
-- its CAdES signature kept by server/signature): the filing keeps that
-- document's id, so that the registry's desk checks the signature again
-- when it opens the filing. NULL: signed otherwise (step-up ПЭП).
ALTER TABLE ip_filings ADD COLUMN signed_document uuid;
