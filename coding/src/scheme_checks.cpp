// The scheme's meaning checks: after the reader (scheme_reader.cpp) has taken the file
// apart, these look across the whole Scheme: ids used twice, names that point at nothing
// (a subject that is no role, a hint cell on a scale not rated there), keys that clash
// with each other or with the workstation's own, and hints that can never be decided.
// Each problem names its JSON path and says what to change.
#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "attune/coding/expression.hpp"
#include "attune/coding/key_chord.hpp"
#include "attune/coding/workstation_keys.hpp"
#include "scheme_loading.hpp"

namespace attune::detail {
namespace {

template <typename T, typename Id>
void check_unique(SchemeProblems& out, const std::vector<T>& items, const std::string& section,
                  Id id, const char* what) {
    std::map<std::string, size_t> first;
    for (size_t i = 0; i < items.size(); ++i) {
        const std::string v = id(items[i]);
        if (v.empty()) continue;
        if (auto [it, fresh] = first.emplace(v, i); !fresh)
            out.add(item_path(section, i),
                    std::string(what) + " \"" + v + "\" is used twice (first at " +
                        item_path(section, it->second) + "); give each a unique " + what);
    }
}

// Hints evaluate the hints they name recursively (rule_hints.cpp), so a chain of thousands
// would exhaust the stack; real schemes build on one or two.
constexpr size_t kMaxHintChain = 32;

// A hint that refers to itself, directly or through others, can never be decided, and one at
// the top of a chain longer than kMaxHintChain cannot be evaluated safely. Walks the
// references without recursion, so a long chain of hints cannot exhaust the stack here.
void check_hint_cycles(SchemeProblems& out, const Scheme& s) {
    std::map<std::string, size_t> index;
    for (size_t i = 0; i < s.hints.size(); ++i) index.emplace(s.hints[i].id, i);
    std::vector<std::vector<size_t>> refs(s.hints.size());
    for (size_t i = 0; i < s.hints.size(); ++i)
        if (auto e = Expression::parse(s.hints[i].expr))
            for (const auto& n : e->names())
                if (auto it = index.find(n); it != index.end()) refs[i].push_back(it->second);
    enum class Mark { New, Open, Done };
    std::vector<Mark> mark(s.hints.size(), Mark::New);
    std::vector<size_t> chain(s.hints.size(), 0);  // the longest run of references below a hint
    for (size_t start = 0; start < s.hints.size(); ++start) {
        if (mark[start] != Mark::New) continue;
        std::vector<std::pair<size_t, size_t>> stack{{start, 0}};  // hint, next reference
        mark[start] = Mark::Open;
        while (!stack.empty()) {
            auto& [h, next] = stack.back();
            if (next == refs[h].size()) {
                mark[h] = Mark::Done;
                for (size_t to : refs[h])
                    if (mark[to] == Mark::Done) chain[h] = std::max(chain[h], chain[to] + 1);
                if (chain[h] == kMaxHintChain + 1)  // once per chain, at its first hint too long
                    out.add("/ruleHints/hints/" + std::to_string(h) + "/expr",
                            "hint " + s.hints[h].id + " builds on a chain of more than " +
                                std::to_string(kMaxHintChain) +
                                " other hints; refer to fewer hints in turn");
                stack.pop_back();
                continue;
            }
            const size_t to = refs[h][next++];
            if (mark[to] == Mark::New) {
                mark[to] = Mark::Open;
                stack.push_back({to, 0});
            } else if (mark[to] == Mark::Open) {
                std::string path;
                auto from = std::find_if(stack.begin(), stack.end(),
                                         [&](const auto& f) { return f.first == to; });
                for (auto f = from; f != stack.end(); ++f) path += s.hints[f->first].id + " -> ";
                path += s.hints[to].id;
                out.add("/ruleHints/hints/" + std::to_string(to) + "/expr",
                        "hint " + s.hints[to].id + " refers to itself (" + path +
                            "), so it can never be decided; remove the reference");
            }
        }
    }
}

// What the checks look names up in, gathered once.
struct Names {
    std::set<std::string> roles, codes, hints;
    std::string role_list;  // "child, parent, ..." for messages

