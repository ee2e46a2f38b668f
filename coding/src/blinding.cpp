// Blind reliability coding: the double-coding selection and the blind rule (blinding.hpp).
#include "attune/coding/blinding.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "attune/coding/records.hpp"
#include "attune/coding/study_settings.hpp"
#include "study_access.hpp"

namespace attune {

const char* to_string(DoubleCodingSelection::Method m) {
    return m == DoubleCodingSelection::Method::Percent ? "percent" : "list";
}

// ---- the seeded choice ------------------------------------------------------------------

uint64_t bounded_draw(std::mt19937_64& rng, uint64_t n) {
    // 2^64 mod n: drawing again below it leaves a range of whole multiples of n.
    const uint64_t threshold = (uint64_t{0} - n) % n;
    for (;;) {
        const uint64_t x = rng();
        if (x >= threshold) return x % n;
    }
}

size_t sessions_to_choose(double percent, size_t n) {
    // percent * n first: exact for whole percents, so 20% of 10 is 2, not 2.0000000000000004.
    return static_cast<size_t>(std::ceil(percent * static_cast<double>(n) / 100.0));
}

std::vector<std::string> choose_sessions(std::vector<std::string> labels, double percent,
                                         uint64_t seed) {
    std::sort(labels.begin(), labels.end());
    std::mt19937_64 rng(seed);
    for (size_t i = labels.size(); i > 1; --i)
        std::swap(labels[i - 1], labels[bounded_draw(rng, i)]);
    labels.resize(std::min(labels.size(), sessions_to_choose(percent, labels.size())));
    std::sort(labels.begin(), labels.end());
    return labels;
}

// ---- the recorded selection -------------------------------------------------------------

std::string selection_to_json(const DoubleCodingSelection& s) {
    nlohmann::json j = {
        {"method", to_string(s.method)}, {"sessions", s.sessions}, {"who", s.who}, {"at", s.at}};
    if (s.method == DoubleCodingSelection::Method::Percent) {
        j["percent"] = s.percent;
        j["seed"] = s.seed;
        j["algorithm"] = "mt19937_64 Fisher-Yates over labels sorted, ceil(percent/100*n)";
    }
    return j.dump();
}

Result<DoubleCodingSelection> selection_from_json(const std::string& text) {
    const auto bad = Error{"the study's double-coding selection (study setting '" +
                           std::string(kDoubleCodingSetting) + "') cannot be read: " + text};
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object() || !j.contains("method") || !j.contains("sessions")) return bad;
    DoubleCodingSelection s;
    try {
        const auto method = j.at("method").get<std::string>();
        if (method != "percent" && method != "list") return bad;
        s.method = method == "percent" ? DoubleCodingSelection::Method::Percent
                                       : DoubleCodingSelection::Method::List;
        s.sessions = j.at("sessions").get<std::vector<std::string>>();
        s.who = j.value("who", "");
        s.at = j.value("at", "");
        if (s.method == DoubleCodingSelection::Method::Percent) {
            s.percent = j.at("percent").get<double>();
            s.seed = j.at("seed").get<uint64_t>();
        }
    } catch (const nlohmann::json::exception&) {
        return bad;
    }
    return s;
}

namespace {

std::string now_utc(Study& study) {
    auto s = study_db(study).prepare("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')");
    s.step();
    return s.text(0);
}

std::vector<std::string> session_labels(Study& study) {
    std::vector<std::string> out;
    for (const auto& s : list_sessions(study)) out.push_back(s.label);
    return out;
}

std::string joined(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : ",") + x;
    return out;
}

Result<DoubleCodingSelection> record(Study& study, DoubleCodingSelection s) {
    s.who = study.user();
    s.at = now_utc(study);
    const std::string label = s.method == DoubleCodingSelection::Method::Percent
                                  ? "select sessions for double coding (seeded)"
                                  : "select sessions for double coding (list)";
    if (auto ok = set_study_setting(study, kDoubleCodingSetting, selection_to_json(s), label); !ok)
        return ok.error();
    return s;
}

}  // namespace

Result<DoubleCodingSelection> select_percent(Study& study, double percent,
                                             std::optional<uint64_t> seed) {
    if (!(percent > 0 && percent <= 100))
        return Error{"the share to double-code is a percentage above 0 and at most 100, e.g. 20"};
    const auto labels = session_labels(study);
    if (labels.empty()) return Error{"the study has no sessions yet to choose from"};
    DoubleCodingSelection s;
    s.method = DoubleCodingSelection::Method::Percent;
    s.percent = percent;
    if (seed) {
        s.seed = *seed;
    } else {
        std::random_device device;
        s.seed = (static_cast<uint64_t>(device()) << 32) ^ device();
    }
    s.sessions = choose_sessions(labels, percent, s.seed);
    return record(study, std::move(s));
}

Result<DoubleCodingSelection> select_sessions(Study& study,
                                              const std::vector<std::string>& labels) {
    if (labels.empty()) return Error{"name at least one session to double-code"};
    const auto known = session_labels(study);
    for (const auto& l : labels)
        if (std::find(known.begin(), known.end(), l) == known.end())
            return Error{"there is no session '" + l +
                         "' in this study (there are: " + joined(known) + ")"};
    DoubleCodingSelection s;
    s.sessions = labels;
    std::sort(s.sessions.begin(), s.sessions.end());
    s.sessions.erase(std::unique(s.sessions.begin(), s.sessions.end()), s.sessions.end());
    return record(study, std::move(s));
}

