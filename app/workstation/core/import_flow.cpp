#include "import_flow.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "attune/coding/output_file.hpp"
#include "attune/coding/records.hpp"
#include "recording_target.hpp"

namespace attune::app {

namespace {

namespace fs = std::filesystem;

std::string file_name(const std::string& path) {
    return fs::path(path).filename().string();
}

}  // namespace

double ImportFlow::progress() const {
    if (reading_.running()) return reading_.progress();
    if (checking_.running()) return checking_.progress();
    if (committing_.running()) return committing_.progress();
    return 0;
}

const char* ImportFlow::step_name() const {
    switch (stage_) {
        case Stage::Reading:
            return "Reading the file";
        case Stage::Checking:
            return "Checking every event against the scheme";
        case Stage::Committing:
            return "Importing";
        default:
            return "";
    }
}

void ImportFlow::start(const std::string& file, TaskRunner& tasks) {
    if (open()) return;  // one import at a time (the menu offers none while one is open)
    cancel();
    file_ = file;
    stage_ = Stage::Reading;
    reading_ = tasks.start<interop::ForeignProject>(
        "Reading " + file_name(file),
        [file](const auto&, const auto&) -> Result<interop::ForeignProject> {
            auto format = interop::import_format_of(file);
            if (!format) return format.error();
            if (*format == "csv")
                return Error{file_name(file) +
                             " is a table: import an Attune event table into an open pass "
                             "with attune-cli events import, or choose a peer's project "
                             "(.boris, .eaf, .opf, .otx)"};
            return interop::read_foreign(*format, file);
        });
}

Result<ImportFlow::Target> ImportFlow::target_scheme(Study& study, const std::string& coder) const {
    if (!choices_.session.empty()) {
        const auto session = find_session(study, choices_.session);
        if (!session) return Error{"no session labelled " + choices_.session + " in this study"};
        if (const auto pass = find_pass(study, session->id, coder, choices_.role)) {
            auto scheme = load_scheme_snapshot(study, pass->scheme_snapshot_id);
            if (!scheme) return scheme.error();
            return Target{std::move(*scheme), pass->scheme_snapshot_id};
        }
    }
    const auto snapshot = scheme_for_new_pass(study);
    if (!snapshot)
        return Error{
            "the study holds no scheme yet: make one from the file (attune-cli scheme "
            "from-boris|from-elan|from-datavyu|from-otx FILE --out SCHEME.json), then add "
            "it to the study"};
    auto scheme = load_scheme_snapshot(study, *snapshot);
    if (!scheme) return scheme.error();
    return Target{std::move(*scheme), *snapshot};
}

void ImportFlow::choose(const ImportChoices& c, Study& study, const std::string& user) {
    if (!project_ || busy()) return;
    choices_ = c;
    coder_ = c.coder.empty() ? user : c.coder;
    problem_.clear();
    plan_.reset();
    stage_ = Stage::Mapping;
    try {
        labels_.clear();
        for (const auto& s : list_sessions(study)) labels_.push_back(s.label);
        auto chosen = interop::observations_to_import(*project_, file_name(file_), c.observation,
                                                      !c.session.empty());
        if (!chosen) {
            problem_ = chosen.error().message;
            observations_.clear(), scheme_.reset(), mapping_ = {};
            return;
        }
        observations_ = std::move(*chosen);
        propose(study);
    } catch (const std::exception& e) {  // the study could not be read: say so, keep the window
        problem_ = std::string("the study could not be read: ") + e.what();
        observations_.clear(), scheme_.reset(), mapping_ = {};
    }
}

// A fresh proposal for the chosen observations, keeping what the user decided before.
void ImportFlow::propose(Study& study) {
    auto target = target_scheme(study, coder_);
    if (!target) {
        problem_ = target.error().message;
        scheme_.reset();
        return;
    }
    auto proposal =
        interop::propose_mapping(*project_, observations_, target->scheme, file_name(file_));
    if (scheme_ && scheme_->id == target->scheme.id && scheme_->version == target->scheme.version)
        if (auto kept = interop::merge_mapping(proposal, mapping_, *project_, target->scheme))
            proposal = std::move(*kept);
    mapping_ = std::move(proposal);
    scheme_ = std::move(target->scheme);
    snapshot_id_ = target->snapshot_id;
}

void ImportFlow::map_code(size_t index, interop::MapChoice choice, const std::string& to) {
    if (stage_ != Stage::Mapping || index >= mapping_.codes.size()) return;
    mapping_.codes[index].choice = choice;
    mapping_.codes[index].to = choice == interop::MapChoice::Mapped ? to : "";
    problem_.clear();
}

void ImportFlow::map_modifier(size_t index, interop::MapChoice choice, const std::string& to) {
    if (stage_ != Stage::Mapping || index >= mapping_.modifiers.size()) return;
    mapping_.modifiers[index].choice = choice;
    mapping_.modifiers[index].to = choice == interop::MapChoice::Mapped ? to : "";
    problem_.clear();
}

void ImportFlow::load_mapping(const std::string& path) {
    if (stage_ != Stage::Mapping || !scheme_) return;
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) {
        problem_ = "cannot read " + path;
        return;
    }
    auto given = interop::parse_mapping(text.str());
    if (!given) {
        problem_ = file_name(path) + ": " + given.error().message;
        return;
    }
    auto merged = interop::merge_mapping(mapping_, *given, *project_, *scheme_);
    if (!merged) {
        problem_ = file_name(path) + ": " + merged.error().message;
        return;
    }
    mapping_ = std::move(*merged);
    problem_.clear();
}

