// Loads a coding scheme and checks it for shape and meaning, collecting every
// problem (with its JSON path and line) before reporting, so a lab editing its
// own scheme fixes everything in one round.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "attune/coding/expression.hpp"
#include "attune/coding/key_chord.hpp"
#include "attune/coding/scheme.hpp"
#include "attune/coding/sha256.hpp"
#include "attune/coding/workstation_keys.hpp"
#include "json_lines.hpp"

namespace attune {
namespace {

using nlohmann::json;

class Reader {
  public:
    std::vector<SchemeIssue> issues;

    void issue(const std::string& path, const std::string& message) {
        issues.push_back({path, 0, message});
    }

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

std::string at(const std::string& section, size_t i) {
    return "/" + section + "/" + std::to_string(i);
}

constexpr const char* kFormatVersion = "attune-scheme/1";

bool blank(const std::string& text) {
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
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
    }
}

void read_roles(Reader& r, const json& root, Scheme& s) {
    const json& roles = r.array(root, "", "roles", true);
    for (size_t i = 0; i < roles.size(); ++i)
        s.roles.push_back({r.str(roles[i], at("roles", i), "id"),
                           r.str(roles[i], at("roles", i), "label"),
                           r.str(roles[i], at("roles", i), "kind", false)});
}

void read_episodes(Reader& r, const json& root, Scheme& s) {
    const json& eps = r.array(root, "", "episodes", false);
    for (size_t i = 0; i < eps.size(); ++i) {
        const std::string p = at("episodes", i);
        EpisodeDef e;
        e.id = r.str(eps[i], p, "id");
        e.label = r.str(eps[i], p, "label");
        e.kind = r.str(eps[i], p, "kind", false);
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

void read_behaviours(Reader& r, const json& root, Scheme& s) {
    const json& bs = r.array(root, "", "behaviors", true);
    for (size_t i = 0; i < bs.size(); ++i) {
        const std::string p = at("behaviors", i);
        BehaviourDef b;
        b.id = r.str(bs[i], p, "id");
        b.label = r.str(bs[i], p, "label");
        const std::string type = r.str(bs[i], p, "type");
        if (!type.empty() && type != "point" && type != "state")
            r.issue(p + "/type", "type is \"" + type + "\"; use \"point\" or \"state\"");
        b.state = type == "state";
        b.subject = r.str(bs[i], p, "subject");
        b.key = r.str(bs[i], p, "key", false);
        b.category = r.str(bs[i], p, "category", false);
        b.definition = r.str(bs[i], p, "definition", false);
        b.exclusive_group = r.str(bs[i], p, "exclusiveGroup", false);
        const json& mods = r.array(bs[i], p, "modifiers", false);
        for (size_t m = 0; m < mods.size(); ++m) {
            const std::string mp = p + "/modifiers/" + std::to_string(m);
            ModifierDef d;
            d.id = r.str(mods[m], mp, "id");
            d.kind = r.str(mods[m], mp, "kind");
            if (!d.kind.empty() && d.kind != "single" && d.kind != "multiple" &&
                d.kind != "numeric" && d.kind != "text")
                r.issue(mp + "/kind",
                        "kind is \"" + d.kind + "\"; use single, multiple, numeric or text");
            d.values = r.strings(mods[m], mp, "values", d.kind == "single" || d.kind == "multiple");
            if ((d.kind == "single" || d.kind == "multiple") && d.values.empty())
                r.issue(mp + "/values",
                        "a " + d.kind + "-choice modifier needs at least one value");
            d.required = r.boolean(mods[m], mp, "required", false);
            b.modifiers.push_back(std::move(d));
        }
        s.behaviours.push_back(std::move(b));
    }
    const json& gs = r.array(root, "", "exclusiveGroups", false);
    for (size_t i = 0; i < gs.size(); ++i)
        s.exclusive_groups.push_back({r.str(gs[i], at("exclusiveGroups", i), "id"),
                                      r.strings(gs[i], at("exclusiveGroups", i), "members", true)});
}

void read_scales(Reader& r, const json& root, Scheme& s) {
    const json& ss = r.array(root, "", "ratingScales", false);
    for (size_t i = 0; i < ss.size(); ++i) {
        const std::string p = at("ratingScales", i);
        RatingScale sc;
        sc.id = r.str(ss[i], p, "id");
        sc.label = r.str(ss[i], p, "label");
        sc.construct = r.str(ss[i], p, "construct", false);
        sc.scope = r.str(ss[i], p, "scope");
        if (!sc.scope.empty() && sc.scope != "episode" && sc.scope != "session")
            r.issue(p + "/scope", "scope is \"" + sc.scope + "\"; use \"episode\" or \"session\"");
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
            s.hints.push_back({r.str(hs[i], p, "id"), r.str(hs[i], p, "suggests", false),
                               r.str(hs[i], p, "expr"), r.str(hs[i], p, "strength", false),
                               r.str(hs[i], p, "evidence", false),
                               r.str(hs[i], p, "message", false)});
        }
    }
    const json& ns = r.array(root, "", "norms", false);
    for (size_t i = 0; i < ns.size(); ++i) {
        const std::string p = at("norms", i);
        Norm n;
        n.id = r.str(ns[i], p, "id");
        n.population = r.str(ns[i], p, "population");
        n.source = r.str(ns[i], p, "source", false);
        n.evidence = r.str(ns[i], p, "evidence", false);
        n.n = r.integer(ns[i], p, "n", 0);
        if (ns[i].is_object() && ns[i].contains("n") && ns[i].at("n").is_number() && n.n < 1)
            r.issue(p + "/n", "n is " + std::to_string(n.n) +
                                  "; a norm's sample size is 1 or more (leave it out when "
                                  "unknown)");
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
    }
}

template <typename T, typename Id>
void check_unique(Reader& r, const std::vector<T>& items, const std::string& section, Id id,
                  const char* what) {
    std::map<std::string, size_t> first;
    for (size_t i = 0; i < items.size(); ++i) {
        const std::string v = id(items[i]);
        if (v.empty()) continue;
        if (auto [it, fresh] = first.emplace(v, i); !fresh)
            r.issue(at(section, i), std::string(what) + " \"" + v + "\" is used twice (first at " +
                                        at(section, it->second) + "); give each a unique " + what);
    }
}

// Hints evaluate the hints they name recursively (rule_hints.cpp), so a chain of thousands
// would exhaust the stack; real schemes build on one or two.
constexpr size_t kMaxHintChain = 32;

// A hint that refers to itself, directly or through others, can never be decided, and one at
// the top of a chain longer than kMaxHintChain cannot be evaluated safely. Walks the
// references without recursion, so a long chain of hints cannot exhaust the stack here.
void check_hint_cycles(Reader& r, const Scheme& s) {
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
                    r.issue("/ruleHints/hints/" + std::to_string(h) + "/expr",
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
                r.issue("/ruleHints/hints/" + std::to_string(to) + "/expr",
                        "hint " + s.hints[to].id + " refers to itself (" + path +
                            "), so it can never be decided; remove the reference");
            }
        }
    }
}

void check_meaning(Reader& r, Scheme& s) {
    check_unique(
        r, s.roles, "roles", [](const Role& x) { return x.id; }, "role id");
    check_unique(
        r, s.episodes, "episodes", [](const EpisodeDef& x) { return x.id; }, "episode id");
    check_unique(
        r, s.behaviours, "behaviors", [](const BehaviourDef& x) { return x.id; }, "behaviour id");
    check_unique(
        r, s.exclusive_groups, "exclusiveGroups", [](const ExclusiveGroup& x) { return x.id; },
        "group id");
    check_unique(
        r, s.scales, "ratingScales", [](const RatingScale& x) { return x.id; }, "scale id");
    check_unique(
        r, s.norms, "norms", [](const Norm& x) { return x.id; }, "norm id");

    std::set<std::string> roles, codes, hint_ids;
    for (const auto& x : s.roles) roles.insert(x.id);
    for (const auto& x : s.codes) codes.insert(x.code);
    for (const auto& h : s.hints) hint_ids.insert(h.id);
    auto role_list = [&] {
        std::string out;
        for (const auto& x : s.roles) out += (out.empty() ? "" : ", ") + x.id;
        return out;
    };

    // canonical chord -> the behaviour using it and how it wrote it ("S" is "Shift+s")
    std::map<std::string, std::pair<std::string, std::string>> keys;
    for (size_t i = 0; i < s.behaviours.size(); ++i) {
        const BehaviourDef& b = s.behaviours[i];
        const std::string p = at("behaviors", i);
        if (!b.subject.empty() && !roles.count(b.subject))
            r.issue(p + "/subject", "behaviour '" + b.id + "' has subject '" + b.subject +
                                        "', which is not a role (" + role_list() + ")");
        if (!b.key.empty()) {
            if (auto chord = parse_key_chord(b.key); !chord) {
                r.issue(p + "/key", "behaviour '" + b.id + "' has key '" + b.key +
                                        "': " + chord.error().message);
            } else if (auto why = untypeable_key_reason(*chord)) {
                r.issue(p + "/key", "behaviour '" + b.id + "' has key '" + b.key + "': " + *why);
            } else if (is_workstation_chord(*chord)) {
                r.issue(p + "/key", "behaviour '" + b.id + "' has key '" + b.key +
                                        "', which the workstation uses itself (" + chord->text() +
                                        "; F1 in the workstation lists its keys); choose another "
                                        "key");
            } else if (auto [it, fresh] = keys.try_emplace(chord->text(), b.id, b.key); !fresh) {
                const auto& [other, written] = it->second;
                r.issue(p + "/key", "behaviour '" + b.id + "' uses key '" + b.key +
                                        "' already used by '" + other + "'" +
                                        (written != b.key ? " (as '" + written + "')" : "") +
                                        "; choose another key");
            }
        }
        if (!b.exclusive_group.empty()) {
            auto g =
                std::find_if(s.exclusive_groups.begin(), s.exclusive_groups.end(),
                             [&](const ExclusiveGroup& x) { return x.id == b.exclusive_group; });
            if (g == s.exclusive_groups.end())
                r.issue(p + "/exclusiveGroup", "exclusive group '" + b.exclusive_group +
                                                   "' is not defined in /exclusiveGroups");
            else if (std::find(g->members.begin(), g->members.end(), b.id) == g->members.end())
                r.issue(p + "/exclusiveGroup", "behaviour '" + b.id + "' names group '" +
                                                   b.exclusive_group +
                                                   "' but is not one of its members");
        }
    }
    for (size_t i = 0; i < s.exclusive_groups.size(); ++i)
        for (size_t m = 0; m < s.exclusive_groups[i].members.size(); ++m) {
            const std::string& id = s.exclusive_groups[i].members[m];
            const std::string p = at("exclusiveGroups", i) + "/members/" + std::to_string(m);
            const BehaviourDef* b = s.behaviour(id);
            if (!b)
                r.issue(p, "member '" + id + "' is not a behaviour");
            else if (!b->state)
                r.issue(p, "member '" + id +
                               "' is a point event; exclusive groups hold only state behaviours");
        }

    for (size_t i = 0; i < s.episodes.size(); ++i) {
        const EpisodeDef& e = s.episodes[i];
        const std::string p = at("episodes", i);
        if (e.index != static_cast<int>(i) + 1)
            r.issue(p + "/index",
                    "episodes must be listed in order with index 1, 2, 3...; this one is " +
                        std::to_string(e.index));
        for (size_t k = 0; k < e.present.size(); ++k)
            if (!roles.count(e.present[k]))
                r.issue(p + "/present/" + std::to_string(k),
                        "'" + e.present[k] + "' is not a role (" + role_list() + ")");
        if (!e.starts_event.empty() && !s.behaviour(e.starts_event))
            r.issue(p + "/startsAt/event", "episode '" + e.id + "' starts at '" + e.starts_event +
                                               "', which is not a behaviour");
        if (!e.ends_event.empty() && !s.behaviour(e.ends_event))
            r.issue(p + "/endsAt/event", "episode '" + e.id + "' ends at '" + e.ends_event +
                                             "', which is not a behaviour");
    }

    for (size_t i = 0; i < s.scales.size(); ++i) {
        const RatingScale& sc = s.scales[i];
        size_t a = 0;
        for (const auto& [target, eps] : sc.applicability) {
            const std::string p = at("ratingScales", i) + "/applicability/" + std::to_string(a++);
            if (!roles.count(target))
                r.issue(p + "/target",
                        "target '" + target + "' is not a role (" + role_list() + ")");
            for (const auto& eid : eps) {
                if (eid == "ALL") {
                    if (sc.scope != "session")
                        r.issue(p + "/episodes",
                                "\"ALL\" is for session-scope scales; list the episodes");
                    continue;
                }
                const EpisodeDef* e = s.episode(eid);
                if (!e) {
                    r.issue(p + "/episodes", "episode '" + eid + "' does not exist");
                } else if (sc.scope == "episode" && std::find(e->present.begin(), e->present.end(),
                                                              target) == e->present.end()) {
                    r.issue(p + "/episodes",
                            "scale " + sc.id + " is rated toward '" + target + "' in " + eid +
                                ", but '" + target + "' is not present in " + eid + "; remove " +
                                eid + " or add '" + target + "' to its \"present\" list");
                }
            }
        }
        if (sc.cutoff && (*sc.cutoff < sc.min || *sc.cutoff > sc.max))
            r.issue(at("ratingScales", i) + "/cutoff", "the cutoff lies outside the scale's range");
    }

    check_unique(
        r, s.codes, "classification/codes", [](const ClassificationCode& x) { return x.code; },
        "classification code");
    for (const auto& c : s.codes) {
        for (const auto& sec : c.secondary_from)
            if (!codes.count(sec))
                r.issue("/classification",
                        "code " + c.code + " takes secondary '" + sec + "', which is not a code");
        if (!c.linked_scale.empty() && !s.scale(c.linked_scale))
            r.issue("/classification", "code " + c.code + " is linked to scale '" + c.linked_scale +
                                           "', which does not exist");
    }

    for (size_t i = 0; i < s.hints.size(); ++i) {
        const RuleHint& h = s.hints[i];
        const std::string p = "/ruleHints/hints/" + std::to_string(i);
        std::stringstream sug(h.suggests);
        for (std::string code; std::getline(sug, code, '|');)
            if (!code.empty() && !codes.count(code))
                r.issue(p + "/suggests", "hint " + h.id + " suggests '" + code +
                                             "', which is not a classification code");
        if (h.suggests.empty() && h.strength != "flag")
            r.issue(p, "hint " + h.id +
                           " suggests nothing; give \"suggests\" a code, or make it \"strength\": "
                           "\"flag\"");
        auto e = Expression::parse(h.expr);
        if (!e) {
            r.issue(p + "/expr", "cannot read the expression: " + e.error().message);
            continue;
        }
        for (const CellRef& c : e->cells()) {
            const RatingScale* sc = s.scale(c.scale);
            if (!sc)
                r.issue(p + "/expr", "'" + c.text() + "': there is no scale " + c.scale);
            else if (!s.scale_applies(*sc, c.target, c.episode))
                r.issue(p + "/expr", "'" + c.text() + "': scale " + c.scale +
                                         " is not rated toward " + c.target + " in " + c.episode);
        }
        for (const auto& n : e->names())
            if (!hint_ids.count(n))
                r.issue(p + "/expr",
                        "'" + n + "' is neither a hint id nor a cell (SCALE.target.EPISODE)");
    }

    check_hint_cycles(r, s);

    for (size_t i = 0; i < s.norms.size(); ++i) {
        double total = 0;
        for (const auto& [code, pct] : s.norms[i].percent) {
            total += pct;
            if (!codes.count(code))
                r.issue(at("norms", i) + "/distribution/" + code,
                        "'" + code + "' is not a classification code");
        }
        if (!s.norms[i].percent.empty() && s.norms[i].percent.size() > 1 &&
            (total < 95 || total > 105))
            r.issue(at("norms", i) + "/distribution",
                    "percentages add up to " + std::to_string(static_cast<int>(total)) +
                        ", not 100 (give published percentages; rounding within 95-105 is accepted "
                        "and normalised)");
    }
}

}  // namespace

