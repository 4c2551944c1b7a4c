;; Exception lifetimes across continuations: exceptions freed when caught
;; after leaving a continuation or raised into one by resume_throw, an
;; exnref kept in a suspended continuation's locals or in a dropped
;; continuation, and resume_throw_ref of an exception kept across
;; thousands of others (more than the collector's threshold of 4096 live
;; exceptions, so freed indices are reused).

(module
  (type $f (func (result i32)))
  (type $k (cont $f))
  (type $fx (func (param exnref) (result i32)))
  (type $kx (cont $fx))
  (tag $e (param i32))
  (tag $yield)

  (func $make (param $v i32) (result exnref)
    (block $h (result exnref)
      (try_table (catch_all_ref $h) (throw $e (local.get $v)))
      (unreachable)))
  (func $payload (param $x exnref) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h) (throw_ref (local.get $x)))
      (unreachable)))
  (func $churn_ref (param $n i32)
    (local $i i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (drop (call $payload (call $make (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l))))

  ;; Throws $e(7) out of the continuation.
  (func $thrower (result i32) (throw $e (i32.const 7)))
  ;; Suspends, then returns payload + 1000 of what resume_throw raises.
  (func $catcher (result i32)
    (block $caught (result i32)
      (try_table (catch $e $caught)
        (suspend $yield)
        (return (i32.const 0)))
      (unreachable))
    (i32.add (i32.const 1000)))
  ;; Keeps an exnref of its own in a local across a suspension, then
  ;; returns its payload.
  (func $keeper (result i32)
    (local $x exnref)
    (local.set $x (call $make (i32.const 55)))
    (suspend $yield)
    (call $payload (local.get $x)))
  ;; Gets an exnref as its argument, suspends, then rethrows it.
  (func $rethrower (param $x exnref) (result i32)
    (suspend $yield)
    (throw_ref (local.get $x)))
  (elem declare func $thrower $catcher $keeper $rethrower)

  (func $suspended (param $c (ref null $k)) (result (ref $k))
    (block $h (result (ref $k))
      (drop (resume $k (on $yield $h) (local.get $c)))
      (unreachable)))

  ;; n exceptions leaving a continuation, each caught by payload around
  ;; the resume (freed when caught).
  (func (export "escapes") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $sum (i32.add (local.get $sum)
          (block $h (result i32)
            (try_table (catch $e $h)
              (drop (resume $k (cont.new $k (ref.func $thrower)))))
            (unreachable))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $sum))

  ;; n resume_throws caught inside the continuation.
  (func (export "throws-in") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $sum (i32.add (local.get $sum)
          (resume_throw $k $e (local.get $i)
            (call $suspended (cont.new $k (ref.func $catcher))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $sum))

  ;; An exnref in a suspended continuation's local survives churn.
  (func (export "kept-in-continuation") (result i32)
    (local $c (ref null $k))
    (local.set $c (call $suspended (cont.new $k (ref.func $keeper))))
    (call $churn_ref (i32.const 10000))
    (resume $k (local.get $c)))

  ;; An exnref bound to a continuation (cont.bind) survives churn, and
  ;; comes back out of it.
  (func (export "bound") (result i32)
    (local $c (ref null $k))
    (local.set $c
      (cont.bind $kx $k (call $make (i32.const 66)) (cont.new $kx (ref.func $rethrower))))
    (call $churn_ref (i32.const 10000))
    (local.set $c (call $suspended (local.get $c)))
    (call $churn_ref (i32.const 10000))
    (block $h (result i32)
      (try_table (catch $e $h)
        (drop (resume $k (local.get $c))))
      (unreachable)))

  ;; resume_throw_ref of an exception kept in a local across churn.
  (func (export "throw-ref-in") (result i32)
    (local $x exnref)
    (local.set $x (call $make (i32.const 88)))
    (call $churn_ref (i32.const 10000))
    (resume_throw_ref $k (local.get $x)
      (call $suspended (cont.new $k (ref.func $catcher)))))

  ;; resume_throw with a null continuation traps and leaks nothing; the
  ;; next exceptions are still right.
  (func (export "throw-into-null") (result i32)
    (resume_throw $k $e (i32.const 1) (ref.null $k)))
)

(assert_return (invoke "escapes" (i32.const 10000)) (i32.const 70000))
;; 1000 * 10000 + (0 + 1 + ... + 9999)
(assert_return (invoke "throws-in" (i32.const 10000)) (i32.const 59995000))
(assert_return (invoke "kept-in-continuation") (i32.const 55))
(assert_return (invoke "bound") (i32.const 66))
(assert_return (invoke "throw-ref-in") (i32.const 1088))
(assert_trap (invoke "throw-into-null") "null continuation reference")
(assert_return (invoke "escapes" (i32.const 3)) (i32.const 21))
(assert_return (invoke "throw-ref-in") (i32.const 1088))
