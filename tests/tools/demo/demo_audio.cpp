#include "demo_audio.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace attune::demo {
namespace {
constexpr double kTwoPi = 2 * std::numbers::pi;
constexpr double kSyllable = 1.1;  // seconds per "waa" and the breath after it
constexpr double kVoiced = 0.75;

// Weight of harmonic frequency f: the formants of an infant's open vowel.
double formant_gain(double f) {
    return 1.0 + 2.5 * std::exp(-std::pow((f - 1100) / 450, 2)) +
           1.5 * std::exp(-std::pow((f - 3100) / 700, 2));
}
}  // namespace

DemoAudio::DemoAudio(const DemoScript& script, int sample_rate)
    : script_(script), rate_(sample_rate) {}

float DemoAudio::cry_sample(double t, float intensity) {
    const double in_syllable = std::fmod(t, kSyllable);
    const double noise = uniform_(rng_);
    if (in_syllable >= kVoiced) {  // the gasp between cries: breathy noise
        const double breath =
            std::sin(std::numbers::pi * (in_syllable - kVoiced) / (kSyllable - kVoiced));
        return static_cast<float>(0.05 * intensity * breath * noise);
    }
    const double p = in_syllable / kVoiced;  // 0..1 through the voiced part
    const double f0 =
        430 + 90 * std::sin(std::numbers::pi * p) - 70 * p + 14 * std::sin(kTwoPi * 7 * t);
    phase_ = std::fmod(phase_ + kTwoPi * f0 / rate_, kTwoPi);
    double voice = 0;
    for (int h = 1; h <= 9; ++h) voice += formant_gain(h * f0) / h * std::sin(h * phase_);
    const double envelope = std::min({1.0, in_syllable / 0.06, (kVoiced - in_syllable) / 0.12});
    return static_cast<float>(intensity * 0.11 * envelope * (voice + 0.15 * noise));
}

float DemoAudio::door_sample(double t) const {
    for (const ScriptEvent& e : script_.events()) {
        const double dt = t - e.start_s;
        if (e.subject == "procedure" || e.subject == "child" || dt < 0 || dt > 0.25) continue;
        return static_cast<float>(0.35 * std::exp(-dt * 25) * std::sin(kTwoPi * 95 * dt));
    }
    return 0.f;
}

void DemoAudio::render(float* out, int count) {
    for (int i = 0; i < count; ++i, ++n_) {
        const double t = static_cast<double>(n_) / rate_;
        noise_lp_ += 0.02f * (uniform_(rng_) - noise_lp_);
        float s = 0.08f * noise_lp_ + door_sample(t);
        const float cry = script_.cry_at(t);
        if (cry > 0) s += cry_sample(t, cry);
        out[i] = std::clamp(s, -1.f, 1.f);
    }
}

}  // namespace attune::demo
