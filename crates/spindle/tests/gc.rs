//! The GC proposal through the embedding API: objects freed by the one
//! collector shared with continuations (cycles between a struct and a
//! suspended continuation), objects kept by roots, collections triggered
//! by allocation volume, and GC references as host values.

use spindle::{AnyRef, Engine, ExternRef, Instance, Linker, Module, Store, Val};

fn setup(wat: &str) -> (Store<()>, Instance) {
    let engine = Engine::default();
    let module = Module::new(&engine, wat).expect("module compiles");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .expect("module instantiates");
    (store, instance)
}

/// A struct whose field holds a suspended continuation whose stack holds
/// the struct (in a local of the suspended frame).
const CYCLES: &str = r#"(module
  (type $f0 (func))
  (type $k0 (cont $f0))
  (type $holder (struct (field $k (mut (ref null $k0))) (field $pad (mut i64))))
  (type $f (func (param (ref null $holder))))
  (type $k (cont $f))
  (tag $park)
  (global $kept (mut (ref null $holder)) (ref.null $holder))
  (func $body (param $h (ref null $holder))
    (suspend $park)
    (drop (struct.get $holder $pad (local.get $h))))
  (elem declare func $body)
  ;; One cycle: struct -> continuation -> struct.
  (func $cycle (result (ref $holder))
    (local $h (ref null $holder))
    (local $c (ref null $k0))
    (local.set $h (struct.new_default $holder))
    (block $on_park (result (ref $k0))
      (resume $k (on $park $on_park) (local.get $h) (cont.new $k (ref.func $body)))
      (unreachable))
    (local.set $c)
    (struct.set $holder $k (local.get $h) (local.get $c))
    (ref.as_non_null (local.get $h)))
  (func (export "drop_cycles") (param $n i32)
    (loop $l
      (if (local.get $n)
        (then
          (drop (call $cycle))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $l)))))
  (func (export "keep_one") (global.set $kept (call $cycle)))
  (func (export "forget") (global.set $kept (ref.null $holder)))
  ;; Resumes the kept cycle's continuation: it reads its struct.
  (func (export "finish_kept")
    (resume $k0 (struct.get $holder $k (global.get $kept)))))"#;

#[test]
fn struct_continuation_cycles_are_freed() {
    let (mut store, inst) = setup(CYCLES);
    let drop_cycles = inst
        .get_typed_func::<i32, (), _>(&mut store, "drop_cycles")
        .unwrap();
    drop_cycles.call(&mut store, 1000).unwrap();
    assert_eq!(store.live_gc_objects(), 1000);
    assert_eq!(store.live_continuations(), 1000);
    store.collect_garbage();
    assert_eq!(store.live_gc_objects(), 0);
    assert_eq!(store.live_continuations(), 0);
}

#[test]
fn a_rooted_cycle_is_kept_until_it_is_not() {
    let (mut store, inst) = setup(CYCLES);
    let keep = inst
        .get_typed_func::<(), (), _>(&mut store, "keep_one")
        .unwrap();
    let drop_cycles = inst
        .get_typed_func::<i32, (), _>(&mut store, "drop_cycles")
        .unwrap();
    let finish = inst
        .get_typed_func::<(), (), _>(&mut store, "finish_kept")
        .unwrap();
    let forget = inst
        .get_typed_func::<(), (), _>(&mut store, "forget")
        .unwrap();
    keep.call(&mut store, ()).unwrap();
    drop_cycles.call(&mut store, 100).unwrap();
    store.collect_garbage();
    assert_eq!(store.live_gc_objects(), 1);
    assert_eq!(store.live_continuations(), 1);
    // The kept continuation still runs and still finds its struct.
    finish.call(&mut store, ()).unwrap();
    assert_eq!(store.live_continuations(), 0);
    forget.call(&mut store, ()).unwrap();
    store.collect_garbage();
    assert_eq!(store.live_gc_objects(), 0);
}

#[test]
fn cycles_in_a_long_loop_stay_bounded_without_explicit_collections() {
    let (mut store, inst) = setup(CYCLES);
    let drop_cycles = inst
        .get_typed_func::<i32, (), _>(&mut store, "drop_cycles")
        .unwrap();
    drop_cycles.call(&mut store, 200_000).unwrap();
    // cont.new collects at 4096 live continuations (then twice what is
    // left), freeing the structs of the cycles with them.
    assert!(
        store.live_continuations() <= 20_000,
        "{} continuations live",
        store.live_continuations()
    );
    assert!(
        store.live_gc_objects() <= 20_000,
        "{} objects live",
        store.live_gc_objects()
    );
}

