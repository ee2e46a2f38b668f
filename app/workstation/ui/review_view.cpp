#include "review_view.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "palette.hpp"
#include "widgets.hpp"

namespace attune::app::ui {
namespace {

using Lane = std::pair<std::string, std::string>;  // subject, behaviour

std::vector<Lane> lanes_of(const ReviewSession& r) {
    std::set<Lane> lanes;
    for (const auto* events : {&r.loaded.a.events, &r.loaded.b.events})
        for (const Event& e : *events) lanes.insert({e.subject, e.behaviour});
    return {lanes.begin(), lanes.end()};
}

// The stretch of the session a disagreement covers, for its band on the ruler.
std::optional<std::pair<int64_t, int64_t>> extent(const Disagreement& d) {
    if (!d.at) return std::nullopt;
    int64_t from = d.at->t_us, to = d.until_us.value_or(d.at->t_us);
    for (const auto* e : {&d.a, &d.b})
        if (*e) {
            from = std::min(from, (*e)->start_us);
            to = std::max(to, (*e)->stop_us.value_or((*e)->start_us));
        }
    return std::pair{from, std::max(to, from + 300'000)};  // a point still shows as a band
}

std::set<int64_t> disagreeing_ids(const ReviewSession& r) {
    std::set<int64_t> ids;
    for (const auto& d : r.comparison.disagreements)
        for (const auto* e : {&d.a, &d.b})
            if (*e) ids.insert((*e)->id);
    return ids;
}

std::string event_text(const Event& e) {
    std::string s = e.subject + " " + e.behaviour;
    for (const auto& [name, value] : e.modifiers) s += " " + name + "=" + value;
    s += ", " + format_time(e.start_us);
    if (e.stop_us && *e.stop_us != e.start_us) s += " - " + format_time(*e.stop_us);
    return s;
}

// One coder's version of a disagreement, and that coder's notes on it.
std::pair<std::string, std::string> side_of(const Disagreement& d, bool a) {
    if (d.kind == DisagreementKind::Rating) {
        const auto& r = a ? d.rating_a : d.rating_b;
        return {r ? std::to_string(r->value) : "not rated", ""};
    }
    if (d.kind == DisagreementKind::Classification) {
        const auto& c = a ? d.class_a : d.class_b;
        if (!c) return {"not classified", ""};
        return {c->code + (c->secondary ? " (secondary " + *c->secondary + ")" : ""), c->notes};
    }
    const auto& e = a ? d.a : d.b;
    if (!e) return {"not coded", ""};
    return {event_text(*e), e->comment};
}

std::string settled_text(const ReviewSession& r, const Disagreement& d) {
    const auto it = r.consensus.decisions.find(d.item);
    if (it == r.consensus.decisions.end()) return "";
    const ConsensusDecision& c = it->second;
    const std::string what = c.choice == ConsensusChoice::A   ? "took A"
                             : c.choice == ConsensusChoice::B ? "took B"
                                                              : "edited by hand";
    return what + " (" + c.who + ", " + c.at.substr(0, 16) + ")";
}

struct Ruler {
    float x0 = 0, width = 1;
    int64_t start_us = 0, span_us = 1;
    float x(int64_t t) const {
        return x0 + static_cast<float>(static_cast<double>(t - start_us) / span_us * width);
    }
    int64_t t(float x) const {
        return start_us + static_cast<int64_t>((x - x0) / width * static_cast<double>(span_us));
    }
};

void paint_ruler(ImDrawList* dl, const Ruler& s, float y, float row) {
    static const int64_t steps[] = {1'000'000,  2'000'000,  5'000'000,  10'000'000,
                                    30'000'000, 60'000'000, 300'000'000};
    int64_t step = steps[6];
    for (int64_t c : steps)
        if (s.span_us / c <= 12) {
            step = c;
            break;
        }
    for (int64_t t = std::max<int64_t>(0, s.start_us / step * step); t <= s.start_us + s.span_us;
         t += step) {
        const float x = s.x(t);
        if (x < s.x0) continue;
        dl->AddLine(ImVec2(x, y + row * 0.6f), ImVec2(x, y + row), palette::kRulerTick);
        dl->AddText(ImVec2(x + 2, y), palette::kRulerLabel, format_time(t).substr(3, 5).c_str());
    }
}

void paint_events(ImDrawList* dl, const Ruler& s, const std::vector<Event>& events,
                  const std::vector<Lane>& lanes, const std::set<int64_t>& disagreeing, float y0,
                  float row) {
    const float right = s.x0 + s.width;
    for (const Event& e : events) {
        const auto lane = std::find(lanes.begin(), lanes.end(), Lane{e.subject, e.behaviour});
        const float y = y0 + row * static_cast<float>(lane - lanes.begin());
        const int64_t stop = e.stop_us.value_or(s.start_us + s.span_us);
        float xs = s.x(e.start_us), xe = s.x(stop);
        if (xe < s.x0 || xs > right) continue;
        xs = std::max(xs, s.x0), xe = std::min(xe, right);
        const ImU32 colour = behaviour_colour(e.behaviour, e.stop_us ? 1.0f : 0.45f);
        const bool point = e.stop_us && *e.stop_us == e.start_us;
        if (point)
            dl->AddLine(ImVec2(xs, y + 2), ImVec2(xs, y + row - 2), colour, 3);
        else
            dl->AddRectFilled(ImVec2(xs, y + 3), ImVec2(std::max(xe, xs + 2), y + row - 3), colour,
                              2);
        if (disagreeing.count(e.id))
            dl->AddRect(ImVec2(xs - 2, y + 1), ImVec2(std::max(xe, xs + 2) + 2, y + row - 1),
                        palette::kDisagreeingEventOutline, 2, 0, 2);
    }
}

}  // namespace

// Frames the disagreement just shown, else follows the playhead; never scrolls past the
// recording's end when the whole span fits.
void ReviewView::keep_in_view(const ReviewSession& r, int64_t now_us, int64_t duration_us) {
    if (r.current != framed_) {
        framed_ = r.current;
        if (const Disagreement* d = r.shown())
            if (auto span = extent(*d)) start_us_ = span->first - span_us_ / 4;
    } else if (now_us < start_us_ || now_us > start_us_ + span_us_) {
        start_us_ = now_us - span_us_ / 10;
    }
    start_us_ = std::clamp<int64_t>(start_us_, 0, std::max<int64_t>(0, duration_us - span_us_));
}

void ReviewView::draw_timelines(const ViewContext& cx, ImVec2 size) {
    const auto& review = cx.wb.review();
    if (!review) return;
    const ReviewSession& r = *review;
    ImGui::BeginChild("review_timelines", size, true);
    const std::optional<FrameTime> shown = cx.wb.media() ? cx.wb.media()->now() : std::nullopt;
    const int64_t now_us = shown ? shown->t_us : -1;
    const SessionMedia* media = cx.wb.media();
    const int64_t duration_us = media && media->frame_count() > 0
                                    ? media->index()->t_us(media->frame_count() - 1)
                                    : start_us_ + span_us_;
    keep_in_view(r, std::max<int64_t>(now_us, 0), duration_us);
    const auto lanes = lanes_of(r);
    const float row = ImGui::GetTextLineHeight() + 6, label_w = 190;
    const ImVec2 origin = ImGui::GetCursorScreenPos(), avail = ImGui::GetContentRegionAvail();
    const Ruler s{origin.x + label_w, std::max(avail.x - label_w, 1.0f), start_us_, span_us_};
    ImDrawList* dl = ImGui::GetWindowDrawList();
    paint_ruler(dl, s, origin.y, row);
    const auto disagreeing = disagreeing_ids(r);
    const float block = row * static_cast<float>(lanes.size() + 1);
    const float top = origin.y + row, bottom = top + 2 * block;
    for (size_t i = 0; i < r.comparison.disagreements.size(); ++i)
        if (auto span = extent(r.comparison.disagreements[i])) {
            const float xs = std::max(s.x(span->first), s.x0);
            const float xe = std::min(s.x(span->second), s.x0 + s.width);
            if (xe < xs) continue;
            dl->AddRectFilled(
                ImVec2(xs, top), ImVec2(std::max(xe, xs + 3), bottom),
                r.current == i ? palette::kDisagreementShown : palette::kDisagreementBand);
        }
    const std::pair<const Pass*, const std::vector<Event>*> passes[] = {
        {&r.loaded.primary, &r.loaded.a.events}, {&r.loaded.reliability, &r.loaded.b.events}};
    for (int p = 0; p < 2; ++p) {
        const float y = top + block * static_cast<float>(p);
        const std::string title = std::string(p == 0 ? "A: " : "B: ") + passes[p].first->coder +
                                  " (" + to_string(passes[p].first->role) + ")";
        dl->AddText(ImVec2(origin.x, y), palette::kLaneTitle, title.c_str());
        for (size_t l = 0; l < lanes.size(); ++l) {
            const float ly = y + row * static_cast<float>(l + 1);
            if (l % 2 == 0)
                dl->AddRectFilled(ImVec2(origin.x, ly), ImVec2(s.x0 + s.width, ly + row),
                                  palette::kLaneStripe);
            const std::string label = "  " + lanes[l].second + " (" + lanes[l].first + ")";
            dl->AddText(ImVec2(origin.x, ly + 3), palette::kLaneLabel, label.c_str());
        }
        paint_events(dl, s, *passes[p].second, lanes, disagreeing, y + row, row);
    }
    if (now_us >= s.start_us && now_us <= s.start_us + s.span_us)
        dl->AddLine(ImVec2(s.x(now_us), origin.y), ImVec2(s.x(now_us), bottom), palette::kPlayhead,
                    2);
    ImGui::SetCursorScreenPos(ImVec2(s.x0, origin.y));
    ImGui::InvisibleButton("##review_ruler", ImVec2(s.width, std::max(bottom - origin.y, row)));
    if (ImGui::IsItemClicked())
        cx.post(intent::SeekTime{std::max<int64_t>(0, s.t(ImGui::GetMousePos().x))});
    if (ImGui::IsItemHovered() && ImGui::GetIO().MouseWheel != 0) {
        const int64_t at = s.t(ImGui::GetMousePos().x);
        const double factor = ImGui::GetIO().MouseWheel > 0 ? 0.8 : 1.25;
        span_us_ =
            std::clamp<int64_t>(static_cast<int64_t>(span_us_ * factor), 2'000'000, 3'600'000'000);
        start_us_ = std::max<int64_t>(
            0, at - static_cast<int64_t>(static_cast<double>(at - start_us_) * factor));
    }
    ImGui::EndChild();
}

void ReviewView::draw_header(const ViewContext& cx, const ReviewSession& r) const {
    size_t settled = 0;
    for (const auto& d : r.comparison.disagreements) settled += r.consensus.decisions.count(d.item);
    ImGui::Text("Review of %s: A %s (primary) against B %s (reliability)",
                r.loaded.session.label.c_str(), r.loaded.primary.coder.c_str(),
                r.loaded.reliability.coder.c_str());
    const size_t agreed = r.comparison.agreed_events.size();
    ImGui::Text("%zu disagreement(s), %zu settled; %zu event%s agree%s",
                r.comparison.disagreements.size(), settled, agreed, agreed == 1 ? "" : "s",
                agreed == 1 ? "s" : "");
    help_marker(
        "Events are aligned within the scheme's onset tolerance, modifiers compared too; a pair "
        "of states also disagrees when its stops are further apart than the tolerance. The "
        "reliability report (Ctrl+5) gives the agreement figures; this screen settles each "
        "disagreement into the consensus pass, which the tallies then count.");
    if (!r.consensus.pass) {
        if (ImGui::Button("Start consensus")) cx.post(intent::StartConsensus{});
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip(
                "Creates the session's consensus pass (coded by %s) with every agreement in it; "
                "then settle each disagreement",
                cx.wb.user().c_str());
    } else {
        ImGui::TextColored(palette::kTextOk, "Consensus pass by %s",
                           r.consensus.pass->coder.c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("Open it on the coding screen"))
            cx.post(intent::ShowScreen{Screen::Coding});
    }
    ImGui::TextDisabled("Ctrl+Down / Ctrl+Up: next / previous disagreement");
    ImGui::TextUnformatted("Play from");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(110);
    double seconds = cx.wb.prefs().review_seconds;
    if (ImGui::InputDouble("s before each to as long after (0: only seek)##review_seconds",
                           &seconds, 0.5, 1, "%.1f"))
        cx.post(intent::SetReviewSeconds{seconds});
}

void ReviewView::draw_shown(const ViewContext& cx, const ReviewSession& r) const {
    const Disagreement* d = r.shown();
    if (!d) {
        ImGui::TextDisabled(r.comparison.disagreements.empty()
                                ? "The two passes agree on everything compared."
                                : "Step to a disagreement (Ctrl+Down) or click one below.");
        return;
    }
    ImGui::Text("%zu. %s", *r.current + 1, d->summary.c_str());
    for (bool a : {true, false}) {
        const auto [version, notes] = side_of(*d, a);
        const Pass& p = a ? r.loaded.primary : r.loaded.reliability;
        ImGui::BulletText("%s (%s): %s", a ? "A" : "B", p.coder.c_str(), version.c_str());
        if (!notes.empty()) {
            ImGui::SameLine();
            ImGui::TextDisabled("note: %s", notes.c_str());
        }
    }
    const std::string settled = settled_text(r, *d);
    if (settled.empty())
        ImGui::TextColored(palette::kTextOpenQuestion, "not settled yet");
    else
        ImGui::TextColored(palette::kTextSettled, "%s", settled.c_str());
    ImGui::BeginDisabled(!r.consensus.pass);
    if (ImGui::Button("Take A")) cx.post(intent::Decide{ConsensusChoice::A});
    ImGui::SameLine();
    if (ImGui::Button("Take B")) cx.post(intent::Decide{ConsensusChoice::B});
    ImGui::SameLine();
    if (ImGui::Button("Edit...")) cx.post(intent::Decide{ConsensusChoice::Edit});
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Settle it by hand: the consensus pass opens on the coding screen here");
    ImGui::EndDisabled();
}

void ReviewView::draw_list(const ViewContext& cx, const ReviewSession& r) {
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("disagreements", 4, flags, ImGui::GetContentRegionAvail())) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("#");
    ImGui::TableSetupColumn("at");
    ImGui::TableSetupColumn("disagreement", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("settled");
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < r.comparison.disagreements.size(); ++i) {
        const Disagreement& d = r.comparison.disagreements[i];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushID(static_cast<int>(i));
        const std::string number = std::to_string(i + 1);
        if (ImGui::Selectable(number.c_str(), r.current == i, ImGuiSelectableFlags_SpanAllColumns))
            cx.post(intent::ShowDisagreement{i});
        if (r.current == i && listed_ != r.current) ImGui::SetScrollHereY();
        ImGui::PopID();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(d.at ? format_time(d.at->t_us).c_str() : "-");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(d.summary.c_str());
        ImGui::TableNextColumn();
        const std::string settled = settled_text(r, d);
        if (settled.empty())
            ImGui::TextColored(palette::kTextOpenQuestion, "open");
        else
            ImGui::TextColored(palette::kTextSettled, "%s",
                               settled.substr(0, settled.find(' ', 5)).c_str());
    }
    listed_ = r.current;
    ImGui::EndTable();
}

void ReviewView::draw_panel(const ViewContext& cx) {
    const auto& review = cx.wb.review();
    if (!review) {
        ImGui::TextDisabled("No session is under review: on the Sessions screen, choose Review...");
        return;
    }
    draw_header(cx, *review);
    ImGui::Separator();
    draw_shown(cx, *review);
    ImGui::Separator();
    draw_list(cx, *review);
}

}  // namespace attune::app::ui