namespace {
template <typename T>
const T* find_by(const std::vector<T>& items, std::string T::*key, const std::string& value) {
    for (const T& x : items)
        if (x.*key == value) return &x;
    return nullptr;
}
}  // namespace

const BehaviourDef* Scheme::behaviour(const std::string& id) const {
    if (!behaviour_index.empty()) {
        auto it = behaviour_index.find(id);
        return it == behaviour_index.end() ? nullptr : &behaviours[it->second];
    }
    return find_by(behaviours, &BehaviourDef::id, id);  // while loading, before the index exists
}
const EpisodeDef* Scheme::episode(const std::string& id) const {
    return find_by(episodes, &EpisodeDef::id, id);
}
const RatingScale* Scheme::scale(const std::string& id) const {
    return find_by(scales, &RatingScale::id, id);
}
const ClassificationCode* Scheme::code(const std::string& c) const {
    return find_by(codes, &ClassificationCode::code, c);
}
const Norm* Scheme::norm(const std::string& id) const {
    return find_by(norms, &Norm::id, id);
}
const ClassificationCode* Scheme::linked_code() const {
    for (const auto& x : codes)
        if (!x.linked_scale.empty()) return &x;
    return nullptr;
}
bool Scheme::scale_applies(const RatingScale& s, const std::string& target,
                           const std::string& episode) const {
    auto it = s.applicability.find(target);
    if (it == s.applicability.end()) return false;
    return std::find(it->second.begin(), it->second.end(), episode) != it->second.end();
}

