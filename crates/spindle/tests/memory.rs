//! Linear memory: reserved address space that is committed on first touch
//! and grows in place.
//!
//! The resident-size checks read `VmRSS` of this process (Linux only; they
//! print SKIPPED elsewhere). Other tests of this file may run in parallel
//! threads, so they compare deltas with generous slack: each of them
//! touches at most a few pages, while committing one of the memories below
//! would cost 1-4 GiB.

use anyhow::Result;
use spindle::{Engine, Linker, Memory, MemoryType, Module, Store};

/// Resident set size of this process in KiB, where `/proc` has it.
fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Well under the 1 GiB that committing a 16384-page memory would cost.
const SLACK_KIB: u64 = 64 * 1024;

#[test]
fn a_4gib_memory_is_not_committed() -> Result<()> {
    let Some(before) = rss_kib() else {
        eprintln!("SKIPPED: no /proc/self/status VmRSS on this system");
        return Ok(());
    };
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (memory (export "m") 65536)
             (func (export "poke") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
             (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0))))"#,
    )?;
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine).instantiate(&mut store, &module)?;
    let after = rss_kib().unwrap();
    assert!(
        after.saturating_sub(before) < SLACK_KIB,
        "instantiating a 65536-page memory grew RSS from {before} to {after} KiB"
    );
    let mem = inst.get_memory(&mut store, "m").unwrap();
    assert_eq!(mem.size(&store), 65536);
    assert_eq!(mem.data(&store).len(), 1 << 32);
    // Both ends are usable (touching one page each), and still zero.
    let poke = inst.get_typed_func::<(i32, i32), (), _>(&mut store, "poke")?;
    let peek = inst.get_typed_func::<i32, i32, _>(&mut store, "peek")?;
    for addr in [0u32, u32::MAX] {
        assert_eq!(peek.call(&mut store, addr as i32)?, 0);
        poke.call(&mut store, (addr as i32, 7))?;
        assert_eq!(peek.call(&mut store, addr as i32)?, 7);
    }
    let touched = rss_kib().unwrap();
    assert!(
        touched.saturating_sub(before) < SLACK_KIB,
        "two touched pages grew RSS from {before} to {touched} KiB"
    );
    Ok(())
}

#[test]
fn growing_to_4gib_commits_nothing_and_keeps_the_base() -> Result<()> {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (memory (export "m") 1)
             (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
             (func (export "poke") (param i32 i32) (i32.store8 (local.get 0) (local.get 1))))"#,
    )?;
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine).instantiate(&mut store, &module)?;
    let mem = inst.get_memory(&mut store, "m").unwrap();
    let grow = inst.get_typed_func::<i32, i32, _>(&mut store, "grow")?;
    let poke = inst.get_typed_func::<(i32, i32), (), _>(&mut store, "poke")?;
    poke.call(&mut store, (65535, 9))?;
    let base = mem.data(&store).as_ptr();
    let before = rss_kib();
    // One page at a time up to 1024 pages, then the rest at once.
    for n in 1..1024 {
        assert_eq!(grow.call(&mut store, 1)?, n);
    }
    assert_eq!(grow.call(&mut store, 65536 - 1024)?, 1024);
    assert_eq!(mem.size(&store), 65536);
    assert_eq!(grow.call(&mut store, 1)?, -1, "no page beyond 4 GiB");
    assert_eq!(mem.size(&store), 65536, "a failed grow changes nothing");
    if let (Some(before), Some(after)) = (before, rss_kib()) {
        assert!(
            after.saturating_sub(before) < SLACK_KIB,
            "growing to 4 GiB grew RSS from {before} to {after} KiB"
        );
    }
    let data = mem.data(&store);
    if cfg!(all(unix, target_pointer_width = "64")) {
        assert_eq!(data.as_ptr(), base, "grown in place");
    }
    assert_eq!(data[65535], 9, "old contents kept");
    for page in [1usize, 2, 1023, 1024, 40000, 65535] {
        let at = page * 65536;
        assert!(
            data[at..at + 4096].iter().all(|&b| b == 0),
            "page {page} is zero"
        );
    }
    Ok(())
}

#[test]
fn the_declared_maximum_is_respected() -> Result<()> {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mem = Memory::new(&mut store, MemoryType::new(2, Some(5)))?;
    mem.write(&mut store, 0, b"spindle")?;
    let base = mem.data(&store).as_ptr();
    assert_eq!(mem.grow(&mut store, 3)?, 2);
    assert!(mem.grow(&mut store, 1).is_err(), "6 > max 5");
    assert!(mem.grow(&mut store, u64::MAX).is_err(), "overflowing delta");
    assert_eq!(mem.size(&store), 5, "failed grows change nothing");
    assert_eq!(mem.data(&store).len(), 5 * 65536);
    if cfg!(all(unix, target_pointer_width = "64")) {
        assert_eq!(mem.data(&store).as_ptr(), base, "grown in place");
    }
    let mut buf = [0u8; 7];
    mem.read(&store, 0, &mut buf)?;
    assert_eq!(&buf, b"spindle");
    assert!(mem.data(&store)[2 * 65536..].iter().all(|&b| b == 0));
    assert!(mem.write(&mut store, 5 * 65536 - 1, &[1, 2]).is_err());
    assert_eq!(
        mem.grow(&mut store, 0)?,
        5,
        "growing by 0 at the maximum works"
    );
    // A maximum of 0 pages: nothing to reserve, nothing to grow.
    let empty = Memory::new(&mut store, MemoryType::new(0, Some(0)))?;
    assert!(empty.data(&store).is_empty());
    assert!(empty.grow(&mut store, 1).is_err());
    assert_eq!(empty.grow(&mut store, 0)?, 0);
    Ok(())
}

