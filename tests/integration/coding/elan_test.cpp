// The ELAN reader and writer on ELAN's demo document in three schema versions: the same
// annotations from each, unaligned time slots placed as ELAN places them, reference
// annotations timed by their parents, a written EAF 3.0 that the EAF schema accepts
// (xmllint against the XSD shipped with the samples), and read-write-read giving the same
// annotations.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include "attune/coding/interop/elan.hpp"
#include "cli_support.hpp"
#include "process.hpp"
#include "skip.hpp"

using namespace attune;

namespace {

const std::string elan_dir = std::string(ATTUNE_INTEROP_DIR) + "/elan/";

bool samples_present() {
    if (std::filesystem::exists(elan_dir + "pympi_sample_3.0.eaf")) return true;
    testing::skip_reason("the interop samples are absent: " + elan_dir);
    return false;
}

using Key = std::tuple<std::string, std::string, int64_t, int64_t>;

std::multiset<Key> annotations(const interop::ForeignObservation& o) {
    std::multiset<Key> out;
    for (const auto& e : o.events) out.insert({e.subject, e.behaviour, e.start_us, *e.stop_us});
    return out;
}

std::vector<const interop::ForeignEvent*> on_tier(const interop::ForeignObservation& o,
                                                  const std::string& tier) {
    std::vector<const interop::ForeignEvent*> out;
    for (const auto& e : o.events)
        if (e.subject == tier) out.push_back(&e);
    return out;
}

}  // namespace

TEST_CASE("ELAN reader: the demo document reads the same in EAF 2.7, 2.8 and 3.0",
          "[interop][elan]") {
    if (!samples_present()) return;
    auto v30 = interop::read_eaf(elan_dir + "pympi_sample_3.0.eaf");
    auto v28 = interop::read_eaf(elan_dir + "pympi_sample_2.8.eaf");
    auto v27 = interop::read_eaf(elan_dir + "pympi_sample_2.7.eaf");
    REQUIRE(v30.ok());
    REQUIRE(v28.ok());
    REQUIRE(v27.ok());
    const auto& o = v30->observations.at(0);
    CHECK(o.events.size() == 8778);  // lastUsedAnnotationId: every annotation
    CHECK(annotations(o) == annotations(v28->observations.at(0)));
    CHECK(annotations(o) == annotations(v27->observations.at(0)));
    CHECK(v30->subjects == std::vector<std::string>{"text", "words-timesub", "words-symsub",
                                                    "gestures", "gest_included", "words-pos"});
    // The Gesture vocabulary's entries, with their descriptions, are in the ethogram.
    const auto* hold = v30->behaviour("hold");
    REQUIRE(hold);
    CHECK(hold->description == "hold");
    CHECK(v30->behaviour("prep")->description == "preparation");
    REQUIRE(o.media.size() == 1);
    CHECK(o.media[0] == "/Users/Shared/MPI/DemoMaterial/yele/r03_v20_s5.wav");
}

TEST_CASE("ELAN reader: subdivisions tile their parent, associations share its interval",
          "[interop][elan]") {
    if (!samples_present()) return;
    auto doc = interop::read_eaf(elan_dir + "pympi_sample_3.0.eaf");
    REQUIRE(doc.ok());
    const auto& o = doc->observations.at(0);
    const auto text = on_tier(o, "text");
    REQUIRE(text.size() > 10);
    // words-timesub (Time_Subdivision, many slots without a time) and words-symsub
    // (Symbolic_Subdivision) split each sentence with no gap and no overlap.
    for (const char* tier : {"words-timesub", "words-symsub"}) {
        const auto words = on_tier(o, tier);
        REQUIRE(words.size() > text.size());
        size_t inside = 0;
        for (const auto* sentence : text) {
            int64_t covered = sentence->start_us, pieces = 0;
            for (const auto* w : words) {
                if (w->start_us < sentence->start_us || *w->stop_us > *sentence->stop_us) continue;
                CHECK(w->start_us == covered);  // no gap
                covered = *w->stop_us;
                ++pieces, ++inside;
            }
            if (pieces > 0) CHECK(covered == *sentence->stop_us);
        }
        CHECK(inside == words.size());
    }
    // words-pos (Symbolic_Association to words-symsub) has the same intervals as its parents.
    std::multiset<std::pair<int64_t, int64_t>> sym, pos;
    for (const auto* w : on_tier(o, "words-symsub")) sym.insert({w->start_us, *w->stop_us});
    for (const auto* w : on_tier(o, "words-pos")) pos.insert({w->start_us, *w->stop_us});
    CHECK(std::includes(sym.begin(), sym.end(), pos.begin(), pos.end()));
}

