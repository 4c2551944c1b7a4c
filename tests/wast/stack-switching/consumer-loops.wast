;; Consumer loops whose header is a `resume`: the translator repeats the
;; `resume` at the loop's back-edge (loop rotation), except inside a
;; `try_table` opened within the loop, whose handlers must not see
;; exceptions from the header's `resume`.

(module
  (type $f (func))
  (type $k (cont $f))
  (tag $yield (param i32))
  (tag $boom (param i32))

  (global $limit (mut i32) (i32.const 0))

  ;; Yields 0, 1, 2, ...; throws $boom with the count at $limit.
  (func $gen
    (local $i i32)
    (loop $l
      (if (i32.eq (local.get $i) (global.get $limit))
        (then (throw $boom (local.get $i))))
      (suspend $yield (local.get $i))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))
  (elem declare func $gen)

  ;; Sums the yielded values until the generator throws; the exception is
  ;; caught outside the loop and its payload added (times 1000).
  (func (export "sum") (param $n i32) (result i32)
    (local $k (ref null $k)) (local $sum i32)
    (global.set $limit (local.get $n))
    (local.set $k (cont.new $k (ref.func $gen)))
    (block $caught (result i32)
      (try_table (catch $boom $caught)
        (loop $pull
          (block $on_yield (result i32 (ref $k))
            (resume $k (on $yield $on_yield) (local.get $k))
            (unreachable))
          (local.set $k)
          (local.set $sum (i32.add (local.get $sum)))
          (br $pull)))
      (unreachable))
    (i32.add (i32.mul (i32.const 1000)) (local.get $sum)))

  ;; The same, with a try_table inside the loop body around the back-edge:
  ;; its catch_all must not see the generator's exception.
  (func (export "sum_inner_try") (param $n i32) (result i32)
    (local $k (ref null $k)) (local $sum i32) (local $inner i32)
    (global.set $limit (local.get $n))
    (local.set $k (cont.new $k (ref.func $gen)))
    (block $caught (result i32)
      (try_table (catch $boom $caught)
        (loop $pull
          (block $on_yield (result i32 (ref $k))
            (resume $k (on $yield $on_yield) (local.get $k))
            (unreachable))
          (local.set $k)
          (local.set $sum (i32.add (local.get $sum)))
          (block $inner_caught
            (try_table (catch_all $inner_caught)
              (br $pull)))
          (local.set $inner (i32.const 1))))
      (unreachable))
    (i32.add (i32.mul (i32.const 1000)) (i32.add (local.get $sum)
      (i32.mul (local.get $inner) (i32.const 100000))))))

(assert_return (invoke "sum" (i32.const 0)) (i32.const 0))
(assert_return (invoke "sum" (i32.const 5)) (i32.const 5010))
(assert_return (invoke "sum_inner_try" (i32.const 0)) (i32.const 0))
(assert_return (invoke "sum_inner_try" (i32.const 5)) (i32.const 5010))
