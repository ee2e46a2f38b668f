#include "attune/coding/rule_hints.hpp"

#include <functional>

#include "attune/coding/expression.hpp"

namespace attune {

bool hints_may_show(PassRole role, const std::optional<Classification>& classification) {
    return why_hints_hidden(role, classification).empty();
}

std::string why_hints_hidden(PassRole role, const std::optional<Classification>& classification) {
    if (role == PassRole::Reliability)
        return "Rule hints are not shown in a reliability pass: its classification must be "
               "independent of any suggestion.";
    if (!classification || classification->code.empty())
        return "Rule hints appear once you have entered your own classification, so that they "
               "never anchor it.";
    return "";
}

std::vector<HintResult> evaluate_hints(const Scheme& scheme, const std::vector<Rating>& ratings) {
    auto cell = [&](const CellRef& c) -> std::optional<double> {
        for (const Rating& r : ratings)
            if (r.scale == c.scale && r.target == c.target && r.episode == c.episode)
                return r.value;
        return std::nullopt;
    };
    std::map<std::string, std::optional<bool>> memo;
    std::function<std::optional<bool>(const std::string&)> hint_value =
        [&](const std::string& id) -> std::optional<bool> {
        if (auto it = memo.find(id); it != memo.end()) return it->second;
        memo[id] = std::nullopt;  // guards against a hint that refers to itself
        for (const RuleHint& h : scheme.hints) {
            if (h.id != id) continue;
            auto e = Expression::parse(h.expr);
            if (!e) break;
            auto names_ok = true;
            for (const auto& n : e->names()) names_ok = names_ok && hint_value(n).has_value();
            auto v = names_ok ? e->holds(cell, hint_value) : std::nullopt;
            return memo[id] = v;
        }
        return std::nullopt;
    };

    std::vector<HintResult> out;
    for (const RuleHint& h : scheme.hints) {
        HintResult r;
        r.id = h.id;
        r.suggests = h.suggests;
        r.strength = h.strength;
        r.message = h.message;
        const auto v = hint_value(h.id);
        r.state = !v   ? HintResult::State::InsufficientData
                  : *v ? HintResult::State::Holds
                       : HintResult::State::DoesNotHold;
        if (auto e = Expression::parse(h.expr))
            for (const CellRef& c : e->cells())
                if (auto value = cell(c))
                    r.cells.push_back({c.scale, c.target, c.episode, static_cast<int>(*value)});
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace attune
