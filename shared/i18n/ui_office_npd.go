package i18n

// officeNPDTexts are the tax officer's page of the self-employed
// (/office/npd): a payer by ИНН, the block, the bank statement.
var officeNPDTexts = map[string]Text{
	"office.desksLead": {"Выберите раздел работы.", "Choose a desk."},

	"onpd.title":      {"Самозанятые", "Self-employed"},
	"onpd.lead":       {"Найдите плательщика НПД по ИНН, чтобы увидеть его чеки, начисления и платежи или изменить статус. Ниже — загрузка банковской выписки.", "Find a НПД payer by INN to see the receipts, notices and payments or change the status. Below: the bank statement upload."},
	"onpd.toOffice":   {"В бэк-офис", "To the back office"},
	"onpd.innHint":    {"12 цифр", "12 digits"},
	"onpd.notFound":   {"Самозанятый с этим ИНН не найден — проверьте номер", "No self-employed person has this INN. Check the number"},
	"onpd.reason":     {"Причина", "Reason"},
	"onpd.debt":       {"Задолженность с пенями", "Debt with penalties"},
	"onpd.office":     {"Самозанятые", "Self-employed"},
	"onpd.officeText": {"Плательщики НПД по ИНН, блокировка, банковские выписки", "НПД payers by INN, blocking, bank statements"},

	"onpd.noReceiptsTitle": {"Чеков нет", "No receipts"},
	"onpd.noReceiptsText":  {"Плательщик ещё не сформировал ни одного чека.", "The payer has not issued a receipt yet."},

	"onpd.blockTitle":      {"Заблокировать статус", "Block the status"},
	"onpd.blockText":       {"Плательщик не сможет формировать чеки, пока блокировка не снята. Причину он увидит в своём кабинете.", "The payer cannot issue receipts until the block is lifted. The reason is shown in the payer's cabinet."},
	"onpd.reasonHint":      {"Что случилось и что сделать плательщику, например: «Не подтверждено место ведения деятельности — обратитесь в инспекцию»", "What happened and what the payer should do"},
	"onpd.block":           {"Заблокировать", "Block"},
	"onpd.unblockTitle":    {"Снять блокировку", "Lift the block"},
	"onpd.unblockText":     {"Плательщик снова сможет формировать чеки.", "The payer can issue receipts again."},
	"onpd.unblock":         {"Снять блокировку", "Lift the block"},
	"onpd.blockedNotice":   {"Статус плательщика заблокирован. Он увидит причину в кабинете.", "The payer's status is blocked. The payer sees the reason in the cabinet."},
	"onpd.unblockedNotice": {"Блокировка снята: плательщик снова может формировать чеки.", "The block is lifted: the payer can issue receipts again."},

	"onpd.statementTitle": {"Банковская выписка", "Bank statement"},
	"onpd.statementText":  {"Платежи сопоставляются с начислениями по УИН. Сначала выписка проверяется — ничего не записывается, пока вы не подтвердите. Повторно загруженные документы не записываются дважды.", "Payments are matched to notices by УИН. The statement is checked first: nothing is recorded until you confirm. A bank document loaded again is not recorded twice."},
	"onpd.file":           {"Файл выписки", "Statement file"},
	"onpd.fileHint":       {"CSV в UTF-8, разделитель «;» или «,», до 2 МБ; столбцы: Дата, Сумма, УИН, Номер документа", "CSV in UTF-8, separated by ';' or ',', up to 2 MB; columns: Date, Amount, UIN, Reference"},
	"onpd.chooseFile":     {"Выберите файл выписки", "Choose the statement file"},
	"onpd.fileTooLarge":   {"Файл больше 2 МБ — разделите выписку на части", "The file is over 2 MB. Split the statement"},
	"onpd.missingColumn":  {"В выписке нет столбца «%s»", "The statement has no column «%s»"},
	"onpd.check":          {"Проверить выписку", "Check the statement"},
	"onpd.dryTitle":       {"Проверка «%s»: ничего не записано", "Check of «%s»: nothing recorded"},
	"onpd.importedTitle":  {"«%s» загружена", "«%s» imported"},
	"onpd.counts":         {"Сопоставлено: %d на %s · не найдено: %d · повторы: %d · с ошибками: %d", "Matched: %d for %s · not found: %d · repeats: %d · with errors: %d"},
	"onpd.emptyTitle":     {"В выписке нет строк", "The statement has no rows"},
	"onpd.emptyText":      {"Кроме заголовка, в файле ничего нет.", "The file has nothing but the header."},
	"onpd.lines":          {"Строки выписки", "Statement rows"},
	"onpd.line":           {"Строка", "Row"},
	"onpd.what":           {"Пояснение", "Explanation"},
	"onpd.matchedTo":      {"Начисление плательщика ИНН %s", "Notice of the payer with INN %s"},
	"onpd.unmatchedText":  {"Нет начисления с таким УИН — платёж уточняется вручную", "No notice has this УИН: the payment is to be clarified by hand"},
	"onpd.duplicateText":  {"Этот банковский документ уже записан", "This bank document is already recorded"},
	"onpd.import":         {"Записать платежи: %d на %s", "Record the payments: %d for %s"},

	"onpd.line.matched":   {"Сопоставлен", "Matched"},
	"onpd.line.unmatched": {"Не найден", "Not found"},
	"onpd.line.duplicate": {"Повтор", "Repeat"},
	"onpd.line.invalid":   {"Ошибка", "Error"},

	"onpd.col.file":      {"Файл", "File"},
	"onpd.col.date":      {"Дата", "Date"},
	"onpd.col.amount":    {"Сумма", "Amount"},
	"onpd.col.uin":       {"УИН", "UIN"},
	"onpd.col.reference": {"Номер документа", "Reference"},
}