TEST_CASE("ELAN writer: EAF 3.0 the schema accepts, read, write, read keeps every annotation",
          "[interop][elan]") {
    if (!samples_present()) return;
    const std::string dir = testing::scratch_folder("attune_elan_writer");
    for (const char* name : {"pympi_sample_3.0.eaf", "pympi_sample_2.7.eaf"}) {
        auto first = interop::read_eaf(elan_dir + name);
        REQUIRE(first.ok());
        const auto& o = first->observations.at(0);
        std::vector<interop::ForeignBehaviour> gestures;
        for (const auto& b : first->ethogram)
            if (b.category == "Gesture") gestures.push_back(b);
        REQUIRE(gestures.size() >= 4);
        const auto out = interop::write_eaf(o, gestures, "tester", "2026-12-07T10:00:00+00:00");
        CHECK(out.skipped == 0);
        const std::string path = dir + "/written.eaf";
        std::ofstream(path, std::ios::binary) << out.xml;
        auto valid = testing::run_process(
            {"xmllint", "--noout", "--schema", elan_dir + "pympi_EAFv3.0.xsd", path}, 120);
        REQUIRE(valid.ok());
        INFO(valid->output);
        CHECK(valid->exit_code == 0);
        auto second = interop::parse_eaf(out.xml, "written");
        REQUIRE(second.ok());
        CHECK(annotations(second->observations.at(0)) == annotations(o));
        CHECK(second->behaviour("prep")->description == "preparation");
    }
}

TEST_CASE(
    "ELAN reader: references of references, however deep, take the first parent's "
    "interval",
    "[interop][elan]") {
    // Written deepest first, so that no annotation's parent comes before it.
    const int depth = 4000;
    std::string xml =
        "<ANNOTATION_DOCUMENT><HEADER TIME_UNITS=\"milliseconds\"/><TIME_ORDER>"
        "<TIME_SLOT TIME_SLOT_ID=\"ts1\" TIME_VALUE=\"250\"/><TIME_SLOT TIME_SLOT_ID=\"ts2\" "
        "TIME_VALUE=\"1250\"/></TIME_ORDER><TIER TIER_ID=\"refs\">";
    for (int k = depth; k >= 1; --k)
        xml += "<ANNOTATION><REF_ANNOTATION ANNOTATION_ID=\"a" + std::to_string(k) +
               "\" ANNOTATION_REF=\"a" + std::to_string(k - 1) +
               "\"><ANNOTATION_VALUE>r</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>";
    xml +=
        "</TIER><TIER TIER_ID=\"base\"><ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a0\" "
        "TIME_SLOT_REF1=\"ts1\" TIME_SLOT_REF2=\"ts2\"><ANNOTATION_VALUE>b</ANNOTATION_VALUE>"
        "</ALIGNABLE_ANNOTATION></ANNOTATION></TIER></ANNOTATION_DOCUMENT>";
    auto r = interop::parse_eaf(xml, "deep");
    REQUIRE(r.ok());
    const auto& events = r->observations.at(0).events;
    REQUIRE(events.size() == size_t(depth) + 1);
    for (const auto& e : events) {
        CHECK(e.start_us == 250000);
        CHECK(*e.stop_us == 1250000);
    }
}

TEST_CASE(
    "ELAN writer: times round to the nearest ms, the media offset becomes TIME_ORIGIN "
    "and reads back as the same offset",
    "[interop][elan]") {
    interop::ForeignObservation o;
    o.id = "o1", o.media = {"/data/p01.mp4"}, o.media_offset_us = 2999600;
    interop::ForeignEvent e;
    e.subject = "child", e.behaviour = "cry", e.start_us = 1033667, e.stop_us = 2000499;
    o.events = {e};
    const auto out = interop::write_eaf(o, {}, "tester", "2026-12-07T10:00:00+00:00");
    CHECK(out.xml.find("TIME_SLOT_ID=\"ts1\" TIME_VALUE=\"1034\"") != std::string::npos);
    CHECK(out.xml.find("TIME_SLOT_ID=\"ts2\" TIME_VALUE=\"2000\"") != std::string::npos);
    CHECK(out.xml.find("TIME_ORIGIN=\"-3000\"") != std::string::npos);
    auto back = interop::parse_eaf(out.xml, "o1");
    REQUIRE(back.ok());
    const auto& read = back->observations.at(0);
    CHECK(read.media_offset_us == 3000000);
    REQUIRE(read.events.size() == 1);
    CHECK(read.events[0].start_us == 1034000);
    CHECK(*read.events[0].stop_us == 2000000);
}

