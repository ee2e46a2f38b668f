#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "attune/coding/blinding.hpp"
#include "commands.hpp"

namespace attune::cli {

namespace fs = std::filesystem;

namespace {

int64_t now_us() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::string with_commas(size_t n) {
    std::string s = std::to_string(n);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3)
        s.insert(static_cast<size_t>(i), ",");
    return s;
}

}  // namespace

ProgressLine::ProgressLine(const CliContext& ctx, std::string what, size_t total, std::string unit)
    : on_(ctx.progress), what_(std::move(what)), total_(total), unit_(std::move(unit)) {}

ProgressLine::~ProgressLine() {
    finish();
}

void ProgressLine::finish() {
    if (shown_) std::fprintf(stderr, "\n");
    shown_ = false;
    on_ = false;
}

void ProgressLine::update(size_t done) {
    if (!on_) return;
    const int64_t t = now_us();
    if (done < total_ && last_us_ >= 0 && t - last_us_ < 100000) return;
    last_us_ = t;
    shown_ = true;
    const int percent = total_ ? static_cast<int>(done * 100 / total_) : 100;
    std::fprintf(stderr, "\r%s: %s of %s %s (%d%%)", what_.c_str(), with_commas(done).c_str(),
                 with_commas(total_).c_str(), unit_.c_str(), percent);
    std::fflush(stderr);
}

int fail(const std::string& message) {
    std::fprintf(stderr, "attune-cli: %s\n", message.c_str());
    return 1;
}

Result<Study> open_study(const std::string& path, const CliContext& ctx) {
    auto study = Study::open(path, ctx.user);
    if (study) study->set_program("attune-cli");
    if (study)
        for (const auto& n : study->notices()) std::fprintf(stderr, "attune-cli: %s\n", n.c_str());
    return study;
}

void PassOptions::add_to(CLI::App* cmd, bool scheme_option) {
    cmd->add_option("--session", session, "Session label")->required();
    cmd->add_option("--coder", coder, "Coder name or initials")->required();
    cmd->add_option("--role", role, "Coding pass role")
        ->check(CLI::IsMember({"primary", "reliability", "consensus"}))
        ->capture_default_str();
    if (scheme_option)
        cmd->add_option("--scheme", scheme,
                        "Scheme file for a new pass (default: the study's only scheme)");
}

namespace {

size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t up = row[j];
            const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                              std::tolower(static_cast<unsigned char>(b[j - 1]));
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (same ? 0 : 1)});
            diag = up;
        }
    }
    return row[b.size()];
}

std::string join(const std::vector<std::string>& names, size_t most = 12) {
    std::string out;
    for (size_t i = 0; i < names.size() && i < most; ++i) out += (i ? ", " : "") + names[i];
    if (names.size() > most) out += ", ... (" + std::to_string(names.size()) + " in all)";
    return out;
}

}  // namespace

std::string no_such(const std::string& what, const std::string& typed,
                    const std::vector<std::string>& known, const std::string& where) {
    std::string msg = "no " + what + " '" + typed + "'" + (where.empty() ? "" : " " + where);
    if (known.empty()) return msg + "; there is none yet";
    size_t best = std::string::npos;
    std::vector<std::string> close;
    for (const auto& k : known) {
        const size_t d = edit_distance(typed, k);
        if (d < best) best = d, close.clear();
        if (d == best && std::find(close.begin(), close.end(), k) == close.end())
            close.push_back(k);
    }
    if (best < typed.size() && best <= std::max<size_t>(1, typed.size() / 3)) {
        msg += "; did you mean ";
        for (size_t i = 0; i < close.size() && i < 3; ++i)
            msg += (i ? " or '" : "'") + close[i] + "'";
        msg += "?";
    }
    return msg + " (there " + (known.size() == 1 ? "is: " : "are: ") + join(known) + ")";
}

Result<Session> session_named(Study& study, const std::string& label) {
    if (auto s = find_session(study, label)) return *s;
    std::vector<std::string> labels;
    for (const auto& s : list_sessions(study)) labels.push_back(s.label);
    return Error{no_such("session", label, labels, "in this study")};
}

namespace {

std::vector<std::string> coders_of(Study& study, int64_t session_id) {
    std::vector<std::string> out;
    for (const auto& p : list_passes(study))
        if (p.session_id == session_id)
            out.push_back(p.coder + (p.role == PassRole::Primary
                                         ? ""
                                         : std::string(" (") + to_string(p.role) + ")"));
    return out;
}

}  // namespace

