package shared

// Reference data: the Bank of Russia's key rates and the production
// calendar, which a deployment updates without a release (`kabinet rates
// import`, `kabinet calendar import`). A date beyond the data is an error
// that names the missing data, never a guess.
const (
	CodeKeyRateMissing  Code = "key_rate_missing" // Args: the day (ДД.ММ.ГГГГ)
	CodeCalendarMissing Code = "calendar_missing" // Args: the year

	// Codes of a wrong row in an import file.
	CodeRowDuplicate     Code = "row_duplicate"      // the same date twice
	CodeRowOrder         Code = "row_order"          // dates must go up
	CodeRateRange        Code = "rate_range"         // a percent above 0 and at most 100
	CodeThroughMissing   Code = "through_missing"    // the last rate needs the day it is known to
	CodeThroughWrong     Code = "through_wrong"      // before the rate's start, or not the day before the next
	CodeWorkdayOnWeekday Code = "workday_on_weekday" // a working day transferred onto a weekday
	CodeDayKind          Code = "day_kind"           // not holiday, workday or shortened
)

// Missing reference data is not the person's fault, and no retry helps
// until a deployment imports it; a wrong row is invalid input.
func refdataClasses() map[Code]Class {
	return JoinClasses(
		ClassOf(ClassUnavailable, CodeKeyRateMissing, CodeCalendarMissing),
		ClassOf(ClassInvalid, CodeRowDuplicate, CodeRowOrder, CodeRateRange, CodeThroughMissing,
			CodeThroughWrong, CodeWorkdayOnWeekday, CodeDayKind),
	)
}
