#include "attune/coding/expression.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace attune {

struct Expression::Node {
    enum class Kind { Number, Cell, Name, Call, Not, Binary, In } kind = Kind::Number;
    double number = 0;
    CellRef cell;
    std::string name;  // hint name, function name or operator
    std::vector<std::shared_ptr<const Node>> args;
    double lo = 0, hi = 0;
    int depth = 1;  // levels below and including this node; bounded by kMaxDepth
};

namespace {

using Node = Expression::Node;
using NodePtr = std::shared_ptr<const Node>;

// Parsing, evaluating and freeing an expression each recurse once per level, so a level
// limit keeps a hostile scheme (10,000 brackets, 100,000 '!', a chain of 100,000 '&&') from
// exhausting the stack. Real hints are a handful of levels deep.
constexpr int kMaxDepth = 200;
const std::string kTooDeep = "the expression nests more than " + std::to_string(kMaxDepth) +
                             " levels deep (brackets, '!', '&&', '||' and arguments each add "
                             "one); split it into several hints";

class Parser {
  public:
    Parser(const std::string& text, std::vector<CellRef>& cells, std::vector<std::string>& names)
        : s_(text), cells_(cells), names_(names) {}

    Result<NodePtr> parse() {
        auto n = disjunction();
        if (!error_.empty()) return Error{error_};
        skip();
        if (!error_.empty()) return Error{error_};
        if (i_ != s_.size())
            return Error{"unexpected '" + s_.substr(i_, 10) + "' at character " +
                         std::to_string(i_ + 1)};
        return n;
    }

  private:
    void skip() {
        while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
    }
    bool eat(const std::string& tok) {
        skip();
        if (s_.compare(i_, tok.size(), tok) != 0) return false;
        i_ += tok.size();
        return true;
    }
    void fail(const std::string& what) {
        if (error_.empty()) error_ = what + " at character " + std::to_string(i_ + 1);
    }
    NodePtr make(Node n) {
        for (const auto& a : n.args)
            if (a) n.depth = std::max(n.depth, a->depth + 1);
        if (n.depth > kMaxDepth) {
            fail(kTooDeep);
            return nullptr;  // the deep operands are freed here, each below the limit
        }
        return std::make_shared<const Node>(std::move(n));
    }
    // Counts the parser's own recursion (brackets and '!' recurse before any node exists).
    struct Level {
        explicit Level(Parser& p) : p_(p) {
            if (++p_.level_ > kMaxDepth) p_.fail(kTooDeep);
        }
        ~Level() { --p_.level_; }
        bool too_deep() const { return p_.level_ > kMaxDepth; }
        Parser& p_;
    };
    NodePtr binary(const std::string& op, NodePtr l, NodePtr r) {
        Node n;
        n.kind = Node::Kind::Binary;
        n.name = op;
        n.args = {std::move(l), std::move(r)};
        return make(std::move(n));
    }

    NodePtr disjunction() {
        auto l = conjunction();
        while (error_.empty() && eat("||")) l = binary("||", l, conjunction());
        return l;
    }
    NodePtr conjunction() {
        auto l = negation();
        while (error_.empty() && eat("&&")) l = binary("&&", l, negation());
        return l;
    }
    NodePtr negation() {
        // Every bracket, argument and '!' passes through here once, so this counts them all.
        const Level level(*this);
        if (level.too_deep()) return nullptr;
        skip();
        if (i_ < s_.size() && s_[i_] == '!' && s_.compare(i_, 2, "!=") != 0) {
            ++i_;
            Node n;
            n.kind = Node::Kind::Not;
            n.args = {negation()};
            return make(std::move(n));
        }
        return comparison();
    }
    NodePtr comparison() {
        auto l = primary();
        for (const char* op : {">=", "<=", "==", "!=", ">", "<"})
            if (eat(op)) return binary(op, l, primary());
        skip();
        if (s_.compare(i_, 2, "in") == 0 &&
            (i_ + 2 >= s_.size() || !std::isalnum(static_cast<unsigned char>(s_[i_ + 2])))) {
            i_ += 2;
            Node n;
            n.kind = Node::Kind::In;
            n.args = {l};
            if (!eat("[")) fail("expected '[' after 'in'");
            n.lo = number();
            if (!eat(",")) fail("expected ',' in 'in [low, high]'");
            n.hi = number();
            if (!eat("]")) fail("expected ']'");
            return make(std::move(n));
        }
        return l;
    }
    double number() {
        skip();
        size_t used = 0;
        double v = 0;
        try {
            v = std::stod(s_.substr(i_), &used);
        } catch (...) {
            fail("expected a number");
        }
        i_ += used;
        return v;
    }
    NodePtr primary() {
        skip();
        if (i_ >= s_.size()) {
            fail("expression ends too early");
            return nullptr;
        }
        if (eat("(")) {
            auto n = disjunction();
            if (!eat(")")) fail("expected ')'");
            return n;
        }
        if (std::isdigit(static_cast<unsigned char>(s_[i_])) || s_[i_] == '-' || s_[i_] == '.') {
            Node n;
            n.kind = Node::Kind::Number;
            n.number = number();
            return make(std::move(n));
        }
        std::vector<std::string> parts(1);
        while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) ||
                                  s_[i_] == '_' || s_[i_] == '.')) {
            if (s_[i_] == '.')
                parts.emplace_back();
            else
                parts.back() += s_[i_];
            ++i_;
        }
        if (parts.front().empty()) {
            fail("unexpected '" + s_.substr(i_, 1) + "'");
            return nullptr;
        }
        if (parts.size() == 1 && eat("(")) {
            Node n;
            n.kind = Node::Kind::Call;
            n.name = parts.front();
            if (n.name != "max" && n.name != "min" && n.name != "mean")
                fail("unknown function '" + n.name + "' (use max, min or mean)");
            do n.args.push_back(disjunction());
            while (error_.empty() && eat(","));
            if (!eat(")")) fail("expected ')' after the arguments of " + n.name);
            return make(std::move(n));
        }
        if (parts.size() == 3) {
            Node n;
            n.kind = Node::Kind::Cell;
            n.cell = {parts[0], parts[1], parts[2]};
            cells_.push_back(n.cell);
            return make(std::move(n));
        }
        if (parts.size() == 1) {
            Node n;
            n.kind = Node::Kind::Name;
            n.name = parts[0];
            names_.push_back(n.name);
            return make(std::move(n));
        }
        fail("a cell reference has three parts, SCALE.target.EPISODE");
        return nullptr;
    }

    const std::string& s_;
    size_t i_ = 0;
    int level_ = 0;
    std::string error_;
    std::vector<CellRef>& cells_;
    std::vector<std::string>& names_;
};

