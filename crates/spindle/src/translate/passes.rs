//! Rewrites of a function's internal code after translation: each pass
//! keeps every instruction where it is (branches, clauses and saved `pc`s
//! refer to positions) and replaces some by cheaper equivalents.

use std::collections::HashSet;

use crate::ir::{Instr, ResumeHandler, TryRegion};

/// The branch target of an instruction, if it has one.
pub(super) fn branch_target(i: &Instr) -> Option<u32> {
    let mut i = *i;
    target_mut(&mut i).map(|t| *t)
}

/// The branch target field of an instruction, if it has one.
pub(super) fn target_mut(i: &mut Instr) -> Option<&mut u32> {
    match i {
        Instr::Br { target }
        | Instr::BrIfNez { target, .. }
        | Instr::BrIfEqz { target, .. }
        | Instr::BrIfI32AndNez { target, .. }
        | Instr::BrIfI32AndEqz { target, .. }
        | Instr::BrIfI32AndImmNez { target, .. }
        | Instr::BrIfI32AndImmEqz { target, .. }
        | Instr::BrOnNull { target, .. }
        | Instr::BrOnNonNull { target, .. }
        | Instr::I32AddImmBrIfLtU { target, .. }
        | Instr::I32AddImmBrIfLtS { target, .. }
        | Instr::I32AddImmBrIfNe { target, .. }
        | Instr::I32AddBrIfLtU { target, .. }
        | Instr::I32AddBrIfLtS { target, .. } => Some(target),
        other => {
            macro_rules! fused {
                ([] $($group:ident { $($body:tt)* })*) => {
                    fused!(@find $($group { $($body)* })*)
                };
                (@find cmp_branch { $( ($cn:ident, $($rest:tt)*) ),* $(,)? } $($more:tt)*) => {
                    match other {
                        $( Instr::$cn { target, .. } => Some(target), )*
                        _ => fused!(@find $($more)*),
                    }
                };
                (@find cmp_branch_imm { $( ($cin:ident, $($rest:tt)*) ),* $(,)? } $($more:tt)*) => {
                    match other {
                        $( Instr::$cin { target, .. } => Some(target), )*
                        _ => None,
                    }
                };
                (@find $group:ident { $($body:tt)* } $($more:tt)*) => {
                    fused!(@find $($more)*)
                };
            }
            crate::ir::for_each_numeric!((fused))
        }
    }
}

/// Return threading: a `br` to a `return` becomes that `return` (it does not depend on where
/// it is); a copy into the slot that a `Return1` right after it returns
/// becomes a `Return1` of the copy's source (the original `Return1` stays
/// for branches that land on it).
pub(super) fn thread_returns(code: &mut [Instr]) {
    for j in 0..code.len() {
        if let Instr::Br { target } = code[j] {
            if let ret @ (Instr::Return | Instr::Return1 { .. }) = code[target as usize] {
                code[j] = ret;
            }
        }
    }
    for j in 1..code.len() {
        if let (Instr::Copy { dst, src }, Instr::Return1 { src: r }) = (code[j - 1], code[j]) {
            if dst == r {
                code[j - 1] = Instr::Return1 { src };
            }
        }
    }
}

/// Fuses an `i32` increment by a constant with the compare-and-branch on
/// its result right after it (a counted loop's back-edge, usually made by
/// `invert_loops`) into one instruction. The compare-and-branch stays where
/// it is, for branches that land on it; the fused instruction skips it.
pub(super) fn fuse_counted_loops(code: &mut [Instr]) {
    for k in 1..code.len() {
        // A step by a slot: `dst = dst + step` (or `step + dst`).
        if let Instr::I32Add { dst, a, b } = code[k - 1] {
            let step = match (a == dst, b == dst) {
                (true, false) => b,
                (false, true) => a,
                _ => continue,
            };
            code[k - 1] = match code[k] {
                Instr::BrIfI32LtU { a, b, target } if a == dst && b != step => {
                    Instr::I32AddBrIfLtU {
                        dst,
                        step,
                        b,
                        target,
                    }
                }
                Instr::BrIfI32LtS { a, b, target } if a == dst && b != step => {
                    Instr::I32AddBrIfLtS {
                        dst,
                        step,
                        b,
                        target,
                    }
                }
                _ => continue,
            };
            continue;
        }
        let Instr::I32AddImm { dst, a, imm } = code[k - 1] else {
            continue;
        };
        if a != dst {
            continue;
        }
        code[k - 1] = match code[k] {
            Instr::BrIfI32LtU { a, b, target } if a == dst => Instr::I32AddImmBrIfLtU {
                dst,
                imm,
                b,
                target,
            },
            Instr::BrIfI32LtS { a, b, target } if a == dst => Instr::I32AddImmBrIfLtS {
                dst,
                imm,
                b,
                target,
            },
            Instr::BrIfI32Ne { a, b, target } if a == dst => Instr::I32AddImmBrIfNe {
                dst,
                imm,
                b,
                target,
            },
            _ => continue,
        };
    }
}

