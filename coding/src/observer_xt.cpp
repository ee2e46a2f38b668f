// Observer XT templates (see the header).
#include "attune/coding/interop/observer_xt.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <vector>

#include <pugixml.hpp>

#include "foreign_text.hpp"
#include "zip_archive.hpp"

namespace attune::interop {

namespace {

namespace fs = std::filesystem;

constexpr size_t max_template_bytes = size_t(64) << 20;

std::string text_of(const pugi::xml_node& element, const char* child) {
    return element.child(child).text().as_string();
}

bool yes(const pugi::xml_node& element, const char* child) {
    return text_of(element, child) == "Y";
}

// The modifier sets: a CDS_MODIFIER without a parent is a set (its name the set's), one with a
// parent (CDS_ELE_PARENT_ID) a value of that set, in the file's order; one choice each, as
// BORIS's import of a template reads them.
struct ModifierSets {
    std::vector<std::pair<std::string, ForeignModifierSet>> sets;  // by CDS_ELE_ID, in order
    ForeignModifierSet* find(const std::string& id) {
        for (auto& [set_id, set] : sets)
            if (set_id == id) return &set;
        return nullptr;
    }
};

ModifierSets read_modifier_sets(const pugi::xml_node& scheme, ForeignProject& p) {
    ModifierSets out;
    std::vector<pugi::xml_node> values;
    for (auto m : scheme.child("CDS_MODIFIERS").children("CDS_MODIFIER")) {
        if (!text_of(m, "CDS_ELE_PARENT_ID").empty()) {
            values.push_back(m);
            continue;
        }
        ForeignModifierSet set;
        set.name = text_of(m, "CDS_ELE_NAME");
        set.kind = ModifierKind::Single;
        out.sets.emplace_back(text_of(m, "CDS_ELE_ID"), std::move(set));
    }
    for (const auto& v : values) {
        ForeignModifierSet* set = out.find(text_of(v, "CDS_ELE_PARENT_ID"));
        if (set)
            set->values.push_back(text_of(v, "CDS_ELE_NAME"));
        else
            p.notes.push_back("modifier '" + text_of(v, "CDS_ELE_NAME") + "' belongs to no set " +
                              "of the template (parent " + text_of(v, "CDS_ELE_PARENT_ID") +
                              "): left out");
    }
    return out;
}

// CDS_CONNECTION: the modifier set (CDS_MODIFIER_ID) a behaviour (CDS_ELEMENT_ID) takes.
std::map<std::string, std::vector<std::string>> read_connections(const pugi::xml_node& scheme) {
    std::map<std::string, std::vector<std::string>> out;
    for (auto c : scheme.child("CDS_CONNECTIONS").children("CDS_CONNECTION"))
        out[c.attribute("CDS_ELEMENT_ID").as_string()].push_back(
            c.attribute("CDS_MODIFIER_ID").as_string());
    return out;
}

// A behaviour's connected sets, in the order the template lists the sets.
std::vector<ForeignModifierSet> sets_of(const std::vector<std::string>& connected,
                                        ModifierSets& sets, const std::string& behaviour,
                                        ForeignProject& p) {
    std::vector<ForeignModifierSet> out;
    for (const auto& [id, set] : sets.sets)
        if (std::find(connected.begin(), connected.end(), id) != connected.end())
            out.push_back(set);
    for (const auto& id : connected)
        if (!sets.find(id))
            p.notes.push_back("behaviour '" + behaviour + "' is connected to modifier set " + id +
                              ", which the template does not hold: left out");
    return out;
}

void read_behaviours(const pugi::xml_node& scheme, ForeignProject& p) {
    ModifierSets sets = read_modifier_sets(scheme, p);
    const auto connections = read_connections(scheme);
    for (auto b : scheme.child("CDS_BEHAVIORS").children("CDS_BEHAVIOR")) {
        const auto connected = connections.find(text_of(b, "CDS_ELE_ID"));
        if (yes(b, "CDS_ELE_GROUP")) {
            // Observer XT may tie a set to a whole group; BORIS's import does not pass it on
            // to the group's behaviours, and neither does this reader: it says so.
            if (connected != connections.end())
                p.notes.push_back("modifier sets connected to the behaviour group '" +
                                  text_of(b, "CDS_ELE_NAME") +
                                  "' are not given to its behaviours: add them in the scheme");
            continue;
        }
        ForeignBehaviour fb;
        fb.code = text_of(b, "CDS_ELE_NAME");
        fb.category = text_of(b, "CDS_ELE_PARENT_NAME");
        fb.description = text_of(b, "CDS_ELE_DESCRIPTION");
        fb.key = text_of(b, "CDS_ELE_START_KEYCODE");
        fb.state = !yes(b, "CDS_ELE_POINT");
        if (connected != connections.end())
            fb.modifiers = sets_of(connected->second, sets, fb.code, p);
        if (!fb.code.empty()) p.ethogram.push_back(std::move(fb));
    }
}

}  // namespace

Result<ForeignProject> parse_otx(const std::string& xml, const std::string& name) {
    pugi::xml_document doc;
    if (auto ok = load_xml(doc, xml, "an Observer XT template",
                           "export the template again from The Observer XT");
        !ok)
        return ok.error();
    const pugi::xml_node root = doc.child("NXMLINTERCHANGE");
    const pugi::xml_node scheme = root.child("CDS_VOSCODINGSCHEME");
    if (!root || !scheme)
        return Error{
            "not an Observer XT template: no NXMLINTERCHANGE with a coding scheme "
            "(CDS_VOSCODINGSCHEME)"};
    ForeignProject p;
    p.format = "Observer XT";
    p.name = text_of(root.child("MET_METADATA"), "MET_PROJECT_NAME");
    if (p.name.empty()) p.name = name;
    for (auto s : scheme.child("CDS_SUBJECTS").children("CDS_SUBJECT"))
        if (!yes(s, "CDS_ELE_GROUP") && !text_of(s, "CDS_ELE_NAME").empty())
            p.subjects.push_back(text_of(s, "CDS_ELE_NAME"));
    read_behaviours(scheme, p);
    for (auto v : root.child("VL_VARIABLE_LIST").children("VL_VARIABLE"))
        if (text_of(v, "VL_VARIABLE_TYPE") == "User-defined")
            p.variables.push_back(text_of(v, "VL_LABEL"));
    if (auto ok = check_text(p); !ok) return ok.error();
    return p;
}

Result<ForeignProject> read_otx(const std::string& path) {
    const fs::path file(path);
    std::string xml;
    if (file.extension() == ".otb") {
        auto members = zip_members(
            path, "an Observer XT template archive (a .otb is a ZIP archive)",
            [](const std::string& member) -> std::optional<std::string> {
                if (fs::path(member).extension() == ".otx") return std::string("otx");
                return std::nullopt;
            },
            max_template_bytes);
        if (!members) return members.error();
        if (!members->count("otx"))
            return Error{path + " holds no .otx template; is it an Observer XT template archive?"};
        xml = std::move(members->at("otx"));
    } else {
        auto text = whole_file(path);
        if (!text) return Error{"cannot open the Observer XT template " + path};
        xml = std::move(*text);
    }
    auto project = parse_otx(xml, file.stem().string());
    if (!project) return Error{path + ": " + project.error().message};
    return project;
}

}  // namespace attune::interop
