#include "attune/coding/disagreements.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <tuple>

namespace attune {

const char* to_string(DisagreementKind k) {
    switch (k) {
        case DisagreementKind::OnlyA:
            return "only A";
        case DisagreementKind::OnlyB:
            return "only B";
        case DisagreementKind::Code:
            return "code";
        case DisagreementKind::Stop:
            return "stop";
        case DisagreementKind::Rating:
            return "rating";
        case DisagreementKind::Classification:
            return "classification";
    }
    return "?";
}

namespace {

std::string clock(int64_t us) {
    char text[32];
    const int64_t tenths = us / 100'000;
    std::snprintf(text, sizeof text, "%lld:%02lld.%lld", static_cast<long long>(tenths / 600),
                  static_cast<long long>(tenths / 10 % 60), static_cast<long long>(tenths % 10));
    return text;
}

std::string described(const Event& e) {
    std::string s = e.subject + " " + e.behaviour;
    for (const auto& [name, value] : e.modifiers) s += " " + name + "=" + value;
    s += " at " + clock(e.start_us);
    if (e.stop_us && *e.stop_us != e.start_us) s += "-" + clock(*e.stop_us);
    return s;
}

// The events behind the bouts align_events pairs: a bout names its event by content
// (identical events are interchangeable), each event used once.
class EventsByBout {
  public:
    explicit EventsByBout(const std::vector<Event>& events) {
        for (const auto& e : events)
            if (e.stop_us) by_key_[key(stats::bouts_from_events({e}).bouts.front())].push_back(e);
    }
    std::optional<Event> take(const std::optional<stats::Bout>& b) {
        if (!b) return std::nullopt;
        auto& left = by_key_[key(*b)];
        if (left.empty()) return std::nullopt;
        Event e = left.front();
        left.erase(left.begin());
        return e;
    }

