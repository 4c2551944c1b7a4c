//! Traps: the spec's runtime errors, with a Wasm backtrace.

use std::fmt;

/// Why execution trapped. The messages follow the wording of the spec tests
/// (`assert_trap` compares against them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TrapCode {
    /// `unreachable` was executed.
    Unreachable,
    /// A linear-memory access was out of bounds.
    MemoryOutOfBounds,
    /// A table access was out of bounds.
    TableOutOfBounds,
    /// `call_indirect` found a null entry.
    IndirectCallToNull,
    /// `call_indirect` found a function of the wrong type.
    IndirectCallTypeMismatch,
    /// `call_indirect` / `table.get` index beyond the table (spec: "undefined element").
    UndefinedElement,
    /// Integer division by zero.
    IntegerDivideByZero,
    /// Signed division overflow (`INT_MIN / -1`).
    IntegerOverflow,
    /// Float-to-int conversion of NaN.
    InvalidConversionToInteger,
    /// Dereferencing a null reference.
    NullReference,
    /// A cast failed.
    CastFailure,
    /// An array access was out of bounds.
    ArrayOutOfBounds,
    /// The call stack limit was reached.
    StackExhausted,
    /// A continuation was resumed twice.
    ContinuationAlreadyConsumed,
    /// A null continuation was resumed.
    NullContinuation,
    /// `call_ref` / `return_call_ref` of a null function reference.
    NullFunctionReference,
    /// `suspend`/`switch` found no handler for the tag.
    UnhandledTag,
    /// A `suspend` would have to cross a host (Rust) frame.
    SuspendThroughHost,
    /// The limit on live continuations was exceeded.
    ContinuationLimit,
    /// The limit on the bytes of all stacks together
    /// (`Config::max_total_stack_bytes`) was exceeded.
    StackMemoryLimit,
    /// Fuel ran out.
    OutOfFuel,
    /// The embedder interrupted execution.
    Interrupted,
    /// An uncaught exception reached the host (used when an exception must be
    /// reported as a trap, e.g. from a start function).
    UncaughtException,
    /// A function translated on its first call could not be (a limit of
    /// the translator, or an operator it does not support); the trap's
    /// detail says which.
    TranslationFailed,
    /// A `struct.get`/`struct.set` of a null reference.
    NullStructure,
    /// An array operator on a null reference.
    NullArray,
    /// `i31.get_s`/`i31.get_u` of a null reference.
    NullI31,
    /// A GC allocation beyond the heap's limits (array length, object count).
    AllocationTooLarge,
}

impl TrapCode {
    /// The message, in the spec tests' wording where they check it.
    pub fn message(self) -> &'static str {
        match self {
            TrapCode::Unreachable => "unreachable",
            TrapCode::MemoryOutOfBounds => "out of bounds memory access",
            TrapCode::TableOutOfBounds => "out of bounds table access",
            TrapCode::IndirectCallToNull => "uninitialized element",
            TrapCode::IndirectCallTypeMismatch => "indirect call type mismatch",
            TrapCode::UndefinedElement => "undefined element",
            TrapCode::IntegerDivideByZero => "integer divide by zero",
            TrapCode::IntegerOverflow => "integer overflow",
            TrapCode::InvalidConversionToInteger => "invalid conversion to integer",
            TrapCode::NullReference => "null reference",
            TrapCode::CastFailure => "cast failure",
            TrapCode::ArrayOutOfBounds => "out of bounds array access",
            TrapCode::StackExhausted => "call stack exhausted",
            TrapCode::ContinuationAlreadyConsumed => "continuation already consumed",
            TrapCode::NullContinuation => "null continuation reference",
            TrapCode::NullFunctionReference => "null function reference",
            TrapCode::UnhandledTag => "unhandled tag",
            TrapCode::SuspendThroughHost => "suspend crosses a host frame",
            TrapCode::ContinuationLimit => "continuation limit exceeded",
            TrapCode::StackMemoryLimit => "stack memory limit exceeded",
            TrapCode::OutOfFuel => "all fuel consumed",
            TrapCode::Interrupted => "interrupted",
            TrapCode::UncaughtException => "uncaught exception",
            TrapCode::TranslationFailed => "function could not be translated",
            TrapCode::NullStructure => "null structure reference",
            TrapCode::NullArray => "null array reference",
            TrapCode::NullI31 => "null i31 reference",
            TrapCode::AllocationTooLarge => "allocation size too large",
        }
    }
}

