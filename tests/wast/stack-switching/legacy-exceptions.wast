;; Legacy exception instructions and continuations: a legacy try inside a
;; continuation, a rethrow leaving a continuation through resume, a
;; handler holding its exception across a suspension, delegate across a
;; resume.

(module
  (type $f (func (result i32)))
  (type $k (cont $f))
  (tag $e (param i32))
  (tag $yield)
  (func $throw (param i32) (throw $e (local.get 0)))

  ;; catches around its suspend, returns payload + 1000
  (func $catcher (result i32)
    (try (result i32)
      (do (suspend $yield) (call $throw (i32.const 5)) (i32.const -1))
      (catch $e (i32.add (i32.const 1000)))))
  ;; catches, then rethrows out of the continuation
  (func $rethrower (result i32)
    (try (result i32)
      (do (call $throw (i32.const 6)) (i32.const -1))
      (catch $e (drop) (rethrow 0))))
  ;; holds its exception across a suspension, then rethrows it
  (func $holder (result i32)
    (try (result i32)
      (do (call $throw (i32.const 7)) (i32.const -1))
      (catch $e (drop) (suspend $yield) (rethrow 0))))
  ;; delegates to the caller of the continuation's body: the resume site
  (func $delegator (result i32)
    (try (result i32) (do (call $throw (i32.const 8)) (i32.const -1)) (delegate 0)))
  (elem declare func $catcher $rethrower $holder $delegator)

  (func (export "catch_inside") (result i32)
    (local $k (ref null $k))
    (block $h (result (ref $k))
      (drop (resume $k (on $yield $h) (cont.new $k (ref.func $catcher))))
      (unreachable))
    (local.set $k)
    (resume $k (local.get $k)))

  (func (export "rethrow_across_resume") (result i32)
    (try (result i32)
      (do (resume $k (cont.new $k (ref.func $rethrower))))
      (catch $e (i32.add (i32.const 2000)))))

  (func (export "hold_across_suspend") (result i32)
    (local $k (ref null $k))
    (block $h (result (ref $k))
      (drop (resume $k (on $yield $h) (cont.new $k (ref.func $holder))))
      (unreachable))
    (local.set $k)
    ;; other exceptions come and go while the handler is suspended
    (drop (try (result i32) (do (call $throw (i32.const 1)) (i32.const 0)) (catch $e)))
    (try (result i32)
      (do (resume $k (local.get $k)))
      (catch $e (i32.add (i32.const 3000)))))

  (func (export "delegate_across_resume") (result i32)
    (try (result i32)
      (do (resume $k (cont.new $k (ref.func $delegator))))
      (catch $e (i32.add (i32.const 4000)))))

  ;; a suspended continuation whose handler holds an exception is dropped
  (func (export "drop_holder") (result i32)
    (block $h (result (ref $k))
      (drop (resume $k (on $yield $h) (cont.new $k (ref.func $holder))))
      (unreachable))
    (drop)
    (i32.const 0))
)

(assert_return (invoke "catch_inside") (i32.const 1005))
(assert_return (invoke "rethrow_across_resume") (i32.const 2006))
(assert_return (invoke "hold_across_suspend") (i32.const 3007))
(assert_return (invoke "delegate_across_resume") (i32.const 4008))
(assert_return (invoke "drop_holder") (i32.const 0))
