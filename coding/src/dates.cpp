#include "attune/coding/dates.hpp"

#include <chrono>

#include <cctype>
#include <ctime>

namespace attune {

bool is_calendar_date(const std::string& d) {
    if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (!std::isdigit(static_cast<unsigned char>(d[i]))) return false;
    const int y = std::stoi(d.substr(0, 4)), m = std::stoi(d.substr(5, 2)),
              day = std::stoi(d.substr(8, 2));
    if (m < 1 || m > 12 || day < 1) return false;
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    const int days[] = {31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return day <= days[m - 1];
}

std::string local_date_today() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &local);
    return text;
}

namespace {
std::optional<std::chrono::sys_days> day_of(const std::string& d) {
    if (!is_calendar_date(d)) return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year(std::stoi(d.substr(0, 4))),
                                          std::chrono::month(std::stoul(d.substr(5, 2))),
                                          std::chrono::day(std::stoul(d.substr(8, 2)))};
    return std::chrono::sys_days(ymd);
}
}  // namespace

// Whole calendar months (a first birthday is 12 months), then the days since that
// month-day as a share of the mean Gregorian month (30.4375 days).
std::optional<double> months_between(const std::string& from, const std::string& to) {
    const auto a = day_of(from), b = day_of(to);
    if (!a || !b) return std::nullopt;
    if (*b < *a) return -*months_between(to, from);
    const std::chrono::year_month_day x{*a}, y{*b};
    int months = (static_cast<int>(y.year()) - static_cast<int>(x.year())) * 12 +
                 static_cast<int>(static_cast<unsigned>(y.month())) -
                 static_cast<int>(static_cast<unsigned>(x.month()));
    auto anniversary = [&](int m) {  // from + m months, the day held to the month's last
        const auto ym = std::chrono::year_month{x.year(), x.month()} + std::chrono::months{m};
        const auto last =
            std::chrono::year_month_day_last{ym.year(), ym.month() / std::chrono::last};
        return std::chrono::sys_days{x.day() > last.day() ? std::chrono::year_month_day{last}
                                                          : ym / x.day()};
    };
    if (anniversary(months) > *b) --months;
    return months + static_cast<double>((*b - anniversary(months)).count()) / 30.4375;
}

}  // namespace attune
