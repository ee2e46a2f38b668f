#pragma once
// The workstation's colours and spacing, named for what they mean, in one place. Views and
// application.cpp take every colour from here instead of writing literals, so a theme change is
// one file and two views that mean "error" cannot drift apart. Values are exactly those the views
// used before (screenshots must not change); text colours are ImVec4 for ImGui::TextColored,
// draw-list colours are packed ImU32 for ImDrawList.
#include <imgui.h>

namespace attune::app::ui::palette {

// An RGBA colour as a compile-time constant (Debian's ImGui 1.86 has no constexpr ImVec4).
struct Rgba {
    float r, g, b, a;
    operator ImVec4() const { return ImVec4(r, g, b, a); }  // NOLINT: meant to convert
};

// Text: what a message means.
inline constexpr Rgba kTextOk{0.5f, 0.9f, 0.5f, 1};           // "no problems", "saved", "ok"
inline constexpr Rgba kTextError{1, 0.5f, 0.4f, 1};           // an error the user must act on
inline constexpr Rgba kTextWarning{1, 0.85f, 0.4f, 1};        // a warning; the advisory banner
inline constexpr Rgba kTextNote{0.7f, 0.7f, 0.7f, 1};         // a validity note
inline constexpr Rgba kTextCaution{1, 0.7f, 0.4f, 1};         // a classification input problem
inline constexpr Rgba kTextHintHolds{0.6f, 0.85f, 1, 1};      // an advisory hint that holds
inline constexpr Rgba kTextHintIdle{0.6f, 0.6f, 0.6f, 1};     // one that does not
inline constexpr Rgba kTextRunning{1, 0.8f, 0.3f, 1};         // a state event still open
inline constexpr Rgba kTextAlreadyThere{1, 0.8f, 0.4f, 1};    // an import already in the study
inline constexpr Rgba kTextVideoProblem{1, 0.55f, 0.45f, 1};  // the recording cannot be shown
inline constexpr Rgba kTextVideoDiffers{1, 0.75f, 0.35f, 1};  // the file is not the one indexed
inline constexpr Rgba kTextSubject{0.6f, 0.8f, 1, 1};         // the subject chooser's choice
inline constexpr Rgba kTextSaveFailed{1, 0.45f, 0.35f, 1};    // the study could not be saved
inline constexpr Rgba kTextStatus{0.9f, 0.9f, 0.6f, 1};       // the status line's last message

// Behaviour colours: a hue from the behaviour's name at this saturation and value.
inline constexpr float kBehaviourSaturation = 0.55f;
inline constexpr float kBehaviourValue = 0.85f;
inline constexpr float kOpenStateAlpha = 0.45f;  // a state event still running, drawn faint

// Timeline.
inline constexpr ImU32 kOpaque = IM_COL32(0, 0, 0, 255);  // OR-ed in: the header hides lanes
inline constexpr ImU32 kRulerTick = IM_COL32(160, 160, 160, 255);
inline constexpr ImU32 kRulerLabel = IM_COL32(170, 170, 170, 255);
inline constexpr ImU32 kLaneTitle = IM_COL32(200, 200, 200, 255);  // "Episodes", "Audio"
inline constexpr ImU32 kLaneLabel = IM_COL32(210, 210, 210, 255);  // behaviour (subject)
inline constexpr ImU32 kLaneStripe = IM_COL32(255, 255, 255, 10);  // every other lane
inline constexpr ImU32 kEpisodeFill = IM_COL32(75, 110, 155, 255);
inline constexpr ImU32 kEpisodeFillAlternate = IM_COL32(60, 90, 130, 255);
inline constexpr ImU32 kEpisodeNominal = IM_COL32(220, 220, 220, 200);  // the nominal length
inline constexpr ImU32 kEpisodeLabel = IM_COL32(255, 255, 255, 255);
inline constexpr ImU32 kEpisodeFlagged =
    IM_COL32(255, 200, 120, 255);                                 // short or long without a marker
inline constexpr ImU32 kSelected = IM_COL32(255, 255, 255, 255);  // outline of a selection
inline constexpr ImU32 kPlayhead = IM_COL32(255, 80, 80, 255);
inline constexpr ImU32 kDragGhost = IM_COL32(255, 255, 255, 200);  // where a dragged edge lands
inline constexpr ImU32 kWaveform = IM_COL32(120, 200, 140, 255);
inline constexpr ImU32 kWaveformStatus = IM_COL32(150, 150, 150, 255);  // "no audio", progress

// The review: where the two passes disagree, and the disagreement shown.
inline constexpr ImU32 kDisagreementBand = IM_COL32(255, 90, 60, 45);
inline constexpr ImU32 kDisagreementShown = IM_COL32(255, 170, 60, 110);
inline constexpr ImU32 kDisagreeingEventOutline = IM_COL32(255, 110, 80, 255);
inline constexpr Rgba kTextSettled{0.5f, 0.9f, 0.5f, 1};    // a disagreement settled
inline constexpr Rgba kTextOpenQuestion{1, 0.7f, 0.4f, 1};  // one not settled yet

// Review comments: the badge on what has a thread (event list, rating cell, timeline).
inline constexpr Rgba kTextCommentBadge{0.55f, 0.8f, 1, 1};
inline constexpr ImU32 kCommentBadge = IM_COL32(140, 205, 255, 255);

// Video overlays.
inline constexpr ImU32 kVideoBackground = IM_COL32(0, 0, 0, 255);
inline constexpr ImU32 kOverlayBackdrop = IM_COL32(0, 0, 0, 170);
inline constexpr ImU32 kOverlayText = IM_COL32(255, 255, 255, 255);
inline constexpr ImU32 kOverlayPlayState = IM_COL32(255, 230, 120, 255);  // "playing 2x"

// Video feedback: moments on their strip, the marks of the next one, the family's screen.
inline constexpr ImU32 kMomentStrength = IM_COL32(90, 170, 110, 255);
inline constexpr ImU32 kMomentThink = IM_COL32(200, 150, 70, 255);
inline constexpr ImU32 kMomentLabel = IM_COL32(255, 255, 255, 255);
inline constexpr ImU32 kMomentStrip = IM_COL32(40, 44, 52, 255);
inline constexpr ImU32 kMarkInOut = IM_COL32(120, 220, 255, 255);
inline constexpr ImU32 kMarkFreeze = IM_COL32(255, 255, 140, 255);
inline constexpr ImU32 kFamilyBackground = IM_COL32(0, 0, 0, 255);
inline constexpr ImU32 kFamilyCaption = IM_COL32(255, 255, 255, 255);
inline constexpr Rgba kTextPrivate{0.85f, 0.7f, 1, 1};  // a therapist's note: never the family's

// Tallies bar chart.
inline constexpr ImU32 kChartAxis = IM_COL32(180, 180, 180, 255);
inline constexpr ImU32 kChartInterval = IM_COL32(255, 255, 255, 200);  // the exact 95% whisker
inline constexpr ImU32 kChartNorm = IM_COL32(255, 230, 120, 255);
inline constexpr ImU32 kChartLabel = IM_COL32(220, 220, 220, 255);

// Spacing, in pixels.
inline constexpr float kTimelineLabelWidth = 210.0f;  // lane names left of the time axis
inline constexpr float kTimelineRowPadding = 4.0f;    // added to the text height per lane
inline constexpr float kOverlayPadX = 6.0f, kOverlayPadY = 3.0f;  // inside an overlay's box
inline constexpr float kOverlayMargin = 8.0f;    // from the picture's edge to an overlay
inline constexpr float kOverlayRounding = 4.0f;  // an overlay box's corners
inline constexpr float kChartBarGap = 12.0f;     // between two bars of the tallies chart
inline constexpr float kChartInset = 10.0f;      // before the first bar
inline constexpr float kGroupGap = 20.0f;        // SameLine gap between two groups of controls
inline constexpr float kWideGroupGap = 30.0f;

}  // namespace attune::app::ui::palette
