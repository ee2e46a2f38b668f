#pragma once
// Video feedback (issue 14): cases, their visits, and the feedback protocol that gives
// each visit its theme. A case is one family followed over visits; each filmed visit is a
// session of the study (study format 6, tables feedback_case and case_visit). The protocol
// is a JSON file checked like a scheme (every problem at once, with its JSON path and
// line) and kept in the case as checked, so a case reads the same after the file changes.
#include <optional>
#include <string>
#include <vector>

#include "attune/coding/scheme.hpp"
#include "attune/coding/study.hpp"

namespace attune {

struct ProtocolVisit {
    int visit = 0;
    std::string theme, title, focus, evidence;
};

struct FeedbackProtocol {
    std::string id, name, version, status;
    std::optional<double> max_moment_seconds;  // momentGuide.maxSeconds: a warning past it
    std::optional<int> max_moments_per_visit;  // momentGuide.maxPerVisit: likewise
    std::vector<ProtocolVisit> visits;
    std::vector<std::string> references;  // the citations
    std::string json;                     // the file's JSON, compact, as stored in a case

    const ProtocolVisit* visit(int number) const;
};

// Checks a protocol's text; fills `out` when there is no problem.
std::vector<SchemeIssue> check_protocol_text(const std::string& text, FeedbackProtocol* out);
Result<FeedbackProtocol> load_protocol_text(const std::string& text, const std::string& origin);
Result<FeedbackProtocol> load_protocol_file(const std::string& path);

struct CaseVisit {
    int64_t session_id = 0;
    std::string session;  // its label
    int visit = 0;
    std::optional<std::string> date;  // YYYY-MM-DD
    std::string theme;                // the protocol's theme for this visit ("" without one)
};

struct FeedbackCase {
    int64_t id = 0;
    std::string code;  // the family's pseudonymous code
    std::optional<FeedbackProtocol> protocol;
    std::vector<CaseVisit> visits;  // by visit number
};

// Adds a case (one change). Refused when the code is taken or blank.
Result<int64_t> add_case(Study& study, const std::string& code,
                         const std::optional<FeedbackProtocol>& protocol);
// Puts a session into a case as visit `visit` (or moves it there); one change. Refused when
// the case already has another session as that visit, or the date is not YYYY-MM-DD.
Status set_case_visit(Study& study, const std::string& case_code, int64_t session_id, int visit,
                      const std::optional<std::string>& date);
std::vector<FeedbackCase> list_cases(Study& study);
std::optional<FeedbackCase> find_case(Study& study, const std::string& code);
std::optional<FeedbackCase> case_of_session(Study& study, int64_t session_id);
// The theme of the visit that follows session `session_id`'s visit (the visit its moments
// are shown at), when the session is in a case with a protocol that has one.
std::string theme_for_moments_of(Study& study, int64_t session_id);
// How a theme reads to a family: the title its visit has in the protocol of the session's
// case ("Putting the child's signals into words"), else the theme as stored.
std::string theme_title(Study& study, int64_t session_id, const std::string& theme);

}  // namespace attune
