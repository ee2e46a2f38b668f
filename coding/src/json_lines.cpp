#include "json_lines.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

namespace attune::detail {
namespace {

class Scanner {
  public:
    explicit Scanner(const std::string& s) : s_(s) {}
    std::map<std::string, int> run() {
        value("");
        return lines_;
    }

  private:
    void skip() {
        while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) {
            if (s_[i_] == '\n') ++line_;
            ++i_;
        }
    }
    std::string string_literal() {
        std::string out;
        ++i_;  // opening quote
        while (i_ < s_.size() && s_[i_] != '"') {
            if (s_[i_] == '\\') ++i_;
            if (i_ < s_.size()) out += s_[i_++];
        }
        ++i_;
        return out;
    }
    static std::string escape(const std::string& key) {  // RFC 6901
        std::string out;
        for (char c : key) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
        return out;
    }
    void value(const std::string& path) {
        skip();
        if (i_ >= s_.size()) return;
        lines_[path.empty() ? "/" : path] = line_;
        const char c = s_[i_];
        if (c == '{') {
            ++i_;
            for (;;) {
                skip();
                if (i_ >= s_.size() || s_[i_] == '}') break;
                if (s_[i_] == ',') {
                    ++i_;
                    continue;
                }
                const std::string key = string_literal();
                skip();
                ++i_;  // colon
                value(path + "/" + escape(key));
            }
            ++i_;
        } else if (c == '[') {
            ++i_;
            for (int index = 0;;) {
                skip();
                if (i_ >= s_.size() || s_[i_] == ']') break;
                if (s_[i_] == ',') {
                    ++i_;
                    continue;
                }
                value(path + "/" + std::to_string(index++));
            }
            ++i_;
        } else if (c == '"') {
            string_literal();
        } else {
            while (i_ < s_.size() && s_[i_] != ',' && s_[i_] != '}' && s_[i_] != ']' &&
                   !std::isspace(static_cast<unsigned char>(s_[i_])))
                ++i_;
        }
    }
    const std::string& s_;
    size_t i_ = 0;
    int line_ = 1;
    std::map<std::string, int> lines_;
};

}  // namespace

std::map<std::string, int> json_value_lines(const std::string& text) {
    return Scanner(text).run();
}

std::optional<SchemeIssue> parse_json_document(const std::string& text, nlohmann::json& root) {
    try {
        root = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        int line = 1;
        for (size_t i = 0; i < std::min(e.byte, text.size()); ++i) line += text[i] == '\n';
        std::string what = e.what();
        if (auto pos = what.find("syntax error"); pos != std::string::npos) what = what.substr(pos);
        return SchemeIssue{"/", line, "not valid JSON: " + what};
    } catch (const nlohmann::json::exception& e) {
        // A number too large for a double (1e400) is out_of_range, not a parse_error.
        std::string what = e.what();
        if (auto pos = what.find("] "); pos != std::string::npos) what = what.substr(pos + 2);
        return SchemeIssue{"/", 0, "not valid JSON: " + what};
    }
    return std::nullopt;
}

void locate_issues(std::vector<SchemeIssue>& issues, const std::string& text) {
    const auto lines = json_value_lines(text);
    for (auto& i : issues) {
        for (std::string p = i.path; !p.empty(); p = p.substr(0, p.rfind('/'))) {
            if (auto it = lines.find(p.empty() ? "/" : p); it != lines.end()) {
                i.line = it->second;
                break;
            }
            if (p == "/") break;
        }
    }
}

std::string issues_message(const std::string& origin, const std::vector<SchemeIssue>& issues) {
    std::string message = origin + ": " + std::to_string(issues.size()) + " problem" +
                          (issues.size() == 1 ? "" : "s") + ":";
    for (const auto& i : issues)
        message += "\n" + origin + ":" + std::to_string(i.line) + ": " + i.path + ": " + i.message;
    return message;
}

}  // namespace attune::detail
