package shared

// The state registers of legal entities and individual entrepreneurs
// (ЕГРЮЛ, ЕГРИП) as the portal keeps them: what a lookup by ИНН returns.

// Kinds of a registry entry.
const (
	RegistryOrg = "org" // ЕГРЮЛ: an organisation, ОГРН of 13 digits
	RegistryIP  = "ip"  // ЕГРИП: an individual entrepreneur, ОГРНИП of 15 digits
)

// Statuses of a registry entry.
const (
	RegistryActive    = "active"
	RegistryExcluding = "excluding" // being struck off: still exists
	RegistryClosed    = "closed"    // liquidated, or the ИП stopped
)

// Error codes of a lookup, on the ИНН's field.
const (
	CodeRegistryUnknown Code = "registry_unknown" // no organisation or ИП has this ИНН
	CodeRegistryClosed  Code = "registry_closed"  // liquidated, or the ИП stopped
)

func registryClasses() map[Code]Class {
	return map[Code]Class{CodeRegistryUnknown: ClassNotFound, CodeRegistryClosed: ClassInvalid}
}

// RegistryEntry is a registry record (GET /registry/{inn}).
type RegistryEntry struct {
	INN          string `json:"inn"`
	Kind         string `json:"kind"`
	OGRN         string `json:"ogrn"` // ОГРН or ОГРНИП
	KPP          string `json:"kpp,omitempty"`
	Name         string `json:"name"` // «ПАО Сбербанк», «ИП Петров Пётр Петрович»
	Status       string `json:"status"`
	RegisteredOn string `json:"registeredOn"`       // YYYY-MM-DD
	ClosedOn     string `json:"closedOn,omitempty"` // YYYY-MM-DD
}

// Active reports whether the entry's subject exists on day (YYYY-MM-DD).
func (e RegistryEntry) Active(day string) bool {
	return e.Status != RegistryClosed || (e.ClosedOn != "" && day < e.ClosedOn)
}