/// Loop inversion: a loop that tests its exit condition at the top and ends
/// with `br $loop` runs two branches per iteration (the `Br` back, then the
/// test). When the test's exit target is the instruction right after the
/// `Br`, the `Br` becomes the negated test branching to the loop body, so an
/// iteration runs one branch; leaving the loop falls through to the exit.
pub(super) fn invert_loops(code: &mut [Instr]) {
    for j in 0..code.len() {
        let Instr::Br { target } = code[j] else {
            continue;
        };
        let l = target as usize;
        let test = match code[l] {
            Instr::BrIfEqz { cond, target } => Some(Instr::BrIfNez { cond, target }),
            Instr::BrIfNez { cond, target } => Some(Instr::BrIfEqz { cond, target }),
            other => negate_branch(other),
        };
        let Some(mut neg) = test else { continue };
        if branch_target(&neg) != Some(j as u32 + 1) {
            continue;
        }
        if let Some(t) = target_mut(&mut neg) {
            *t = l as u32 + 1;
        }
        code[j] = neg;
    }
}

/// The negation of an integer compare-and-branch (`None` for floats, whose
/// negation is not another comparison because of NaN).
pub(super) fn negate_branch(i: Instr) -> Option<Instr> {
    use Instr::*;
    Some(match i {
        BrIfI32Eq { a, b, target } => BrIfI32Ne { a, b, target },
        BrIfI32Ne { a, b, target } => BrIfI32Eq { a, b, target },
        BrIfI32LtS { a, b, target } => BrIfI32GeS { a, b, target },
        BrIfI32GeS { a, b, target } => BrIfI32LtS { a, b, target },
        BrIfI32LtU { a, b, target } => BrIfI32GeU { a, b, target },
        BrIfI32GeU { a, b, target } => BrIfI32LtU { a, b, target },
        BrIfI32GtS { a, b, target } => BrIfI32LeS { a, b, target },
        BrIfI32LeS { a, b, target } => BrIfI32GtS { a, b, target },
        BrIfI32GtU { a, b, target } => BrIfI32LeU { a, b, target },
        BrIfI32LeU { a, b, target } => BrIfI32GtU { a, b, target },
        BrIfI64Eq { a, b, target } => BrIfI64Ne { a, b, target },
        BrIfI64Ne { a, b, target } => BrIfI64Eq { a, b, target },
        BrIfI64LtS { a, b, target } => BrIfI64GeS { a, b, target },
        BrIfI64GeS { a, b, target } => BrIfI64LtS { a, b, target },
        BrIfI64LtU { a, b, target } => BrIfI64GeU { a, b, target },
        BrIfI64GeU { a, b, target } => BrIfI64LtU { a, b, target },
        BrIfI64GtS { a, b, target } => BrIfI64LeS { a, b, target },
        BrIfI64LeS { a, b, target } => BrIfI64GtS { a, b, target },
        BrIfI64GtU { a, b, target } => BrIfI64LeU { a, b, target },
        BrIfI64LeU { a, b, target } => BrIfI64GtU { a, b, target },
        BrIfI32AndNez { a, b, target } => BrIfI32AndEqz { a, b, target },
        BrIfI32AndEqz { a, b, target } => BrIfI32AndNez { a, b, target },
        BrIfI32AndImmNez { a, imm, target } => BrIfI32AndImmEqz { a, imm, target },
        BrIfI32AndImmEqz { a, imm, target } => BrIfI32AndImmNez { a, imm, target },
        BrOnNull { src, target } => BrOnNonNull { src, target },
        BrOnNonNull { src, target } => BrOnNull { src, target },
        other => {
            macro_rules! negate_imm {
                ([] $($group:ident { $($body:tt)* })*) => {
                    negate_imm!(@find $($group { $($body)* })*)
                };
                (@find cmp_branch_imm { $( ($cin:ident, $cio:ident, $cineg:ident, $($rest:tt)*) ),* $(,)? } $($more:tt)*) => {
                    match other {
                        $( $cin { a, imm, target } => $cineg { a, imm, target }, )*
                        _ => return None,
                    }
                };
                (@find $group:ident { $($body:tt)* } $($more:tt)*) => {
                    negate_imm!(@find $($more)*)
                };
            }
            crate::ir::for_each_numeric!((negate_imm))
        }
    })
}

