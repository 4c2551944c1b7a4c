;; v128 values through the legacy exception instructions: payloads of
;; `catch` clauses (two slots per v128, the values below the `try` kept),
;; `rethrow`, `delegate`, and v128 block parameters and results of `try`.

(module
  (tag $e (param i32 v128 i64))
  (tag $v (param v128))
  (func $throw (param v128)
    (throw $e (i32.const 3) (local.get 0) (i64.const -5)))
  (func $throw_v (param v128) (throw $v (local.get 0)))

  ;; the payload of the matching clause lands above a v128 kept below it
  (func (export "catch") (param v128) (result v128 i32 v128 i64)
    (v128.const i32x4 -1 -2 -3 -4)
    (try (result i32 v128 i64)
      (do
        (call $throw (i32x4.add (local.get 0) (local.get 0)))
        (i32.const 0) (v128.const i64x2 0 0) (i64.const 0))
      (catch $v (drop) (i32.const -1) (v128.const i64x2 0 0) (i64.const 0))
      (catch $e)))

  ;; one handler per tag; the result of the `try` is one v128
  (func (export "which") (param i32 v128) (result v128)
    (try (result v128)
      (do
        (if (local.get 0)
          (then (call $throw_v (local.get 1)))
          (else (call $throw (local.get 1))))
        (v128.const i32x4 0 0 0 0))
      (catch $e (drop) (local.set 1) (drop) (i32x4.neg (local.get 1)))
      (catch $v (i32x4.mul (v128.const i32x4 2 2 2 2)))
      (catch_all (v128.const i32x4 -9 -9 -9 -9))))

  ;; rethrow from a handler that received a v128 payload; the outer
  ;; handler sees the same payload
  (func (export "rethrow") (param v128) (result v128)
    (try (result v128)
      (do
        (try (result v128)
          (do (call $throw_v (local.get 0)) (v128.const i32x4 0 0 0 0))
          (catch $v
            (drop)
            (rethrow 0))))
      (catch $v)))

  ;; delegate to an outer legacy try
  (func (export "delegate") (param v128) (result i32 v128 i64)
    (try (result i32 v128 i64)
      (do
        (try
          (do (call $throw (local.get 0)))
          (delegate 0))
        (unreachable))
      (catch $e)))

  ;; a try with v128 parameters, caught by a try_table outside it
  (func (export "params") (param v128) (result v128)
    (block $h (result v128)
      (try_table (catch $v $h)
        (local.get 0)
        (i32.const 1)
        (try (param v128 i32) (result v128)
          (do
            (drop)
            (call $throw_v)
            (v128.const i32x4 0 0 0 0))
          (catch $e (drop) (drop) (drop) (v128.const i32x4 1 1 1 1)))
        (drop))
      (v128.const i32x4 -1 -1 -1 -1)))

  ;; a v128 local live across a handler
  (func (export "live") (param v128) (result v128)
    (local $keep v128)
    (local.set $keep (i64x2.add (local.get 0) (local.get 0)))
    (try (result v128)
      (do (call $throw_v (local.get 0)) (v128.const i32x4 0 0 0 0))
      (catch $v (i64x2.add (local.get $keep)))))
)

(assert_return (invoke "catch" (v128.const i32x4 1 2 3 4))
  (v128.const i32x4 -1 -2 -3 -4) (i32.const 3) (v128.const i32x4 2 4 6 8) (i64.const -5))
(assert_return (invoke "which" (i32.const 1) (v128.const i32x4 1 2 3 4))
  (v128.const i32x4 2 4 6 8))
(assert_return (invoke "which" (i32.const 0) (v128.const i32x4 1 2 3 4))
  (v128.const i32x4 -1 -2 -3 -4))
(assert_return (invoke "rethrow" (v128.const i64x2 0x1122334455667788 -2))
  (v128.const i64x2 0x1122334455667788 -2))
(assert_return (invoke "delegate" (v128.const f32x4 1.5 -0 nan inf))
  (i32.const 3) (v128.const f32x4 1.5 -0 nan inf) (i64.const -5))
(assert_return (invoke "params" (v128.const i32x4 7 8 9 10))
  (v128.const i32x4 7 8 9 10))
(assert_return (invoke "live" (v128.const i64x2 1 2))
  (v128.const i64x2 3 6))