Status ImportFlow::save_mapping(const std::string& path) const {
    if (is_attune_study(path)) return Error{path + " is an Attune study; choose another name"};
    return write_text_output(path, interop::mapping_json(mapping_, scheme()));
}

void ImportFlow::check(const std::string& study_path, const std::string& user, TaskRunner& tasks) {
    if (stage_ != Stage::Mapping) return;
    if (!scheme_ || observations_.empty()) {
        if (problem_.empty()) problem_ = "choose what to import first (Observation and Into)";
        return;
    }
    if (const auto open = mapping_.undecided(); !open.empty()) {
        problem_ = std::to_string(open.size()) +
                   " of the file's codes are still to map or drop (choose a behaviour, or "
                   "Drop, for each):";
        for (const auto& u : open) problem_ += "\n  " + u;
        return;
    }
    interop::ImportRequest request;
    request.file = file_, request.project = project_.get(), request.observations = observations_;
    request.mapping = mapping_, request.session = choices_.session, request.coder = coder_;
    request.role = choices_.role;
    if (choices_.fps > 0) request.fps = choices_.fps;
    problem_.clear();
    stage_ = Stage::Checking;
    checking_ = tasks.start<interop::ImportPlan>(
        "Checking the import",
        [study_path, user, request, project = project_, scheme = *scheme_, snapshot = snapshot_id_](
            const auto&, const auto&) mutable -> Result<interop::ImportPlan> {
            auto study = Study::open(study_path, user);  // its own connection
            if (!study) return study.error();
            request.recording_target = [&](const Session& s) {
                return indexed_recording(*study, s);
            };
            return interop::plan_import(*study, request, scheme, snapshot);
        });
}

void ImportFlow::back_to_mapping() {
    if (stage_ != Stage::Reviewing) return;
    plan_.reset();
    stage_ = Stage::Mapping;
}

void ImportFlow::commit(const std::string& study_path, const std::string& user, TaskRunner& tasks) {
    if (stage_ != Stage::Reviewing || !plan_) return;
    stage_ = Stage::Committing;
    auto plan = std::make_shared<const interop::ImportPlan>(*plan_);
    committing_ = tasks.start<size_t>(
        "Importing " + file_name(file_),
        [study_path, user, plan](const auto& progress, const auto&) -> Result<size_t> {
            auto study = Study::open(study_path, user);
            if (!study) return study.error();
            const double total = std::max<double>(1, static_cast<double>(plan->events()));
            auto ok = interop::commit_import(
                *study, *plan, [&](size_t n) { progress(static_cast<double>(n) / total); });
            if (!ok) return ok.error();
            return plan->events();
        });
}

void ImportFlow::cancel() {
    if (stage_ == Stage::Committing) return;  // one change: it lands whole or not at all
    reading_.cancel(), checking_.cancel();
    stage_ = Stage::Closed;
    project_.reset(), observations_.clear(), scheme_.reset(), plan_.reset();
    mapping_ = {}, choices_ = {}, problem_.clear();
}

std::optional<std::pair<std::string, bool>> ImportFlow::update(Study* study,
                                                               const std::string& user) {
    if (reading_.ready()) {
        auto read = reading_.take();
        if (!read) {
            const std::string why = read.error().message;
            cancel();
            return std::pair{"Nothing imported: " + why, true};
        }
        project_ = std::make_shared<const interop::ForeignProject>(std::move(*read));
        stage_ = Stage::Mapping;
        if (study) choose(choices_, *study, user);  // every observation into new sessions
    }
    if (checking_.ready()) {
        auto planned = checking_.take();
        stage_ = Stage::Mapping;
        if (!planned) {
            problem_ = planned.error().message;
            return std::nullopt;
        }
        plan_ = std::move(*planned);
        stage_ = Stage::Reviewing;
    }
    if (committing_.ready()) {
        auto done = committing_.take();
        stage_ = Stage::Reviewing;
        if (!done) {
            problem_ = done.error().message + " (nothing was imported)";
            return std::pair{"The import failed; nothing was imported: " + done.error().message,
                             true};
        }
        const size_t sessions = plan_ ? plan_->observations.size() : 0;
        const std::string said =
            "Imported " + std::to_string(*done) + " events into " + std::to_string(sessions) +
            (sessions == 1 ? " session" : " sessions") + " from " + file_name(file_);
        cancel();
        return std::pair{said, false};
    }
    return std::nullopt;
}

}  // namespace attune::app
