// Chosen members of a ZIP archive, in memory (see the header).
#include "zip_archive.hpp"

#include <memory>

#include <zip.h>

namespace attune::interop {

namespace {

std::string mib(size_t bytes) {
    return std::to_string(bytes >> 20) + " MiB";
}

// A member named "/etc/x", "C:\\x" or with a ".." step: nothing reads it, and nothing should.
bool outside(const std::string& name) {
    if (name.empty() || name[0] == '/' || name[0] == '\\' || (name.size() > 1 && name[1] == ':'))
        return true;
    size_t from = 0;
    while (from <= name.size()) {
        const size_t to = name.find_first_of("/\\", from);
        if (name.substr(from, to == std::string::npos ? std::string::npos : to - from) == "..")
            return true;
        if (to == std::string::npos) break;
        from = to + 1;
    }
    return false;
}

Result<std::string> member(zip_t* z, zip_uint64_t index, const std::string& name,
                           const std::string& path, size_t max_bytes) {
    const std::string where = path + ": the archive's member " + name;
    zip_stat_t st;
    if (zip_stat_index(z, index, 0, &st) != 0) return Error{where + " cannot be read"};
    if ((st.valid & ZIP_STAT_SIZE) && st.size > max_bytes)
        return Error{where + " unpacks to " + std::to_string(st.size) + " bytes, more than " +
                     mib(max_bytes) + "; nothing was read"};
    std::unique_ptr<zip_file_t, decltype(&zip_fclose)> f(zip_fopen_index(z, index, 0), zip_fclose);
    if (!f) return Error{where + " cannot be opened"};
    std::string out;
    char buf[65536];
    zip_int64_t n = 0;
    while ((n = zip_fread(f.get(), buf, sizeof buf)) > 0) {
        out.append(buf, size_t(n));
        if (out.size() > max_bytes)
            return Error{where + " unpacks to more than " + mib(max_bytes) + "; nothing was read"};
    }
    if (n < 0)
        return Error{where + " is damaged (" + zip_error_strerror(zip_file_get_error(f.get())) +
                     ")"};
    return out;
}

}  // namespace

Result<std::map<std::string, std::string>> zip_members(
    const std::string& path, const std::string& what,
    const std::function<std::optional<std::string>(const std::string& name)>& wanted,
    size_t max_bytes) {
    int code = 0;
    zip_t* opened = zip_open(path.c_str(), ZIP_RDONLY, &code);
    if (!opened) {
        zip_error_t e;
        zip_error_init_with_code(&e, code);
        const std::string why = zip_error_strerror(&e);
        zip_error_fini(&e);
        return Error{path + " is not " + what + ": " + why};
    }
    std::unique_ptr<zip_t, decltype(&zip_discard)> z(opened, zip_discard);
    std::map<std::string, std::string> out;
    const zip_int64_t n = zip_get_num_entries(z.get(), 0);
    for (zip_int64_t i = 0; i < n; ++i) {
        const char* raw = zip_get_name(z.get(), zip_uint64_t(i), 0);
        if (!raw || std::string(raw).rfind("__MACOSX/", 0) == 0) continue;
        if (outside(raw))
            return Error{path + ": the archive's member " + std::string(raw) +
                         " points outside the archive (a damaged or hostile file); nothing "
                         "was read"};
        const auto key = wanted(raw);
        if (!key) continue;
        if (out.count(*key))
            return Error{path + " holds two '" + *key +
                         "' members; which one is meant is unclear, so nothing was read"};
        auto text = member(z.get(), zip_uint64_t(i), raw, path, max_bytes);
        if (!text) return text.error();
        out[*key] = std::move(*text);
    }
    return out;
}

}  // namespace attune::interop
