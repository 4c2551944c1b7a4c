//! A [`Program`] as WAT text: one module, or a `lib` module (tags, table,
//! memory, globals, `log`, and the functions from `split` on) and a `main`
//! module that imports all of it.

use std::fmt::Write;

use super::{Program, RunSpec, Stmt};

/// The emitted modules.
#[derive(Debug, Clone)]
pub struct Modules {
    /// The `lib` module, instantiated first, when the program is split.
    pub lib: Option<String>,
    /// The module exporting `run`.
    pub main: String,
}

impl Modules {
    /// Both modules as one text, for a finding.
    pub fn text(&self) -> String {
        match &self.lib {
            Some(lib) => format!(
                ";; instantiate as \"lib\" first\n{lib}\n;; then, importing \"lib\"\n{}",
                self.main
            ),
            None => self.main.clone(),
        }
    }

    /// The main module as a binary.
    pub fn binary_of_main(&self) -> Option<Vec<u8>> {
        wat::parse_str(&self.main).ok()
    }
}

const TYPES: &str = "  (type $ft (func (param i32) (result i32)))\n  (type $k (cont $ft))\n  (type $ft0 (func (result i32)))\n  (type $k0 (cont $ft0))\n  (rec (type $sft (func (param i32 (ref null $sc)) (result i32))) (type $sc (cont $sft)))\n  (type $sc0 (cont $ft0))\n";

/// Words of the memory the log writes (`cnt * 4 & 0xfffc`).
pub const LOG_WORDS: usize = 0x4000;
/// Where `run` stores the log count (page 1).
pub const COUNT_ADDR: usize = 0x10000;

struct FuncEmitter<'a> {
    out: String,
    /// Functions this body needs besides itself (ring players).
    extra: String,
    /// Names of those functions (for `elem declare`).
    extra_names: Vec<String>,
    func: usize,
    rings: usize,
    runs: usize,
    labels: usize,
    program: &'a Program,
}

