#pragma once
// Reading a peer's file as text, shared by the readers in coding/interop/: the whole file,
// and an XML document loaded with its encoding honoured (UTF-16 by its BOM, Latin-1 by its
// declaration) and refused when it says UTF-8 but is not.
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include <pugixml.hpp>

#include "attune/coding/utf8.hpp"
#include "attune/result.hpp"

namespace attune::interop {

inline std::optional<std::string> whole_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// `what` names the kind of document ("an ELAN document"); `resave` says how to fix a file
// whose bytes are not the UTF-8 it declares ("open it in ELAN and save it again").
inline Status load_xml(pugi::xml_document& doc, const std::string& xml, const std::string& what,
                       const std::string& resave) {
    const auto parsed =
        doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_auto);
    if (!parsed)
        return Error{"not " + what + ": the XML is malformed near byte " +
                     std::to_string(parsed.offset) + " (" + parsed.description() + ")"};
    if (parsed.encoding == pugi::encoding_utf8)
        if (auto at = invalid_utf8_at(xml))
            return Error{"the document says it is UTF-8 but byte " + std::to_string(*at + 1) +
                         " is not UTF-8 text; " + resave + ", or correct its encoding declaration"};
    return ok_status();
}

}  // namespace attune::interop
