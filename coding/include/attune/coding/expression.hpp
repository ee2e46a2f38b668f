#pragma once
// The small expression language of rule hints and derived scores:
//   max(AV.parent.E5, AV.parent.E8) >= 5 && H_A && RS.parent.E5 in [1, 3]
// Cell references are SCALE.target.EPISODE; a bare identifier names another
// hint. A missing cell is null; any comparison with null is false, so a hint
// with missing data never fires (the UI says "insufficient data").
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "attune/result.hpp"

namespace attune {

struct CellRef {
    std::string scale, target, episode;
    std::string text() const { return scale + "." + target + "." + episode; }
};

class Expression {
  public:
    static Result<Expression> parse(const std::string& text);
    // Every cell and every hint id the expression mentions.
    const std::vector<CellRef>& cells() const { return cells_; }
    const std::vector<std::string>& names() const { return names_; }

    using CellLookup = std::function<std::optional<double>(const CellRef&)>;
    using NameLookup = std::function<std::optional<bool>(const std::string&)>;
    // True, false, or nothing when the data needed is missing.
    std::optional<bool> holds(const CellLookup& cell, const NameLookup& name) const;
    std::optional<double> value(const CellLookup& cell, const NameLookup& name) const;

    struct Node;

  private:
    std::shared_ptr<const Node> root_;
    std::vector<CellRef> cells_;
    std::vector<std::string> names_;
};

}  // namespace attune
