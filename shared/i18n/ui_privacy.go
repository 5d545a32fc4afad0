package i18n

// privacyTexts are the policy of the processing of personal data (the
// /privacy page) that registration asks consent to. A change of its text
// is a new shared.PrivacyPolicyVersion.
var privacyTexts = map[string]Text{
	"privacy.title":   {"Политика обработки персональных данных", "Personal data policy"},
	"privacy.lead":    {"Какие данные о вас хранит Кабинет, зачем, сколько и что вы можете с ними сделать — по Федеральному закону от 27.07.2006 № 152-ФЗ «О персональных данных».", "What data about you Kabinet keeps, why, for how long and what you can do about it, under Russian Federal Law No. 152-FZ «On personal data»."},
	"privacy.version": {"Версия политики: %s", "Policy version: %s"},

	"privacy.operator":      {"Оператор", "Operator"},
	"privacy.operatorUnset": {"[Наименование, ИНН и адрес оператора персональных данных — их указывает организация, которая развернула портал (настройка PD_OPERATOR).]", "[The personal data operator's name, INN and address: set by the organisation that runs this portal (the PD_OPERATOR setting).]"},

	"privacy.data":     {"Какие данные", "What data"},
	"privacy.dataText": {"Фамилия, имя, отчество; телефон и адрес электронной почты; дата рождения, ИНН, СНИЛС и паспортные данные, если вы их укажете; сведения о входах, устройствах и IP-адресах; журнал действий с учётной записью; данные ваших кабинетов (например, чеки и доходы самозанятого).", "Surname, first name and patronymic; phone and e-mail; birth date, INN, SNILS and passport details if you give them; sign-ins, devices and IP addresses; the journal of what was done with the account; the data of your cabinets (for example a self-employed person's receipts and income)."},

	"privacy.purposes":     {"Зачем", "Why"},
	"privacy.purposesText": {"Чтобы создать и вести вашу учётную запись, подтвердить контакты и личность, защитить вход, оказывать услуги кабинетов, исполнять обязанности, которые возлагает на оператора закон (в том числе налоговый), и отвечать на ваши обращения.", "To create and keep your account, confirm your contacts and identity, protect the sign-in, provide the cabinets' services, meet the operator's legal (including tax) duties, and answer your requests."},

	"privacy.basis":     {"На каком основании", "On what basis"},
	"privacy.basisText": {"Ваше согласие, которое вы даёте при регистрации (статья 9 закона № 152-ФЗ), а для налоговых сведений — исполнение требований законодательства о налогах. Согласие записывается с версией этой политики, датой и временем.", "Your consent, given at registration (article 9 of Law No. 152-FZ), and for tax data the duties set by tax law. The consent is recorded with this policy's version, the date and the time."},

	"privacy.actions":     {"Что с ними делается", "What is done with them"},
	"privacy.actionsText": {"Сбор, запись, систематизация, хранение, уточнение, использование, передача по требованию закона, обезличивание, блокирование и уничтожение — с использованием средств автоматизации, на серверах в Российской Федерации. Данные не продаются и не передаются для рекламы.", "Collection, recording, organisation, storage, correction, use, disclosure where the law requires it, anonymisation, blocking and destruction, by automated means, on servers in the Russian Federation. The data are never sold or passed on for advertising."},

	"privacy.retention":     {"Сколько хранятся", "How long they are kept"},
	"privacy.retentionText": {"Пока действует учётная запись и ещё столько, сколько требует закон для налоговых и учётных документов (как правило, 5 лет). Журнал входов хранится для защиты учётной записи и разбора инцидентов. После этого данные уничтожаются или обезличиваются.", "While the account exists, and then as long as the law requires for tax and accounting records (usually 5 years). The sign-in journal is kept to protect the account and to investigate incidents. Then the data are destroyed or anonymised."},

	"privacy.rights":     {"Ваши права", "Your rights"},
	"privacy.rightsText": {"Вы можете узнать, какие ваши данные обрабатываются и как, потребовать их уточнить, заблокировать или уничтожить, если они неполные, устарели или обрабатываются незаконно, и обжаловать действия оператора в Роскомнадзоре или в суде (статьи 14 и 17 закона № 152-ФЗ).", "You may learn which of your data are processed and how, ask for them to be corrected, blocked or destroyed if they are incomplete, out of date or unlawfully processed, and complain about the operator to Roskomnadzor or to a court (articles 14 and 17 of Law No. 152-FZ)."},

	"privacy.withdraw":     {"Как отозвать согласие", "How to withdraw consent"},
	"privacy.withdrawText": {"Напишите оператору по адресу, указанному выше. Обработка прекратится, а данные будут уничтожены в течение 30 дней, кроме тех, которые закон требует хранить дольше; без согласия пользоваться учётной записью нельзя.", "Write to the operator at the address above. The processing stops and the data are destroyed within 30 days, except what the law requires to keep longer; without the consent the account cannot be used."},

	"privacy.toRegister": {"К регистрации", "To registration"},
}