std::vector<SchemeIssue> check_scheme_text(const std::string& text, Scheme* out) {
    json root;
    try {
        root = json::parse(text);
    } catch (const json::parse_error& e) {
        int line = 1;
        for (size_t i = 0; i < std::min(e.byte, text.size()); ++i) line += text[i] == '\n';
        std::string what = e.what();
        if (auto pos = what.find("syntax error"); pos != std::string::npos) what = what.substr(pos);
        return {{"/", line, "not valid JSON: " + what}};
    } catch (const json::exception& e) {
        // A number too large for a double (1e400) is out_of_range, not a parse_error.
        std::string what = e.what();
        if (auto pos = what.find("] "); pos != std::string::npos) what = what.substr(pos + 2);
        return {{"/", 0, "not valid JSON: " + what}};
    }
    Reader r;
    Scheme s;
    if (!root.is_object()) return {{"/", 1, "a scheme is a JSON object {...}"}};
    read_header(r, root, s);
    read_roles(r, root, s);
    read_episodes(r, root, s);
    read_behaviours(r, root, s);
    read_scales(r, root, s);
    read_classification(r, root, s);
    read_hints_and_norms(r, root, s);
    check_meaning(r, s);

    const auto lines = detail::json_value_lines(text);
    for (auto& i : r.issues) {
        // The nearest enclosing path that has a line.
        for (std::string p = i.path; !p.empty(); p = p.substr(0, p.rfind('/'))) {
            if (auto it = lines.find(p.empty() ? "/" : p); it != lines.end()) {
                i.line = it->second;
                break;
            }
            if (p == "/") break;
        }
    }
    if (r.issues.empty() && out) {
        for (size_t i = 0; i < s.behaviours.size(); ++i)
            s.behaviour_index.emplace(s.behaviours[i].id, i);
        s.json = root.dump();
        s.hash = sha256_hex(s.json);
        *out = std::move(s);
    }
    return r.issues;
}

Result<Scheme> load_scheme_text(const std::string& text, const std::string& origin) {
    Scheme s;
    auto issues = check_scheme_text(text, &s);
    if (issues.empty()) return s;
    std::string message = origin + ": " + std::to_string(issues.size()) + " problem" +
                          (issues.size() == 1 ? "" : "s") + ":";
    for (const auto& i : issues)
        message += "\n" + origin + ":" + std::to_string(i.line) + ": " + i.path + ": " + i.message;
    return Error{message};
}

Result<Scheme> load_scheme_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{"cannot read scheme " + path + ": check the path"};
    std::stringstream ss;
    ss << in.rdbuf();
    return load_scheme_text(ss.str(), path);
}

}  // namespace attune
