#include "attune/coding/sign_off.hpp"

#include "attune/coding/records.hpp"
#include "study_access.hpp"

namespace attune {

namespace {

Status add_record(Study& study, int64_t pass_id, const char* action, const std::string& reason) {
    const std::string label = std::string(action) == "sign_off" ? "sign off pass" : "unlock pass";
    return study.change(label, std::nullopt, [&](sql::Db& db) {
        db.prepare(
              "INSERT INTO sign_off (pass_id, action, who, at, reason) "
              "VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?)")
            .bind_all(pass_id, action, study.user(), reason)
            .run();
        return ok_status();
    });
}

std::string trimmed(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

std::vector<SignOffRecord> sign_off_history(Study& study, int64_t pass_id) {
    auto s = study_db(study).prepare(
        "SELECT action, who, at, reason FROM sign_off WHERE pass_id = ? ORDER BY id");
    s.bind(1, pass_id);
    std::vector<SignOffRecord> out;
    while (s.step()) out.push_back({s.text(0) == "sign_off", s.text(1), s.text(2), s.text(3)});
    return out;
}

std::optional<SignOffRecord> pass_sign_off(Study& study, int64_t pass_id) {
    auto history = sign_off_history(study, pass_id);
    if (history.empty() || !history.back().sign_off) return std::nullopt;
    return history.back();
}

Status sign_off_pass(Study& study, int64_t pass_id) {
    const auto pass = get_pass(study, pass_id);
    if (!pass) return Error{"there is no pass " + std::to_string(pass_id) + " in this study"};
    if (auto held = pass_sign_off(study, pass_id))
        return Error{"this pass was already signed off by " + held->who + " on " + held->at + "."};
    if (pass->coder == study.user())
        return Error{study.user() +
                     " coded this pass, so cannot sign it off: a supervisor signs off another "
                     "coder's work."};
    return add_record(study, pass_id, "sign_off", "");
}

Status unlock_pass(Study& study, int64_t pass_id, const std::string& reason) {
    if (const auto pass = get_pass(study, pass_id); pass && pass->coder == study.user())
        return Error{study.user() +
                     " coded this pass, so cannot unlock it: a supervisor unlocks another "
                     "coder's work."};
    if (!pass_sign_off(study, pass_id))
        return Error{"this pass is not signed off, so it is not locked."};
    if (trimmed(reason).empty())
        return Error{
            "say why the pass is unlocked (--reason \"...\"): the reason is kept with the "
            "pass's sign-off history."};
    return add_record(study, pass_id, "unlock", trimmed(reason));
}

}  // namespace attune
