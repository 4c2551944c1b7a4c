;; many_parked.wat - a million continuations parked one frame deep.
;;
;; The shallow companion of many_live.wat: the memory cost of a continuation
;; suspended in its own function (the shape of a generator, or of a task
;; parked right where it started), where many_live's are four calls deep.
;; Phase 1 creates n continuations; each runs $task(i), which suspends at
;; once with `suspend $park (i)`. The handler adds i to the checksum and
;; stores the continuation in a table, so all n are suspended together.
;; Phase 2 resumes each once, with 3*i; $task returns 3*i + i, which is
;; added to the checksum. Continuation i contributes 5*i, so
;; run(n) = 5*n*(n-1)/2.
;;
;; Export:   run(n: i32) -> i64      the checksum 5*n*(n-1)/2
;; Default:  n = 1000000             (1,000,000 continuations suspended at once)
;; Expected: run(1000000) = 2499997500000
;; Others:   run(0) = 0, run(1) = 0, run(10) = 225, run(1000) = 2497500
(module
  (type $fn (func (param i32) (result i32)))
  (type $k (cont $fn))

  ;; park : [i32] -> [i32]
  (tag $park (param i32) (result i32))

  (table $parked 0 (ref null $k))

  (func $task (param $i i32) (result i32)
    (i32.add (suspend $park (local.get $i)) (local.get $i)))
  (elem declare func $task)

  (func (export "run") (param $n i32) (result i64)
    (local $i i32) (local $sum i64) (local $parked_k (ref null $k))
    (drop (table.grow $parked (ref.null $k) (local.get $n)))
    ;; Phase 1: start every task; each parks in its first frame.
    (block $started
      (loop $start
        (br_if $started (i32.ge_u (local.get $i) (local.get $n)))
        (block $on_park (result i32 (ref $k))
          (resume $k (on $park $on_park)
            (local.get $i) (cont.new $k (ref.func $task)))
          ;; Tasks park before they finish.
          (unreachable))
        ;; Stack: [id, parked continuation].
        (local.set $parked_k)
        (table.set $parked (local.get $i) (local.get $parked_k))
        (local.set $sum (i64.add (i64.extend_i32_u) (local.get $sum)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $start)))
    ;; Phase 2: finish every task.
    (local.set $i (i32.const 0))
    (block $finished
      (loop $finish
        (br_if $finished (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $sum
          (i64.add (local.get $sum)
            (i64.extend_i32_u
              (resume $k (i32.mul (local.get $i) (i32.const 3))
                (table.get $parked (local.get $i))))))
        (table.set $parked (local.get $i) (ref.null $k))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $finish)))
    (local.get $sum)))
