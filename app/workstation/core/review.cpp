#include "review.hpp"

#include <algorithm>

#include "attune/coding/blinding.hpp"
#include "attune/coding/records.hpp"
#include "workbench.hpp"

namespace attune::app {
namespace {

Result<ReviewSession> load(Study& study, const std::string& label) {
    auto loaded = load_double_coded_session(study, label);
    if (!loaded) return loaded.error();
    ReviewSession r{std::move(*loaded), {}, {}, std::nullopt};
    r.comparison = compare_passes(r.loaded);
    r.consensus = consensus_state(study, r.loaded.session.id);
    return r;
}

// The pass the recording plays through: the consensus pass, else A's (only read here).
Status open_media(Workbench& wb, const ReviewSession& r) {
    if (r.consensus.pass)
        return wb.open_session(r.loaded.session, PassRole::Consensus, r.consensus.pass->coder);
    return wb.open_session(r.loaded.session, PassRole::Primary, r.loaded.primary.coder);
}

std::string position_text(const ReviewSession& r) {
    return "disagreement " + std::to_string(*r.current + 1) + " of " +
           std::to_string(r.comparison.disagreements.size());
}

}  // namespace

Status open_review(Workbench& wb, const std::string& session_label) {
    if (!wb.study()) return Error{"open a study first"};
    Study& study = *wb.study();
    const auto session = find_session(study, session_label);
    if (!session) return Error{"the study has no session labelled " + session_label};
    if (sessions_blind_for(study, wb.user()).count(session->id))
        return Error{wb.user() + " codes the reliability pass of session " + session_label +
                     " and is blind to its primary pass until a supervisor unblinds it, so "
                     "cannot review it"};
    auto review = load(study, session_label);
    if (!review) return review.error();
    if (auto ok = open_media(wb, *review); !ok) return ok;
    const size_t n = review->comparison.disagreements.size();
    wb.review() = std::move(*review);
    wb.view().screen = Screen::Review;
    wb.notify("Reviewing " + session_label + ": " + std::to_string(n) +
              " disagreement(s); Ctrl+Down / Ctrl+Up step through them");
    return ok_status();
}

namespace {
std::optional<int64_t> pass_id(const ConsensusState& c) {
    return c.pass ? std::optional<int64_t>(c.pass->id) : std::nullopt;
}
}  // namespace

Status reload_review(Workbench& wb) {
    if (!wb.review() || !wb.study()) return ok_status();
    auto fresh = load(*wb.study(), wb.review()->loaded.session.label);
    if (!fresh) return fresh.error();
    const std::optional<size_t> current = wb.review()->current;
    const size_t n = fresh->comparison.disagreements.size();
    if (current && n > 0) fresh->current = std::min(*current, n - 1);
    if (pass_id(wb.review()->consensus) == pass_id(fresh->consensus)) {
        wb.review() = std::move(*fresh);
        return ok_status();
    }
    // The consensus pass was started, or its start undone, since: play through the pass
    // there is now, where the recording was.
    const auto at = wb.media() ? wb.media()->now() : std::nullopt;
    if (auto ok = open_media(wb, *fresh); !ok) return ok;
    wb.review() = std::move(*fresh);
    wb.view().screen = Screen::Review;
    if (at && wb.media()) wb.media()->seek_frame(at->frame);
    return ok_status();
}

bool review_plays_read_only(const Workbench& wb) {
    const auto& r = wb.review();
    return r && wb.pass() && pass_id(r->consensus) != wb.pass()->pass().id;
}

void show_disagreement_at(Workbench& wb, size_t index) {
    auto& r = wb.review();
    if (!r || index >= r->comparison.disagreements.size()) return;
    r->current = index;
    const Disagreement& d = r->comparison.disagreements[index];
    wb.notify(position_text(*r) + ": " + d.summary);
    if (!d.at || !wb.media() || !wb.media()->ready()) return;
    const int64_t around = static_cast<int64_t>(wb.prefs().review_seconds * 1e6);
    wb.media()->pause();
    wb.media()->seek_time_us(std::max<int64_t>(0, d.at->t_us - around));
    wb.view().review_play.reset();
    if (around > 0)
        wb.view().review_play =
            ViewState::ReviewPlay{wb.media()->target_frame(), d.at->t_us + around};
}

void show_disagreement(Workbench& wb, int step) {
    const auto& r = wb.review();
    if (!r) return;
    const auto n = static_cast<int64_t>(r->comparison.disagreements.size());
    if (n == 0) return wb.notify("The two passes agree on everything compared");
    const int64_t from = r->current ? static_cast<int64_t>(*r->current) : (step > 0 ? -1 : n);
    const int64_t to = from + step;
    if (to < 0 || to >= n)
        return wb.notify(step > 0 ? "That was the last disagreement" : "That was the first");
    show_disagreement_at(wb, static_cast<size_t>(to));
}

Status start_consensus_here(Workbench& wb) {
    auto& r = wb.review();
    if (!r || !wb.study()) return Error{"open a session's review first"};
    auto pass = start_consensus(*wb.study(), r->loaded, r->comparison);
    if (!pass) return pass.error();
    wb.note_study_changed();
    const std::string label = r->loaded.session.label;
    const std::optional<size_t> current = r->current;
    const auto at = wb.media() ? wb.media()->now() : std::nullopt;
    if (auto ok = open_review(wb, label); !ok) return ok;
    wb.review()->current = current;
    if (at && wb.media()) wb.media()->seek_frame(at->frame);
    wb.notify("Started the consensus pass of " + label + " with the agreements in it");
    return ok_status();
}

Status decide_shown(Workbench& wb, ConsensusChoice choice) {
    auto& r = wb.review();
    if (!r || !wb.study()) return Error{"open a session's review first"};
    if (!r->consensus.pass) return Error{"start the consensus pass first (Start consensus)"};
    const Disagreement* d = r->shown();
    if (!d) return Error{"no disagreement is shown: step to one with Ctrl+Down"};
    const std::optional<FrameTime> at = d->at;
    if (auto ok = decide(*wb.study(), r->loaded, r->consensus.pass->id, *d, choice); !ok) return ok;
    wb.note_study_changed();
    if (wb.pass()) wb.report(wb.pass()->follow_others());
    if (auto ok = reload_review(wb); !ok) return ok;
    if (choice != ConsensusChoice::Edit) {
        wb.notify(std::string("Took ") + (choice == ConsensusChoice::A ? "A" : "B") +
                  "'s version into the consensus pass");
        return ok_status();
    }
    wb.view().screen = Screen::Coding;
    if (at && wb.media()) wb.media()->seek_frame(at->frame);
    wb.notify("Edit the consensus pass here; View > Review (Ctrl+6) goes back to the review");
    return ok_status();
}

}  // namespace attune::app