/// Every position that something other than falling through can enter:
/// branch targets (including `br_table` entries, which are `Br`s), catch
/// targets and resume clause targets. (The positions after calls and
/// switches are entered on return, but they follow a call or a switch,
/// which the passes that use this do not look behind.)
fn entered_positions(
    code: &[Instr],
    try_regions: &[TryRegion],
    resume_tables: &[Vec<ResumeHandler>],
) -> HashSet<u32> {
    let mut at: HashSet<u32> = code.iter().filter_map(branch_target).collect();
    at.extend(
        try_regions
            .iter()
            .flat_map(|r| r.catches.iter().map(|c| c.target)),
    );
    at.extend(resume_tables.iter().flatten().filter_map(|h| match h {
        ResumeHandler::OnLabel { target, .. } => Some(*target),
        ResumeHandler::OnSwitch { .. } => None,
    }));
    at
}

/// A `br_if` on a flag that the instruction right before it has just set
/// to a constant (`local.set $flag (i32.const 1)` then a loop header,
/// repeated at the back-edge, that tests it: state machines and effect
/// handlers written with a flag) has a known outcome. Taken, it becomes a
/// `Br`; not taken and followed by a `Br`, it becomes that `Br`: one
/// dispatch less either way. Only when nothing else can enter the branch
/// (there the flag could hold anything).
pub(super) fn fold_constant_branches(
    code: &mut [Instr],
    try_regions: &[TryRegion],
    resume_tables: &[Vec<ResumeHandler>],
) {
    let entered = entered_positions(code, try_regions, resume_tables);
    for j in 1..code.len() {
        let Instr::Const32 { dst, value } = code[j - 1] else {
            continue;
        };
        let (cond, target, taken) = match code[j] {
            Instr::BrIfEqz { cond, target } => (cond, target, value == 0),
            Instr::BrIfNez { cond, target } => (cond, target, value != 0),
            _ => continue,
        };
        if cond != dst || entered.contains(&(j as u32)) {
            continue;
        }
        if taken {
            code[j] = Instr::Br { target };
        } else if let Some(&next @ Instr::Br { .. }) = code.get(j + 1) {
            code[j] = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_branches_fold_only_where_nothing_else_enters() {
        let code = vec![
            Instr::Const32 { dst: 4, value: 1 },
            // Never taken (the flag is 1): becomes the `Br` after it.
            Instr::BrIfEqz { cond: 4, target: 9 },
            Instr::Br { target: 6 },
            Instr::Const32 { dst: 4, value: 0 },
            // Always taken.
            Instr::BrIfEqz { cond: 4, target: 9 },
            Instr::Const32 { dst: 5, value: 0 },
            // Another slot: left alone.
            Instr::BrIfEqz { cond: 4, target: 9 },
            Instr::Const32 { dst: 4, value: 7 },
            // Entered by the branch at 9: left alone.
            Instr::BrIfNez { cond: 4, target: 2 },
            Instr::Br { target: 8 },
        ];
        let mut folded = code.clone();
        fold_constant_branches(&mut folded, &[], &[]);
        assert_eq!(folded[1], Instr::Br { target: 6 });
        assert_eq!(folded[4], Instr::Br { target: 9 });
        assert_eq!(folded[6], code[6]);
        assert_eq!(folded[8], code[8]);
        // A resume clause or a catch that lands on the branch keeps it.
        let clause = vec![vec![ResumeHandler::OnLabel {
            tag: 0,
            target: 4,
            dst: 0,
        }]];
        let mut kept = code.clone();
        fold_constant_branches(&mut kept, &[], &clause);
        assert_eq!(kept[4], code[4]);
        let region = [TryRegion {
            end: 3,
            catches: vec![crate::ir::Catch {
                tag: None,
                with_ref: false,
                target: 1,
                dst: 0,
                hold: None,
            }],
            ..TryRegion::new(0)
        }];
        let mut kept = code.clone();
        fold_constant_branches(&mut kept, &region, &[]);
        assert_eq!(kept[1], code[1]);
    }
}
