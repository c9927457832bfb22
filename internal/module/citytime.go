package module

import "time"

// chinaStandardTime is UTC+8 without daylight saving: the city's calendar.
var chinaStandardTime = time.FixedZone("CST", 8*3600)

// CST is the zone in which every module counts years, dates and days (case
// numbers, fiscal years, document numbers, deadlines). Block time is UTC;
// a block committed at 2026-12-31T17:00Z is already 2027 in the city.
func CST() *time.Location { return chinaStandardTime }

// CityYear is the year of block time t in the city.
func CityYear(t time.Time) int { return t.In(chinaStandardTime).Year() }