using Value = std::optional<double>;

Value eval(const Node& n, const Expression::CellLookup& cell, const Expression::NameLookup& name) {
    switch (n.kind) {
        case Node::Kind::Number:
            return n.number;
        case Node::Kind::Cell:
            return cell(n.cell);
        case Node::Kind::Name: {
            auto b = name(n.name);
            return b ? Value(*b ? 1.0 : 0.0) : std::nullopt;
        }
        case Node::Kind::Call: {
            std::vector<double> xs;
            for (const auto& a : n.args) {
                auto v = eval(*a, cell, name);
                if (!v) return std::nullopt;
                xs.push_back(*v);
            }
            double r = xs.front();
            for (double x : xs)
                r = n.name == "max" ? std::max(r, x) : n.name == "min" ? std::min(r, x) : r;
            if (n.name == "mean") {
                r = 0;
                for (double x : xs) r += x;
                r /= static_cast<double>(xs.size());
            }
            return r;
        }
        case Node::Kind::Not: {
            auto v = eval(*n.args[0], cell, name);
            return v ? Value(*v == 0 ? 1.0 : 0.0) : std::nullopt;
        }
        case Node::Kind::In: {
            auto v = eval(*n.args[0], cell, name);
            if (!v) return 0.0;  // comparisons with missing data are false
            return (*v >= n.lo && *v <= n.hi) ? 1.0 : 0.0;
        }
        case Node::Kind::Binary: {
            auto l = eval(*n.args[0], cell, name);
            if (n.name == "&&" || n.name == "||") {
                auto r = eval(*n.args[1], cell, name);
                const bool lb = l && *l != 0, rb = r && *r != 0;
                if (n.name == "&&") return (lb && rb) ? 1.0 : 0.0;  // missing counts as false
                return (lb || rb) ? 1.0 : 0.0;
            }
            auto r = eval(*n.args[1], cell, name);
            if (!l || !r) return 0.0;  // any comparison with null is false
            const double a = *l, b = *r;
            bool t = false;
            if (n.name == ">=")
                t = a >= b;
            else if (n.name == "<=")
                t = a <= b;
            else if (n.name == "==")
                t = a == b;
            else if (n.name == "!=")
                t = a != b;
            else if (n.name == ">")
                t = a > b;
            else
                t = a < b;
            return t ? 1.0 : 0.0;
        }
    }
    return std::nullopt;
}

}  // namespace

Result<Expression> Expression::parse(const std::string& text) {
    Expression e;
    Parser p(text, e.cells_, e.names_);
    auto root = p.parse();
    if (!root) return root.error();
    e.root_ = *root;
    return e;
}

std::optional<double> Expression::value(const CellLookup& cell, const NameLookup& name) const {
    return eval(*root_, cell, name);
}

std::optional<bool> Expression::holds(const CellLookup& cell, const NameLookup& name) const {
    // A hint "holds" only when every cell it reads is present; otherwise the data is insufficient.
    for (const auto& c : cells_)
        if (!cell(c)) return std::nullopt;
    auto v = value(cell, name);
    if (!v) return std::nullopt;
    return *v != 0;
}

}  // namespace attune