TEST_CASE("ELAN reader: malformed and hostile documents are one clear error", "[interop][elan]") {
    auto error_of = [](const std::string& xml) {
        auto r = interop::parse_eaf(xml, "x");
        return r.ok() ? std::string() : r.error().message;
    };
    CHECK(error_of("<ANNOTATION_DOCUMENT><TIME_ORDER>").find("malformed") != std::string::npos);
    CHECK(error_of("<html/>").find("no ANNOTATION_DOCUMENT") != std::string::npos);
    const std::string head = "<ANNOTATION_DOCUMENT><HEADER TIME_UNITS=\"milliseconds\"/>";
    CHECK(error_of(head + "<TIME_ORDER><TIME_SLOT TIME_SLOT_ID=\"ts1\" TIME_VALUE=\"-5\"/>"
                          "</TIME_ORDER></ANNOTATION_DOCUMENT>")
              .find("not a whole number") != std::string::npos);
    CHECK(error_of(head +
                   "<TIER TIER_ID=\"t\"><ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a1\" "
                   "TIME_SLOT_REF1=\"ts1\" TIME_SLOT_REF2=\"ts9\"/></ANNOTATION></TIER>"
                   "</ANNOTATION_DOCUMENT>")
              .find("time slot the document does not have") != std::string::npos);
    CHECK(error_of(head + "<TIER TIER_ID=\"t\"><ANNOTATION><REF_ANNOTATION ANNOTATION_ID=\"a2\" "
                          "ANNOTATION_REF=\"a2\"/></ANNOTATION></TIER></ANNOTATION_DOCUMENT>")
              .find("which has no time") != std::string::npos);
    // A TIME_ORIGIN past any recording's length (found by fuzz_eaf: it overflowed).
    CHECK(error_of("<ANNOTATION_DOCUMENT><HEADER><MEDIA_DESCRIPTOR MEDIA_URL=\"file:///a.mp4\" "
                   "TIME_ORIGIN=\"-9223372036854775807\"/></HEADER></ANNOTATION_DOCUMENT>")
              .find("TIME_ORIGIN") != std::string::npos);
    CHECK(error_of("<ANNOTATION_DOCUMENT><HEADER TIME_UNITS=\"PAL-frames\"/></ANNOTATION_DOCUMENT>")
              .find("Attune reads milliseconds") != std::string::npos);
    // Entity expansion ("billion laughs"): the document's own entities are never expanded,
    // so the value stays the few bytes written.
    std::string laughs = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY lol0 \"lol\">";
    for (int i = 1; i < 10; ++i) {
        laughs += "<!ENTITY lol" + std::to_string(i) + " \"";
        for (int k = 0; k < 10; ++k) laughs += "&lol" + std::to_string(i - 1) + ";";
        laughs += "\">";
    }
    laughs +=
        "]>" + head +
        "<TIME_ORDER><TIME_SLOT TIME_SLOT_ID=\"ts1\" TIME_VALUE=\"0\"/><TIME_SLOT "
        "TIME_SLOT_ID=\"ts2\" TIME_VALUE=\"10\"/></TIME_ORDER><TIER TIER_ID=\"t\"><ANNOTATION>"
        "<ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a1\" TIME_SLOT_REF1=\"ts1\" "
        "TIME_SLOT_REF2=\"ts2\"><ANNOTATION_VALUE>&lol9;</ANNOTATION_VALUE>"
        "</ALIGNABLE_ANNOTATION></ANNOTATION></TIER></ANNOTATION_DOCUMENT>";
    auto r = interop::parse_eaf(laughs, "x");
    REQUIRE(r.ok());
    REQUIRE(r->observations.at(0).events.size() == 1);
    CHECK(r->observations.at(0).events[0].behaviour.size() < 16);
    // UTF-16 with a byte-order mark reads like UTF-8.
    const std::string utf8 = head + "<TIER TIER_ID=\"t\"/></ANNOTATION_DOCUMENT>";
    std::string utf16 = "\xFF\xFE";
    for (char c : utf8) utf16 += std::string{c, '\0'};
    auto wide = interop::parse_eaf(utf16, "x");
    REQUIRE(wide.ok());
    CHECK(wide->subjects == std::vector<std::string>{"t"});
}

