;; The legacy exception instructions (try, catch, catch_all, delegate,
;; rethrow), written in the folded form that the runner unfolds
;; (`crates/spindle-wast/src/legacy_try.rs`), and their interplay with
;; try_table / exnref.

(module
  (tag $e (param i32))
  (tag $f)
  (func $throw (param i32) (throw $e (local.get 0)))
  (func $throw_f (throw $f))

  ;; the payload of the matching clause, values below the try kept
  (func (export "catch") (param i32) (result i32)
    (i32.const 1000)
    (try (result i32)
      (do (call $throw (local.get 0)) (i32.const -1))
      (catch $f (i32.const -2))
      (catch $e (i32.add (i32.const 1)))
      (catch_all (i32.const -3)))
    (i32.add))
  (func (export "catch_all") (result i32)
    (try (result i32)
      (do (call $throw_f) (i32.const -1))
      (catch $e)
      (catch_all (i32.const 7))))
  (func (export "no_throw") (result i32)
    (try (result i32) (do (i32.const 5)) (catch_all (i32.const -1))))

  ;; the same exception rethrown twice from one handler, caught by an inner
  ;; catch_all in between: the handler keeps it until it ends
  (func (export "rethrow_twice") (param i32) (result i32)
    (try (result i32)
      (do
        (try (result i32)
          (do (call $throw (local.get 0)) (i32.const -1))
          (catch $e
            (drop)
            (try (do (rethrow 1)) (catch_all))
            (try (do (rethrow 1)) (catch $e (drop)))
            (rethrow 0))))
      (catch $e)))

  ;; rethrow of an outer handler's exception from an inner handler
  (func (export "rethrow_outer") (result i32)
    (try (result i32)
      (do
        (try (result i32)
          (do (call $throw (i32.const 11)) (i32.const -1))
          (catch $e
            (drop)
            (try (result i32)
              (do (call $throw_f) (i32.const -1))
              (catch $f (rethrow 1))))))
      (catch $e)))

  ;; a branch out of a handler that holds its exception
  (func (export "branch_out") (param i32) (result i32)
    (block $out (result i32)
      (try (result i32)
        (do (call $throw (local.get 0)) (i32.const -1))
        (catch $e
          (br_if $out (i32.ge_s (local.get 0) (i32.const 0)))
          (rethrow 0)))))

  ;; a rethrown exception caught by try_table, with and without reference
  (func (export "to_try_table") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h)
        (try (do (call $throw (local.get 0))) (catch_all (rethrow 0))))
      (i32.const -1)))
  (func (export "to_catch_ref") (param i32) (result i32)
    (block $h (result i32 exnref)
      (try_table (catch_ref $e $h)
        (try (do (call $throw (local.get 0))) (catch $e (drop) (rethrow 0))))
      (unreachable))
    (drop))
  ;; an exnref thrown by throw_ref is caught by a legacy catch
  (func (export "from_throw_ref") (param i32) (result i32)
    (try (result i32)
      (do
        (block $h (result exnref)
          (try_table (catch_all_ref $h) (call $throw (local.get 0)))
          (unreachable))
        (throw_ref))
      (catch $e)))

  ;; delegate: to an outer try, across a block, past a try_table, to the caller
  (func (export "delegate") (param i32) (result i32)
    (try (result i32)
      (do
        (block (result i32)
          (try (result i32) (do (call $throw (local.get 0)) (i32.const -1)) (delegate 1))))
      (catch $e)))
  (func (export "delegate_skips_try_table") (param i32) (result i32)
    (try $outer (result i32)
      (do
        (block $h (result i32)
          (try_table (catch $e $h)
            (try (do (call $throw (local.get 0))) (delegate $outer)))
          (i32.const -1))
        (i32.const 100)
        (i32.add))
      (catch $e)))
  (func $delegate_out (param i32)
    (try (do (call $throw (local.get 0))) (delegate 0)))
  (func (export "delegate_to_caller") (param i32) (result i32)
    (try (result i32)
      (do (call $delegate_out (local.get 0)) (i32.const -1))
      (catch $e)))
  (func (export "delegate_uncaught") (param i32) (call $delegate_out (local.get 0)))

  ;; a legacy try inside a loop, the handler branching back
  (func (export "loop") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (loop $l
      (try
        (do (call $throw (local.get $i)))
        (catch $e
          (local.set $sum (i32.add (local.get $sum)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $l (i32.lt_u (local.get $i) (local.get $n)))
          (rethrow 0))))
    (local.get $sum))
)

(assert_return (invoke "catch" (i32.const 41)) (i32.const 1042))
(assert_return (invoke "catch_all") (i32.const 7))
(assert_return (invoke "no_throw") (i32.const 5))
(assert_return (invoke "rethrow_twice" (i32.const 3)) (i32.const 3))
(assert_return (invoke "rethrow_outer") (i32.const 11))
(assert_return (invoke "branch_out" (i32.const 4)) (i32.const 4))
(assert_exception (invoke "branch_out" (i32.const -4)))
(assert_return (invoke "to_try_table" (i32.const 8)) (i32.const 8))
(assert_return (invoke "to_catch_ref" (i32.const 9)) (i32.const 9))
(assert_return (invoke "from_throw_ref" (i32.const 12)) (i32.const 12))
(assert_return (invoke "delegate" (i32.const 13)) (i32.const 13))
(assert_return (invoke "delegate_skips_try_table" (i32.const 14)) (i32.const 14))
(assert_return (invoke "delegate_to_caller" (i32.const 15)) (i32.const 15))
(assert_exception (invoke "delegate_uncaught" (i32.const 16)))
(assert_exception (invoke "loop" (i32.const 10)))

;; Malformed folded forms stay malformed; a rethrow needs a catch label.
(assert_malformed (module quote "(module (func (try (do) (catch_all) (catch $e))))") "unexpected token")
(assert_malformed (module quote "(module (func (try (catch_all) (do))))") "unexpected token")
(assert_invalid (module (func (block (rethrow 0)))) "invalid rethrow label")
(assert_invalid (module (func (try (do (rethrow 0))))) "invalid rethrow label")

;; Leaving a handler that holds its exception by return and tail calls.
(module
  (tag $e (param i32))
  (func $throw (param i32) (throw $e (local.get 0)))
  (func $id (param i32 i32 i32) (result i32) (i32.add (local.get 0) (local.get 2)))
  (table funcref (elem $id))
  (type $t (func (param i32 i32 i32) (result i32)))
  (func (export "return") (param i32) (result i32)
    (try (result i32)
      (do (call $throw (local.get 0)) (i32.const -1))
      (catch $e
        (if (i32.eqz (local.get 0)) (then (rethrow 1)))
        (return))))
  (func (export "return_call") (param i32) (result i32)
    (try (result i32)
      (do (call $throw (local.get 0)) (i32.const -1))
      (catch $e
        (if (i32.eqz (local.get 0)) (then (rethrow 1)))
        (return_call $id (i32.const 1) (i32.const 2)))))
  (func (export "return_call_indirect") (param i32) (result i32)
    (try (result i32)
      (do (call $throw (local.get 0)) (i32.const -1))
      (catch $e
        (if (i32.eqz (local.get 0)) (then (rethrow 1)))
        (return_call_indirect (type $t) (i32.const 1) (i32.const 2) (i32.const 0)))))
)
(assert_return (invoke "return" (i32.const 5)) (i32.const 5))
(assert_exception (invoke "return" (i32.const 0)))
(assert_return (invoke "return_call" (i32.const 5)) (i32.const 7))
(assert_return (invoke "return_call_indirect" (i32.const 5)) (i32.const 7))