#[test]
fn allocation_volume_triggers_collections() {
    let (mut store, inst) = setup(
        r#"(module
          (type $node (struct (field $next (ref null $node)) (field $v i64)))
          (type $arr (array (mut i64)))
          (global $list (mut (ref null $node)) (ref.null $node))
          ;; Builds a kept list of `n` nodes, dropping 1 KiB of garbage per node.
          (func (export "build") (param $n i32)
            (loop $l
              (if (local.get $n)
                (then
                  (global.set $list
                    (struct.new $node (global.get $list) (i64.extend_i32_u (local.get $n))))
                  (drop (array.new_default $arr (i32.const 128)))
                  (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                  (br $l)))))
          (func (export "sum") (result i64)
            (local $p (ref null $node)) (local $s i64)
            (local.set $p (global.get $list))
            (block $end
              (loop $l
                (br_if $end (ref.is_null (local.get $p)))
                (local.set $s (i64.add (local.get $s) (struct.get $node $v (local.get $p))))
                (local.set $p (struct.get $node $next (local.get $p)))
                (br $l)))
            (local.get $s)))"#,
    );
    let build = inst
        .get_typed_func::<i32, (), _>(&mut store, "build")
        .unwrap();
    let sum = inst
        .get_typed_func::<(), i64, _>(&mut store, "sum")
        .unwrap();
    let n = 100_000;
    build.call(&mut store, n).unwrap();
    // About 100 MB of arrays were allocated; the kept list is 100,000 objects.
    assert!(
        store.live_gc_objects() < 2 * n as usize,
        "{} objects live: no collection ran",
        store.live_gc_objects()
    );
    assert_eq!(
        sum.call(&mut store, ()).unwrap(),
        (n as i64) * (n as i64 + 1) / 2
    );
    store.collect_garbage();
    assert_eq!(store.live_gc_objects(), n as usize);
}

#[test]
fn gc_references_as_host_values() {
    let (mut store, inst) = setup(
        r#"(module
          (type $s (struct (field i32)))
          (type $a (array i8))
          (func (export "make_struct") (result anyref) (struct.new $s (i32.const 4)))
          (func (export "make_array") (result eqref) (array.new_default $a (i32.const 2)))
          (func (export "make_i31") (param i32) (result i31ref) (ref.i31 (local.get 0)))
          (func (export "field") (param anyref) (result i32)
            (struct.get $s 0 (ref.cast (ref $s) (local.get 0))))
          (func (export "externalize") (param anyref) (result externref)
            (extern.convert_any (local.get 0)))
          (func (export "internalize") (param externref) (result anyref)
            (any.convert_extern (local.get 0))))"#,
    );
    let call = |store: &mut Store<()>, name: &str, args: &[Val]| -> Val {
        let f = inst.get_func(&mut *store, name).unwrap();
        let mut out = [Val::I32(0)];
        f.call(&mut *store, args, &mut out).unwrap();
        out[0]
    };
    let s = call(&mut store, "make_struct", &[]);
    let Val::AnyRef(r) = s else { panic!("{s:?}") };
    assert!(r.is_struct() && r.is_eq() && !r.is_array() && r.i31().is_none());
    // The host's struct survives collections and goes back in.
    store.collect_garbage();
    assert_eq!(call(&mut store, "field", &[s]), Val::I32(4));
    let Val::AnyRef(a) = call(&mut store, "make_array", &[]) else {
        panic!("an array")
    };
    assert!(a.is_array() && !a.is_struct());
    assert_eq!(
        call(&mut store, "make_i31", &[Val::I32(-3)]),
        Val::AnyRef(AnyRef::from_i31(-3))
    );
    assert_eq!(AnyRef::from_i31(-3).i31(), Some(-3));
    // extern.convert_any gives the host an externalized reference, which
    // converts back to the same struct.
    let e = call(&mut store, "externalize", &[s]);
    let Val::AnyRef(x) = e else { panic!("{e:?}") };
    assert!(x.is_externalized());
    assert_eq!(call(&mut store, "internalize", &[e]), s);
    // A host externref made internal is `AnyRef::as_extern`.
    let i = call(
        &mut store,
        "internalize",
        &[Val::ExternRef(Some(ExternRef(9)))],
    );
    let Val::AnyRef(h) = i else { panic!("{i:?}") };
    assert_eq!(h.as_extern(), Some(ExternRef(9)));
    assert_eq!(
        call(&mut store, "externalize", &[i]),
        Val::ExternRef(Some(ExternRef(9)))
    );
}

