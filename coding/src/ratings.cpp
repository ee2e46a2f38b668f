#include "attune/coding/ratings.hpp"

#include "study_access.hpp"

namespace attune {

namespace {
// The cell holding the D rating: the linked scale's only applicable cell.
std::optional<Rating> linked_cell(const Scheme& scheme) {
    const ClassificationCode* code = scheme.linked_code();
    if (!code) return std::nullopt;
    const RatingScale* sc = scheme.scale(code->linked_scale);
    if (!sc || sc->applicability.empty() || sc->applicability.begin()->second.empty())
        return std::nullopt;
    return Rating{sc->id, sc->applicability.begin()->first,
                  sc->applicability.begin()->second.front(), 0};
}

}  // namespace

Status check_rating(const Scheme& scheme, const std::string& scale, const std::string& target,
                    const std::string& episode, std::optional<int> value) {
    const RatingScale* sc = scheme.scale(scale);
    if (!sc) return Error{"scheme " + scheme.id + " has no rating scale '" + scale + "'"};
    if (!scheme.scale_applies(*sc, target, episode))
        return Error{
            "scale " + scale + " is not rated toward " + target + " in " + episode +
            (sc->scope == ScaleScope::Session ? " (a session-level scale: use episode ALL)" : "")};
    if (value && (*value < sc->min || *value > sc->max))
        return Error{"a " + scale + " rating must be between " + std::to_string(sc->min) + " and " +
                     std::to_string(sc->max) + ", not " + std::to_string(*value)};
    return ok_status();
}

void write_rating(sql::Db& db, int64_t pass_id, const std::string& scale, const std::string& target,
                  const std::string& episode, std::optional<int> value) {
    if (!value) {
        db.prepare(
              "DELETE FROM rating WHERE pass_id = ? AND scale = ? AND target = ? AND episode = ?")
            .bind_all(pass_id, scale, target, episode)
            .run();
        return;
    }
    db.prepare(
          "INSERT INTO rating (pass_id, scale, target, episode, value) VALUES (?, ?, ?, ?, ?) "
          "ON CONFLICT (pass_id, scale, target, episode) DO UPDATE SET value = excluded.value")
        .bind_all(pass_id, scale, target, episode, *value)
        .run();
}

std::vector<Rating> rating_grid(const Scheme& scheme) {
    std::vector<Rating> cells;
    for (const auto& sc : scheme.scales)
        for (const auto& [target, episodes] : sc.applicability)
            for (const auto& e : episodes) cells.push_back({sc.id, target, e, 0});
    return cells;
}

Status set_rating(Study& study, const Scheme& scheme, int64_t pass_id, const std::string& scale,
                  const std::string& target, const std::string& episode, std::optional<int> value) {
    if (auto ok = check_rating(scheme, scale, target, episode, value); !ok) return ok;
    return study.change(rating_label(scale, target, episode, value), pass_id, [&](sql::Db& db) {
        write_rating(db, pass_id, scale, target, episode, value);
        return ok_status();
    });
}

std::string rating_label(const std::string& scale, const std::string& target,
                         const std::string& episode, std::optional<int> value) {
    return value ? "rate " + scale + "." + target + "." + episode + " = " + std::to_string(*value)
                 : "clear " + scale + "." + target + "." + episode;
}

std::vector<Rating> load_ratings(Study& study, int64_t pass_id) {
    std::vector<Rating> out;
    auto s = study_db(study).prepare(
        "SELECT scale, target, episode, value FROM rating WHERE pass_id = ? ORDER BY id");
    s.bind(1, pass_id);
    while (s.step()) out.push_back({s.text(0), s.text(1), s.text(2), s.integer(3)});
    return out;
}

Status check_classification(const Scheme& scheme, const Classification& c) {
    const ClassificationCode* primary = scheme.code(c.code);
    if (!primary) {
        std::string codes;
        for (const auto& x : scheme.codes) codes += (codes.empty() ? "" : ", ") + x.code;
        return Error{"'" + c.code + "' is not a classification code of " + scheme.id + " (" +
                     codes + ")"};
    }
    if (c.secondary) {
        const ClassificationCode* sec = scheme.code(*c.secondary);
        if (!sec)
            return Error{"secondary '" + *c.secondary + "' is not a classification code of " +
                         scheme.id};
    }
    if (c.confidence && (*c.confidence < 1 || *c.confidence > 3))
        return Error{"confidence is 1 (uncertain), 2 (probable) or 3 (confident)"};
    if (c.d_rating) {
        const auto cell = linked_cell(scheme);
        if (!cell) return Error{"scheme " + scheme.id + " has no D rating scale"};
        if (auto ok = check_rating(scheme, cell->scale, cell->target, cell->episode, c.d_rating);
            !ok)
            return ok;
    }
    return ok_status();
}

void write_classification_row(sql::Db& db, int64_t pass_id, const Classification& c) {
    db.prepare(
          "INSERT INTO classification (pass_id, code, secondary, confidence, notes) VALUES (?, "
          "?, ?, ?, ?) "
          "ON CONFLICT (pass_id) DO UPDATE SET code = excluded.code, secondary = "
          "excluded.secondary, "
          "confidence = excluded.confidence, notes = excluded.notes")
        .bind_all(pass_id, c.code, c.secondary, c.confidence, c.notes)
        .run();
}

void write_classification(sql::Db& db, const Scheme& scheme, int64_t pass_id,
                          const Classification& c) {
    write_classification_row(db, pass_id, c);
    if (const auto cell = linked_cell(scheme))
        write_rating(db, pass_id, cell->scale, cell->target, cell->episode, c.d_rating);
}

Status set_classification(Study& study, const Scheme& scheme, int64_t pass_id,
                          const Classification& c) {
    if (auto ok = check_classification(scheme, c); !ok) return ok;
    return study.change("classify " + c.code, pass_id, [&](sql::Db& db) {
        write_classification(db, scheme, pass_id, c);
        return ok_status();
    });
}

std::optional<Classification> load_classification(Study& study, const Scheme& scheme,
                                                  int64_t pass_id) {
    auto s = study_db(study).prepare(
        "SELECT code, secondary, confidence, notes FROM classification WHERE pass_id = ?");
    s.bind(1, pass_id);
    if (!s.step()) return std::nullopt;
    Classification c;
    c.code = s.text(0);
    c.secondary = s.opt_text(1);
    if (!s.is_null(2)) c.confidence = s.integer(2);
    c.notes = s.text(3);
    if (auto cell = linked_cell(scheme)) {
        for (const Rating& r : load_ratings(study, pass_id))
            if (r.scale == cell->scale && r.target == cell->target && r.episode == cell->episode)
                c.d_rating = r.value;
    }
    return c;
}

}  // namespace attune