impl FuncEmitter<'_> {
    fn label(&mut self, what: &str) -> String {
        self.labels += 1;
        format!("${what}{}", self.labels)
    }

    fn stmts(&mut self, stmts: &[Stmt]) {
        for s in stmts {
            self.stmt(s);
        }
    }

    fn line(&mut self, s: &str) {
        self.out.push_str("    ");
        self.out.push_str(s);
        self.out.push('\n');
    }

    fn stmt(&mut self, s: &Stmt) {
        match s {
            Stmt::Add(c) => self.line(&format!(
                "(local.set $x (i32.add (i32.mul (local.get $x) (i32.const 3)) (i32.const {c})))"
            )),
            Stmt::Log => self.line("(call $log (local.get $x))"),
            Stmt::Suspend(t) => {
                self.line(&format!("(local.set $x (suspend $y{t} (local.get $x)))"))
            }
            Stmt::HostSuspend(t) => self.line(&format!(
                "(local.set $x (call $host_suspend{t} (local.get $x)))"
            )),
            Stmt::Call(j) => self.line(&format!("(local.set $x (call $f{j} (local.get $x)))")),
            Stmt::Throw(c) => self.line(&format!(
                "(throw $e (i32.add (local.get $x) (i32.const {c})))"
            )),
            Stmt::Try(body, c) => {
                let end = self.label("try_end");
                let h = self.label("catch");
                self.line(&format!("(block {end}"));
                self.line(&format!("(block {h} (result i32)"));
                self.line(&format!("(try_table (catch $e {h})"));
                self.stmts(body);
                self.line(")");
                self.line(&format!("(br {end}))"));
                self.line(&format!(
                    "i32.const 5 i32.mul i32.const {c} i32.add local.set $x (call $log (local.get $x)))"
                ));
            }
            Stmt::If(a, b) => {
                self.line("(if (i32.and (i32.shr_u (local.get $x) (i32.const 2)) (i32.const 1))");
                self.line("(then");
                self.stmts(a);
                self.line(")");
                self.line("(else");
                self.stmts(b);
                self.line("))");
            }
            Stmt::Spin => {
                let l = self.label("spin");
                self.line(&format!(
                    "(if (global.get $spin) (then (call $spin_start) (loop {l} (br {l}))))"
                ));
            }
            Stmt::Run(spec) => self.run(spec),
            Stmt::Ring(spec) => self.ring(spec),
        }
    }

    fn ring(&mut self, spec: &super::RingSpec) {
        let r = self.rings;
        self.rings += 1;
        let f = self.func;
        let names = [format!("$ring{f}_{r}_a"), format!("$ring{f}_{r}_b")];
        for (p, name) in names.iter().enumerate() {
            let _ = write!(
                self.extra,
                "  (func {name} (type $sft) (param $tok i32) (param $other (ref null $sc)) (result i32)
    (local $turn i32)
    (loop $l
      (local.set $tok (i32.add (i32.mul (local.get $tok) (i32.const 3)) (i32.const {add})))
      (call $log (local.get $tok))
      (if (i32.ge_u (local.get $turn) (i32.const {turns})) (then (return (local.get $tok))))
      (local.set $turn (i32.add (local.get $turn) (i32.const 1)))
      (switch $sc $swap (local.get $tok) (local.get $other))
      (local.set $other)
      (local.set $tok)
      (br $l))
    (unreachable))
",
                add = spec.adds[p],
                turns = spec.turns[p]
            );
            self.extra_names.push(name.clone());
        }
        let (a, b) = (&names[0], &names[1]);
        let resume = if spec.bind {
            format!(
                "(resume $sc0 (on $swap switch) (cont.bind $sc $sc0 (local.get $x) (cont.new $sc (ref.func {b})) (cont.new $sc (ref.func {a}))))"
            )
        } else {
            format!(
                "(resume $sc (on $swap switch) (local.get $x) (cont.new $sc (ref.func {b})) (cont.new $sc (ref.func {a})))"
            )
        };
        self.line(&format!("(local.set $rv {resume})"));
        self.line("(call $log (local.get $rv))");
        self.line(
            "(local.set $x (i32.add (i32.mul (local.get $x) (i32.const 7)) (local.get $rv)))",
        );
    }

    fn run(&mut self, spec: &RunSpec) {
        let r = self.runs;
        self.runs += 1;
        let (k, v, n, arg) = (
            format!("$k_{r}"),
            format!("$v_{r}"),
            format!("$n_{r}"),
            format!("$arg_{r}"),
        );
        let done = self.label("done");
        let again = self.label("again");
        let on0 = self.label("on0_");
        let on1 = self.label("on1_");
        let func = if spec.via_table {
            let ix = spec.callee - self.program.lib_start();
            format!("(table.get $tab (i32.const {ix}))")
        } else {
            format!("(ref.func $f{})", spec.callee)
        };
        self.line(&format!("(local.set {k} (cont.new $k {func}))"));
        self.line(&format!("(local.set {arg} (local.get $x))"));
        self.line(&format!("(local.set {n} (i32.const 0))"));
        self.line(&format!("(block {done}"));
        self.line(&format!("(loop {again}"));
        self.line(&format!(
            "(br_if {done} (i32.ge_u (local.get {n}) (i32.const {})))",
            spec.max_resumes
        ));
        self.line(&format!(
            "(local.set {n} (i32.add (local.get {n}) (i32.const 1)))"
        ));
        self.line(&format!("(block {on1} (result i32 (ref $k))"));
        self.line(&format!("(block {on0} (result i32 (ref $k))"));
        let mut handlers = String::new();
        if spec.handles[0] {
            let _ = write!(handlers, " (on $y0 {on0})");
        }
        if spec.handles[1] {
            let _ = write!(handlers, " (on $y1 {on1})");
        }
        let resume = if spec.bind {
            format!("(resume $k0{handlers} (cont.bind $k $k0 (local.get {arg}) (local.get {k})))")
        } else {
            format!("(resume $k{handlers} (local.get {arg}) (local.get {k}))")
        };
        match spec.throw_at {
            Some(t) => {
                self.line(&format!(
                    "(if (result i32) (i32.eq (local.get {n}) (i32.const {}))",
                    t + 1
                ));
                self.line(&format!(
                    "(then (resume_throw $k $e{handlers} (local.get $x) (local.get {k})))"
                ));
                self.line(&format!("(else {resume}))"));
            }
            None => self.line(&resume),
        }
        // Returned.
        self.line(&format!("(local.set {v})"));
        self.line(&format!("(call $log (local.get {v}))"));
        self.line(&format!(
            "(local.set $x (i32.add (i32.mul (local.get $x) (i32.const 7)) (local.get {v})))"
        ));
        self.line(&format!("(br {done}))"));
        for (t, _) in [(0, &on0), (1, &on1)] {
            // Suspended with $y<t>: [v, k] on the stack.
            self.line(&format!("(local.set {k}) (local.set {v})"));
            self.line(&format!("(call $log (local.get {v}))"));
            self.line(&format!(
                "(local.set $x (i32.add (i32.mul (local.get $x) (i32.const 5)) (local.get {v})))"
            ));
            self.line(&format!(
                "(local.set {arg} (i32.add (local.get {v}) (i32.const {})))",
                spec.responses[t]
            ));
            // Closes block $on1 after the first handler, the loop after the
            // second.
            self.line(&format!("(br {again}))"));
        }
        // Closes block $done.
        self.line(")");
    }
}