/// Two million live objects survive a collection intact; the pause is
/// printed (`cargo test --release -p spindle --test gc -- --nocapture`).
#[test]
fn millions_of_live_objects_survive_a_collection() {
    let (mut store, inst) = setup(
        r#"(module
          (type $node (struct (field $next (ref null $node)) (field $v i32)))
          (global $list (mut (ref null $node)) (ref.null $node))
          (func (export "build") (param $n i32)
            (loop $l
              (if (local.get $n)
                (then
                  (global.set $list (struct.new $node (global.get $list) (local.get $n)))
                  (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                  (br $l)))))
          (func (export "count") (result i32)
            (local $p (ref null $node)) (local $c i32)
            (local.set $p (global.get $list))
            (block $end
              (loop $l
                (br_if $end (ref.is_null (local.get $p)))
                (local.set $c (i32.add (local.get $c) (i32.const 1)))
                (local.set $p (struct.get $node $next (local.get $p)))
                (br $l)))
            (local.get $c)))"#,
    );
    let build = inst
        .get_typed_func::<i32, (), _>(&mut store, "build")
        .unwrap();
    let count = inst
        .get_typed_func::<(), i32, _>(&mut store, "count")
        .unwrap();
    let n = 2_000_000;
    build.call(&mut store, n).unwrap();
    let start = std::time::Instant::now();
    store.collect_garbage();
    let pause = start.elapsed();
    eprintln!("collection of {n} live objects: {pause:?}");
    assert_eq!(store.live_gc_objects(), n as usize);
    assert_eq!(count.call(&mut store, ()).unwrap(), n);
}

#[test]
fn host_reads_and_writes_fields_and_elements() {
    let (mut store, inst) = setup(
        r#"(module
          (type $inner (struct (field i64)))
          (type $s (struct (field $a i32) (field $b (mut i8)) (field $c (mut (ref null $inner)))))
          (type $h (array (mut i16)))
          (func (export "make") (result (ref $s))
            (struct.new $s (i32.const -7) (i32.const 300) (struct.new $inner (i64.const 99))))
          (func (export "make_array") (result (ref $h))
            (array.new_fixed $h 3 (i32.const 1) (i32.const -1) (i32.const 70000)))
          (func (export "b_signed") (param (ref $s)) (result i32)
            (struct.get_s $s $b (local.get 0))))"#,
    );
    let call = |store: &mut Store<()>, name: &str, args: &[Val]| -> Val {
        let f = inst.get_func(&mut *store, name).unwrap();
        let mut out = [Val::I32(0)];
        f.call(&mut *store, args, &mut out).unwrap();
        out[0]
    };
    let v = call(&mut store, "make", &[]);
    let Val::AnyRef(s) = v else { panic!("{v:?}") };
    assert!(s.ty(&store).is_some());
    assert_eq!(s.field(&store, 0), Some(Val::I32(-7)));
    // 300 wrapped to 8 bits, read zero-extended.
    assert_eq!(s.field(&store, 1), Some(Val::I32(44)));
    assert_eq!(s.field(&store, 3), None);
    let Some(Val::AnyRef(inner)) = s.field(&store, 2) else {
        panic!("a struct reference")
    };
    assert_eq!(inner.field(&store, 0), Some(Val::I64(99)));
    // Writes: a packed field keeps its low bits; immutable fields refuse.
    s.set_field(&mut store, 1, Val::I32(0x1ff)).unwrap();
    assert_eq!(call(&mut store, "b_signed", &[v]), Val::I32(-1));
    assert!(s.set_field(&mut store, 0, Val::I32(1)).is_err());
    assert!(s.set_field(&mut store, 1, Val::I64(1)).is_err());
    s.set_field(&mut store, 2, Val::NullRef).unwrap();
    assert_eq!(s.field(&store, 2).map(|v| v.is_null()), Some(true));
    store.collect_garbage();
    let Val::AnyRef(a) = call(&mut store, "make_array", &[]) else {
        panic!("an array")
    };
    assert_eq!(a.array_len(&store), Some(3));
    assert_eq!(a.element(&store, 1), Some(Val::I32(0xffff)));
    assert_eq!(a.element(&store, 2), Some(Val::I32(70000 & 0xffff)));
    assert_eq!(a.element(&store, 3), None);
    assert_eq!(s.array_len(&store), None);
    assert_eq!(AnyRef::from_i31(5).ty(&store), None);
    // A value of another type is refused for a concrete parameter type.
    let b_signed = inst.get_func(&mut store, "b_signed").unwrap();
    let err = b_signed
        .call(&mut store, &[Val::AnyRef(a)], &mut [Val::I32(0)])
        .unwrap_err();
    assert!(err.to_string().contains("argument type mismatch"), "{err}");
}

