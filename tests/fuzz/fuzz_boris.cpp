// A BORIS project a lab imports (attune-cli import FILE.boris): read, then the whole
// mapping step against a scheme derived from the project itself, as `scheme from-boris`
// followed by `import` would do.
#include <cstddef>
#include <cstdint>
#include <string>

#include "attune/coding/interop/boris_project.hpp"
#include "attune/coding/interop/import_mapping.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    auto project = attune::interop::parse_boris(text);
    if (!project) return 0;
    (void)attune::interop::boris_bouts(*project);
    std::vector<std::string> notes;
    auto scheme =
        attune::load_scheme_text(attune::interop::scheme_json_from(*project, "f", notes), "f");
    if (!scheme) return 0;
    std::vector<const attune::interop::ForeignObservation*> all;
    for (const auto& o : project->observations) all.push_back(&o);
    auto mapping = attune::interop::propose_mapping(*project, all, *scheme, "f");
    (void)attune::interop::parse_mapping(attune::interop::mapping_json(mapping, &*scheme));
    for (const auto* o : all)
        (void)attune::interop::mapped_rows(*o, mapping, *scheme,
                                           {attune::interop::frames_at_rate(25), {}}, *project);
    (void)attune::interop::write_boris(*project, "2026-01-01T00:00:00");
    return 0;
}