/// A function's text, then the ring players it needs, and their names.
fn func_text(program: &Program, f: usize) -> (String, String, Vec<String>) {
    let mut e = FuncEmitter {
        out: String::new(),
        extra: String::new(),
        extra_names: Vec::new(),
        func: f,
        rings: 0,
        runs: 0,
        labels: 0,
        program,
    };
    e.stmts(&program.funcs[f]);
    let mut head =
        format!("  (func $f{f} (export \"f{f}\") (type $ft) (param $x i32) (result i32)\n");
    for r in 0..e.runs {
        let _ = writeln!(
            head,
            "    (local $k_{r} (ref null $k)) (local $v_{r} i32) (local $n_{r} i32) (local $arg_{r} i32)"
        );
    }
    if e.rings > 0 {
        head.push_str("    (local $rv i32)\n");
    }
    (
        format!("{head}{}    (local.get $x))\n", e.out),
        e.extra,
        e.extra_names,
    )
}

/// The functions `fs` with their ring players, and an `elem declare` of
/// `declared` plus the players.
fn funcs_and_declare(
    out: &mut String,
    program: &Program,
    fs: std::ops::Range<usize>,
    declared: std::ops::Range<usize>,
) {
    let mut names: Vec<String> = declared.map(|f| format!("$f{f}")).collect();
    let mut bodies = String::new();
    for f in fs {
        let (text, extra, extra_names) = func_text(program, f);
        bodies.push_str(&text);
        bodies.push_str(&extra);
        names.extend(extra_names);
    }
    let _ = writeln!(out, "  (elem declare func {})", names.join(" "));
    out.push_str(&bodies);
}

fn host_imports(out: &mut String, program: &Program) {
    if program.host {
        out.push_str("  (import \"host\" \"y0\" (tag $y0 (param i32) (result i32)))\n");
        out.push_str("  (import \"host\" \"y1\" (tag $y1 (param i32) (result i32)))\n");
        out.push_str("  (import \"host\" \"log\" (func $host_log (param i32)))\n");
        out.push_str(
            "  (import \"host\" \"suspend0\" (func $host_suspend0 (param i32) (result i32)))\n",
        );
        out.push_str(
            "  (import \"host\" \"suspend1\" (func $host_suspend1 (param i32) (result i32)))\n",
        );
        out.push_str("  (import \"host\" \"spin_start\" (func $spin_start))\n");
    }
}

