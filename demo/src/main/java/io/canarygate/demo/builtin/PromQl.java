package io.canarygate.demo.builtin;

import io.canarygate.core.Durations;
import io.canarygate.core.metrics.BadQueryException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/**
 * Parses the small PromQL subset the built-in evaluator runs: {@code sum/min/max/avg/count [by|without (…)]},
 * {@code rate()} and {@code increase()} over range selectors with label matchers, {@code histogram_quantile()},
 * numbers, parentheses and {@code + - * /}. Anything else is rejected with a message that names it, never guessed.
 */
public final class PromQl {
    /** What error messages say the evaluator understands. */
    public static final String SUPPORTED =
            "it understands sum/min/max/avg/count [by (…)], rate(…[5m]), increase(…[5m]),"
                    + " histogram_quantile(φ, …), label matchers (= != =~ !~), numbers and + - * /;"
                    + " install prometheus (on PATH) to evaluate any PromQL";

    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "count");
    private static final Set<String> KEYWORDS = Set.of(
            "by", "without", "offset", "bool", "and", "or", "unless", "on", "ignoring", "group_left", "group_right");

    private final String query;
    private final List<Token> tokens;
    private int pos;

    private PromQl(String query) {
        this.query = query;
        this.tokens = tokenize(query);
    }

    /**
     * Parses {@code query}.
     *
     * @throws BadQueryException naming what is not supported or malformed
     */
    public static Expr parse(String query) {
        PromQl p = new PromQl(query);
        Expr e = p.expression();
        Token rest = p.peek();
        if (rest.kind == Kind.OP) {
            throw p.unsupported(rest, "operator " + rest.text + " is not supported");
        }
        if (rest.kind == Kind.IDENT && KEYWORDS.contains(rest.text)) {
            throw p.unsupported(rest, "\"" + rest.text + "\" is not supported");
        }
        if (rest.kind != Kind.END) {
            throw p.unsupported(rest, "unexpected " + rest.describe());
        }
        p.requireInstant(e);
        return e;
    }

    private enum Kind {
        IDENT,
        NUMBER,
        STRING,
        PUNCT,
        OP,
        RANGE,
        END
    }

    private record Token(Kind kind, String text, int at) {
        String describe() {
            return kind == Kind.END ? "end of query" : "\"" + text + "\" at column " + (at + 1);
        }
    }

    private Expr expression() {
        Expr left = term();
        while (peek().kind == Kind.OP && (peek().text.equals("+") || peek().text.equals("-"))) {
            char op = next().text.charAt(0);
            left = binary(op, left, term());
        }
        return left;
    }

    private Expr term() {
        Expr left = unary();
        while (peek().kind == Kind.OP && (peek().text.equals("*") || peek().text.equals("/"))) {
            char op = next().text.charAt(0);
            left = binary(op, left, unary());
        }
        return left;
    }

    private Expr binary(char op, Expr left, Expr right) {
        requireInstant(left);
        requireInstant(right);
        return new Expr.Binary(op, left, right);
    }

    private Expr unary() {
        if (peek().kind == Kind.OP && peek().text.equals("-")) {
            next();
            return new Expr.Binary('*', new Expr.Number(-1), unary());
        }
        if (peek().kind == Kind.OP && peek().text.equals("+")) {
            next();
            return unary();
        }
        return primary();
    }

    private Expr primary() {
        Token t = peek();
        if (t.kind == Kind.NUMBER) {
            next();
            return new Expr.Number(Double.parseDouble(t.text));
        }
        if (t.kind == Kind.PUNCT && t.text.equals("(")) {
            next();
            Expr inner = expression();
            expect(")");
            return inner;
        }
        if (t.kind == Kind.PUNCT && t.text.equals("{")) {
            return selector(null);
        }
        if (t.kind != Kind.IDENT) {
            throw unsupported(t, "unexpected " + t.describe());
        }
        if (KEYWORDS.contains(t.text)) {
            throw unsupported(t, "\"" + t.text + "\" is not supported by the built-in evaluator");
        }
        next();
        if (AGGREGATIONS.contains(t.text)) {
            return aggregate(t.text);
        }
        if (peek().kind == Kind.PUNCT && peek().text.equals("(")) {
            return function(t);
        }
        return selector(t.text);
    }

    private Expr aggregate(String op) {
        List<String> grouping = List.of();
        boolean without = false;
        boolean grouped = false;
        if (peek().kind == Kind.IDENT
                && (peek().text.equals("by") || peek().text.equals("without"))) {
            without = next().text.equals("without");
            grouping = labelList();
            grouped = true;
        }
        expect("(");
        Expr inner = expression();
        expect(")");
        requireInstant(inner);
        if (!grouped
                && peek().kind == Kind.IDENT
                && (peek().text.equals("by") || peek().text.equals("without"))) {
            without = next().text.equals("without");
            grouping = labelList();
        }
        return new Expr.Aggregate(op, grouping, without, inner);
    }

    private List<String> labelList() {
        expect("(");
        List<String> labels = new ArrayList<>();
        while (!(peek().kind == Kind.PUNCT && peek().text.equals(")"))) {
            Token label = next();
            if (label.kind != Kind.IDENT) {
                throw unsupported(label, "expected a label name, found " + label.describe());
            }
            labels.add(label.text);
            if (peek().kind == Kind.PUNCT && peek().text.equals(",")) {
                next();
            }
        }
        expect(")");
        return labels;
    }

    private Expr function(Token name) {
        expect("(");
        Expr result;
        switch (name.text) {
            case "rate", "increase" -> {
                Expr arg = expression();
                if (!(arg instanceof Expr.Selector s) || s.range().isEmpty()) {
                    throw unsupported(name, name.text + "() needs a range selector such as metric{…}[1m]");
                }
                result = new Expr.CounterFunction(name.text, s);
            }
            case "histogram_quantile" -> {
                Token q = next();
                if (q.kind != Kind.NUMBER) {
                    throw unsupported(q, "histogram_quantile() needs a number first, e.g. 0.95");
                }
                expect(",");
                Expr buckets = expression();
                requireInstant(buckets);
                result = new Expr.HistogramQuantile(Double.parseDouble(q.text), buckets);
            }
            default -> throw unsupported(name, "function " + name.text + "() is not supported");
        }
        expect(")");
        return result;
    }

    private Expr.Selector selector(String name) {
        List<Expr.Matcher> matchers = new ArrayList<>();
        if (name != null) {
            matchers.add(Expr.Matcher.of(SeriesHistory.NAME, "=", name));
        }
        if (peek().kind == Kind.PUNCT && peek().text.equals("{")) {
            next();
            while (!(peek().kind == Kind.PUNCT && peek().text.equals("}"))) {
                Token label = next();
                if (label.kind != Kind.IDENT) {
                    throw unsupported(label, "expected a label name, found " + label.describe());
                }
                Token op = next();
                if (op.kind != Kind.OP || !Set.of("=", "!=", "=~", "!~").contains(op.text)) {
                    throw unsupported(op, "expected = != =~ or !~ after " + label.text + ", found " + op.describe());
                }
                Token value = next();
                if (value.kind != Kind.STRING) {
                    throw unsupported(
                            value, "expected a quoted value for " + label.text + ", found " + value.describe());
                }
                try {
                    matchers.add(Expr.Matcher.of(label.text, op.text, value.text));
                } catch (PatternSyntaxException e) {
                    throw unsupported(value, "invalid regex for " + label.text + ": " + e.getDescription());
                }
                if (peek().kind == Kind.PUNCT && peek().text.equals(",")) {
                    next();
                }
            }
            expect("}");
        }
        if (matchers.isEmpty()) {
            throw unsupported(peek(), "a selector needs a metric name or a label matcher");
        }
        Optional<Duration> range = Optional.empty();
        if (peek().kind == Kind.RANGE) {
            Token r = next();
            Optional<Duration> d = Durations.parse(r.text);
            if (d.isEmpty() || d.get().isZero()) {
                throw unsupported(r, "[" + r.text + "] is not a range; write e.g. [30s] or [5m]");
            }
            range = d;
        }
        if (peek().kind == Kind.IDENT && peek().text.equals("offset")) {
            throw unsupported(peek(), "\"offset\" is not supported");
        }
        return new Expr.Selector(matchers, range);
    }

    private void requireInstant(Expr e) {
        if (e instanceof Expr.Selector s && s.range().isPresent()) {
            throw new BadQueryException(message("a range selector ["
                    + Durations.format(s.range().get()) + "] must be inside rate() or increase()"));
        }
    }

    private void expect(String punct) {
        Token t = next();
        if (t.kind == Kind.IDENT && KEYWORDS.contains(t.text)) {
            throw unsupported(t, "\"" + t.text + "\" is not supported");
        }
        if (t.kind == Kind.OP) {
            throw unsupported(t, "operator " + t.text + " is not supported");
        }
        if (t.kind != Kind.PUNCT || !t.text.equals(punct)) {
            throw unsupported(t, "expected \"" + punct + "\", found " + t.describe());
        }
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind != Kind.END) {
            pos++;
        }
        return t;
    }

    private BadQueryException unsupported(Token at, String what) {
        return new BadQueryException(message(
                what + (at.kind == Kind.END || what.contains(" at column ") ? "" : " (column " + (at.at + 1) + ")")));
    }

    private String message(String what) {
        return "built-in evaluator cannot run " + quote(query) + ": " + what + "; " + SUPPORTED;
    }

    private static String quote(String q) {
        return "\"" + q.replace("\"", "\\\"") + "\"";
    }

    private List<Token> tokenize(String q) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < q.length()) {
            char c = q.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < q.length()
                        && (Character.isLetterOrDigit(q.charAt(i)) || q.charAt(i) == '_' || q.charAt(i) == ':')) {
                    i++;
                }
                out.add(new Token(Kind.IDENT, q.substring(start, i), start));
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < q.length() && Character.isDigit(q.charAt(i + 1)))) {
                int start = i;
                while (i < q.length() && (Character.isDigit(q.charAt(i)) || q.charAt(i) == '.')) {
                    i++;
                }
                if (i < q.length() && (q.charAt(i) == 'e' || q.charAt(i) == 'E')) {
                    i++;
                    if (i < q.length() && (q.charAt(i) == '+' || q.charAt(i) == '-')) {
                        i++;
                    }
                    while (i < q.length() && Character.isDigit(q.charAt(i))) {
                        i++;
                    }
                }
                String text = q.substring(start, i);
                try {
                    Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new BadQueryException(
                            message("\"" + text + "\" at column " + (start + 1) + " is not a number"));
                }
                out.add(new Token(Kind.NUMBER, text, start));
            } else if (c == '"' || c == '\'' || c == '`') {
                int start = i;
                StringBuilder b = new StringBuilder();
                i++;
                while (i < q.length() && q.charAt(i) != c) {
                    char d = q.charAt(i);
                    if (d == '\\' && c != '`' && i + 1 < q.length()) {
                        char e = q.charAt(i + 1);
                        switch (e) {
                            case 'n' -> b.append('\n');
                            case 't' -> b.append('\t');
                            case '\\', '"', '\'' -> b.append(e);
                            default -> b.append('\\').append(e);
                        }
                        i += 2;
                    } else {
                        b.append(d);
                        i++;
                    }
                }
                if (i >= q.length()) {
                    throw new BadQueryException(message("unterminated string starting at column " + (start + 1)));
                }
                i++;
                out.add(new Token(Kind.STRING, b.toString(), start));
            } else if (c == '[') {
                int end = q.indexOf(']', i);
                if (end < 0) {
                    throw new BadQueryException(message("unclosed \"[\" at column " + (i + 1)));
                }
                String inside = q.substring(i + 1, end).strip();
                if (inside.contains(":")) {
                    throw new BadQueryException(message("subqueries [" + inside + "] are not supported"));
                }
                out.add(new Token(Kind.RANGE, inside, i));
                i = end + 1;
            } else if ("(){},".indexOf(c) >= 0) {
                out.add(new Token(Kind.PUNCT, String.valueOf(c), i));
                i++;
            } else {
                String two = i + 1 < q.length() ? q.substring(i, i + 2) : "";
                if (Set.of("!=", "=~", "!~", "==", ">=", "<=").contains(two)) {
                    out.add(new Token(Kind.OP, two, i));
                    i += 2;
                } else if ("=+-*/%^<>".indexOf(c) >= 0) {
                    out.add(new Token(Kind.OP, String.valueOf(c), i));
                    i++;
                } else {
                    throw new BadQueryException(message("unexpected character '" + c + "' at column " + (i + 1)));
                }
            }
        }
        out.add(new Token(Kind.END, "", q.length()));
        return out;
    }
}
