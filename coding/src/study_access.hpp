#pragma once
// The study's SQLite connection for coding/'s own code (and its tests). Study keeps
// db() private so that app/ cannot run SQL on the study file: everything the programs
// need is a named function in coding/ (records, queries, event log). This header sits in
// coding/src, which is on no program's include path; tests reach it through the
// attune_coding_internal target.
#include "attune/coding/study.hpp"

namespace attune {

struct StudyAccess {
    static sql::Db& db(Study& study) { return study.db(); }
};

// The connection of `study`, for SQL inside coding/.
inline sql::Db& study_db(Study& study) {
    return StudyAccess::db(study);
}

}  // namespace attune