TEST_CASE(
    "ELAN reader: a Latin-1 document reads as its text, bytes that are not UTF-8 in a "
    "UTF-8 document are refused",
    "[interop][elan][utf8]") {
    const std::string body =
        "<ANNOTATION_DOCUMENT><HEADER TIME_UNITS=\"milliseconds\"/><TIME_ORDER>"
        "<TIME_SLOT TIME_SLOT_ID=\"ts1\" TIME_VALUE=\"0\"/><TIME_SLOT TIME_SLOT_ID=\"ts2\" "
        "TIME_VALUE=\"10\"/></TIME_ORDER><TIER TIER_ID=\"b\xE9"
        "b\xE9\"><ANNOTATION>"
        "<ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a1\" TIME_SLOT_REF1=\"ts1\" TIME_SLOT_REF2=\"ts2\">"
        "<ANNOTATION_VALUE>pleur\xE9</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION></TIER>"
        "</ANNOTATION_DOCUMENT>";
    auto latin1 = interop::parse_eaf("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + body, "x");
    REQUIRE(latin1.ok());
    CHECK(latin1->subjects == std::vector<std::string>{"b\xC3\xA9"
                                                       "b\xC3\xA9"});
    CHECK(latin1->observations.at(0).events.at(0).behaviour == "pleur\xC3\xA9");

    auto wrong = interop::parse_eaf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + body, "x");
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().message ==
          "the document says it is UTF-8 but byte 229 is not UTF-8 text; open it in ELAN and "
          "save it again (ELAN writes UTF-8), or correct its encoding declaration");
    // A character reference to a lone surrogate decodes to bytes no UTF-8 text may hold.
    auto surrogate = interop::parse_eaf(
        "<ANNOTATION_DOCUMENT><HEADER TIME_UNITS=\"milliseconds\"/><TIER TIER_ID=\"a&#xD800;\"/>"
        "</ANNOTATION_DOCUMENT>",
        "x");
    REQUIRE_FALSE(surrogate.ok());
    CHECK(surrogate.error().message.find("a subject's name is not UTF-8 text") !=
          std::string::npos);
}

TEST_CASE("ELAN reader: slots found by name however they are named", "[interop][elan]") {
    // ELAN's own ts1, ts2, ... are found by their number; any other naming (here out of
    // order, a repeated id, and names of our own) through the map, the repeated id's last
    // slot counting; a name that is neither is refused.
    const std::string head = "<ANNOTATION_DOCUMENT><HEADER TIME_UNITS=\"milliseconds\"/>";
    auto doc = [&](const std::string& slots, const std::string& ref1, const std::string& ref2) {
        return interop::parse_eaf(
            head + "<TIME_ORDER>" + slots +
                "</TIME_ORDER><TIER TIER_ID=\"t\"><ANNOTATION>"
                "<ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a1\" TIME_SLOT_REF1=\"" +
                ref1 + "\" TIME_SLOT_REF2=\"" + ref2 +
                "\"><ANNOTATION_VALUE>v</ANNOTATION_VALUE>"
                "</ALIGNABLE_ANNOTATION></ANNOTATION></TIER>"
                "</ANNOTATION_DOCUMENT>",
            "x");
    };
    auto slot = [](const std::string& id, int ms) {
        return "<TIME_SLOT TIME_SLOT_ID=\"" + id + "\" TIME_VALUE=\"" + std::to_string(ms) + "\"/>";
    };
    auto span = [](const Result<interop::ForeignProject>& r) {
        REQUIRE(r.ok());
        const auto& e = r->observations.at(0).events.at(0);
        return std::pair{e.start_us / 1000, *e.stop_us / 1000};
    };
    CHECK(span(doc(slot("ts1", 100) + slot("ts2", 250), "ts1", "ts2")) == std::pair{100L, 250L});
    CHECK(span(doc(slot("ts2", 100) + slot("ts1", 250), "ts2", "ts1")) == std::pair{100L, 250L});
    CHECK(span(doc(slot("start", 10) + slot("end", 20) + slot("end", 30), "start", "end")) ==
          std::pair{10L, 30L});
    for (const char* bad : {"ts01", "ts3", "ts0", "ts1x", "t1"})
        CHECK_FALSE(doc(slot("ts1", 100) + slot("ts2", 250), "ts1", bad).ok());
}
