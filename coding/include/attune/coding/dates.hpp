#pragma once
// Calendar dates as the study stores them: ISO 8601, YYYY-MM-DD.
#include <optional>
#include <string>

namespace attune {

// A calendar date written YYYY-MM-DD (2026-02-29 is not one).
bool is_calendar_date(const std::string& d);
// Today on this computer's calendar (local time), YYYY-MM-DD: what a consent's
// "until" date and a retention date are compared with.
std::string local_date_today();
// Months from one calendar date to another: whole calendar months, then the remaining days /
// 30.4375 (2025-01-15 to 2026-01-15 is 12.0); nothing when either is not a date.
std::optional<double> months_between(const std::string& from, const std::string& to);

}  // namespace attune