  private:
    using Key = std::tuple<std::string, std::string, std::string, int64_t, int64_t>;
    static Key key(const stats::Bout& b) {
        return {b.subject, b.behaviour, b.modifiers, b.start_us, b.stop_us};
    }
    std::map<Key, std::vector<Event>> by_key_;
};

std::string event_item(const std::optional<Event>& a, const std::optional<Event>& b) {
    return "event a" + (a ? std::to_string(a->id) : std::string("-")) + " b" +
           (b ? std::to_string(b->id) : std::string("-"));
}

Disagreement event_disagreement(DisagreementKind kind, std::optional<Event> a,
                                std::optional<Event> b) {
    Disagreement d;
    d.kind = kind;
    d.item = event_item(a, b);
    const Event& first = a ? *a : *b;
    d.at = FrameTime{first.start_frame, first.start_us};
    d.until_us = first.stop_us;
    if (a && b && b->start_us < a->start_us) d.at = FrameTime{b->start_frame, b->start_us};
    switch (kind) {
        case DisagreementKind::OnlyA:
            d.summary = "only A coded " + described(*a);
            break;
        case DisagreementKind::OnlyB:
            d.summary = "only B coded " + described(*b);
            break;
        case DisagreementKind::Stop:
            d.summary = a->subject + " " + a->behaviour + " stops at " + clock(*a->stop_us) +
                        " (A) and " + clock(*b->stop_us) + " (B)";
            break;
        default:
            d.summary = "A coded " + described(*a) + "; B coded " + described(*b);
    }
    d.a = std::move(a);
    d.b = std::move(b);
    return d;
}

void compare_events(const DoubleCodedSession& s, SessionComparison& out) {
    const auto ba = stats::bouts_from_events(s.a.events), bb = stats::bouts_from_events(s.b.events);
    out.open_states_left_out = ba.open_states_left_out + bb.open_states_left_out;
    stats::AlignmentOptions o;
    o.onset_tolerance_us = out.tolerance_us;
    o.filter.with_modifiers = true;
    const auto aligned = stats::align_events(ba.bouts, bb.bouts, o);
    EventsByBout from_a(s.a.events), from_b(s.b.events);
    for (const auto& p : aligned.pairs) {
        auto a = from_a.take(p.a), b = from_b.take(p.b);
        if (!a || !b) {
            if (a || b)
                out.disagreements.push_back(event_disagreement(
                    a ? DisagreementKind::OnlyA : DisagreementKind::OnlyB, a, b));
            continue;
        }
        const bool same_code = a->behaviour == b->behaviour && a->modifiers == b->modifiers;
        const bool both_states = a->stop_us != a->start_us && b->stop_us != b->start_us;
        const bool stops_apart = std::llabs(*a->stop_us - *b->stop_us) > out.tolerance_us;
        if (!same_code)
            out.disagreements.push_back(event_disagreement(DisagreementKind::Code, a, b));
        else if (both_states && stops_apart)
            out.disagreements.push_back(event_disagreement(DisagreementKind::Stop, a, b));
        else
            out.agreed_events.push_back({*a, *b});
    }
}

std::optional<int> value_of(const std::vector<Rating>& ratings, const Rating& cell) {
    for (const auto& r : ratings)
        if (r.scale == cell.scale && r.target == cell.target && r.episode == cell.episode)
            return r.value;
    return std::nullopt;
}

std::string cell_text(const Rating& r) {
    return r.scale + "/" + r.target + "/" + r.episode;
}

std::string value_text(std::optional<int> v) {
    return v ? std::to_string(*v) : "not rated";
}

void place_in_episode(const DoubleCodedSession& s, const std::string& episode, Disagreement& d) {
    for (const auto& span : s.a.episodes)
        if (span.id == episode && span.source != EpisodeSpan::Source::Missing) {
            d.at = span.start;
            if (span.end) d.until_us = span.end->t_us;
        }
}

void compare_ratings(const DoubleCodedSession& s, SessionComparison& out) {
    std::vector<Rating> cells = s.a.ratings;
    for (const auto& r : s.b.ratings)
        if (!value_of(cells, r)) cells.push_back(r);
    std::sort(cells.begin(), cells.end(), [](const Rating& x, const Rating& y) {
        return std::tie(x.scale, x.target, x.episode) < std::tie(y.scale, y.target, y.episode);
    });
    for (const auto& cell : cells) {
        const auto va = value_of(s.a.ratings, cell), vb = value_of(s.b.ratings, cell);
        if (va == vb) {
            out.agreed_ratings.push_back(Rating{cell.scale, cell.target, cell.episode, *va});
            continue;
        }
        Disagreement d;
        d.kind = DisagreementKind::Rating;
        d.item = "rating " + cell_text(cell);
        if (va) d.rating_a = Rating{cell.scale, cell.target, cell.episode, *va};
        if (vb) d.rating_b = Rating{cell.scale, cell.target, cell.episode, *vb};
        d.summary = cell_text(cell) + ": A " + value_text(va) + ", B " + value_text(vb);
        place_in_episode(s, cell.episode, d);
        out.disagreements.push_back(std::move(d));
    }
}

std::string class_text(const std::optional<Classification>& c) {
    if (!c) return "none";
    return c->code + (c->secondary ? " (secondary " + *c->secondary + ")" : "");
}

void compare_classifications(const DoubleCodedSession& s, SessionComparison& out) {
    const auto &a = s.a.classification, &b = s.b.classification;
    if (!a && !b) return;
    if (a && b && a->code == b->code && a->secondary == b->secondary) {
        out.agreed_classification = a;
        return;
    }
    Disagreement d;
    d.kind = DisagreementKind::Classification;
    d.item = "classification";
    d.class_a = a;
    d.class_b = b;
    d.summary = "classification: A " + class_text(a) + ", B " + class_text(b);
    out.disagreements.push_back(std::move(d));
}

}  // namespace

SessionComparison compare_passes(const DoubleCodedSession& s, std::optional<int64_t> tolerance_us) {
    SessionComparison out;
    out.tolerance_us =
        tolerance_us ? *tolerance_us : reliability_detail::onset_tolerance_us(s.scheme, {});
    compare_events(s, out);
    compare_ratings(s, out);
    compare_classifications(s, out);
    std::stable_sort(out.disagreements.begin(), out.disagreements.end(),
                     [](const Disagreement& x, const Disagreement& y) {
                         if (x.at.has_value() != y.at.has_value()) return x.at.has_value();
                         return x.at && x.at->t_us < y.at->t_us;
                     });
    return out;
}

}  // namespace attune