Result<std::optional<DoubleCodingSelection>> double_coding_selection(Study& study) {
    const auto text = study_setting(study, kDoubleCodingSetting);
    if (!text) return std::optional<DoubleCodingSelection>();
    auto s = selection_from_json(*text);
    if (!s) return s.error();
    return std::optional<DoubleCodingSelection>(std::move(*s));
}

Status allow_reliability_pass(sql::Db& db, int64_t session_id) {
    auto q = db.prepare("SELECT value FROM study_setting WHERE name = ?");
    q.bind(1, kDoubleCodingSetting);
    if (!q.step()) return ok_status();
    auto s = selection_from_json(q.text(0));
    if (!s) return s.error();
    auto l = db.prepare("SELECT label FROM session WHERE id = ?");
    l.bind(1, session_id);
    const std::string label = l.step() ? l.text(0) : std::to_string(session_id);
    if (std::binary_search(s->sessions.begin(), s->sessions.end(), label)) return ok_status();
    auto with = s->sessions;
    with.push_back(label);
    std::sort(with.begin(), with.end());
    return Error{"session " + label + " is not among the sessions chosen for double coding (" +
                 joined(s->sessions) +
                 "), so it gets no reliability pass. To double-code it too, a supervisor records "
                 "the selection as a list that includes it: attune-cli double-coding select "
                 "STUDY --sessions " +
                 joined(with)};
}

// ---- the blind rule ---------------------------------------------------------------------

std::vector<std::string> reliability_coders(Study& study, int64_t session_id) {
    std::vector<std::string> out;
    for (const auto& p : list_passes(study))
        if (p.session_id == session_id && p.role == PassRole::Reliability) out.push_back(p.coder);
    return out;
}

std::optional<Unblinding> unblinding_of(Study& study, int64_t session_id) {
    auto s = study_db(study).prepare("SELECT who, at FROM unblinding WHERE session_id = ?");
    s.bind(1, session_id);
    if (!s.step()) return std::nullopt;
    return Unblinding{s.text(0), s.text(1)};
}

bool is_unblinded(Study& study, int64_t session_id) {
    return unblinding_of(study, session_id).has_value();
}

std::set<int64_t> sessions_blind_for(Study& study, const std::string& user) {
    std::set<int64_t> out;
    for (const auto& p : list_passes(study))
        if (p.role == PassRole::Reliability && p.coder == user &&
            !is_unblinded(study, p.session_id))
            out.insert(p.session_id);
    return out;
}

std::set<int64_t> passes_hidden_from(Study& study, const std::string& user) {
    const auto blind = sessions_blind_for(study, user);
    std::set<int64_t> out;
    for (const auto& p : list_passes(study))
        if (p.role != PassRole::Reliability && blind.count(p.session_id)) out.insert(p.id);
    return out;
}

namespace {

std::string session_label(Study& study, int64_t session_id) {
    for (const auto& s : list_sessions(study))
        if (s.id == session_id) return s.label;
    return std::to_string(session_id);
}

}  // namespace

std::optional<std::string> blind_refusal(Study& study, const std::string& user, int64_t pass_id) {
    const auto pass = get_pass(study, pass_id);
    if (!pass || pass->role == PassRole::Reliability) return std::nullopt;
    if (!sessions_blind_for(study, user).count(pass->session_id)) return std::nullopt;
    const std::string label = session_label(study, pass->session_id);
    const std::string what = pass->role == PassRole::Primary
                                 ? "its primary pass"
                                 : "its consensus pass (which shows the primary pass's codes)";
    return user + " codes the reliability pass of session " + label + ", so " + what +
           " (events, ratings, classification and the rule hints drawn from them) stays hidden "
           "from " +
           user +
           " until a supervisor unblinds the session: attune-cli --user SUPERVISOR "
           "double-coding unblind STUDY --session " +
           label + " (anyone but the session's reliability coder can).";
}

Status unblind_session(Study& study, int64_t session_id) {
    const std::string label = session_label(study, session_id);
    const auto coders = reliability_coders(study, session_id);
    if (std::find(coders.begin(), coders.end(), study.user()) != coders.end())
        return Error{"a coder cannot unblind their own reliability session: " + study.user() +
                     " codes the reliability pass of session " + label +
                     "; a supervisor unblinds it."};
    if (coders.empty())
        return Error{"session " + label +
                     " has no reliability pass yet, so nobody is blind to its primary pass."};
    if (auto done = unblinding_of(study, session_id))
        return Error{"session " + label + " was already unblinded by " + done->who + " on " +
                     done->at + "."};
    return study.change("unblind session " + label, std::nullopt, [&](sql::Db& db) {
        db.prepare(
              "INSERT INTO unblinding (session_id, who, at) "
              "VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")
            .bind_all(session_id, study.user())
            .run();
        // The reliability passes are frozen as they were coded blind: a coder who has now
        // seen the primary pass cannot change the figures it is compared with. Unlocking
        // (with a reason) stays possible and is recorded.
        db.prepare(
              "INSERT INTO sign_off (pass_id, action, who, at, reason) "
              "SELECT p.id, 'sign_off', ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), "
              "'frozen when the session was unblinded: coded blind' FROM pass p "
              "WHERE p.session_id = ? AND p.role = 'reliability' AND coalesce((SELECT action "
              "FROM sign_off s WHERE s.pass_id = p.id ORDER BY s.id DESC LIMIT 1), '') != "
              "'sign_off'")
            .bind_all(study.user(), session_id)
            .run();
        return ok_status();
    });
}

}  // namespace attune
