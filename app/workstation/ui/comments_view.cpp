#include "comments_view.hpp"

#include <imgui.h>

#include <vector>

#include "palette.hpp"
#include "widgets.hpp"

namespace attune::app::ui {
namespace {

const Event* event_of(const CodingPass& pass, int64_t id) {
    for (const Event& e : pass.events())
        if (e.id == id) return &e;
    return nullptr;
}

// What a thread is about, as the coder reads it.
std::string describe(const CodingPass& pass, const CommentTarget& t) {
    switch (t.about) {
        case CommentAbout::Event:
            if (const Event* e = event_of(pass, t.event_id))
                return e->behaviour + " (" + e->subject + ") at " + format_time(e->start_us);
            return "an event since deleted";
        case CommentAbout::Rating:
            return "rating " + t.scale + " > " + t.target +
                   (t.episode == "ALL" ? " (session)" : ", " + t.episode);
        case CommentAbout::Episode:
            return "episode " + t.episode;
        case CommentAbout::Classification:
            break;
    }
    return "the classification";
}

// Shows what the thread is about: the event's frame, the rating cell, the episode's start.
void go_to(const ViewContext& cx, const CommentTarget& t) {
    switch (t.about) {
        case CommentAbout::Event:
            return cx.post(intent::JumpToEvent{t.event_id});
        case CommentAbout::Rating:
            cx.post(intent::SelectRatingCell{Rating{t.scale, t.target, t.episode, 0}});
            return cx.post(intent::ShowTab{SideTab::Ratings});
        case CommentAbout::Episode:
            for (const EpisodeSpan& span : cx.wb.pass()->content().episodes)
                if (span.id == t.episode && span.source != EpisodeSpan::Source::Missing)
                    cx.post(intent::Seek{span.start.frame});
            return;
        case CommentAbout::Classification:
            break;
    }
    cx.post(intent::ShowTab{SideTab::Classification});
}

struct Choice {
    std::string label;
    CommentTarget about;
};

// What a new thread can be about now: the selection, each episode, the classification.
std::vector<Choice> choices(const ViewContext& cx) {
    const CodingPass& pass = *cx.wb.pass();
    std::vector<Choice> out;
    if (cx.wb.view().selected.size() == 1) {
        const auto about = event_comment_target(*cx.wb.view().selected.begin());
        if (event_of(pass, about.event_id))
            out.push_back({"the selected event: " + describe(pass, about), about});
    }
    if (const auto& cell = cx.wb.view().rating_cell) {
        const auto about = rating_comment_target(cell->scale, cell->target, cell->episode);
        out.push_back({"the selected " + describe(pass, about), about});
    }
    out.push_back({"the classification", classification_comment_target()});
    for (const EpisodeDef& ep : pass.scheme().episodes)
        out.push_back({"episode " + ep.id + " (" + ep.label + ")", episode_comment_target(ep.id)});
    return out;
}

}  // namespace

void comment_lines(const CodingPass& pass, const CommentTarget& about) {
    for (const ReviewComment& c : pass.comments())
        if (c.about == about)
            ImGui::TextColored(palette::kTextCommentBadge, "%s: %s", c.author.c_str(),
                               c.text.c_str());
}

void comment_badge(const CodingPass& pass, const CommentTarget& about) {
    const int n = pass.comments_on(about);
    if (n == 0) return;
    ImGui::TextColored(palette::kTextCommentBadge, "[%d]", n);
    if (!ImGui::IsItemHovered()) return;
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
    comment_lines(pass, about);
    ImGui::TextDisabled("Reply on the Comments tab");
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

void CommentsView::draw_new(const ViewContext& cx) {
    const auto options = choices(cx);
    target_choice_ = std::clamp(target_choice_, 0, static_cast<int>(options.size()) - 1);
    ImGui::TextUnformatted("New comment on");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##about", options[static_cast<size_t>(target_choice_)].label.c_str())) {
        for (size_t i = 0; i < options.size(); ++i)
            if (ImGui::Selectable(options[i].label.c_str(), static_cast<int>(i) == target_choice_))
                target_choice_ = static_cast<int>(i);
        ImGui::EndCombo();
    }
    ImGui::SetNextItemWidth(-90);
    const bool enter = input_text("##new_comment", new_text_, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if ((ImGui::Button("Comment") || enter) && !new_text_.empty()) {
        cx.post(intent::AddComment{options[static_cast<size_t>(target_choice_)].about, new_text_});
        new_text_.clear();
    }
}

void CommentsView::draw_thread(const ViewContext& cx,
                               const std::vector<const ReviewComment*>& thread) {
    const CodingPass& pass = *cx.wb.pass();
    const ReviewComment& first = *thread.front();
    ImGui::PushID(static_cast<int>(first.id));
    if (ImGui::SmallButton("Go")) go_to(cx, first.about);
    ImGui::SameLine();
    ImGui::TextColored(palette::kTextCommentBadge, "%s", describe(pass, first.about).c_str());
    ImGui::PushTextWrapPos(0);
    for (const ReviewComment* c : thread) {
        ImGui::TextDisabled("%s, %s", c->author.c_str(), c->created_at.substr(0, 16).c_str());
        ImGui::Indent();
        ImGui::TextUnformatted(c->text.c_str());
        ImGui::Unindent();
    }
    ImGui::PopTextWrapPos();
    std::string& reply = replies_[first.id];
    ImGui::SetNextItemWidth(-90);
    const bool enter = input_text("##reply", reply, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if ((ImGui::Button("Reply") || enter) && !reply.empty()) {
        cx.post(intent::ReplyToComment{first.id, reply});
        reply.clear();
    }
    ImGui::PopID();
}

void CommentsView::draw(const ViewContext& cx) {
    const CodingPass& pass = *cx.wb.pass();
    draw_new(cx);
    ImGui::Separator();
    if (pass.comments().empty()) {
        ImGui::TextDisabled("No comments on this pass yet.");
        return;
    }
    ImGui::BeginChild("threads");
    std::vector<const ReviewComment*> thread;
    for (const ReviewComment& c : pass.comments()) {  // thread by thread (review_comments)
        if (!thread.empty() && thread.front()->thread_id != c.thread_id) {
            draw_thread(cx, thread);
            ImGui::Separator();
            thread.clear();
        }
        thread.push_back(&c);
    }
    draw_thread(cx, thread);
    ImGui::EndChild();
}

}  // namespace attune::app::ui