/// Struct fields and array elements of type `v128` would need two words in
/// the GC heap, which has one per field: such types are refused with a
/// clear error rather than truncated.
#[test]
fn v128_fields_are_refused() {
    let engine = Engine::default();
    for ty in ["(struct (field v128))", "(array (mut v128))"] {
        let wat = format!("(module (type $t {ty}))");
        let err = Module::new(&engine, &wat).unwrap_err();
        assert!(
            format!("{err:#}").contains("of type v128 are not supported"),
            "{ty}: {err:#}"
        );
    }
}

/// A contref and a struct reference can be the same word (stack 1 and
/// object 0, both in generation 1): the collector must keep both.
#[test]
fn a_word_that_names_a_continuation_and_a_struct_keeps_both() {
    let (mut store, inst) = setup(
        r#"(module
          (type $s (struct (field i32)))
          (type $f (func (result i32)))
          (type $k (cont $f))
          (global $obj (mut (ref null $s)) (ref.null $s))
          (global $cont (mut (ref null $k)) (ref.null $k))
          (func $body (result i32) (i32.const 17))
          (elem declare func $body)
          (func (export "make")
            (global.set $obj (struct.new $s (i32.const 4)))
            (global.set $cont (cont.new $k (ref.func $body))))
          (func (export "use") (result i32)
            (i32.add
              (struct.get $s 0 (global.get $obj))
              (resume $k (global.get $cont)))))"#,
    );
    let make = inst
        .get_typed_func::<(), (), _>(&mut store, "make")
        .unwrap();
    let use_ = inst
        .get_typed_func::<(), i32, _>(&mut store, "use")
        .unwrap();
    make.call(&mut store, ()).unwrap();
    store.collect_garbage();
    assert_eq!(store.live_gc_objects(), 1);
    assert_eq!(store.live_continuations(), 1);
    assert_eq!(use_.call(&mut store, ()).unwrap(), 21);
}

/// The collector does not scan objects whose type has no reference field
/// or element: an `i64` array holding the very bits of a dead struct's
/// reference (index 0, generation 1: `0x1_0000_0002`) does not keep it,
/// while an `anyref` array holding the struct does. (Found by the fuzzer's
/// gc mode, case 0xe3823c98b080a1c8: collections triggered by allocation
/// rescanned large number arrays, and the case ran for minutes.)
#[test]
fn arrays_of_numbers_are_not_scanned() {
    let (mut store, inst) = setup(
        r#"(module
          (type $s (struct (field i32)))
          (type $nums (array (mut i64)))
          (type $refs (array (mut anyref)))
          (global $nums (mut (ref null $nums)) (ref.null $nums))
          (global $refs (mut (ref null $refs)) (ref.null $refs))
          (func (export "numbers")
            (drop (struct.new $s (i32.const 1)))
            (global.set $nums (array.new $nums (i64.const 0x1_0000_0002) (i32.const 4))))
          (func (export "refs")
            (global.set $refs
              (array.new $refs (struct.new $s (i32.const 2)) (i32.const 4)))))"#,
    );
    let numbers = inst
        .get_typed_func::<(), (), _>(&mut store, "numbers")
        .unwrap();
    let refs = inst
        .get_typed_func::<(), (), _>(&mut store, "refs")
        .unwrap();
    numbers.call(&mut store, ()).unwrap();
    store.collect_garbage();
    assert_eq!(store.live_gc_objects(), 1, "only the i64 array is left");
    refs.call(&mut store, ()).unwrap();
    store.collect_garbage();
    assert_eq!(
        store.live_gc_objects(),
        3,
        "the anyref array keeps its struct"
    );
}