impl fmt::Display for TrapCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

/// One frame of a Wasm backtrace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameInfo {
    /// Function index within its module.
    pub func_index: u32,
    /// Name from the name section, if any.
    pub func_name: Option<String>,
    /// Offset of the instruction within the module bytes, if known.
    pub module_offset: Option<usize>,
    /// Set on the first frame of a continuation's stack: this stack was
    /// entered by a `resume` (or `switch`) in the frame printed next.
    pub continuation_boundary: bool,
    /// How many identical frames in a row (same function and offset, on
    /// the same stack) this entry stands for: 1 except in recursion that
    /// calls itself from one place.
    pub repeat: usize,
}

impl fmt::Display for FrameInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.func_name {
            Some(name) => write!(f, "{name}")?,
            None => write!(f, "<func {}>", self.func_index)?,
        }
        if let Some(off) = self.module_offset {
            write!(f, " @ 0x{off:x}")?;
        }
        if self.repeat > 1 {
            write!(f, " (x{})", self.repeat)?;
        }
        Ok(())
    }
}

/// A trap: execution stopped by a runtime error. Carries the Wasm backtrace,
/// innermost frame first, across every continuation stack of the chain.
#[derive(Debug, Clone)]
pub struct Trap {
    code: TrapCode,
    backtrace: Vec<FrameInfo>,
    detail: Option<String>,
}

impl Trap {
    /// A trap with no backtrace.
    pub fn new(code: TrapCode) -> Self {
        Trap {
            code,
            backtrace: Vec::new(),
            detail: None,
        }
    }

    pub(crate) fn with_backtrace(code: TrapCode, backtrace: Vec<FrameInfo>) -> Self {
        Trap {
            code,
            backtrace,
            detail: None,
        }
    }

    pub(crate) fn with_detail(mut self, detail: Option<String>) -> Self {
        self.detail = detail;
        self
    }

    /// More about the cause, where the code alone does not say it (for
    /// `TrapCode::TranslationFailed`: the translator's error).
    pub fn detail(&self) -> Option<&str> {
        self.detail.as_deref()
    }

    /// The trap's cause.
    pub fn code(&self) -> TrapCode {
        self.code
    }

    /// The trap's message.
    pub fn message(&self) -> &'static str {
        self.code.message()
    }

    /// The Wasm frames that were live, innermost first. A run of identical
    /// frames is one entry ([`FrameInfo::repeat`]); past 64 entries the
    /// last one only counts the frames left out.
    pub fn backtrace(&self) -> &[FrameInfo] {
        &self.backtrace
    }
}

impl fmt::Display for Trap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "wasm trap: {}", self.code.message())?;
        if let Some(d) = &self.detail {
            write!(f, ": {d}")?;
        }
        write_backtrace(f, &self.backtrace)
    }
}

/// `wasm backtrace:` and one line per entry, on new lines (nothing for an
/// empty backtrace).
pub(crate) fn write_backtrace(f: &mut fmt::Formatter<'_>, backtrace: &[FrameInfo]) -> fmt::Result {
    if backtrace.is_empty() {
        return Ok(());
    }
    write!(f, "\nwasm backtrace:")?;
    // Entries are numbered by frame depth, so a folded run of identical
    // frames moves the numbers on by its length.
    let mut depth = 0;
    for (i, frame) in backtrace.iter().enumerate() {
        // The frame before ended a continuation's stack: what follows is
        // the stack that resumed it.
        if i > 0 && backtrace[i - 1].continuation_boundary {
            write!(f, "\n    -- resumed from --")?;
        }
        write!(f, "\n  {depth:>3}: {frame}")?;
        depth += frame.repeat.max(1);
    }
    Ok(())
}

impl std::error::Error for Trap {}

impl From<TrapCode> for Trap {
    fn from(code: TrapCode) -> Self {
        Trap::new(code)
    }
}