/// The definitions `lib` (or the single module) owns.
fn lib_defs(out: &mut String, program: &Program, funcs: &[usize]) {
    if !program.host {
        out.push_str("  (tag $y0 (export \"y0\") (param i32) (result i32))\n");
        out.push_str("  (tag $y1 (export \"y1\") (param i32) (result i32))\n");
        out.push_str("  (func $spin_start)\n");
    } else {
        out.push_str("  (export \"y0\" (tag $y0))\n  (export \"y1\" (tag $y1))\n");
    }
    out.push_str("  (tag $e (export \"e\") (param i32))\n");
    out.push_str("  (tag $swap (export \"swap\") (result i32))\n");
    out.push_str("  (memory $mem (export \"mem\") 2)\n");
    out.push_str("  (global $acc (export \"acc\") (mut i32) (i32.const 0))\n");
    out.push_str("  (global $cnt (export \"cnt\") (mut i32) (i32.const 0))\n");
    out.push_str("  (global $spin (export \"spin\") (mut i32) (i32.const 1))\n");
    let _ = writeln!(
        out,
        "  (table $tab (export \"tab\") {} (ref null $ft))",
        funcs.len().max(1)
    );
    if !funcs.is_empty() {
        out.push_str("  (elem (table $tab) (i32.const 0) (ref null $ft)");
        for f in funcs {
            let _ = write!(out, " (ref.func $f{f})");
        }
        out.push_str(")\n");
    }
    out.push_str("  (func $reset (export \"reset\")\n    (global.set $acc (i32.const 0)) (global.set $cnt (i32.const 0)))\n");
    out.push_str("  (func $log (export \"log\") (param $v i32)\n");
    out.push_str("    (global.set $acc (i32.add (i32.mul (global.get $acc) (i32.const 31)) (local.get $v)))\n");
    out.push_str("    (i32.store (i32.and (i32.mul (global.get $cnt) (i32.const 4)) (i32.const 0xfffc)) (local.get $v))\n");
    out.push_str("    (global.set $cnt (i32.add (global.get $cnt) (i32.const 1)))");
    if program.host {
        out.push_str("\n    (call $host_log (local.get $v))");
    }
    out.push_str(")\n");
}

fn run_func(out: &mut String, program: &Program) {
    let _ = writeln!(
        out,
        "  (func (export \"run\") (result i32) (local $r i32)\n    (call $reset)\n    (local.set $r (call $f0 (i32.const {})))\n    (i32.store (i32.const {COUNT_ADDR}) (global.get $cnt))\n    (i32.add (i32.mul (global.get $acc) (i32.const 31)) (local.get $r)))",
        program.x0
    );
}

/// Emits `program`.
pub fn emit(program: &Program) -> Modules {
    let n = program.funcs.len();
    match program.split {
        None => {
            let mut m = String::from("(module\n");
            m.push_str(TYPES);
            host_imports(&mut m, program);
            let all: Vec<usize> = (0..n).collect();
            lib_defs(&mut m, program, &all);
            funcs_and_declare(&mut m, program, 0..n, 0..n);
            run_func(&mut m, program);
            m.push_str(")\n");
            Modules { lib: None, main: m }
        }
        Some(split) => {
            let mut lib = String::from("(module $lib\n");
            lib.push_str(TYPES);
            host_imports(&mut lib, program);
            let lib_funcs: Vec<usize> = (split..n).collect();
            lib_defs(&mut lib, program, &lib_funcs);
            funcs_and_declare(&mut lib, program, split..n, split..n);
            lib.push_str(")\n");

            let mut main = String::from("(module $main\n");
            main.push_str(TYPES);
            host_imports(&mut main, program);
            if !program.host {
                main.push_str("  (import \"lib\" \"y0\" (tag $y0 (param i32) (result i32)))\n");
                main.push_str("  (import \"lib\" \"y1\" (tag $y1 (param i32) (result i32)))\n");
            }
            main.push_str("  (import \"lib\" \"e\" (tag $e (param i32)))\n");
            main.push_str("  (import \"lib\" \"swap\" (tag $swap (result i32)))\n");
            main.push_str("  (import \"lib\" \"mem\" (memory $mem 2))\n");
            main.push_str("  (import \"lib\" \"acc\" (global $acc (mut i32)))\n");
            main.push_str("  (import \"lib\" \"cnt\" (global $cnt (mut i32)))\n");
            main.push_str("  (import \"lib\" \"spin\" (global $spin (mut i32)))\n");
            let _ = writeln!(
                main,
                "  (import \"lib\" \"tab\" (table $tab {} (ref null $ft)))",
                lib_funcs.len().max(1)
            );
            main.push_str("  (import \"lib\" \"reset\" (func $reset))\n");
            main.push_str("  (import \"lib\" \"log\" (func $log (param i32)))\n");
            for f in split..n {
                let _ = writeln!(main, "  (import \"lib\" \"f{f}\" (func $f{f} (type $ft)))");
            }
            if !program.host {
                main.push_str("  (func $spin_start)\n");
            }
            funcs_and_declare(&mut main, program, 0..split, 0..n);
            run_func(&mut main, program);
            main.push_str(")\n");
            Modules {
                lib: Some(lib),
                main,
            }
        }
    }
}