Result<ResolvedPass> resolve_pass(Study& study, const PassOptions& o, bool create) {
    auto target = plan_pass(study, o);
    if (!target) return target.error();
    if (!target->pass) {
        if (!create)
            return Error{no_such(o.role + " pass by", o.coder, coders_of(study, target->session.id),
                                 "in session '" + o.session + "'")};
        auto ok = write_to_pass(study, *target, "open " + o.role + " pass for " + o.coder,
                                [](sql::Db&, int64_t) { return ok_status(); });
        if (!ok) return ok.error();
    }
    return ResolvedPass{target->session, *target->pass, std::move(target->scheme)};
}

Result<PassTarget> plan_pass(Study& study, const PassOptions& o) {
    auto session = session_named(study, o.session);
    if (!session) return session.error();
    PassTarget t;
    t.session = *session;
    t.role = pass_role_from(o.role).value_or(PassRole::Primary);
    t.coder = o.coder;
    t.pass = find_pass(study, session->id, o.coder, t.role);
    // Every command that reads or writes a pass meets the blind rule here: writing to a hidden
    // pass would tell the coder what it holds (an import's "rows were there already").
    if (t.pass)
        if (auto why = blind_refusal(study, study.user(), t.pass->id)) return Error{*why};
    if (t.pass) {
        auto scheme = load_scheme_snapshot(study, t.pass->scheme_snapshot_id);
        if (!scheme) return scheme.error();
        t.scheme = std::move(*scheme);
        t.snapshot_id = t.pass->scheme_snapshot_id;
        return t;
    }
    if (o.coder.empty()) return Error{"a coding pass needs the coder's name or initials"};
    if (!o.scheme.empty()) {
        auto scheme = load_scheme_file(o.scheme);
        if (!scheme) return scheme.error();
        t.scheme = std::move(*scheme);
        return t;  // stored (or found by its hash) when the pass is written
    }
    const auto snapshot = scheme_for_new_pass(study);
    if (!snapshot)
        return Error{
            "this is a new pass and the study holds no scheme yet: name one with --scheme FILE "
            "(e.g. schemes/ssp-infant.json)"};
    t.snapshot_id = *snapshot;
    auto scheme = load_scheme_snapshot(study, t.snapshot_id);
    if (!scheme) return scheme.error();
    t.scheme = std::move(*scheme);
    return t;
}

Status write_to_pass(Study& study, PassTarget& t, const std::string& label,
                     const std::function<Status(sql::Db&, int64_t)>& write) {
    if (t.pass)
        return study.change(label, t.pass->id, [&](sql::Db& db) { return write(db, t.pass->id); });
    int64_t id = 0;
    auto ok = study.change(label, std::nullopt, [&](sql::Db& db) {
        const int64_t snapshot =
            t.snapshot_id ? t.snapshot_id : insert_scheme_snapshot(db, t.scheme);
        auto inserted = insert_pass(db, t.session.id, t.coder, t.role, snapshot);
        if (!inserted) return Status(inserted.error());
        id = *inserted;
        if (auto adopted = adopt_new_pass(db, id); !adopted) return adopted;
        return write(db, id);
    });
    if (!ok) return ok;
    t.pass = get_pass(study, id);
    t.snapshot_id = t.pass->scheme_snapshot_id;
    return ok_status();
}

Status check_output_path(const std::string& out, bool force,
                         const std::vector<std::string>& inputs) {
    std::error_code ec;
    const auto st = fs::status(out, ec);
    if (fs::is_directory(st))
        return Error{"--out " + out + " is a folder; give a file name, e.g. " +
                     (fs::path(out) / "out.csv").string()};
    if (!fs::exists(st)) {
        const fs::path parent = fs::absolute(out).parent_path();
        if (!fs::is_directory(parent, ec))
            return Error{"cannot write " + out + ": the folder " + parent.string() +
                         " does not exist"};
        return ok_status();
    }
    for (const auto& in : inputs)
        if (fs::equivalent(out, in, ec))
            return Error{"--out " + out + " is this command's input; writing it would destroy it"};
    if (is_attune_study(out))
        return Error{"--out " + out +
                     " is an Attune study; attune-cli never writes over a study (choose another "
                     "name)"};
    if (!force) return Error{"--out " + out + " exists; pass --force to replace it"};
    return ok_status();
}

}  // namespace attune::cli
