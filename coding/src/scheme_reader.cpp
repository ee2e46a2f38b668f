// The scheme reader: turns a scheme's JSON into a Scheme, field by field, noting every
// field that is missing or of the wrong type and every value it can judge on its own (a
// misspelt kind, a negative length, an anchor outside its scale) with its JSON path. It
// never stops at the first problem. Problems that need the whole scheme (a name that
// points at nothing) are the checks' (scheme_checks.cpp).
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "scheme_loading.hpp"

namespace attune::detail {
namespace {

using nlohmann::json;

// Reads fields of the expected type, noting a problem (and returning the fallback) for
// each one missing or of another type.
class Reader {
  public:
    explicit Reader(SchemeProblems& problems) : problems_(problems) {}

    void issue(const std::string& path, const std::string& message) {
        problems_.add(path, message);
    }
    // A kind the checks cannot rely on (see SchemeProblems::unread_kinds).
    void unread_kind(const std::string& path) { problems_.unread_kinds.insert(path); }

    const json* field(const json& obj, const std::string& path, const char* key, json::value_t type,
                      bool required) {
        const std::string where = path + "/" + key;
        if (!obj.is_object() || !obj.contains(key)) {
            if (required)
                issue(path.empty() ? "/" : path,
                      std::string("missing required field \"") + key + "\"");
            return nullptr;
        }
        const json& v = obj.at(key);
        if (type == json::value_t::number_integer && v.is_number()) {
            // 1e12 is a whole number, just not one a count or a rating can hold.
            const double d = v.get<double>();
            if (v.is_number_float() && d != std::floor(d)) {
                issue(where, std::string("\"") + key + "\" must be a whole number");
                return nullptr;
            }
            if (!fits_int(v)) {
                issue(where, std::string("\"") + key + "\" is " + v.dump() +
                                 ", out of range; use a whole number from " +
                                 std::to_string(std::numeric_limits<int>::min()) + " to " +
                                 std::to_string(std::numeric_limits<int>::max()));
                return nullptr;
            }
            return &v;
        }
        const bool ok = type == json::value_t::number_float ? v.is_number() : v.type() == type;
        if (!ok) {
            issue(where, std::string("\"") + key + "\" must be " + type_name(type));
            return nullptr;
        }
        return &v;
    }
    std::string str(const json& o, const std::string& p, const char* k, bool required = true) {
        const json* v = field(o, p, k, json::value_t::string, required);
        return v ? v->get<std::string>() : std::string();
    }
    int integer(const json& o, const std::string& p, const char* k, int fallback,
                bool required = false) {
        const json* v = field(o, p, k, json::value_t::number_integer, required);
        return v ? static_cast<int>(v->get<double>()) : fallback;
    }
    bool boolean(const json& o, const std::string& p, const char* k, bool fallback) {
        const json* v = field(o, p, k, json::value_t::boolean, false);
        return v ? v->get<bool>() : fallback;
    }
    const json& array(const json& o, const std::string& p, const char* k, bool required) {
        static const json empty = json::array();
        const json* v = field(o, p, k, json::value_t::array, required);
        return v ? *v : empty;
    }
    std::vector<std::string> strings(const json& o, const std::string& p, const char* k,
                                     bool required = false) {
        std::vector<std::string> out;
        const json& a = array(o, p, k, required);
        for (size_t i = 0; i < a.size(); ++i) {
            if (a[i].is_string())
                out.push_back(a[i].get<std::string>());
            else
                issue(p + "/" + k + "/" + std::to_string(i), "must be a string");
        }
        return out;
    }

  private:
    SchemeProblems& problems_;

