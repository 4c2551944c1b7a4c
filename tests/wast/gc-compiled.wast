;; The GC operators compiled code runs itself (`jit/lower/gc.rs`):
;; `struct.new` inline from dead blocks or through the allocation hook,
;; which declines when the
;; allocation would collect (compiled code exits, the interpreter allocates
;; and collects, compiled code goes on after it), `struct.get`/`set`
;; (packed too) with null checks that exit to the interpreter's trap,
;; `ref.test`/`ref.cast` (a failed cast traps; function types exit),
;; `ref.i31`/`i31.get_*` and the extern conversions. Run in every tier by
;; `crates/spindle-wast/tests/own_wast.rs` and CI.

(module
  (type $node (struct (field $v (mut i64)) (field $next (mut (ref null $node)))))
  (type $base (sub (struct (field i32))))
  (type $derived (sub $base (struct (field i32) (field f64))))
  (type $other (struct (field i32)))
  (type $packed (struct (field $s (mut i8)) (field $t (mut i16)) (field $u (mut i32))))
  (type $fn (func (result i32)))

  (func $seven (type $fn) (i32.const 7))
  (elem declare func $seven)

  ;; A list of `$n` nodes kept in a local (a register in compiled code)
  ;; while `$garbage` pairs are allocated and dropped: 3,000,000 pairs of
  ;; 24 bytes run several collections in the middle of the loop, each one
  ;; an exit of the allocation that asked for it. The list must survive
  ;; every collection: returns the sum of its values (n (n + 1) / 2) plus
  ;; the values of the last garbage pair (garbage - 1, and 1).
  (func (export "survive") (param $n i32) (param $garbage i32) (result i64)
    (local $list (ref null $node))
    (local $junk (ref null $node))
    (local $i i32)
    (local $sum i64)
    (block $built
      (loop $build
        (br_if $built (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $list
          (struct.new $node (i64.extend_i32_u (local.get $i)) (local.get $list)))
        (br $build)))
    (local.set $i (i32.const 0))
    (block $dropped
      (loop $drop
        (br_if $dropped (i32.ge_u (local.get $i) (local.get $garbage)))
        (local.set $junk
          (struct.new $node (i64.extend_i32_u (local.get $i))
            (struct.new $node (i64.const 1) (ref.null $node))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $drop)))
    (block $walked
      (loop $walk
        (br_if $walked (ref.is_null (local.get $list)))
        (local.set $sum (i64.add (local.get $sum) (struct.get $node $v (local.get $list))))
        (local.set $list (struct.get $node $next (local.get $list)))
        (br $walk)))
    (i64.add (local.get $sum)
      (i64.add (struct.get $node $v (local.get $junk))
        (struct.get $node $v (ref.as_non_null (struct.get $node $next (local.get $junk)))))))

  ;; Dead blocks of three struct types interleaved, reused by `struct.new`
  ;; (inline when the dead block held a struct of the same type, through
  ;; the hook otherwise) and by `struct.new_default`, whose fields must
  ;; read 0 whatever the block held: keeps every 7th `$node` of `$n` in a
  ;; list and returns the sum of its values (plus the default fields read).
  (func (export "mixed-reuse") (param $n i32) (result i64)
    (local $list (ref null $node))
    (local $i i32)
    (local $sum i64)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (drop (struct.new $base (local.get $i)))
        (if (i32.eqz (i32.rem_u (local.get $i) (i32.const 7)))
          (then
            (local.set $list
              (struct.new $node (i64.extend_i32_u (local.get $i)) (local.get $list))))
          (else (drop (struct.new $derived (local.get $i) (f64.const 1)))))
        (local.set $sum
          (i64.add (local.get $sum) (struct.get $node $v (struct.new_default $node))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (block $walked
      (loop $walk
        (br_if $walked (ref.is_null (local.get $list)))
        (local.set $sum (i64.add (local.get $sum) (struct.get $node $v (local.get $list))))
        (local.set $list (struct.get $node $next (local.get $list)))
        (br $walk)))
    (local.get $sum))

  ;; `struct.set` through a loop, then a sum.
  (func (export "set-loop") (param $n i32) (result i64)
    (local $p (ref $node))
    (local $i i32)
    (local.set $p (struct.new_default $node))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (struct.set $node $v (local.get $p)
          (i64.add (struct.get $node $v (local.get $p)) (i64.extend_i32_u (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (struct.get $node $v (local.get $p)))

  (func (export "get-null") (result i64)
    (struct.get $node $v (ref.null $node)))
  (func (export "set-null")
    (struct.set $node $v (ref.null $node) (i64.const 1)))
  (func (export "get-packed-null") (result i32)
    (struct.get_s $packed $s (ref.null $packed)))

  ;; Packed fields: stored wrapped, read sign- or zero-extended.
  (func (export "packed") (param $x i32) (result i32 i32 i32 i32 i32)
    (local $p (ref $packed))
    (local.set $p (struct.new $packed (local.get $x) (local.get $x) (local.get $x)))
    (struct.set $packed $t (local.get $p) (i32.add (local.get $x) (i32.const 1)))
    (struct.get_s $packed $s (local.get $p))
    (struct.get_u $packed $s (local.get $p))
    (struct.get_s $packed $t (local.get $p))
    (struct.get_u $packed $t (local.get $p))
    (struct.get $packed $u (local.get $p)))

  ;; `ref.test` against concrete, abstract and function types.
  (func (export "tests") (result i32 i32 i32 i32 i32 i32 i32 i32)
    (local $d (ref null $base))
    (local.set $d (struct.new $derived (i32.const 1) (f64.const 2)))
    (ref.test (ref $derived) (local.get $d))
    (ref.test (ref $base) (struct.new $base (i32.const 3)))
    (ref.test (ref $derived) (struct.new $base (i32.const 3)))
    (ref.test (ref null $derived) (ref.null $base))
    (ref.test (ref $derived) (ref.null $base))
    (ref.test (ref i31) (ref.i31 (i32.const 5)))
    (ref.test (ref struct) (ref.i31 (i32.const 5)))
    (ref.test (ref $fn) (ref.func $seven)))

  (func (export "cast-ok") (result i32)
    (local $b (ref null $base))
    (local.set $b (struct.new $derived (i32.const 9) (f64.const 0)))
    (struct.get $derived 0 (ref.cast (ref $derived) (local.get $b))))
  (func (export "cast-fail") (result i32)
    (struct.get $derived 0 (ref.cast (ref $derived) (struct.new $base (i32.const 1)))))
  (func (export "cast-null") (result i32)
    (ref.is_null (ref.cast (ref null $other) (ref.null $other))))
  (func (export "cast-func") (result i32)
    (call_ref $fn (ref.cast (ref $fn) (ref.func $seven))))

  ;; `i31`: the low 31 bits, read back signed and unsigned.
  (func (export "i31") (param $x i32) (result i32 i32)
    (local $r (ref i31))
    (local.set $r (ref.i31 (local.get $x)))
    (i31.get_s (local.get $r))
    (i31.get_u (local.get $r)))
  (func (export "i31-null") (result i32)
    (i31.get_u (ref.null i31)))

  ;; `extern.convert_any` and back keeps the reference (`ref.eq`), and
  ;; null stays null.
  (func (export "round-trip") (param $h externref) (result i32 i32 i32 i32)
    (local $s (ref null $base))
    (local $e externref)
    (local.set $s (struct.new $base (i32.const 4)))
    (local.set $e (extern.convert_any (local.get $s)))
    (ref.eq (local.get $s) (ref.cast (ref null $base) (any.convert_extern (local.get $e))))
    (ref.is_null (extern.convert_any (ref.null any)))
    (ref.is_null (any.convert_extern (local.get $h)))
    (ref.test (ref i31) (any.convert_extern (extern.convert_any (ref.i31 (i32.const 3)))))))

(assert_return (invoke "survive" (i32.const 1000) (i32.const 3000000))
  (i64.const 3500500))
(assert_return (invoke "set-loop" (i32.const 100000)) (i64.const 4999950000))
(assert_return (invoke "mixed-reuse" (i32.const 1000000)) (i64.const 71428928571))
(assert_trap (invoke "get-null") "null structure reference")
(assert_trap (invoke "set-null") "null structure reference")
(assert_trap (invoke "get-packed-null") "null structure reference")
(assert_return (invoke "packed" (i32.const 0x1ff80))
  (i32.const -128) (i32.const 0x80) (i32.const -127) (i32.const 0xff81) (i32.const 0x1ff80))
(assert_return (invoke "tests")
  (i32.const 1) (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 0)
  (i32.const 1) (i32.const 0) (i32.const 1))
(assert_return (invoke "cast-ok") (i32.const 9))
(assert_trap (invoke "cast-fail") "cast failure")
(assert_return (invoke "cast-null") (i32.const 1))
(assert_return (invoke "cast-func") (i32.const 7))
(assert_return (invoke "i31" (i32.const -1)) (i32.const -1) (i32.const 0x7fffffff))
(assert_return (invoke "i31" (i32.const 0x40000000)) (i32.const -0x40000000) (i32.const 0x40000000))
(assert_trap (invoke "i31-null") "null i31 reference")
(assert_return (invoke "round-trip" (ref.null extern)) (i32.const 1) (i32.const 1) (i32.const 1) (i32.const 1))
(assert_return (invoke "round-trip" (ref.extern 7)) (i32.const 1) (i32.const 1) (i32.const 0) (i32.const 1))
