//! The folded form of the legacy exception instructions, which the `wast`
//! crate does not parse (it reads `try`, `catch`, `catch_all`, `delegate`
//! and `rethrow` only as plain instructions; wasm-tools decided against
//! the folded form, see bytecodealliance/wasm-tools#1672). The proposal's
//! scripts (`legacy-exceptions/`) are written in it, so scripts are
//! rewritten to plain instructions before parsing:
//!
//! ```text
//! (try $l (result i32) (do A) (catch $e B) (catch_all C))  =>  try $l (result i32) A catch $e B catch_all C end
//! (try (do A) (delegate 1))                                =>  try A delegate 1
//! ```
//!
//! Only a `(try` list of exactly that shape is rewritten (a label, block
//! type lists, one `do`, then `catch` clauses and at most one final
//! `catch_all`, or a single `delegate`); anything else is left as it is,
//! for the parser to reject. Strings and comments are never touched, and
//! no line breaks are added or removed, so line numbers stay those of the
//! original text.

use std::borrow::Cow;

/// `text` with every folded legacy `try` unfolded (borrowed if it has
/// none).
pub(crate) fn unfold(text: &str) -> Cow<'_, str> {
    if !text.contains("try") {
        return Cow::Borrowed(text);
    }
    let mut u = Unfolder {
        src: text.as_bytes(),
        out: String::with_capacity(text.len()),
        changed: false,
    };
    u.rewrite(0, text.len());
    if u.changed {
        Cow::Owned(u.out)
    } else {
        Cow::Borrowed(text)
    }
}

/// What an element of a list is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Elem {
    Atom,
    Str,
    List,
}

struct Unfolder<'a> {
    src: &'a [u8],
    out: String,
    changed: bool,
}