#[test]
fn many_unbounded_memories_coexist() -> Result<()> {
    // 256 memories without a maximum reserve 1 TiB of address space
    // between them, and stay usable.
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (memory 1)
             (func (export "bump") (result i32)
               (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (i32.const 1)))
               (i32.load (i32.const 0))))"#,
    )?;
    let mut store = Store::new(&engine, ());
    let linker = Linker::new(&engine);
    let mut funcs = Vec::new();
    for _ in 0..256 {
        let inst = linker.instantiate(&mut store, &module)?;
        funcs.push(inst.get_typed_func::<(), i32, _>(&mut store, "bump")?);
    }
    for (i, f) in funcs.iter().enumerate() {
        for k in 1..=(i % 3 + 1) {
            assert_eq!(f.call(&mut store, ())?, k as i32);
        }
    }
    Ok(())
}

#[test]
fn a_memory64_beyond_4gib_is_reserved_not_committed() -> Result<()> {
    let engine = Engine::default();
    // 8 GiB at most, 4 GiB + 64 KiB to start with: addresses past 4 GiB.
    let module = Module::new(
        &engine,
        r#"(module (memory (export "m") i64 0x10001 0x20000)
             (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
             (func (export "poke") (param i64 i32) (i32.store8 (local.get 0) (local.get 1)))
             (func (export "peek") (param i64) (result i32) (i32.load8_u (local.get 0))))"#,
    )?;
    let before = rss_kib();
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine).instantiate(&mut store, &module)?;
    let mem = inst.get_memory(&mut store, "m").unwrap();
    assert_eq!(mem.data(&store).len(), (1 << 32) + 65536);
    let poke = inst.get_typed_func::<(i64, i32), (), _>(&mut store, "poke")?;
    let peek = inst.get_typed_func::<i64, i32, _>(&mut store, "peek")?;
    let grow = inst.get_typed_func::<i64, i64, _>(&mut store, "grow")?;
    let base = mem.data(&store).as_ptr();
    let last = (1i64 << 32) + 65535;
    for addr in [0, 1 << 32, last] {
        assert_eq!(peek.call(&mut store, addr)?, 0);
        poke.call(&mut store, (addr, 5))?;
        assert_eq!(peek.call(&mut store, addr)?, 5);
    }
    assert!(
        peek.call(&mut store, last + 1).is_err(),
        "past the end traps"
    );
    // Up to its 8 GiB maximum in place, then no further.
    assert_eq!(grow.call(&mut store, 0x1_0000)?, -1);
    assert_eq!(grow.call(&mut store, 0xffff)?, 0x1_0001);
    assert_eq!(grow.call(&mut store, 1)?, -1);
    assert_eq!(mem.data(&store).as_ptr(), base, "grown in place");
    assert_eq!(peek.call(&mut store, last)?, 5);
    poke.call(&mut store, ((1 << 33) - 1, 6))?;
    if let (Some(before), Some(after)) = (before, rss_kib()) {
        assert!(
            after.saturating_sub(before) < SLACK_KIB,
            "an 8 GiB memory64 grew RSS from {before} to {after} KiB"
        );
    } else {
        eprintln!("SKIPPED (RSS part): no /proc/self/status VmRSS on this system");
    }
    Ok(())
}

#[test]
fn a_memory64_without_maximum_moves_past_its_reservation() -> Result<()> {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (memory (export "m") i64 1)
             (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
             (func (export "poke") (param i64 i32) (i32.store8 (local.get 0) (local.get 1)))
             (func (export "peek") (param i64) (result i32) (i32.load8_u (local.get 0))))"#,
    )?;
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine).instantiate(&mut store, &module)?;
    let poke = inst.get_typed_func::<(i64, i32), (), _>(&mut store, "poke")?;
    let peek = inst.get_typed_func::<i64, i32, _>(&mut store, "peek")?;
    let grow = inst.get_typed_func::<i64, i64, _>(&mut store, "grow")?;
    poke.call(&mut store, (65535, 3))?;
    // Past the 4 GiB it reserved at first: it moves, keeping its bytes.
    assert_eq!(grow.call(&mut store, 0x1_0000)?, 1);
    assert_eq!(peek.call(&mut store, 65535)?, 3);
    poke.call(&mut store, (1 << 32, 4))?;
    assert_eq!(peek.call(&mut store, 1 << 32)?, 4);
    Ok(())
}