    explicit Names(const Scheme& s) {
        for (const auto& x : s.roles) roles.insert(x.id);
        for (const auto& x : s.codes) codes.insert(x.code);
        for (const auto& h : s.hints) hints.insert(h.id);
        for (const auto& x : s.roles) role_list += (role_list.empty() ? "" : ", ") + x.id;
    }
};

void check_ids_unique(SchemeProblems& out, const Scheme& s) {
    check_unique(
        out, s.roles, "roles", [](const Role& x) { return x.id; }, "role id");
    check_unique(
        out, s.episodes, "episodes", [](const EpisodeDef& x) { return x.id; }, "episode id");
    check_unique(
        out, s.behaviours, "behaviors", [](const BehaviourDef& x) { return x.id; }, "behaviour id");
    check_unique(
        out, s.exclusive_groups, "exclusiveGroups", [](const ExclusiveGroup& x) { return x.id; },
        "group id");
    check_unique(
        out, s.scales, "ratingScales", [](const RatingScale& x) { return x.id; }, "scale id");
    check_unique(
        out, s.norms, "norms", [](const Norm& x) { return x.id; }, "norm id");
}

// canonical chord -> the behaviour using it and how it wrote it ("S" is "Shift+s")
using KeysTaken = std::map<std::string, std::pair<std::string, std::string>>;

void check_key(SchemeProblems& out, const BehaviourDef& b, const std::string& p, KeysTaken& keys) {
    if (b.key.empty()) return;
    if (auto chord = parse_key_chord(b.key); !chord) {
        out.add(p + "/key",
                "behaviour '" + b.id + "' has key '" + b.key + "': " + chord.error().message);
    } else if (auto why = untypeable_key_reason(*chord)) {
        out.add(p + "/key", "behaviour '" + b.id + "' has key '" + b.key + "': " + *why);
    } else if (is_workstation_chord(*chord)) {
        out.add(p + "/key", "behaviour '" + b.id + "' has key '" + b.key +
                                "', which the workstation uses itself (" + chord->text() +
                                "; F1 in the workstation lists its keys); choose another key");
    } else if (auto [it, fresh] = keys.try_emplace(chord->text(), b.id, b.key); !fresh) {
        const auto& [other, written] = it->second;
        out.add(p + "/key", "behaviour '" + b.id + "' uses key '" + b.key + "' already used by '" +
                                other + "'" + (written != b.key ? " (as '" + written + "')" : "") +
                                "; choose another key");
    }
}

void check_behaviour_group(SchemeProblems& out, const Scheme& s, const BehaviourDef& b,
                           const std::string& p) {
    if (b.exclusive_group.empty()) return;
    auto g = std::find_if(s.exclusive_groups.begin(), s.exclusive_groups.end(),
                          [&](const ExclusiveGroup& x) { return x.id == b.exclusive_group; });
    if (g == s.exclusive_groups.end())
        out.add(p + "/exclusiveGroup",
                "exclusive group '" + b.exclusive_group + "' is not defined in /exclusiveGroups");
    else if (std::find(g->members.begin(), g->members.end(), b.id) == g->members.end())
        out.add(p + "/exclusiveGroup", "behaviour '" + b.id + "' names group '" +
                                           b.exclusive_group + "' but is not one of its members");
}

void check_behaviours(SchemeProblems& out, const Scheme& s, const Names& names) {
    KeysTaken keys;
    for (size_t i = 0; i < s.behaviours.size(); ++i) {
        const BehaviourDef& b = s.behaviours[i];
        const std::string p = item_path("behaviors", i);
        if (!b.subject.empty() && !names.roles.count(b.subject))
            out.add(p + "/subject", "behaviour '" + b.id + "' has subject '" + b.subject +
                                        "', which is not a role (" + names.role_list + ")");
        check_key(out, b, p, keys);
        check_behaviour_group(out, s, b, p);
    }
    for (size_t i = 0; i < s.exclusive_groups.size(); ++i)
        for (size_t m = 0; m < s.exclusive_groups[i].members.size(); ++m) {
            const std::string& id = s.exclusive_groups[i].members[m];
            const std::string p = item_path("exclusiveGroups", i) + "/members/" + std::to_string(m);
            const BehaviourDef* b = s.behaviour(id);
            if (!b)
                out.add(p, "member '" + id + "' is not a behaviour");
            else if (!b->is_state())
                out.add(p, "member '" + id +
                               "' is a point event; exclusive groups hold only state behaviours");
        }
}

void check_episodes(SchemeProblems& out, const Scheme& s, const Names& names) {
    for (size_t i = 0; i < s.episodes.size(); ++i) {
        const EpisodeDef& e = s.episodes[i];
        const std::string p = item_path("episodes", i);
        if (e.index != static_cast<int>(i) + 1)
            out.add(p + "/index",
                    "episodes must be listed in order with index 1, 2, 3...; this one is " +
                        std::to_string(e.index));
        for (size_t k = 0; k < e.present.size(); ++k)
            if (!names.roles.count(e.present[k]))
                out.add(p + "/present/" + std::to_string(k),
                        "'" + e.present[k] + "' is not a role (" + names.role_list + ")");
        if (!e.starts_event.empty() && !s.behaviour(e.starts_event))
            out.add(p + "/startsAt/event", "episode '" + e.id + "' starts at '" + e.starts_event +
                                               "', which is not a behaviour");
        if (!e.ends_event.empty() && !s.behaviour(e.ends_event))
            out.add(p + "/endsAt/event", "episode '" + e.id + "' ends at '" + e.ends_event +
                                             "', which is not a behaviour");
    }
    for (size_t i = 0; i < s.curtail_crying.size(); ++i) {
        const BehaviourDef* b = s.behaviour(s.curtail_crying[i]);
        if (!b || b->kind != BehaviourKind::State)
            out.add("/procedure/curtailCrying/" + std::to_string(i),
                    "'" + s.curtail_crying[i] + "' is not a state behaviour (crying is timed)");
    }
}

// The episodes a scale is rated in toward `target`: they exist, the target is present in
// them (for episode scales), and "ALL" only for session scales. A scope the reader could not
// take is neither kind here, as it was when scopes were strings.
void check_applicability(SchemeProblems& out, const Scheme& s, const RatingScale& sc,
                         bool scope_read, const std::string& target,
                         const std::vector<std::string>& episodes, const std::string& p) {
    const bool session_scope = scope_read && sc.scope == ScaleScope::Session;
    const bool episode_scope = scope_read && sc.scope == ScaleScope::Episode;
    for (const auto& eid : episodes) {
        if (eid == "ALL") {
            if (!session_scope)
                out.add(p + "/episodes", "\"ALL\" is for session-scope scales; list the episodes");
            continue;
        }
        const EpisodeDef* e = s.episode(eid);
        if (!e) {
            out.add(p + "/episodes", "episode '" + eid + "' does not exist");
        } else if (episode_scope &&
                   std::find(e->present.begin(), e->present.end(), target) == e->present.end()) {
            out.add(p + "/episodes", "scale " + sc.id + " is rated toward '" + target + "' in " +
                                         eid + ", but '" + target + "' is not present in " + eid +
                                         "; remove " + eid + " or add '" + target +
                                         "' to its \"present\" list");
        }
    }
}

void check_scales(SchemeProblems& out, const Scheme& s, const Names& names) {
    for (size_t i = 0; i < s.scales.size(); ++i) {
        const RatingScale& sc = s.scales[i];
        const bool scope_read = !out.unread_kinds.count(item_path("ratingScales", i) + "/scope");
        size_t a = 0;
        for (const auto& [target, eps] : sc.applicability) {
            const std::string p =
                item_path("ratingScales", i) + "/applicability/" + std::to_string(a++);
            if (!names.roles.count(target))
                out.add(p + "/target",
                        "target '" + target + "' is not a role (" + names.role_list + ")");
            check_applicability(out, s, sc, scope_read, target, eps, p);
        }
        if (sc.cutoff && (*sc.cutoff < sc.min || *sc.cutoff > sc.max))
            out.add(item_path("ratingScales", i) + "/cutoff",
                    "the cutoff lies outside the scale's range");
    }
}

void check_codes(SchemeProblems& out, const Scheme& s, const Names& names) {
    check_unique(
        out, s.codes, "classification/codes", [](const ClassificationCode& x) { return x.code; },
        "classification code");
    for (const auto& c : s.codes) {
        for (const auto& sec : c.secondary_from)
            if (!names.codes.count(sec))
                out.add("/classification",
                        "code " + c.code + " takes secondary '" + sec + "', which is not a code");
        if (!c.linked_scale.empty() && !s.scale(c.linked_scale))
            out.add("/classification", "code " + c.code + " is linked to scale '" + c.linked_scale +
                                           "', which does not exist");
    }
}

void check_hint(SchemeProblems& out, const Scheme& s, const Names& names, const RuleHint& h,
                const std::string& p) {
    std::stringstream sug(h.suggests);
    for (std::string code; std::getline(sug, code, '|');)
        if (!code.empty() && !names.codes.count(code))
            out.add(p + "/suggests", "hint " + h.id + " suggests '" + code +
                                         "', which is not a classification code");
    if (h.suggests.empty() && h.strength != HintStrength::Flag)
        out.add(p, "hint " + h.id +
                       " suggests nothing; give \"suggests\" a code, or make it \"strength\": "
                       "\"flag\"");
    auto e = Expression::parse(h.expr);
    if (!e) {
        out.add(p + "/expr", "cannot read the expression: " + e.error().message);
        return;
    }
    for (const CellRef& c : e->cells()) {
        const RatingScale* sc = s.scale(c.scale);
        if (!sc)
            out.add(p + "/expr", "'" + c.text() + "': there is no scale " + c.scale);
        else if (!s.scale_applies(*sc, c.target, c.episode))
            out.add(p + "/expr", "'" + c.text() + "': scale " + c.scale + " is not rated toward " +
                                     c.target + " in " + c.episode);
    }
    for (const auto& n : e->names())
        if (!names.hints.count(n))
            out.add(p + "/expr",
                    "'" + n + "' is neither a hint id nor a cell (SCALE.target.EPISODE)");
}

void check_norms(SchemeProblems& out, const Scheme& s, const Names& names) {
    for (size_t i = 0; i < s.norms.size(); ++i) {
        double total = 0;
        for (const auto& [code, pct] : s.norms[i].percent) {
            total += pct;
            if (!names.codes.count(code))
                out.add(item_path("norms", i) + "/distribution/" + code,
                        "'" + code + "' is not a classification code");
        }
        if (!s.norms[i].percent.empty() && s.norms[i].percent.size() > 1 &&
            (total < 95 || total > 105))
            out.add(item_path("norms", i) + "/distribution",
                    "percentages add up to " + std::to_string(static_cast<int>(total)) +
                        ", not 100 (give published percentages; rounding within 95-105 is accepted "
                        "and normalised)");
    }
}

}  // namespace

// The fidelity section names point behaviours of the scheme, and a modifier both have.
void check_fidelity(SchemeProblems& out, const Scheme& s) {
    if (!s.fidelity) return;
    const FidelityDef& f = *s.fidelity;
    for (const auto& [field, id] :
         {std::pair{"onTarget", f.on_target}, {"offTarget", f.off_target}}) {
        const BehaviourDef* b = s.behaviour(id);
        if (id.empty()) continue;  // the reader said it is missing
        if (!b) {
            out.add(std::string("/fidelity/") + field, "no behaviour '" + id + "' in the scheme");
            continue;
        }
        if (b->kind != BehaviourKind::Point)
            out.add(std::string("/fidelity/") + field,
                    "'" + id + "' is a state; a comment is a point event");
        const bool has_kind =
            std::any_of(b->modifiers.begin(), b->modifiers.end(),
                        [&](const ModifierDef& m) { return m.id == f.kind_modifier; });
        if (!f.kind_modifier.empty() && !has_kind)
            out.add("/fidelity/kindModifier",
                    "'" + id + "' has no modifier '" + f.kind_modifier + "'");
    }
    if (!f.on_target.empty() && f.on_target == f.off_target)
        out.add("/fidelity/offTarget", "on target and off target must be two behaviours");
}

void check_scheme_meaning(const Scheme& s, SchemeProblems& out) {
    const Names names(s);
    check_ids_unique(out, s);
    check_behaviours(out, s, names);
    check_episodes(out, s, names);
    check_scales(out, s, names);
    check_codes(out, s, names);
    for (size_t i = 0; i < s.hints.size(); ++i)
        check_hint(out, s, names, s.hints[i], "/ruleHints/hints/" + std::to_string(i));
    check_hint_cycles(out, s);
    check_norms(out, s, names);
    check_fidelity(out, s);
}

}  // namespace attune::detail
