;; Calls between compiled functions run as native calls (`jit`'s "Native
;; calls"): the cases mix callees that return natively with callees that
;; exit at some depth (memory.grow, calls into another instance, traps,
;; exceptions, stack switching, exhaustion), and call each export more
;; than once so that later calls find every callee compiled. Run in both
;; tiers by `crates/spindle-wast/tests/own_wast.rs`.

(module $other
  (global $n (export "n") (mut i32) (i32.const 0))
  (func (export "bump") (param i32) (result i32)
    (global.set $n (i32.add (global.get $n) (local.get 0)))
    (global.get $n)))
(register "other" $other)

(module
  (import "other" "bump" (func $bump (param i32) (result i32)))
  (memory 1)
  (global $g (mut i32) (i32.const 0))
  (tag $e (param i32))

  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))

  ;; Several results of several types, returned into the caller's slots.
  (func $swap3 (param i64 f64 i32) (result i32 f64 i64)
    (local.get 2) (local.get 1) (local.get 0))
  (func (export "multi") (param i64) (result i64)
    (local $a i32) (local $b f64) (local $c i64)
    (call $swap3 (local.get 0) (f64.const 2.5) (i32.const 7))
    (local.set $c) (local.set $b) (local.set $a)
    (i64.add (local.get $c)
      (i64.add (i64.extend_i32_u (local.get $a)) (i64.trunc_f64_s (local.get $b)))))

  ;; A v128 result (two slots).
  (func $vec (param i32) (result v128)
    (i32x4.splat (local.get 0)))
  (func (export "vec") (param i32) (result i32)
    (i32x4.extract_lane 3 (call $vec (local.get 0))))

  ;; The caller's locals live across the call; the callee's locals (in
  ;; the slots above the caller's) start at zero on every call.
  (func $clobber (param i32) (result i32) (local i32 i32 i32)
    (local.set 2 (i32.add (local.get 2) (i32.const 222)))
    (local.set 1 (i32.const 111)) (local.set 3 (i32.const 333))
    (i32.add (local.get 0) (i32.add (local.get 1) (i32.add (local.get 2) (local.get 3)))))
  (func (export "live-across") (param i32) (result i32) (local $x i32) (local $y i32)
    (local.set $x (i32.mul (local.get 0) (i32.const 3)))
    (local.set $y (call $clobber (local.get $x)))
    (local.set $y (i32.add (local.get $y) (call $clobber (local.get $x))))
    (i32.add (local.get $x) (local.get $y)))

  ;; A callee two calls deep grows memory (it exits): the callers go on
  ;; with the new size.
  (func $grow (result i32) (memory.grow (i32.const 1)))
  (func $mid (result i32) (i32.add (call $grow) (i32.const 0)))
  (func (export "grow-deep") (result i32)
    (local $old i32) (local $at i32)
    (local.set $old (call $mid))
    (local.set $at (i32.sub (i32.mul (i32.add (local.get $old) (i32.const 1))
                                     (i32.const 65536))
                            (i32.const 4)))
    (i32.store (local.get $at) (local.get $old))
    (i32.add (i32.load (local.get $at)) (memory.size)))

  ;; Globals written by callees, read by callers.
  (func $set-g (param i32) (global.set $g (i32.add (global.get $g) (local.get 0))))
  (func (export "globals") (param i32) (result i32)
    (call $set-g (local.get 0))
    (call $set-g (global.get $g))
    (global.get $g))

  ;; A call into another instance exits; the callers go on after it.
  (func $via-other (param i32) (result i32)
    (i32.add (call $bump (local.get 0)) (i32.const 1000)))
  (func (export "other") (param i32) (result i32)
    (i32.add (call $via-other (local.get 0)) (call $via-other (local.get 0))))

  ;; A trap three calls deep.
  (func $div (param i32) (result i32) (i32.div_u (i32.const 100) (local.get 0)))
  (func $l2 (param i32) (result i32) (call $div (local.get 0)))
  (func $l1 (param i32) (result i32) (i32.add (call $l2 (local.get 0)) (i32.const 1)))
  (func (export "trap-deep") (param i32) (result i32) (call $l1 (local.get 0)))

  ;; An exception thrown two calls deep, caught by the caller.
  (func $thrower (param i32) (result i32)
    (if (local.get 0) (then (throw $e (local.get 0))))
    (i32.const 5))
  (func $pass (param i32) (result i32) (i32.mul (call $thrower (local.get 0)) (i32.const 2)))
  (func (export "catch") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h)
        (return (i32.add (call $pass (local.get 0)) (i32.const 100))))
      (unreachable)))

  ;; Recursion far deeper than the native stack allowance: the calls past
  ;; it run through the interpreter's frames.
  (func $depth (export "depth") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (call $depth (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))))
  (func $forever (export "forever") (param i32) (result i32)
    (i32.add (call $forever (local.get 0)) (i32.const 1)))
)

