// Reading and writing ELAN .eaf documents (see the header).
#include "attune/coding/interop/elan.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <unordered_map>

#include <pugixml.hpp>

#include "foreign_text.hpp"

namespace attune::interop {

namespace {

namespace fs = std::filesystem;

struct Interval {
    int64_t start_ms = 0, stop_ms = 0;
};

struct Annotation {
    std::string id, tier, value;
    size_t slot1 = 0, slot2 = 0;  // alignable: indexes into Document::slots
    Interval at;                  // once placed (an aligned one from its slots)
    bool placed = false;
    std::string parent, previous;  // reference
    size_t order = 0;              // position in the document
};

struct TierInfo {
    std::string id, type;
};

// The whole document's parts, keyed for lookup.
struct Document {
    // The time slots by position, and each TIME_SLOT_ID's position: annotations name their
    // slots once, then everything works on positions (a million-annotation document has two
    // million slots, and looking each up by name again and again was most of the reading).
    std::vector<std::optional<int64_t>> slots;
    std::vector<std::string> slot_ids;
    // ELAN names its slots ts1, ts2, ... in order: such a document finds a slot by its
    // number; any other through this map of every id (a repeated id: its last slot).
    bool numbered = true;
    std::unordered_map<std::string, size_t> slot_index;

    std::optional<size_t> slot(const char* id) const {
        if (!numbered) {
            const auto it = slot_index.find(id);
            return it == slot_index.end() ? std::nullopt : std::optional(it->second);
        }
        if (id[0] != 't' || id[1] != 's' || id[2] < '1' || id[2] > '9') return std::nullopt;
        char* end = nullptr;
        const unsigned long long n = std::strtoull(id + 2, &end, 10);
        if (*end != '\0' || n == 0 || n > slots.size()) return std::nullopt;
        return static_cast<size_t>(n - 1);
    }
    std::map<std::string, std::string> type_constraint, type_vocabulary;
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> vocabularies;
    std::vector<TierInfo> tiers;
    std::vector<Annotation> aligned, referring;
};

// A year in milliseconds: no annotated recording is longer.
constexpr int64_t max_ms = 1000LL * 3600 * 24 * 365;

Result<int64_t> ms_value(const char* text, const std::string& slot) {
    char* end = nullptr;
    const long long v = std::strtoll(text, &end, 10);
    if (end == text || *end != '\0' || v < 0 || v > max_ms)
        return Error{"time slot " + slot + " has TIME_VALUE '" + text +
                     "', not a whole number of milliseconds"};
    return static_cast<int64_t>(v);
}

Status read_slots(const pugi::xml_node& root, Document& d) {
    const auto order = root.child("TIME_ORDER");
    const auto count = static_cast<size_t>(std::distance(order.begin(), order.end()));
    d.slots.reserve(count), d.slot_ids.reserve(count);
    for (auto slot : order.children("TIME_SLOT")) {
        std::string id = slot.attribute("TIME_SLOT_ID").as_string();
        if (id.empty()) return Error{"a TIME_SLOT has no TIME_SLOT_ID"};
        std::optional<int64_t> ms;
        if (auto v = slot.attribute("TIME_VALUE")) {
            auto parsed = ms_value(v.value(), id);
            if (!parsed) return parsed.error();
            ms = *parsed;
        }
        d.numbered = d.numbered && id == "ts" + std::to_string(d.slots.size() + 1);
        d.slots.push_back(ms);
        d.slot_ids.push_back(std::move(id));
    }
    if (d.numbered) return ok_status();
    d.slot_index.reserve(count);
    for (size_t i = 0; i < d.slot_ids.size(); ++i) d.slot_index[d.slot_ids[i]] = i;
    // A repeated id: its last slot is the one annotations name, and it keeps the last time.
    return ok_status();
}

void read_vocabularies(const pugi::xml_node& root, Document& d) {
    for (auto type : root.children("LINGUISTIC_TYPE")) {
        const std::string id = type.attribute("LINGUISTIC_TYPE_ID").as_string();
        d.type_constraint[id] = type.attribute("CONSTRAINTS").as_string();
        d.type_vocabulary[id] = type.attribute("CONTROLLED_VOCABULARY_REF").as_string();
    }
    for (auto cv : root.children("CONTROLLED_VOCABULARY")) {
        auto& entries = d.vocabularies[cv.attribute("CV_ID").as_string()];
        for (auto e : cv.children("CV_ENTRY"))  // EAF 2.7
            entries.push_back({e.text().as_string(), e.attribute("DESCRIPTION").as_string()});
        for (auto e : cv.children("CV_ENTRY_ML")) {  // EAF 2.8, 3.0
            auto value = e.child("CVE_VALUE");
            entries.push_back(
                {value.text().as_string(), value.attribute("DESCRIPTION").as_string()});
        }
    }
}

Status read_tiers(const pugi::xml_node& root, Document& d) {
    size_t order = 0;
    for (auto tier : root.children("TIER")) {
        TierInfo t{tier.attribute("TIER_ID").as_string(),
                   tier.attribute("LINGUISTIC_TYPE_REF").as_string()};
        if (t.id.empty()) return Error{"a TIER has no TIER_ID"};
        for (auto a : tier.children("ANNOTATION")) {
            Annotation x;
            x.tier = t.id, x.order = order++;
            if (auto al = a.child("ALIGNABLE_ANNOTATION")) {
                x.id = al.attribute("ANNOTATION_ID").as_string();
                const auto s1 = d.slot(al.attribute("TIME_SLOT_REF1").as_string());
                const auto s2 = d.slot(al.attribute("TIME_SLOT_REF2").as_string());
                if (!s1 || !s2)
                    return Error{"annotation " + x.id + " on tier " + t.id +
                                 " refers to a time slot the document does not have"};
                x.slot1 = *s1, x.slot2 = *s2;
                x.value = al.child("ANNOTATION_VALUE").text().as_string();
                d.aligned.push_back(std::move(x));
            } else if (auto ref = a.child("REF_ANNOTATION")) {
                x.id = ref.attribute("ANNOTATION_ID").as_string();
                x.parent = ref.attribute("ANNOTATION_REF").as_string();
                x.previous = ref.attribute("PREVIOUS_ANNOTATION").as_string();
                x.value = ref.child("ANNOTATION_VALUE").text().as_string();
                d.referring.push_back(std::move(x));
            }
        }
        d.tiers.push_back(std::move(t));
    }
    return ok_status();
}

// Slots without a time, spaced evenly between the aligned slots around them on each tier.
Status interpolate_slots(Document& d) {
    if (std::all_of(d.slots.begin(), d.slots.end(), [](const auto& t) { return t.has_value(); }))
        return ok_status();  // every slot has its time: the usual document
    std::map<std::string, std::vector<const Annotation*>> by_tier;
    for (const auto& a : d.aligned) by_tier[a.tier].push_back(&a);
    for (auto& [tier, list] : by_tier) {
        std::vector<size_t> chain;
        for (const Annotation* a : list)
            for (const size_t s : {a->slot1, a->slot2})
                if (chain.empty() || chain.back() != s) chain.push_back(s);
        std::optional<size_t> last;  // the last aligned position
        for (size_t i = 0; i < chain.size(); ++i) {
            if (!d.slots[chain[i]]) continue;
            if (last && i > *last + 1) {
                const int64_t t0 = *d.slots[chain[*last]], t1 = *d.slots[chain[i]];
                for (size_t k = *last + 1; k < i; ++k)
                    if (!d.slots[chain[k]])
                        d.slots[chain[k]] =
                            t0 + (t1 - t0) * int64_t(k - *last) / int64_t(i - *last);
            }
            last = i;
        }
        for (const size_t s : chain)
            if (!d.slots[s])
                return Error{"tier " + tier + ": time slot " + d.slot_ids[s] +
                             " has no time and no aligned slot on both sides to place it between"};
    }
    return ok_status();
}

// A parent's reference annotations on one tier in PREVIOUS_ANNOTATION order (a
// subdivision chain), or in document order when they form no chain.
std::vector<Annotation*> chain_order(const std::vector<Annotation*>& list) {
    std::unordered_map<std::string, Annotation*> after;  // previous -> next
    for (Annotation* a : list) after.emplace(a->previous, a);
    std::vector<Annotation*> chain;
    std::string previous;
    for (auto it = after.find(previous); it != after.end() && chain.size() < list.size();
         it = after.find(previous))
        chain.push_back(it->second), previous = it->second->id;
    return chain.size() == list.size() ? chain : list;
}

// Aligned annotations take their slots' times; reference annotations their parent's
// interval (a subdivision chain splits it), parents before children: each annotation is
// placed once, however deep the references go.
Status place_annotations(Document& d) {
    for (auto& a : d.aligned) a.at = {*d.slots[a.slot1], *d.slots[a.slot2]}, a.placed = true;
    if (d.referring.empty()) return ok_status();
    std::unordered_map<std::string, std::vector<Annotation*>> by_parent;
    for (auto& a : d.referring) by_parent[a.parent].push_back(&a);
    std::vector<const Annotation*> placed;  // annotations whose children are still to place
    placed.reserve(d.aligned.size() + d.referring.size());
    for (const auto& a : d.aligned) placed.push_back(&a);
    while (!placed.empty()) {
        const Annotation* parent = placed.back();
        placed.pop_back();
        auto children = by_parent.find(parent->id);
        if (children == by_parent.end()) continue;
        const Interval whole = parent->at;
        std::map<std::string, std::vector<Annotation*>> per_tier;
        for (Annotation* a : children->second) per_tier[a->tier].push_back(a);
        for (const auto& [tier, list] : per_tier) {
            const auto chain = chain_order(list);
            const int64_t n = int64_t(chain.size()), length = whole.stop_ms - whole.start_ms;
            for (int64_t i = 0; i < n; ++i) {
                Annotation* child = chain[size_t(i)];
                if (child->placed) continue;
                child->at = {whole.start_ms + length * i / n,
                             whole.start_ms + length * (i + 1) / n};
                child->placed = true;
                placed.push_back(child);
            }
        }
        by_parent.erase(children);
    }
    for (const auto& a : d.referring)
        if (!a.placed)
            return Error{"annotation " + a.id + " on tier " + a.tier + " refers to annotation '" +
                         a.parent + "', which has no time"};
    return ok_status();
}

std::string medium_of(const pugi::xml_node& header, const std::string& folder, int64_t& origin_ms) {
    pugi::xml_node chosen;
    for (auto m : header.children("MEDIA_DESCRIPTOR")) {
        if (!chosen) chosen = m;
        if (std::string(m.attribute("MIME_TYPE").as_string()).rfind("video/", 0) == 0) {
            chosen = m;
            break;
        }
    }
    if (!chosen) return "";
    origin_ms = chosen.attribute("TIME_ORIGIN").as_llong(0);
    const std::string relative = chosen.attribute("RELATIVE_MEDIA_URL").as_string();
    std::error_code ec;
    if (!relative.empty() && !folder.empty()) {
        std::string r = relative.rfind("./", 0) == 0 ? relative.substr(2) : relative;
        const fs::path beside = fs::path(folder) / r;
        if (fs::exists(beside, ec)) return beside.lexically_normal().string();
    }
    std::string url = chosen.attribute("MEDIA_URL").as_string();
    if (url.rfind("file://", 0) == 0) url = url.substr(7);
    return url;
}

void add_events(const Document& d, ForeignProject& p) {
    ForeignObservation& o = p.observations.front();
    struct Timed {
        Interval at;
        const Annotation* a;
    };
    std::vector<Timed> all;
    all.reserve(d.aligned.size() + d.referring.size());
    for (const auto* list : {&d.aligned, &d.referring})
        for (const auto& a : *list) all.push_back({a.at, &a});
    std::sort(all.begin(), all.end(), [](const Timed& x, const Timed& y) {
        return std::make_pair(x.at.start_ms, x.a->order) <
               std::make_pair(y.at.start_ms, y.a->order);
    });
    std::map<std::string, bool> has_length;
    for (const Timed& t : all)
        has_length[t.a->value] = has_length[t.a->value] || t.at.stop_ms > t.at.start_ms;
    std::set<std::pair<std::string, std::string>> coded;
    o.events.reserve(all.size());
    for (const Timed& t : all) {
        ForeignEvent e;
        e.subject = t.a->tier, e.behaviour = t.a->value;
        e.start_us = t.at.start_ms * 1000;
        e.stop_us = std::max(t.at.stop_ms, t.at.start_ms) * 1000;
        e.point = !has_length[t.a->value];
        e.where = "annotation " + t.a->id + " (tier " + t.a->tier + ")";
        coded.insert({t.a->tier, t.a->value});
        o.events.push_back(std::move(e));
    }
    for (const auto& [code, state] : has_length)
        p.ethogram.push_back({code, "", "", "", state, {}});
    p.coded.assign(coded.begin(), coded.end());
}

void add_vocabulary(const Document& d, ForeignProject& p) {
    for (const auto& t : d.tiers) {
        auto cv = d.type_vocabulary.find(t.type);
        if (cv == d.type_vocabulary.end() || cv->second.empty()) continue;
        auto entries = d.vocabularies.find(cv->second);
        if (entries == d.vocabularies.end()) continue;
        for (const auto& [value, description] : entries->second) {
            auto known =
                std::find_if(p.ethogram.begin(), p.ethogram.end(),
                             [&v = value](const ForeignBehaviour& b) { return b.code == v; });
            if (known == p.ethogram.end())
                p.ethogram.push_back({value, description, cv->second, "", true, {}});
            else
                known->description = description, known->category = cv->second;
            const std::pair<std::string, std::string> pair{t.id, value};
            if (std::find(p.coded.begin(), p.coded.end(), pair) == p.coded.end())
                p.coded.push_back(pair);
        }
    }
}

}  // namespace

Result<ForeignProject> parse_eaf(std::string xml, const std::string& id,
                                 const std::string& folder) {
    pugi::xml_document doc;
    if (auto ok = load_xml(doc, xml, "an ELAN document",
                           "open it in ELAN and save it again (ELAN writes UTF-8)");
        !ok)
        return ok.error();
    std::string().swap(xml);  // the document holds its own copy: memory for the events
    const pugi::xml_node root = doc.child("ANNOTATION_DOCUMENT");
    if (!root) return Error{"not an ELAN document: no ANNOTATION_DOCUMENT element"};
    const pugi::xml_node header = root.child("HEADER");
    const std::string units = header.attribute("TIME_UNITS").as_string("milliseconds");
    if (units != "milliseconds")
        return Error{"the document's times are in " + units + "; Attune reads milliseconds"};
    Document d;
    if (auto ok = read_slots(root, d); !ok) return ok.error();
    read_vocabularies(root, d);
    if (auto ok = read_tiers(root, d); !ok) return ok.error();
    if (auto ok = interpolate_slots(d); !ok) return ok.error();
    if (auto ok = place_annotations(d); !ok) return ok.error();

    ForeignProject p;
    p.format = "ELAN";
    p.name = id;
    for (const auto& t : d.tiers) p.subjects.push_back(t.id);
    p.observations.emplace_back();
    ForeignObservation& o = p.observations.front();
    o.id = id;
    o.date = root.attribute("DATE").as_string();
    int64_t origin_ms = 0;
    if (auto medium = medium_of(header, folder, origin_ms); !medium.empty()) o.media = {medium};
    if (origin_ms < -max_ms || origin_ms > max_ms)
        return Error{"the medium's TIME_ORIGIN " + std::to_string(origin_ms) +
                     " ms lies beyond a year; correct it in ELAN"};
    o.media_offset_us = -origin_ms * 1000;
    doc.reset();  // all is read: its memory goes before the events are made
    add_events(d, p);
    add_vocabulary(d, p);
    if (auto ok = check_text(p); !ok) return ok.error();
    return p;
}

Result<ForeignProject> read_eaf(const std::string& path) {
    auto text = whole_file(path);
    if (!text) return Error{"cannot open the ELAN document " + path};
    const fs::path p(path);
    auto project = parse_eaf(std::move(*text), p.stem().string(), p.parent_path().string());
    if (!project) return Error{path + ": " + project.error().message};
    return project;
}

namespace {

// EAF times are whole ms: the nearest one, halves away from zero.
int64_t rounded_ms(int64_t us) {
    return us >= 0 ? (us + 500) / 1000 : -((-us + 500) / 1000);
}

void add_constraints(pugi::xml_node root) {
    const std::pair<const char*, const char*> constraints[] = {
        {"Time_Subdivision",
         "Time subdivision of parent annotation's time interval, no time gaps allowed within "
         "this interval"},
        {"Symbolic_Subdivision",
         "Symbolic subdivision of a parent annotation. Annotations refering to the same parent "
         "are ordered"},
        {"Symbolic_Association", "1-1 association with a parent annotation"},
        {"Included_In",
         "Time alignable annotations within the parent annotation's time interval, gaps are "
         "allowed"}};
    for (const auto& [stereotype, description] : constraints) {
        auto c = root.append_child("CONSTRAINT");
        c.append_attribute("DESCRIPTION") = description;
        c.append_attribute("STEREOTYPE") = stereotype;
    }
}

void add_vocabulary_element(pugi::xml_node root, const std::vector<ForeignBehaviour>& codes) {
    auto cv = root.append_child("CONTROLLED_VOCABULARY");
    cv.append_attribute("CV_ID") = "behaviours";
    auto description = cv.append_child("DESCRIPTION");
    description.append_attribute("LANG_REF") = "und";
    description.text() = "The coding scheme's behaviours";
    int n = 0;
    for (const auto& b : codes) {
        auto entry = cv.append_child("CV_ENTRY_ML");
        entry.append_attribute("CVE_ID") = ("cve" + std::to_string(++n)).c_str();
        auto value = entry.append_child("CVE_VALUE");
        value.append_attribute("DESCRIPTION") = b.description.c_str();
        value.append_attribute("LANG_REF") = "und";
        value.text() = b.code.c_str();
    }
}

// HEADER: the observation's medium (TIME_ORIGIN from its offset) and its URN.
pugi::xml_node add_header(pugi::xml_node root, const ForeignObservation& o) {
    auto header = root.append_child("HEADER");
    header.append_attribute("MEDIA_FILE") = "";
    header.append_attribute("TIME_UNITS") = "milliseconds";
    if (!o.media.empty()) {
        auto m = header.append_child("MEDIA_DESCRIPTOR");
        const fs::path medium(o.media.front());
        m.append_attribute("MEDIA_URL") =
            ("file://" + (medium.is_absolute() ? medium.string() : "/" + medium.string())).c_str();
        m.append_attribute("MIME_TYPE") = "video/mp4";
        m.append_attribute("RELATIVE_MEDIA_URL") = ("./" + medium.filename().string()).c_str();
        if (o.media_offset_us != 0)
            m.append_attribute("TIME_ORIGIN") =
                static_cast<long long>(rounded_ms(-o.media_offset_us));
    }
    auto urn = header.append_child("PROPERTY");
    urn.append_attribute("NAME") = "URN";
    urn.text() = ("urn:attune:eaf:" + o.id).c_str();
    return header;
}

}  // namespace

EafOutput write_eaf(const ForeignObservation& o, const std::vector<ForeignBehaviour>& vocabulary,
                    const std::string& author, const std::string& date_time) {
    pugi::xml_document doc;
    auto decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    auto root = doc.append_child("ANNOTATION_DOCUMENT");
    root.append_attribute("AUTHOR") = author.c_str();
    root.append_attribute("DATE") = date_time.c_str();
    root.append_attribute("FORMAT") = "3.0";
    root.append_attribute("VERSION") = "3.0";
    root.append_attribute("xmlns:xsi") = "http://www.w3.org/2001/XMLSchema-instance";
    root.append_attribute("xsi:noNamespaceSchemaLocation") =
        "http://www.mpi.nl/tools/elan/EAFv3.0.xsd";
    auto header = add_header(root, o);
    auto last_id = header.append_child("PROPERTY");
    last_id.append_attribute("NAME") = "lastUsedAnnotationId";

    auto order = root.append_child("TIME_ORDER");
    std::vector<std::string> tiers;
    for (const auto& e : o.events)
        if (std::find(tiers.begin(), tiers.end(), e.subject) == tiers.end())
            tiers.push_back(e.subject);
    EafOutput out;
    int slot = 0, annotation = 0;
    const char* type = vocabulary.empty() ? "default-lt" : "behaviour";
    for (const auto& tier_id : tiers) {
        auto tier = root.append_child("TIER");
        tier.append_attribute("LINGUISTIC_TYPE_REF") = type;
        tier.append_attribute("TIER_ID") = tier_id.c_str();
        for (const auto& e : o.events) {
            if (e.subject != tier_id) continue;
            if (!e.stop_us) {
                ++out.skipped;
                continue;
            }
            const std::string s1 = "ts" + std::to_string(++slot),
                              s2 = "ts" + std::to_string(++slot);
            for (const auto& [id, us] : {std::pair{s1, e.start_us}, std::pair{s2, *e.stop_us}}) {
                auto ts = order.append_child("TIME_SLOT");
                ts.append_attribute("TIME_SLOT_ID") = id.c_str();
                ts.append_attribute("TIME_VALUE") = static_cast<long long>(rounded_ms(us));
            }
            auto al = tier.append_child("ANNOTATION").append_child("ALIGNABLE_ANNOTATION");
            al.append_attribute("ANNOTATION_ID") = ("a" + std::to_string(++annotation)).c_str();
            al.append_attribute("TIME_SLOT_REF1") = s1.c_str();
            al.append_attribute("TIME_SLOT_REF2") = s2.c_str();
            al.append_child("ANNOTATION_VALUE").text() = e.behaviour.c_str();
        }
    }
    last_id.text() = annotation;
    auto lt = root.append_child("LINGUISTIC_TYPE");
    lt.append_attribute("GRAPHIC_REFERENCES") = "false";
    lt.append_attribute("LINGUISTIC_TYPE_ID") = type;
    lt.append_attribute("TIME_ALIGNABLE") = "true";
    if (!vocabulary.empty()) lt.append_attribute("CONTROLLED_VOCABULARY_REF") = "behaviours";
    auto lang = root.append_child("LANGUAGE");
    lang.append_attribute("LANG_DEF") = "http://cdb.iso.org/lg/CDB-00130975-001";
    lang.append_attribute("LANG_ID") = "und";
    lang.append_attribute("LANG_LABEL") = "undetermined (und)";
    add_constraints(root);
    if (!vocabulary.empty()) add_vocabulary_element(root, vocabulary);
    std::ostringstream text;
    doc.save(text, "    ", pugi::format_default, pugi::encoding_utf8);
    out.xml = text.str();
    return out;
}

}  // namespace attune::interop