    static bool fits_int(const json& v) {
        if (v.is_number_unsigned())
            return v.get<std::uint64_t>() <=
                   static_cast<std::uint64_t>(std::numeric_limits<int>::max());
        if (v.is_number_integer())
            return v.get<std::int64_t>() >= std::numeric_limits<int>::min() &&
                   v.get<std::int64_t>() <= std::numeric_limits<int>::max();
        const double d = v.get<double>();
        return d >= std::numeric_limits<int>::min() && d <= std::numeric_limits<int>::max();
    }
    static std::string type_name(json::value_t t) {
        switch (t) {
            case json::value_t::string:
                return "a string";
            case json::value_t::number_integer:
                return "a whole number";
            case json::value_t::number_float:
                return "a number";
            case json::value_t::boolean:
                return "true or false";
            case json::value_t::array:
                return "a list [...]";
            case json::value_t::object:
                return "an object {...}";
            default:
                return "of another type";
        }
    }
};

// The kind among `all` that the file spells `text` (as to_string does).
template <typename Kind, size_t N>
std::optional<Kind> kind_named(const std::string& text, const std::array<Kind, N>& all) {
    for (Kind k : all)
        if (text == to_string(k)) return k;
    return std::nullopt;
}

RoleKind role_kind(const std::string& text) {
    using K = RoleKind;
    constexpr std::array all{K::Focal,      K::AttachmentFigure, K::Confederate,
                             K::Procedural, K::Interventionist,  K::Other};
    return text.empty() ? K::Unspecified : kind_named(text, all).value_or(K::Other);
}

EpisodeKind episode_kind(const std::string& text) {
    using K = EpisodeKind;
    constexpr std::array all{K::Introduction, K::Preseparation, K::StrangerIntroduction,
                             K::Separation,   K::Reunion,       K::FreePlay,
                             K::Task,         K::Session,       K::Other};
    return text.empty() ? K::Unspecified : kind_named(text, all).value_or(K::Other);
}

HintStrength hint_strength(const std::string& text) {
    using K = HintStrength;
    constexpr std::array all{K::Heuristic, K::Rule, K::Flag};
    return kind_named(text, all).value_or(K::Unspecified);
}

constexpr const char* kFormatVersion = "attune-scheme/1";

bool blank(const std::string& text) {
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

// scheme.population.ageMonths: {min, max} in months, the ages the procedure is meant for.
void read_age_range(Reader& r, const json& head, Scheme& s) {
    const json* pop = r.field(head, "/scheme", "population", json::value_t::object, false);
    if (!pop) return;
    const json* age =
        r.field(*pop, "/scheme/population", "ageMonths", json::value_t::object, false);
    if (!age) return;
    const char* p = "/scheme/population/ageMonths";
    const json* low = r.field(*age, p, "min", json::value_t::number_float, true);
    const json* high = r.field(*age, p, "max", json::value_t::number_float, true);
    if (!low || !high) return;
    AgeRange range{low->get<double>(), high->get<double>(),
                   r.str(*pop, "/scheme/population", "note", false)};
    if (!(range.min >= 0 && range.min <= range.max))
        return r.issue(p, "the age range runs from its min to its max, 0 or more months");
    s.age_months = range;
}

void read_header(Reader& r, const json& root, Scheme& s) {
    // Without the format version a file of another format (or a later one) would be read as
    // if it were this one.
    const std::string format = r.str(root, "", "formatVersion");
    if (root.contains("formatVersion") && root.at("formatVersion").is_string() &&
        format != kFormatVersion)
        r.issue("/formatVersion", "formatVersion is \"" + format + "\"; this Attune reads \"" +
                                      kFormatVersion + "\"");
    const json* head = r.field(root, "", "scheme", json::value_t::object, true);
    if (head) {
        s.id = r.str(*head, "/scheme", "id");
        s.name = r.str(*head, "/scheme", "name");
        s.version = r.str(*head, "/scheme", "version");
        // Studies name the scheme snapshot a pass used by id and version.
        if (head->contains("id") && head->at("id").is_string() && blank(s.id))
            r.issue("/scheme/id", "the scheme id is empty; give it one such as \"ssp-infant\"");
        if (head->contains("version") && head->at("version").is_string() && blank(s.version))
            r.issue("/scheme/version",
                    "the scheme version is empty; give it one such as \"1\" and raise it "
                    "with every change");
        read_age_range(r, *head, s);
    }
}

void read_roles(Reader& r, const json& root, Scheme& s) {
    const json& roles = r.array(root, "", "roles", true);
    for (size_t i = 0; i < roles.size(); ++i)
        s.roles.push_back({r.str(roles[i], item_path("roles", i), "id"),
                           r.str(roles[i], item_path("roles", i), "label"),
                           role_kind(r.str(roles[i], item_path("roles", i), "kind", false))});
}

void read_episodes(Reader& r, const json& root, Scheme& s) {
    const json& eps = r.array(root, "", "episodes", false);
    for (size_t i = 0; i < eps.size(); ++i) {
        const std::string p = item_path("episodes", i);
        EpisodeDef e;
        e.id = r.str(eps[i], p, "id");
        e.label = r.str(eps[i], p, "label");
        e.kind = episode_kind(r.str(eps[i], p, "kind", false));
        e.index = r.integer(eps[i], p, "index", static_cast<int>(i) + 1);
        e.present = r.strings(eps[i], p, "present", true);
        e.scored = r.boolean(eps[i], p, "scored", true);
        if (const json* t = r.field(eps[i], p, "timing", json::value_t::object, false)) {
            e.nominal_sec = r.integer(*t, p + "/timing", "nominalSec", 0);
            if (e.nominal_sec < 0)
                r.issue(p + "/timing/nominalSec",
                        "nominalSec is " + std::to_string(e.nominal_sec) +
                            "; an episode's nominal length is 0 seconds or more");
            e.curtailable = r.boolean(*t, p + "/timing", "curtailable", false);
            e.extendable = r.boolean(*t, p + "/timing", "extendable", false);
        }
        if (const json* st = r.field(eps[i], p, "startsAt", json::value_t::object, true)) {
            e.starts_event = r.str(*st, p + "/startsAt", "event");
            e.starts_occurrence = r.integer(*st, p + "/startsAt", "occurrence", 1);
            if (e.starts_occurrence < 1)
                r.issue(p + "/startsAt/occurrence", "occurrence counts from 1");
        }
        if (const json* en = r.field(eps[i], p, "endsAt", json::value_t::object, false)) {
            e.ends_event = r.str(*en, p + "/endsAt", "event");
            s.end_event = e.ends_event;
        }
        s.episodes.push_back(std::move(e));
    }
}

ModifierDef read_modifier(Reader& r, const json& m, const std::string& mp) {
    ModifierDef d;
    d.id = r.str(m, mp, "id");
    const std::string kind = r.str(m, mp, "kind");
    constexpr std::array all{ModifierKind::Single, ModifierKind::Multiple, ModifierKind::Numeric,
                             ModifierKind::Text};
    const auto known = kind_named(kind, all);
    if (!kind.empty() && !known)
        r.issue(mp + "/kind", "kind is \"" + kind + "\"; use single, multiple, numeric or text");
    const bool choice = known == ModifierKind::Single || known == ModifierKind::Multiple;
    d.kind = known.value_or(ModifierKind::Text);  // the scheme is refused when unknown
    d.values = r.strings(m, mp, "values", choice);
    if (choice && d.values.empty())
        r.issue(mp + "/values", "a " + kind + "-choice modifier needs at least one value");
    d.required = r.boolean(m, mp, "required", false);
    return d;
}

void read_behaviours(Reader& r, const json& root, Scheme& s) {
    const json& bs = r.array(root, "", "behaviors", true);
    for (size_t i = 0; i < bs.size(); ++i) {
        const std::string p = item_path("behaviors", i);
        BehaviourDef b;
        b.id = r.str(bs[i], p, "id");
        b.label = r.str(bs[i], p, "label");
        const std::string type = r.str(bs[i], p, "type");
        if (!type.empty() && type != "point" && type != "state")
            r.issue(p + "/type", "type is \"" + type + "\"; use \"point\" or \"state\"");
        b.kind = type == "state" ? BehaviourKind::State : BehaviourKind::Point;
        b.subject = r.str(bs[i], p, "subject");
        b.key = r.str(bs[i], p, "key", false);
        b.category = r.str(bs[i], p, "category", false);
        b.definition = r.str(bs[i], p, "definition", false);
        b.exclusive_group = r.str(bs[i], p, "exclusiveGroup", false);
        const json& mods = r.array(bs[i], p, "modifiers", false);
        for (size_t m = 0; m < mods.size(); ++m)
            b.modifiers.push_back(read_modifier(r, mods[m], p + "/modifiers/" + std::to_string(m)));
        s.behaviours.push_back(std::move(b));
    }
    const json& gs = r.array(root, "", "exclusiveGroups", false);
    for (size_t i = 0; i < gs.size(); ++i)
        s.exclusive_groups.push_back(
            {r.str(gs[i], item_path("exclusiveGroups", i), "id"),
             r.strings(gs[i], item_path("exclusiveGroups", i), "members", true)});
}

void read_scales(Reader& r, const json& root, Scheme& s) {
    const json& ss = r.array(root, "", "ratingScales", false);
    for (size_t i = 0; i < ss.size(); ++i) {
        const std::string p = item_path("ratingScales", i);
        RatingScale sc;
        sc.id = r.str(ss[i], p, "id");
        sc.label = r.str(ss[i], p, "label");
        sc.construct = r.str(ss[i], p, "construct", false);
        const std::string scope = r.str(ss[i], p, "scope");
        constexpr std::array all{ScaleScope::Episode, ScaleScope::Session};
        if (auto known = kind_named(scope, all)) {
            sc.scope = *known;
        } else {
            r.unread_kind(p + "/scope");
            if (!scope.empty())
                r.issue(p + "/scope", "scope is \"" + scope + "\"; use \"episode\" or \"session\"");
        }
        if (const json* range = r.field(ss[i], p, "range", json::value_t::object, true)) {
            sc.min = r.integer(*range, p + "/range", "min", 1, true);
            sc.max = r.integer(*range, p + "/range", "max", 7, true);
            if (sc.min >= sc.max) r.issue(p + "/range", "min must be below max");
            // Ratings are the whole numbers from min to max; a step of 0 would never reach max.
            if (range->contains("step")) {
                const int step = r.integer(*range, p + "/range", "step", 1);
                if (step != 1)
                    r.issue(p + "/range/step",
                            "step is " + std::to_string(step) +
                                "; ratings are the whole numbers from min to max, so step is 1 "
                                "(or leave it out)");
            }
        }
        if (ss[i].contains("cutoff")) sc.cutoff = r.integer(ss[i], p, "cutoff", 0);
        const json& anchors = r.array(ss[i], p, "anchors", false);
        std::set<int> seen;
        for (size_t a = 0; a < anchors.size(); ++a) {
            const std::string ap = p + "/anchors/" + std::to_string(a);
            Anchor an{r.integer(anchors[a], ap, "value", 0, true), r.str(anchors[a], ap, "label"),
                      r.str(anchors[a], ap, "text", false),
                      r.str(anchors[a], ap, "evidence", false)};
            if (an.value < sc.min || an.value > sc.max)
                r.issue(ap + "/value", "anchor " + std::to_string(an.value) +
                                           " lies outside the range " + std::to_string(sc.min) +
                                           "-" + std::to_string(sc.max));
            if (!seen.insert(an.value).second)
                r.issue(ap + "/value", "anchor " + std::to_string(an.value) + " is given twice");
            sc.anchors.push_back(std::move(an));
        }
        const json& app = r.array(ss[i], p, "applicability", true);
        for (size_t a = 0; a < app.size(); ++a) {
            const std::string ap = p + "/applicability/" + std::to_string(a);
            auto& eps = sc.applicability[r.str(app[a], ap, "target")];
            for (auto& e : r.strings(app[a], ap, "episodes", true)) eps.push_back(e);
        }
        s.scales.push_back(std::move(sc));
    }
}

void read_classification(Reader& r, const json& root, Scheme& s) {
    const json* cls = r.field(root, "", "classification", json::value_t::object, false);
    if (!cls) return;
    const json& codes = r.array(*cls, "/classification", "codes", true);
    for (size_t i = 0; i < codes.size(); ++i) {
        const std::string p = "/classification/codes/" + std::to_string(i);
        ClassificationCode c;
        c.code = r.str(codes[i], p, "code");
        c.label = r.str(codes[i], p, "label");
        c.is_group = true;
        c.group = c.code;
        c.optional = r.boolean(codes[i], p, "optional", false);
        if (const json* as = r.field(codes[i], p, "assignment", json::value_t::object, false)) {
            c.linked_scale = r.str(*as, p + "/assignment", "linkedScale", false);
            if (const json* th =
                    r.field(*as, p + "/assignment", "threshold", json::value_t::object, false))
                c.threshold = r.integer(*th, p + "/assignment/threshold", "value", 0, true);
            c.secondary_required = r.boolean(*as, p + "/assignment", "secondaryRequired", false);
            c.secondary_from = r.strings(*as, p + "/assignment", "secondaryFrom");
        }
        const json& subs = r.array(codes[i], p, "subgroups", false);
        s.codes.push_back(c);
        for (size_t k = 0; k < subs.size(); ++k) {
            const std::string sp = p + "/subgroups/" + std::to_string(k);
            ClassificationCode sub;
            sub.code = r.str(subs[k], sp, "code");
            sub.label = r.str(subs[k], sp, "label");
            sub.group = c.code;
            s.codes.push_back(std::move(sub));
        }
    }
}

void read_hints_and_norms(Reader& r, const json& root, Scheme& s) {
    if (const json* rh = r.field(root, "", "ruleHints", json::value_t::object, false)) {
        if (!r.boolean(*rh, "/ruleHints", "nonBinding", false))
            r.issue("/ruleHints/nonBinding", "rule hints are advisory: set \"nonBinding\": true");
        const json& hs = r.array(*rh, "/ruleHints", "hints", false);
        for (size_t i = 0; i < hs.size(); ++i) {
            const std::string p = "/ruleHints/hints/" + std::to_string(i);
            RuleHint h;  // fields in the file's order, so problems are listed in that order
            h.id = r.str(hs[i], p, "id");
            h.suggests = r.str(hs[i], p, "suggests", false);
            h.expr = r.str(hs[i], p, "expr");
            h.strength = hint_strength(r.str(hs[i], p, "strength", false));
            h.evidence = r.str(hs[i], p, "evidence", false);
            h.message = r.str(hs[i], p, "message", false);
            s.hints.push_back(std::move(h));
        }
    }
    const json& ns = r.array(root, "", "norms", false);
    for (size_t i = 0; i < ns.size(); ++i) {
        const std::string p = item_path("norms", i);
        Norm n;
        n.id = r.str(ns[i], p, "id");
        n.population = r.str(ns[i], p, "population");
        n.source = r.str(ns[i], p, "source", false);
        n.evidence = r.str(ns[i], p, "evidence", false);
        n.note = r.str(ns[i], p, "note", false);
        if (ns[i].is_object() && ns[i].contains("n")) {
            const int size = r.integer(ns[i], p, "n", 0);
            if (size < 1 && ns[i].at("n").is_number())
                r.issue(p + "/n", "n is " + std::to_string(size) +
                                      "; a norm's sample size is 1 or more (leave it out and say "
                                      "why in 'note' when the source gives none)");
            else if (size >= 1)
                n.n = size;
        } else if (n.note.empty())
            r.issue(p + "/n",
                    "a norm needs its sample size 'n' (a comparison weighs the norm by "
                    "it); when the source gives none, say so in 'note'");
        if (const json* d = r.field(ns[i], p, "distribution", json::value_t::object, true)) {
            for (auto it = d->begin(); it != d->end(); ++it) {
                if (it.value().is_number()) {
                    const double pct = it.value().get<double>();
                    if (!(pct >= 0 && pct <= 100))
                        r.issue(p + "/distribution/" + it.key(),
                                "'" + it.key() + "' is " + it.value().dump() +
                                    " percent; a percentage lies between 0 and 100");
                    n.percent[it.key()] = pct;
                } else
                    r.issue(p + "/distribution/" + it.key(), "a norm percentage must be a number");
            }
        }
        s.norms.push_back(std::move(n));
    }
    if (const json* pr = r.field(root, "", "procedure", json::value_t::object, false)) {
        s.curtail_threshold_sec = r.integer(*pr, "/procedure", "curtailThresholdSec", 60);
        s.nominal_tolerance_sec = r.integer(*pr, "/procedure", "nominalToleranceSec", 30);
        const json& crying = r.array(*pr, "/procedure", "curtailCrying", false);
        for (size_t i = 0; i < crying.size(); ++i)
            if (crying[i].is_string())
                s.curtail_crying.push_back(crying[i].get<std::string>());
            else
                r.issue("/procedure/curtailCrying/" + std::to_string(i), "name a behaviour id");
    }
    if (const json* rel = r.field(root, "", "reliability", json::value_t::object, false))
        if (const json* ev = r.field(*rel, "/reliability", "events", json::value_t::object, false))
            if (const json* t = r.field(*ev, "/reliability/events", "onsetToleranceMs",
                                        json::value_t::number_integer, false)) {
                const int ms = static_cast<int>(t->get<double>());
                if (ms < 0)
                    r.issue("/reliability/events/onsetToleranceMs",
                            "the onset tolerance is " + std::to_string(ms) +
                                " ms; use 0 or more milliseconds");
                else
                    s.onset_tolerance_ms = ms;
            }
}

}  // namespace

std::string item_path(const std::string& section, size_t i) {
    return "/" + section + "/" + std::to_string(i);
}

void read_fidelity(Reader& r, const json& root, Scheme& s) {
    const json* f = r.field(root, "", "fidelity", json::value_t::object, false);
    if (!f) return;
    FidelityDef d;
    d.on_target = r.str(*f, "/fidelity", "onTarget");
    d.off_target = r.str(*f, "/fidelity", "offTarget");
    d.kind_modifier = r.str(*f, "/fidelity", "kindModifier", false);
    if (const json* share =
            r.field(*f, "/fidelity", "standardShareOnTarget", json::value_t::number_float, false)) {
        d.standard_share = share->get<double>();
        if (!(d.standard_share > 0 && d.standard_share <= 1))
            r.issue("/fidelity/standardShareOnTarget",
                    "the standard is a share of comments, more than 0 and at most 1 (0.8 for 80%)");
    }
    d.standard_note = r.str(*f, "/fidelity", "standardNote", false);
    s.fidelity = std::move(d);
}

// One "duration" warning: the episodes it names get its window.
void read_duration_window(Reader& r, const json& w, const std::string& p, Scheme& s) {
    std::optional<int> low, high;
    auto seconds = [](const json& x) {  // a whole number of seconds, at most a day
        return x.is_number_unsigned() && x.get<std::uint64_t>() <= 86400;
    };
    auto bound = [&](const char* key, std::optional<int>& into) {
        if (!w.is_object() || !w.contains(key)) return;
        if (seconds(w.at(key)))
            into = w.at(key).get<int>();
        else
            r.issue(p + "/" + key, "give a whole number of seconds from 0 to 86400");
    };
    if (const json* both = r.field(w, p, "warnIfOutsideSec", json::value_t::array, false)) {
        if (both->size() == 2 && seconds((*both)[0]) && seconds((*both)[1]))
            low = (*both)[0].get<int>(), high = (*both)[1].get<int>();
        else
            r.issue(p + "/warnIfOutsideSec",
                    "give the window as [shortest, longest], whole seconds from 0 to 86400");
    }
    bound("warnIfShorterThanSec", low);
    bound("warnIfLongerThanSec", high);
    if (!low && !high)
        return r.issue(p,
                       "a duration warning gives warnIfOutsideSec, warnIfShorterThanSec or "
                       "warnIfLongerThanSec");
    if (low && high && *low > *high) return r.issue(p, "the shortest length is above the longest");
    const std::string note = r.str(w, p, "note", false);
    const json& eps = r.array(w, p, "episodes", true);
    for (size_t i = 0; i < eps.size(); ++i) {
        const std::string id = eps[i].is_string() ? eps[i].get<std::string>() : "";
        auto e = std::find_if(s.episodes.begin(), s.episodes.end(),
                              [&](const EpisodeDef& d) { return d.id == id; });
        if (e == s.episodes.end()) {
            r.issue(p + "/episodes/" + std::to_string(i), "'" + id + "' is not an episode");
            continue;
        }
        if (low) e->min_sec = low;
        if (high) e->max_sec = high;
        if (!note.empty()) e->duration_note = note;
    }
}

// procedureRules.validationWarnings: the episodes' duration windows. "eventsAfterEnd" is the
// after_end validity check, always on; any other check is not one Attune has.
void read_validation_warnings(Reader& r, const json& root, Scheme& s) {
    const json* rules = r.field(root, "", "procedureRules", json::value_t::object, false);
    if (!rules) return;
    const json& ws = r.array(*rules, "/procedureRules", "validationWarnings", false);
    for (size_t i = 0; i < ws.size(); ++i) {
        const std::string p = "/procedureRules/validationWarnings/" + std::to_string(i);
        const std::string check = r.str(ws[i], p, "check");
        if (check == "duration")
            read_duration_window(r, ws[i], p, s);
        else if (check != "eventsAfterEnd" && !check.empty())
            r.issue(p + "/check",
                    "'" + check + "' is not a check Attune makes (duration, eventsAfterEnd)");
    }
}

Scheme read_scheme(const json& root, SchemeProblems& problems) {
    Reader r(problems);
    Scheme s;
    read_header(r, root, s);
    read_roles(r, root, s);
    read_episodes(r, root, s);
    read_behaviours(r, root, s);
    read_scales(r, root, s);
    read_classification(r, root, s);
    read_hints_and_norms(r, root, s);
    read_validation_warnings(r, root, s);
    read_fidelity(r, root, s);
    return s;
}

}  // namespace attune::detail
