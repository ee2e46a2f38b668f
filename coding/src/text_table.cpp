#include "attune/coding/text_table.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace attune {

bool parse_output_format(const std::string& s, OutputFormat& out) {
    if (s == "csv")
        out = OutputFormat::Csv;
    else if (s == "tsv")
        out = OutputFormat::Tsv;
    else if (s == "json")
        out = OutputFormat::Json;
    else if (s == "md")
        out = OutputFormat::Markdown;
    else
        return false;
    return true;
}

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string opt_fixed(const std::optional<double>& v, int decimals) {
    return v ? fixed(*v, decimals) : "";
}

Table tally_report(const std::vector<stats::TallyTable>& tables) {
    Table out;
    out.header = {"group_variable",
                  "group",
                  "category",
                  "n",
                  "count",
                  "percent",
                  "ci95_low_percent",
                  "ci95_high_percent",
                  "norm_percent",
                  "expected_count",
                  "norm",
                  "chi_square",
                  "df",
                  "p_value",
                  "test",
                  "chi_square_p",
                  "norm_n",
                  "detectable_w80"};
    out.numeric = {false, false, false, true, true, true,  true, true, true,
                   true,  false, true,  true, true, false, true, true, true};
    for (const auto& tab : tables) {
        const auto& c = tab.comparison;
        for (const auto& r : tab.rows)
            out.rows.push_back(
                {tab.by, tab.group, r.category, std::to_string(tab.n), std::to_string(r.count),
                 fixed(r.percent, 1), fixed(100 * r.ci.low, 1), fixed(100 * r.ci.high, 1),
                 opt_fixed(r.norm_percent, 1), opt_fixed(r.expected, 2), c ? c->norm_id : "",
                 c ? fixed(c->chi_square, 3) : "", c ? std::to_string(c->df) : "",
                 c ? fixed(c->p, 4) : "", c ? stats::norm_test_name(c->test) : "",
                 c ? fixed(c->chi_square_p, 4) : "",
                 c && c->norm_n ? std::to_string(*c->norm_n) : "",
                 c ? fixed(c->detectable_w, 3) : ""});
    }
    return out;
}

namespace {
std::string csv_field(const std::string& v) {
    if (v.find_first_of(",\"\n") == std::string::npos) return v;
    std::string out = "\"";
    for (char c : v) out += c == '"' ? "\"\"" : std::string(1, c);
    return out + "\"";
}
// A Markdown cell: a '|' would end the cell and a newline the row.
std::string md_cell(const std::string& v) {
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '|')
            out += "\\|";
        else if (v[i] == '\r' && i + 1 < v.size() && v[i + 1] == '\n')
            continue;
        else if (v[i] == '\n' || v[i] == '\r')
            out += "<br>";
        else
            out += v[i];
    }
    return out;
}
}  // namespace

std::string render(const Table& t, OutputFormat f) {
    std::string out;
    if (f == OutputFormat::Json) {
        nlohmann::json rows = nlohmann::json::array();
        for (const auto& r : t.rows) {
            nlohmann::json o = nlohmann::json::object();
            for (size_t i = 0; i < t.header.size() && i < r.size(); ++i) {
                const bool num = i < t.numeric.size() && t.numeric[i];
                if (r[i].empty())
                    o[t.header[i]] = nullptr;
                else if (num)
                    o[t.header[i]] = nlohmann::json::parse(r[i]);
                else
                    o[t.header[i]] = r[i];
            }
            rows.push_back(o);
        }
        return rows.dump(2) + "\n";
    }
    if (f == OutputFormat::Markdown) {
        auto line = [&](const std::vector<std::string>& cells) {
            out += "|";
            for (const auto& c : cells) out += " " + md_cell(c) + " |";
            out += "\n";
        };
        line(t.header);
        out += "|";
        for (size_t i = 0; i < t.header.size(); ++i)
            out += (i < t.numeric.size() && t.numeric[i]) ? "---:|" : "---|";
        out += "\n";
        for (const auto& r : t.rows) line(r);
        return out;
    }
    const char sep = f == OutputFormat::Csv ? ',' : '\t';
    auto line = [&](const std::vector<std::string>& cells) {
        for (size_t i = 0; i < cells.size(); ++i)
            out += (i ? std::string(1, sep) : "") +
                   (f == OutputFormat::Csv ? csv_field(cells[i]) : cells[i]);
        out += "\n";
    };
    line(t.header);
    for (const auto& r : t.rows) line(r);
    return out;
}

}  // namespace attune