(assert_return (invoke "fib" (i32.const 20)) (i32.const 6765))
(assert_return (invoke "fib" (i32.const 21)) (i32.const 10946))
(assert_return (invoke "multi" (i64.const 40)) (i64.const 49))
(assert_return (invoke "multi" (i64.const -9)) (i64.const 0))
(assert_return (invoke "vec" (i32.const 17)) (i32.const 17))
(assert_return (invoke "vec" (i32.const -3)) (i32.const -3))
(assert_return (invoke "live-across" (i32.const 1)) (i32.const 1341))
(assert_return (invoke "live-across" (i32.const 2)) (i32.const 1350))
(assert_return (invoke "grow-deep") (i32.const 3))
(assert_return (invoke "grow-deep") (i32.const 5))
(assert_return (invoke "globals" (i32.const 3)) (i32.const 6))
(assert_return (invoke "globals" (i32.const 1)) (i32.const 14))
(assert_return (invoke "other" (i32.const 2)) (i32.const 2006))
(assert_return (invoke "other" (i32.const 1)) (i32.const 2011))
(assert_return (invoke "trap-deep" (i32.const 4)) (i32.const 26))
(assert_trap (invoke "trap-deep" (i32.const 0)) "integer divide by zero")
(assert_return (invoke "trap-deep" (i32.const 50)) (i32.const 3))
(assert_trap (invoke "trap-deep" (i32.const 0)) "integer divide by zero")
(assert_return (invoke "catch" (i32.const 0)) (i32.const 110))
(assert_return (invoke "catch" (i32.const 7)) (i32.const 7))
(assert_return (invoke "catch" (i32.const 0)) (i32.const 110))
(assert_return (invoke "depth" (i32.const 100)) (i32.const 100))
(assert_return (invoke "depth" (i32.const 100000)) (i32.const 100000))
(assert_exhaustion (invoke "forever" (i32.const 0)) "call stack exhausted")
(assert_return (invoke "depth" (i32.const 1000)) (i32.const 1000))

;; `suspend` two native calls below the continuation's first frame: the
;; stack is suspended with the compiled callers' frames in it, and resumed
;; into them.
(module
  (type $f (func (param i32) (result i32)))
  (type $k (cont $f))
  (tag $yield (param i32) (result i32))
  (func $leaf (param i32) (result i32)
    (i32.add (suspend $yield (local.get 0)) (suspend $yield (i32.const 1))))
  (func $mid (param i32) (result i32)
    (i32.add (call $leaf (i32.mul (local.get 0) (i32.const 2))) (i32.const 1)))
  (func $body (param i32) (result i32)
    (i32.add (call $mid (local.get 0)) (call $mid (i32.const 100))))
  (elem declare func $body)
  ;; Resumes `body(n)`, answering each yield of `v` with `v + 10`;
  ;; returns the body's result plus the number of yields times 1000.
  (func (export "run") (param i32) (result i32)
    (local $k (ref null $k)) (local $v i32) (local $yields i32)
    (local.set $k (cont.new $k (ref.func $body)))
    (local.set $v (local.get 0))
    (loop $next
      (block $h (result i32 (ref $k))
        (return (i32.add
          (resume $k (on $yield $h) (local.get $v) (local.get $k))
          (i32.mul (local.get $yields) (i32.const 1000)))))
      (local.set $k)
      (local.set $v (i32.add (i32.const 10)))
      (local.set $yields (i32.add (local.get $yields) (i32.const 1)))
      (br $next))
    (unreachable))
)

;; body(5): mid(5) = leaf(10) + 1 = (20 + 11) + 1 = 32; mid(100) = leaf(200)
;; + 1 = (210 + 11) + 1 = 222; four yields.
(assert_return (invoke "run" (i32.const 5)) (i32.const 4254))
(assert_return (invoke "run" (i32.const 5)) (i32.const 4254))
(assert_return (invoke "run" (i32.const 0)) (i32.const 4244))
