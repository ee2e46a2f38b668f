// Observer XT templates (see the header).
#include "attune/coding/interop/observer_xt.hpp"

#include <filesystem>

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

void read_behaviours(const pugi::xml_node& scheme, ForeignProject& p) {
    for (auto b : scheme.child("CDS_BEHAVIORS").children("CDS_BEHAVIOR")) {
        if (yes(b, "CDS_ELE_GROUP")) continue;
        ForeignBehaviour fb;
        fb.code = text_of(b, "CDS_ELE_NAME");
        fb.category = text_of(b, "CDS_ELE_PARENT_NAME");
        fb.description = text_of(b, "CDS_ELE_DESCRIPTION");
        fb.key = text_of(b, "CDS_ELE_START_KEYCODE");
        fb.state = !yes(b, "CDS_ELE_POINT");
        if (!fb.code.empty()) p.ethogram.push_back(std::move(fb));
    }
}

void read_modifiers_note(const pugi::xml_node& scheme, ForeignProject& p) {
    size_t n = 0;
    for (auto m : scheme.child("CDS_MODIFIERS").children()) n += m ? 1 : 0;
    if (n > 0)
        p.notes.push_back("the template's " + std::to_string(n) +
                          " modifier entries are not carried over (add them to the scheme's "
                          "behaviours as modifiers)");
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
    read_modifiers_note(scheme, p);
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
