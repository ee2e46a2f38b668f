#pragma once
// Consent to use a family's film (issue 14 point 5), and the record of what was made from
// it. A consent names the uses allowed (feedback: shown to the family; supervision: seen by
// the therapist's supervisor; research: coded and counted in a study; export: copies
// written to files: reels, stills, a report with stills), who recorded it and when, and
// the date after which the film is no longer used and is due for deletion. It is given
// per participant, for all their recordings, or for one recording (a session); see
// consent_for_session for how the two combine. Consent is history (study format 6, table consent,
// append-only): a new record replaces the one before it, and the old ones stay as they were.
//
// Every reel, still or report written from a session's film is recorded (media_export),
// with the consent that allowed it; each record is an audited study-level change.
#include <optional>
#include <string>
#include <vector>

#include "attune/coding/study.hpp"

namespace attune {

// The uses a consent can allow, in the order they are printed.
inline constexpr const char* kConsentUses[] = {"feedback", "supervision", "research", "export"};

struct Consent {
    int64_t id = 0;
    std::string participant;
    std::optional<std::string> session;  // one recording; nullopt: all of the participant's
    std::vector<std::string> uses;       // in kConsentUses order; empty: none (withdrawn)
    std::optional<std::string> until;    // YYYY-MM-DD, the last day the film may be used
    std::string recorded_by, recorded_at;
    bool allows(const std::string& use) const;
    std::string uses_text() const;  // "feedback, export", or "none"
};

// "feedback,export" (any order, spaces allowed) into kConsentUses order; "none" is no use.
Result<std::vector<std::string>> parse_consent_uses(const std::string& list);

// Records a participant's consent (for one session's recording when `session_id` is given);
// one study-level change. Returns its id.
Result<int64_t> record_consent(Study& study, const std::string& participant,
                               std::optional<int64_t> session_id,
                               const std::vector<std::string>& uses,
                               const std::optional<std::string>& until,
                               const std::string& recorded_by);
// The consent that applies to a session's film. Its own newest record governs it, else its
// participant's newest record for all recordings; a participant-wide record newer than the
// film's own can only narrow it (the uses both allow, the earlier last day). So a later
// withdrawal for all recordings ends an earlier consent given for one film, and a later
// consent for all recordings never undoes a film's own withdrawal.
std::optional<Consent> consent_for_session(Study& study, int64_t session_id);
// Every consent record in the study, oldest first.
std::vector<Consent> consent_history(Study& study);

// Why `use` of session's film is not allowed on `today` (YYYY-MM-DD), naming the consent
// that is missing, withdrawn or expired and how to record it; nothing when allowed.
std::optional<std::string> consent_refusal(Study& study, int64_t session_id, const std::string& use,
                                           const std::string& today);

struct MediaExport {
    int64_t id = 0;
    std::string session, kind, path, who, at;
    std::optional<int64_t> consent_id;
};
// Records that `kind` (reel, stills, report, review) was made from the session's film at
// `path`, with the consent that applies; one study-level change.
Result<int64_t> record_media_export(Study& study, int64_t session_id, const std::string& kind,
                                    const std::string& path);
// The same for several files and sessions at once (a reel of two visits' moments, a folder
// of stills), as one change: all are recorded, or none.
Status record_media_exports(Study& study, const std::vector<int64_t>& session_ids,
                            const std::string& kind, const std::vector<std::string>& paths);
std::vector<MediaExport> list_media_exports(Study& study);

// What was deleted of a session's film at the end of its retention time.
struct FilmDeletion {
    std::string session, who, at;
    std::vector<std::string> deleted;  // the files removed
    std::vector<std::string> missing;  // recorded files that were gone already
    bool recording = false;            // the recording itself was among them
};
// Deletes what Attune made from the session's film (every reel, still and report recorded
// in media_export, and the frame index the study keeps of it) and, with `recording`, the
// recording file itself; then records the deletion (one study-level change, audited). The
// study keeps the session and its codes. Refused for a film deleted before.
Result<FilmDeletion> delete_film_files(Study& study, int64_t session_id, bool recording);
std::optional<FilmDeletion> film_deletion(Study& study, int64_t session_id);

// Retention (point 6): the sessions whose consent's last day has passed, or whose consent
// was withdrawn (no use allowed), and whose derived files have not been deleted yet.
struct DueForDeletion {
    std::string session, participant, until, why;
};
std::vector<DueForDeletion> due_for_deletion(Study& study, const std::string& today);

}  // namespace attune
