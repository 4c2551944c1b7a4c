;; skynet.wat - the "skynet" benchmark: a 10-ary tree of tasks, each task a
;; continuation.
;;
;; Measures creating, starting and finishing many short-lived continuations
;; (`cont.new` + `cont.bind` + a `resume` that runs to completion). The root
;; task covers leaf ids [0, n); a task for [num, num + size) with size > 1
;; first creates its 10 child tasks for the ten sub-ranges (all 10 are alive
;; at once, kept in a table with 10 slots per tree level), then resumes each
;; in turn and sums what they return; a task with size 1 returns num. The
;; result is the sum of all leaf ids, n*(n-1)/2, as i64. n must be a power of
;; 10 (10^k leaves give (10^(k+1) - 1) / 9 tasks and nested resumes k + 1
;; deep).
;;
;; Export:   run(n: i32) -> i64      returns 0 + 1 + ... + (n-1)
;; Default:  n = 1000000             (1,000,000 leaves, 1,111,111 tasks)
;; Expected: run(1000000) = 499999500000
;; Others:   run(1) = 0, run(10) = 45, run(1000) = 499500,
;;           run(10000) = 49995000
(module
  ;; A task's entry point: (first leaf id, number of leaves, tree level).
  (type $task_fn (func (param i64 i32 i32) (result i64)))
  (type $task_cont (cont $task_fn))
  ;; A task with its arguments bound.
  (type $fn (func (result i64)))
  (type $cont (cont $fn))

  ;; Children of the running task at level l are in slots 10*l .. 10*l+9
  ;; (10^9 leaves would need 9 levels).
  (table $kids 100 (ref null $cont))

  (func $task (param $num i64) (param $size i32) (param $level i32) (result i64)
    (local $sub i32) (local $base i32) (local $i i32) (local $sum i64)
    (if (i32.le_u (local.get $size) (i32.const 1))
      (then (return (local.get $num))))
    (local.set $sub (i32.div_u (local.get $size) (i32.const 10)))
    (local.set $base (i32.mul (local.get $level) (i32.const 10)))
    ;; Spawn the 10 children.
    (loop $spawn
      (table.set $kids (i32.add (local.get $base) (local.get $i))
        (cont.bind $task_cont $cont
          (i64.add (local.get $num)
            (i64.extend_i32_u (i32.mul (local.get $i) (local.get $sub))))
          (local.get $sub)
          (i32.add (local.get $level) (i32.const 1))
          (cont.new $task_cont (ref.func $task))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $spawn (i32.lt_u (local.get $i) (i32.const 10))))
    ;; Run each to completion and collect the results.
    (local.set $i (i32.const 0))
    (loop $join
      (local.set $sum
        (i64.add (local.get $sum)
          (resume $cont
            (table.get $kids (i32.add (local.get $base) (local.get $i))))))
      (table.set $kids (i32.add (local.get $base) (local.get $i)) (ref.null $cont))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $join (i32.lt_u (local.get $i) (i32.const 10))))
    (local.get $sum))
  (elem declare func $task)

  (func (export "run") (param $n i32) (result i64)
    (resume $cont
      (cont.bind $task_cont $cont (i64.const 0) (local.get $n) (i32.const 0)
        (cont.new $task_cont (ref.func $task))))))
