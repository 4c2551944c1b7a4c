;; Exceptions are freed when caught without a reference, or by the
;; collector once unreachable, and their indices are reused: catch and
;; rethrow must still see the right tag and payload, and an exnref kept
;; anywhere (global, table, local, operand stack, another exception's
;; payload) must survive thousands of allocations (more than the
;; collector's threshold of 4096 live exceptions) and the reuse of freed
;; indices.

(module
  (tag $e (param i32))
  (tag $f (param f64))
  (tag $w (param exnref))
  (global $keep (mut exnref) (ref.null exn))
  (table $t 4 exnref)

  ;; Throws $e(v) and returns its exnref.
  (func $make (param $v i32) (result exnref)
    (block $h (result exnref)
      (try_table (catch_all_ref $h) (throw $e (local.get $v)))
      (unreachable)))

  ;; The payload of an $e exception, by rethrowing it.
  (func $payload (param $x exnref) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h) (throw_ref (local.get $x)))
      (unreachable)))

  ;; n throw/catch rounds; each exception is freed when caught, so they
  ;; all reuse one index. Returns the sum of the payloads.
  (func $churn (export "churn") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $sum (i32.add (local.get $sum)
          (block $h (result i32)
            (try_table (catch $e $h) (throw $e (local.get $i)))
            (unreachable))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $sum))

  ;; n rounds that take the exnref (catch_ref), rethrow it, catch it by
  ;; payload and drop it: left to the collector.
  (func $churn_ref (export "churn_ref") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $sum (i32.add (local.get $sum)
          (call $payload (call $make (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $sum))

  (func (export "keep") (param $v i32)
    (global.set $keep (call $make (local.get $v))))
  (func (export "kept") (result i32)
    (call $payload (global.get $keep)))

  (func (export "store") (param $i i32) (param $v i32)
    (table.set $t (local.get $i) (call $make (local.get $v))))
  (func (export "stored") (param $i i32) (result i32)
    (call $payload (table.get $t (local.get $i))))

  ;; An exnref in a local and one on the operand stack across churn.
  (func $after (param $x exnref) (param $ignored i32) (result i32)
    (call $payload (local.get $x)))
  (func (export "held") (param $v i32) (param $n i32) (result i32)
    (local $x exnref)
    (local.set $x (call $make (local.get $v)))
    (drop (call $churn_ref (local.get $n)))
    (i32.add
      (call $payload (local.get $x))
      (call $after (call $make (i32.add (local.get $v) (i32.const 1)))
                   (call $churn_ref (local.get $n)))))

  ;; An exnref inside another exception's payload, kept in a global.
  (func (export "wrap") (param $v i32)
    (global.set $keep
      (block $h (result exnref)
        (try_table (catch_all_ref $h) (throw $w (call $make (local.get $v))))
        (unreachable))))
  (func (export "unwrap") (result i32)
    (call $payload
      (block $h (result exnref)
        (try_table (catch $w $h) (throw_ref (global.get $keep)))
        (unreachable))))

  ;; Reuse with another tag: an $e caught and freed, then an $f thrown
  ;; (likely at the same index) must be caught by the $f clause, and a
  ;; catch_all must still see a payload-less catch.
  (func (export "retag") (result f64)
    (drop (call $churn (i32.const 3)))
    (block $hf (result f64)
      (block $he (result i32)
        (try_table (catch $e $he) (catch $f $hf)
          (throw $f (f64.const 2.5)))
        (unreachable))
      (drop)
      (f64.const -1)))
  (func (export "catch-all-then-ref") (result i32)
    (block $h
      (try_table (catch_all $h) (throw $e (i32.const 5))))
    (call $payload (call $make (i32.const 6))))

  ;; An exception rethrown by throw_ref through a catch_all_ref handler
  ;; that rethrows again: still the same exception.
  (func (export "rethrow-chain") (param $v i32) (result i32)
    (block $outer (result i32)
      (try_table (catch $e $outer)
        (block $h (result exnref)
          (try_table (catch_all_ref $h)
            (throw_ref (call $make (local.get $v))))
          (unreachable))
        (drop (call $churn_ref (i32.const 5000)))
        (throw_ref))
      (unreachable)))

  (func (export "throw-out") (param $v i32)
    (throw $e (local.get $v)))
)

;; 0 + 1 + ... + 9999
(assert_return (invoke "churn" (i32.const 10000)) (i32.const 49995000))
(invoke "keep" (i32.const 42))
(invoke "store" (i32.const 1) (i32.const 7))
(invoke "store" (i32.const 2) (i32.const 8))
(assert_return (invoke "churn_ref" (i32.const 10000)) (i32.const 49995000))
(assert_return (invoke "churn" (i32.const 100)) (i32.const 4950))
(assert_return (invoke "churn_ref" (i32.const 10000)) (i32.const 49995000))
(assert_return (invoke "kept") (i32.const 42))
(assert_return (invoke "stored" (i32.const 1)) (i32.const 7))
(assert_return (invoke "stored" (i32.const 2)) (i32.const 8))
(invoke "store" (i32.const 1) (i32.const 9))
(assert_return (invoke "churn_ref" (i32.const 10000)) (i32.const 49995000))
(assert_return (invoke "stored" (i32.const 1)) (i32.const 9))
(assert_return (invoke "stored" (i32.const 2)) (i32.const 8))
(assert_return (invoke "held" (i32.const 100) (i32.const 6000)) (i32.const 201))
(invoke "wrap" (i32.const 77))
(assert_return (invoke "churn_ref" (i32.const 10000)) (i32.const 49995000))
(assert_return (invoke "unwrap") (i32.const 77))
(assert_return (invoke "retag") (f64.const 2.5))
(assert_return (invoke "catch-all-then-ref") (i32.const 6))
(assert_return (invoke "rethrow-chain" (i32.const 31)) (i32.const 31))
;; Exceptions that reach the host, then more churn.
(assert_exception (invoke "throw-out" (i32.const 1)))
(assert_exception (invoke "throw-out" (i32.const 2)))
(assert_return (invoke "churn_ref" (i32.const 10000)) (i32.const 49995000))
(assert_return (invoke "unwrap") (i32.const 77))
