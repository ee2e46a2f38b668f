#include "attune/coding/consensus.hpp"

#include "attune/coding/event_log.hpp"
#include "attune/coding/ratings.hpp"
#include "attune/coding/records.hpp"
#include "study_access.hpp"

namespace attune {

const char* to_string(ConsensusChoice c) {
    switch (c) {
        case ConsensusChoice::A:
            return "a";
        case ConsensusChoice::B:
            return "b";
        case ConsensusChoice::Edit:
            return "edit";
    }
    return "?";
}

std::optional<ConsensusChoice> consensus_choice_from(const std::string& s) {
    for (auto c : {ConsensusChoice::A, ConsensusChoice::B, ConsensusChoice::Edit})
        if (s == to_string(c)) return c;
    return std::nullopt;
}

ConsensusState consensus_state(Study& study, int64_t session_id) {
    ConsensusState state;
    for (const Pass& p : list_passes(study))  // in id order: the first consensus pass counts
        if (p.session_id == session_id && p.role == PassRole::Consensus) {
            state.pass = p;
            break;
        }
    if (!state.pass) return state;
    auto q = study_db(study).prepare(
        "SELECT item, choice, who, at FROM consensus_decision WHERE pass_id = ? ORDER BY id");
    q.bind(1, state.pass->id);
    while (q.step())
        state.decisions[q.text(0)] = {*consensus_choice_from(q.text(1)), q.text(2), q.text(3)};
    return state;
}

namespace {

// The D rating is the linked rating cell, compared (and settled) as a rating of its own, so
// writing a classification here never touches that cell.
void write_classification_or_none(sql::Db& db, int64_t pass_id,
                                  const std::optional<Classification>& c) {
    if (c)
        write_classification_row(db, pass_id, *c);
    else
        db.prepare("DELETE FROM classification WHERE pass_id = ?").bind(1, pass_id).run();
}

void carry_agreements(sql::Db& db, int64_t pass_id, const SessionComparison& c) {
    for (const auto& agreed : c.agreed_events) insert_event(db, pass_id, agreed.a);
    for (const auto& r : c.agreed_ratings)
        write_rating(db, pass_id, r.scale, r.target, r.episode, r.value);
    if (c.agreed_classification) write_classification_row(db, pass_id, *c.agreed_classification);
}

// What taking one side writes into the consensus pass; returns the new event ids.
std::vector<int64_t> write_side(sql::Db& db, int64_t pass_id, const Disagreement& d, bool take_a) {
    std::vector<int64_t> written;
    if (d.kind == DisagreementKind::Rating) {
        const auto& cell = d.rating_a ? *d.rating_a : *d.rating_b;
        const auto& side = take_a ? d.rating_a : d.rating_b;
        write_rating(db, pass_id, cell.scale, cell.target, cell.episode,
                     side ? std::optional<int>(side->value) : std::nullopt);
    } else if (d.kind == DisagreementKind::Classification) {
        write_classification_or_none(db, pass_id, take_a ? d.class_a : d.class_b);
    } else if (const auto& e = take_a ? d.a : d.b) {
        written.push_back(insert_event(db, pass_id, *e));
    }
    return written;
}

std::string json_ids(const std::vector<int64_t>& ids) {
    std::string s = "[";
    for (size_t i = 0; i < ids.size(); ++i) s += (i ? "," : "") + std::to_string(ids[i]);
    return s + "]";
}

std::string decision_label(const Disagreement& d, ConsensusChoice c) {
    switch (c) {
        case ConsensusChoice::A:
            return "consensus: take A, " + d.summary;
        case ConsensusChoice::B:
            return "consensus: take B, " + d.summary;
        case ConsensusChoice::Edit:
            break;
    }
    return "consensus: edit by hand, " + d.summary;
}

// Deciding again: the events the earlier decision on this item wrote go (those still there).
void forget_written(sql::Db& db, int64_t pass_id, const std::string& item) {
    db.prepare(
          "DELETE FROM event WHERE pass_id = ?1 AND id IN (SELECT value FROM json_each((SELECT "
          "written FROM consensus_decision WHERE pass_id = ?1 AND item = ?2)))")
        .bind_all(pass_id, item)
        .run();
}

}  // namespace

Result<int64_t> start_consensus(Study& study, const DoubleCodedSession& s,
                                const SessionComparison& c) {
    if (auto existing = consensus_state(study, s.session.id).pass)
        return Error{"session " + s.session.label + " already has a consensus pass (by " +
                     existing->coder + "): go on settling its disagreements there"};
    const size_t carried =
        c.agreed_events.size() + c.agreed_ratings.size() + (c.agreed_classification ? 1 : 0);
    int64_t id = 0;
    auto ok = study.change(
        "start consensus (" + std::to_string(carried) + " agreements carried over)", std::nullopt,
        [&](sql::Db& db) {
            // Checked again inside the transaction: two supervisors starting at once get one.
            auto other = db.prepare(
                "SELECT coder.name FROM pass JOIN coder ON coder.id = pass.coder_id "
                "WHERE pass.session_id = ? AND pass.role = 'consensus'");
            if (other.bind(1, s.session.id).step())
                return Status(Error{"session " + s.session.label +
                                    " already has a consensus pass (by " + other.text(0) +
                                    "): go on settling its disagreements there"});
            auto pass = insert_pass(db, s.session.id, study.user(), PassRole::Consensus,
                                    s.primary.scheme_snapshot_id);
            if (!pass) return Status(pass.error());
            id = *pass;
            if (auto adopted = adopt_new_pass(db, id); !adopted) return adopted;
            carry_agreements(db, id, c);
            return ok_status();
        });
    if (!ok) return ok.error();
    return id;
}

Status decide(Study& study, const DoubleCodedSession& s, int64_t consensus_pass,
              const Disagreement& d, ConsensusChoice choice) {
    const auto pass = get_pass(study, consensus_pass);
    if (!pass || pass->role != PassRole::Consensus || pass->session_id != s.session.id)
        return Error{"pass " + std::to_string(consensus_pass) + " is not the consensus pass of " +
                     s.session.label + ": start the consensus first"};
    return study.change(decision_label(d, choice), consensus_pass, [&](sql::Db& db) {
        forget_written(db, consensus_pass, d.item);
        std::vector<int64_t> written;
        if (choice != ConsensusChoice::Edit)
            written = write_side(db, consensus_pass, d, choice == ConsensusChoice::A);
        db.prepare(
              "INSERT INTO consensus_decision (pass_id, item, choice, written, who, at) "
              "VALUES (?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) "
              "ON CONFLICT (pass_id, item) DO UPDATE SET choice = excluded.choice, "
              "written = excluded.written, who = excluded.who, at = excluded.at")
            .bind_all(consensus_pass, d.item, std::string(to_string(choice)), json_ids(written),
                      study.user())
            .run();
        return ok_status();
    });
}

}  // namespace attune
