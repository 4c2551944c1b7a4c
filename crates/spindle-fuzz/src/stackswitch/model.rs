//! The reference semantics of a [`Program`]: an interpreter with explicit
//! stacks (fibers), written from the stack-switching proposal's rules, not
//! from Spindle's code.
//!
//! A fiber is a stack of activations, each a stack of blocks (statement
//! lists, `try_table`s, and the handler loop of a `Run` waiting on its
//! continuation). `resume` attaches a continuation's chain below the
//! current fiber and runs its innermost fiber; `suspend` walks the parent
//! links to the nearest `resume` handling the tag and detaches the chain
//! up to it; an exception unwinds blocks, activations and whole fibers
//! until a `try_table` catches it.

use super::{Entry, Program, RunSpec, Stmt};

/// How a run ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// `run` returned this checksum (`acc * 31 + result`).
    Returned(i32),
    /// A `suspend` found no handler.
    UnhandledTag,
    /// An exception left the entry (payload).
    Exception(i32),
    /// `Spin` was reached: the host interrupts it.
    Interrupted,
}

/// The expected observable behaviour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    /// Every value passed to `log`, in order.
    pub log: Vec<i32>,
    /// How the run ends.
    pub end: End,
}

/// Step limit: longer programs are regenerated.
const MAX_STEPS: usize = 20_000;
/// Log length limit.
const MAX_LOG: usize = 4_000;

#[derive(Debug, Clone, Copy)]
struct Cont {
    root: usize,
    inner: usize,
}

#[derive(Debug)]
enum Block<'p> {
    Seq {
        stmts: &'p [Stmt],
        pc: usize,
        /// `Some(c)`: a `try_table` whose catch computes `x = p * 5 + c`.
        catch: Option<i32>,
    },
    Run {
        spec: &'p RunSpec,
        k: Option<Cont>,
        n: u32,
        arg: i32,
    },
}

#[derive(Debug)]
struct Act<'p> {
    x: i32,
    blocks: Vec<Block<'p>>,
}

#[derive(Debug, Default)]
struct Fiber<'p> {
    acts: Vec<Act<'p>>,
    parent: Option<usize>,
    /// A continuation not started yet: its function.
    fresh: Option<usize>,
}

struct Machine<'p> {
    prog: &'p Program,
    fibers: Vec<Fiber<'p>>,
    cur: usize,
    log: Vec<i32>,
    acc: i32,
    spin: bool,
    steps: usize,
}

enum Flow {
    Go,
    End(End),
}

impl<'p> Machine<'p> {
    fn log(&mut self, v: i32) {
        self.log.push(v);
        self.acc = self.acc.wrapping_mul(31).wrapping_add(v);
    }