impl Unfolder<'_> {
    fn text(&self, from: usize, to: usize) -> &str {
        // Every position is at an ASCII delimiter or the end, so a char
        // boundary.
        std::str::from_utf8(&self.src[from..to]).expect("char boundaries")
    }

    fn copy(&mut self, from: usize, to: usize) {
        let t = std::str::from_utf8(&self.src[from..to]).expect("char boundaries");
        self.out.push_str(t);
    }

    /// Past whitespace and comments from `at`.
    fn skip_trivia(&self, mut at: usize, end: usize) -> usize {
        loop {
            match self.src.get(at) {
                _ if at >= end => return end,
                Some(b' ' | b'\t' | b'\n' | b'\r') => at += 1,
                Some(b';') if self.src.get(at + 1) == Some(&b';') => {
                    while at < end && self.src[at] != b'\n' {
                        at += 1;
                    }
                }
                Some(b'(') if self.src.get(at + 1) == Some(&b';') => {
                    at = self.block_comment_end(at, end);
                }
                _ => return at,
            }
        }
    }

    /// The end of the (nested) block comment starting at `at`.
    fn block_comment_end(&self, mut at: usize, end: usize) -> usize {
        let mut depth = 0usize;
        while at < end {
            if self.src[at..].starts_with(b"(;") {
                depth += 1;
                at += 2;
            } else if self.src[at..].starts_with(b";)") {
                depth -= 1;
                at += 2;
                if depth == 0 {
                    return at;
                }
            } else {
                at += 1;
            }
        }
        end
    }

    /// The end of the string starting at `at` (its opening quote).
    fn string_end(&self, mut at: usize, end: usize) -> usize {
        at += 1;
        while at < end {
            match self.src[at] {
                b'\\' => at += 2,
                b'"' => return at + 1,
                _ => at += 1,
            }
        }
        end
    }

    /// The element starting at `at` (not trivia, not `)`): its kind and
    /// end.
    fn element(&self, at: usize, end: usize) -> (Elem, usize) {
        match self.src[at] {
            b'"' => (Elem::Str, self.string_end(at, end)),
            b'(' => {
                let mut p = at + 1;
                loop {
                    p = self.skip_trivia(p, end);
                    if p >= end {
                        return (Elem::List, end);
                    }
                    if self.src[p] == b')' {
                        return (Elem::List, p + 1);
                    }
                    p = self.element(p, end).1;
                }
            }
            _ => {
                let mut p = at;
                while p < end
                    && !matches!(
                        self.src[p],
                        b' ' | b'\t' | b'\n' | b'\r' | b'(' | b')' | b'"'
                    )
                    && !self.src[p..].starts_with(b";;")
                {
                    p += 1;
                }
                (Elem::Atom, p)
            }
        }
    }

    /// The elements of the list `[open, close]` (`open` its `(`, `close`
    /// its `)`) as `(kind, start, end)`.
    fn children(&self, open: usize, close: usize) -> Vec<(Elem, usize, usize)> {
        let mut out = Vec::new();
        let mut p = open + 1;
        loop {
            p = self.skip_trivia(p, close);
            if p >= close {
                return out;
            }
            let (kind, e) = self.element(p, close);
            out.push((kind, p, e));
            p = e;
        }
    }

    /// The first atom of a list element, if any.
    fn head(&self, child: (Elem, usize, usize)) -> Option<&str> {
        let (kind, start, end) = child;
        if kind != Elem::List {
            return None;
        }
        let p = self.skip_trivia(start + 1, end);
        match self.element(p, end) {
            (Elem::Atom, e) if p < end => Some(self.text(p, e)),
            _ => None,
        }
    }

    /// Copies `[from, to)` to the output, unfolding the `try`s in it.
    fn rewrite(&mut self, from: usize, to: usize) {
        let mut at = from;
        let mut copied = from;
        while at < to {
            match self.src[at] {
                b'"' => at = self.string_end(at, to),
                b';' if self.src.get(at + 1) == Some(&b';') => at = self.skip_trivia(at, to),
                b'(' if self.src.get(at + 1) == Some(&b';') => {
                    at = self.block_comment_end(at, to);
                }
                b'(' => {
                    let h = self.skip_trivia(at + 1, to);
                    let is_try = h < to
                        && self.src[h] != b'('
                        && self.src[h] != b'"'
                        && self.element(h, to) == (Elem::Atom, h + 3)
                        && self.text(h, h + 3) == "try";
                    if is_try {
                        let (_, end) = self.element(at, to);
                        if let Some(shape) = self.try_shape(at, end) {
                            self.copy(copied, at);
                            self.emit_try(at, end, &shape);
                            self.changed = true;
                            at = end;
                            copied = end;
                            continue;
                        }
                    }
                    at += 1;
                }
                _ => at += 1,
            }
        }
        self.copy(copied, to.max(copied));
    }

    /// The children of a folded `try` list `[open, end)` if it has the
    /// legacy shape: the index of its `do` child and the clause children
    /// after it.
    fn try_shape(&self, open: usize, end: usize) -> Option<TryShape> {
        if self.src[end - 1] != b')' {
            return None;
        }
        let children = self.children(open, end - 1);
        // children[0] is `try`; then an optional label and block type lists.
        let mut i = 1;
        if let Some(&(Elem::Atom, s, e)) = children.get(i) {
            if !self.text(s, e).starts_with('$') {
                return None;
            }
            i += 1;
        }
        while let Some(h) = children.get(i).and_then(|&c| self.head(c)) {
            if !matches!(h, "type" | "param" | "result") {
                break;
            }
            i += 1;
        }
        if children.get(i).and_then(|&c| self.head(c)) != Some("do") {
            return None;
        }
        let clauses = children[i + 1..].to_vec();
        let heads: Vec<&str> = clauses
            .iter()
            .map(|&c| self.head(c))
            .collect::<Option<_>>()?;
        let ok = match heads.as_slice() {
            ["delegate"] => true,
            [catches @ .., last] => {
                catches.iter().all(|&h| h == "catch") && matches!(*last, "catch" | "catch_all")
            }
            [] => true,
        };
        ok.then(|| TryShape {
            do_child: children[i],
            clauses,
        })
    }

    /// Writes the plain form of the folded `try` at `[open, end)`.
    fn emit_try(&mut self, open: usize, end: usize, shape: &TryShape) {
        // `(try label type..` -> ` try label type..`
        self.out.push(' ');
        let (_, do_start, do_end) = shape.do_child;
        self.copy(open + 1, do_start);
        let mut prev = self.unfold_clause(do_start, do_end, true);
        let mut delegate = false;
        for &(_, s, e) in &shape.clauses {
            self.copy(prev, s);
            delegate |= self.head((Elem::List, s, e)) == Some("delegate");
            prev = self.unfold_clause(s, e, false);
        }
        // Trivia before the closing `)`, then `end` (a `delegate` ends the
        // block itself).
        self.copy(prev, end - 1);
        self.out.push_str(if delegate { " " } else { " end " });
    }

    /// Writes the clause list `[s, e)` without its parentheses (and without
    /// its keyword if `drop_keyword`, for `do`), unfolding the `try`s in
    /// its instructions. Returns `e`.
    fn unfold_clause(&mut self, s: usize, e: usize, drop_keyword: bool) -> usize {
        self.out.push(' ');
        let kw = self.skip_trivia(s + 1, e - 1);
        let (_, kw_end) = self.element(kw, e - 1);
        if drop_keyword {
            self.out.push_str(&" ".repeat(kw_end - kw));
        } else {
            self.copy(kw, kw_end);
        }
        self.rewrite(kw_end, e - 1);
        self.out.push(' ');
        e
    }
}

/// The parts of a folded legacy `try`.
struct TryShape {
    do_child: (Elem, usize, usize),
    clauses: Vec<(Elem, usize, usize)>,
}

#[cfg(test)]
mod tests {
    use super::unfold;

    fn words(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn unfolds_catch_and_delegate() {
        let t = "(func (try $l (result i32) (do (call $f)) (catch $e (i32.const 1)) (catch_all (i32.const 2))))";
        assert_eq!(
            words(&unfold(t)),
            "(func try $l (result i32) (call $f) catch $e (i32.const 1) catch_all (i32.const 2) end )"
        );
        let t = "(try (do (try (do (throw $e)) (delegate 0))) (catch_all))";
        assert_eq!(
            words(&unfold(t)),
            "try try (throw $e) delegate 0 catch_all end"
        );
    }

    #[test]
    fn keeps_lines_strings_comments_and_other_forms() {
        let t = "(try\n (do) ;; (try (do))\n (catch $e))\n\"(try (do))\" (try_table (do))";
        let u = unfold(t);
        assert_eq!(u.lines().count(), t.lines().count());
        assert!(u.contains(";; (try (do))") && u.contains("\"(try (do))\""));
        assert!(u.contains("(try_table (do))"));
        assert_eq!(words(u.lines().next().unwrap()), "try");
    }

    #[test]
    fn leaves_malformed_forms() {
        for t in [
            "(try (do) (catch_all) (catch_all))",
            "(try (do) (catch $e) (delegate 0))",
            "(try (catch $e))",
            "(try (do) (delegate 0) (delegate 0))",
            "(catch_all)",
        ] {
            assert_eq!(unfold(t), t, "{t}");
        }
    }
}
