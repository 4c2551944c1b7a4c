;; A `catch` clause or an `(on $tag $label)` handler whose label is the
;; function's own, in a function whose code never reaches that label's end:
;; the runtime writes the payload to slots the code never uses. The frame
;; must still have them (found by spindle-fuzz: a mutant of
;; stack-switching/resume_throw.wast panicked with an out-of-range slot).

(module
  (tag $e (param i32))
  (func $thrower (throw $e (i32.const 7)))
  (func (export "catch-to-function-label") (result i32)
    (block
      (try_table (catch $e 1) (call $thrower))
      (unreachable))
    (unreachable))
  (func (export "catch-ref-to-function-label") (result i32 exnref)
    (block
      (try_table (catch_ref $e 1) (call $thrower))
      (unreachable))
    (unreachable))
  (func (export "catch-ref-payload") (result i32)
    (call 2) (drop))
)
(assert_return (invoke "catch-to-function-label") (i32.const 7))
(assert_return (invoke "catch-ref-payload") (i32.const 7))

;; The fuzzer's case: a continuation's function catches to its own label
;; after suspending, and its resumer throws into it.
(module
  (tag $e (param i32))
  (tag $yield)
  (type $f (func (result i32)))
  (type $k (cont $f))
  (func $body (result i32)
    (block (result i32)
      (try_table (result i32) (catch $e 1)
        (suspend $yield)
        (unreachable))
      (unreachable)))
  (elem declare func $body)
  (func (export "throw-into") (result i32)
    (local $k (ref null $k))
    (block $y (result (ref $k))
      (resume $k (on $yield $y) (cont.new $k (ref.func $body)))
      (unreachable))
    (local.set $k)
    (resume_throw $k $e (i32.const 42) (local.get $k)))
)
(assert_return (invoke "throw-into") (i32.const 42))

;; `(on $tag $label)` naming the function's label: the payload and the
;; continuation go to the function's result slots.
(module
  (tag $y (param i64 i64) (result i64))
  (type $ft (func (result i64)))
  (type $ct (cont $ft))
  (type $rt (func (param i64) (result i64)))
  (type $rk (cont $rt))
  (func $body (result i64)
    (suspend $y (i64.const 1) (i64.const 2)))
  (elem declare func $body)
  (func $inner (result i64 i64 (ref null $rk))
    (block
      (resume $ct (on $y 1) (cont.new $ct (ref.func $body)))
      (unreachable))
    (unreachable))
  (func (export "on-to-function-label") (result i64)
    (call $inner) (drop) (i64.add))
)
(assert_return (invoke "on-to-function-label") (i64.const 3))

;; The same with a `v128` payload (two slots) in a continuation's frame.
(module
  (tag $e (param v128))
  (tag $yield)
  (type $f (func (result v128)))
  (type $k (cont $f))
  (func $body (result v128)
    (block (result v128)
      (try_table (result v128) (catch $e 1)
        (suspend $yield)
        (unreachable))
      (unreachable)))
  (elem declare func $body)
  (func (export "throw-v128-into") (result i64)
    (local $k (ref null $k))
    (block $y (result (ref $k))
      (resume $k (on $yield $y) (cont.new $k (ref.func $body)))
      (unreachable))
    (local.set $k)
    (resume_throw $k $e (v128.const i64x2 5 7) (local.get $k))
    (i64x2.extract_lane 1))
)
(assert_return (invoke "throw-v128-into") (i64.const 7))