    fn act(&mut self) -> &mut Act<'p> {
        self.fibers[self.cur]
            .acts
            .last_mut()
            .expect("a running fiber has an activation")
    }

    fn body(&self, f: usize) -> Block<'p> {
        Block::Seq {
            stmts: &self.prog.funcs[f],
            pc: 0,
            catch: None,
        }
    }

    fn new_fiber(&mut self, func: usize) -> usize {
        self.fibers.push(Fiber {
            fresh: Some(func),
            ..Fiber::default()
        });
        self.fibers.len() - 1
    }

    /// Runs until the program ends; `None` if it runs too long.
    fn run(&mut self) -> Option<End> {
        loop {
            self.steps += 1;
            if self.steps > MAX_STEPS || self.log.len() > MAX_LOG {
                return None;
            }
            if let Flow::End(e) = self.step() {
                return Some(e);
            }
        }
    }

    fn step(&mut self) -> Flow {
        let act = self.act();
        let Some(top) = act.blocks.last_mut() else {
            // The function's body finished: return x.
            let r = act.x;
            return self.ret(r);
        };
        let stmt = match top {
            Block::Seq { stmts, pc, .. } => {
                if *pc == stmts.len() {
                    act.blocks.pop();
                    return Flow::Go;
                }
                *pc += 1;
                &stmts[*pc - 1]
            }
            Block::Run { .. } => unreachable!("a Run block is only on top while its child runs"),
        };
        self.exec(stmt)
    }

    fn exec(&mut self, stmt: &'p Stmt) -> Flow {
        let x = self.act().x;
        match stmt {
            Stmt::Add(c) => self.act().x = x.wrapping_mul(3).wrapping_add(*c),
            Stmt::Log => self.log(x),
            Stmt::Suspend(t) | Stmt::HostSuspend(t) => return self.suspend(*t, x),
            Stmt::Call(j) => {
                let b = self.body(*j);
                self.fibers[self.cur].acts.push(Act { x, blocks: vec![b] });
            }
            Stmt::Throw(c) => return self.throw(x.wrapping_add(*c)),
            Stmt::Try(body, c) => self.act().blocks.push(Block::Seq {
                stmts: body,
                pc: 0,
                catch: Some(*c),
            }),
            Stmt::If(a, b) => {
                let body = if (x as u32 >> 2) & 1 != 0 { a } else { b };
                self.act().blocks.push(Block::Seq {
                    stmts: body,
                    pc: 0,
                    catch: None,
                });
            }
            Stmt::Run(spec) => {
                let k = self.new_fiber(spec.callee);
                self.act().blocks.push(Block::Run {
                    spec,
                    k: Some(Cont { root: k, inner: k }),
                    n: 0,
                    arg: x,
                });
                return self.iterate();
            }
            Stmt::Ring(spec) => {
                let mut tok = x;
                let mut turns = [0u32; 2];
                let mut p = 0;
                let r = loop {
                    self.steps += 1;
                    tok = tok.wrapping_mul(3).wrapping_add(spec.adds[p]);
                    self.log(tok);
                    if turns[p] >= spec.turns[p] {
                        break tok;
                    }
                    turns[p] += 1;
                    p = 1 - p;
                };
                self.log(r);
                let a = self.act();
                a.x = a.x.wrapping_mul(7).wrapping_add(r);
            }
            Stmt::Spin => {
                if self.spin {
                    return Flow::End(End::Interrupted);
                }
            }
        }
        Flow::Go
    }

    /// The current activation returned `r`.
    fn ret(&mut self, r: i32) -> Flow {
        let f = self.cur;
        self.fibers[f].acts.pop();
        if let Some(caller) = self.fibers[f].acts.last_mut() {
            // A `Call` statement: x = its result.
            caller.x = r;
            return Flow::Go;
        }
        match self.fibers[f].parent.take() {
            None => Flow::End(End::Returned(self.acc.wrapping_mul(31).wrapping_add(r))),
            Some(p) => {
                self.cur = p;
                self.pop_run();
                self.log(r);
                let a = self.act();
                a.x = a.x.wrapping_mul(7).wrapping_add(r);
                Flow::Go
            }
        }
    }

    /// Pops the `Run` block on top of the current activation.
    fn pop_run(&mut self) {
        let b = self.act().blocks.pop();
        debug_assert!(matches!(b, Some(Block::Run { .. })));
    }

    /// The `Run` block on top: resume its continuation again, or drop it.
    fn iterate(&mut self) -> Flow {
        let x = self.act().x;
        let Some(Block::Run { spec, k, n, arg }) = self.act().blocks.last_mut() else {
            unreachable!("iterate on a Run block")
        };
        if *n >= spec.max_resumes {
            // Drop the continuation.
            self.act().blocks.pop();
            return Flow::Go;
        }
        *n += 1;
        let throw = spec.throw_at == Some(*n - 1);
        let arg = *arg;
        let cont = k
            .take()
            .expect("a Run holds its continuation between resumes");
        let parent = self.cur;
        self.fibers[cont.root].parent = Some(parent);
        self.cur = cont.inner;
        let fresh = self.fibers[cont.inner].fresh.take();
        if throw {
            return self.throw(x);
        }
        match fresh {
            Some(func) => {
                let b = self.body(func);
                self.fibers[cont.inner].acts.push(Act {
                    x: arg,
                    blocks: vec![b],
                });
            }
            // The pending `suspend` returns `arg`.
            None => self.act().x = arg,
        }
        Flow::Go
    }

    fn suspend(&mut self, t: usize, v: i32) -> Flow {
        let mut c = self.cur;
        loop {
            let Some(p) = self.fibers[c].parent else {
                return Flow::End(End::UnhandledTag);
            };
            let handles = matches!(
                self.fibers[p].acts.last().and_then(|a| a.blocks.last()),
                Some(Block::Run { spec, .. }) if spec.handles[t]
            );
            if handles {
                self.fibers[c].parent = None;
                let cont = Cont {
                    root: c,
                    inner: self.cur,
                };
                self.cur = p;
                self.log(v);
                let a = self.act();
                a.x = a.x.wrapping_mul(5).wrapping_add(v);
                let Some(Block::Run { spec, k, arg, .. }) = a.blocks.last_mut() else {
                    unreachable!()
                };
                *k = Some(cont);
                *arg = v.wrapping_add(spec.responses[t]);
                return self.iterate();
            }
            c = p;
        }
    }

    fn throw(&mut self, v: i32) -> Flow {
        loop {
            let f = self.cur;
            let Some(act) = self.fibers[f].acts.last_mut() else {
                // The fiber is empty: the exception leaves it at its
                // parent's resume (whose Run block goes with it).
                match self.fibers[f].parent.take() {
                    None => return Flow::End(End::Exception(v)),
                    Some(p) => {
                        self.cur = p;
                        self.pop_run();
                        continue;
                    }
                }
            };
            while let Some(b) = act.blocks.pop() {
                if let Block::Seq { catch: Some(c), .. } = b {
                    act.x = v.wrapping_mul(5).wrapping_add(c);
                    let x = act.x;
                    self.log(x);
                    return Flow::Go;
                }
            }
            self.fibers[f].acts.pop();
        }
    }
}

/// Interprets `program`; `spin`: whether `$spin` is set. `None` if the
/// run would be too long.
pub fn expect(program: &Program, spin: bool) -> Option<Expected> {
    let mut m = Machine {
        prog: program,
        fibers: vec![Fiber::default()],
        cur: 0,
        log: Vec::new(),
        acc: 0,
        spin,
        steps: 0,
    };
    // The entry: `$f0` (played by the host for `Entry::Host`, with the same
    // semantics) called with `x0`.
    debug_assert!(program.entry == Entry::Wasm || matches!(program.funcs[0][..], [Stmt::Run(_)]));
    let b = m.body(0);
    m.fibers[0].acts.push(Act {
        x: program.x0,
        blocks: vec![b],
    });
    let end = m.run()?;
    Some(Expected { log: m.log, end })
}
