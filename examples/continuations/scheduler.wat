;; scheduler.wat - cooperative green threads that hand control to each other
;; with `switch` (no round trip through the scheduler on a yield).
;;
;; Shows: `switch $cont $yield` transferring control directly from one
;; thread to the next in a run queue, `(on $yield switch)` on the scheduler's
;; `resume`, and a thread receiving the continuation of the thread that
;; switched to it as its last parameter (and putting it at the back of the
;; run queue). The run queue is a table of continuations used as a ring
;; buffer.
;;
;; `run(k)` starts 3 threads (ids 1, 2, 3). Each thread k times: increments
;; the shared counter, appends its id to a trace, and yields to the next
;; thread in the queue. The trace is folded into a checksum
;; `h = h * 10 + id` (i64, wrapping), so for small k the result spells out
;; the order of execution: round robin gives 123123...123.
;; `counter()` returns the shared counter after a run (3k).
;;
;;   cargo run --release --bin spindle -- run examples/continuations/scheduler.wat --invoke run 3
;;
;; prints 123123123 (`--invoke run 1` prints 123; `--invoke counter` after a
;; run would print 3k, but each `spindle run` is a fresh instance, so it
;; prints 0).
(module
  ;; A running thread's continuation takes the continuation of the thread
  ;; that switched to it (null when the scheduler resumed it).
  (rec
    (type $fn (func (param (ref null $cont))))
    (type $cont (cont $fn)))
  ;; A thread's entry point: its id, then as above.
  (type $thread_fn (func (param i32 (ref null $cont))))
  (type $thread_cont (cont $thread_fn))

  ;; switch tag: no values of its own.
  (tag $yield)

  (global $counter (mut i32) (i32.const 0))
  (global $checksum (mut i64) (i64.const 0))
  (global $rounds (mut i32) (i32.const 0))

  ;; The run queue: a ring buffer of continuations.
  (table $queue 16 (ref null $cont))
  (global $head (mut i32) (i32.const 0))
  (global $tail (mut i32) (i32.const 0))

  (func $enqueue (param $k (ref null $cont))
    (table.set $queue (global.get $tail) (local.get $k))
    (global.set $tail (i32.and (i32.add (global.get $tail) (i32.const 1)) (i32.const 15))))

  (func $queue_empty (result i32)
    (i32.eq (global.get $head) (global.get $tail)))

  (func $dequeue (result (ref null $cont))
    (local $k (ref null $cont))
    (local.set $k (table.get $queue (global.get $head)))
    (table.set $queue (global.get $head) (ref.null $cont))
    (global.set $head (i32.and (i32.add (global.get $head) (i32.const 1)) (i32.const 15)))
    (local.get $k))

  ;; A thread that was switched to keeps the switcher runnable.
  (func $adopt (param $prev (ref null $cont))
    (if (i32.eqz (ref.is_null (local.get $prev)))
      (then (call $enqueue (local.get $prev)))))

  ;; Hands control to the next thread in the queue, if any.
  (func $yield
    (if (call $queue_empty) (then (return)))
    (call $adopt (switch $cont $yield (call $dequeue))))

  (func $thread (param $id i32) (param $prev (ref null $cont))
    (local $i i32)
    (call $adopt (local.get $prev))
    (block $done
      (loop $work
        (br_if $done (i32.ge_u (local.get $i) (global.get $rounds)))
        (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
        (global.set $checksum
          (i64.add (i64.mul (global.get $checksum) (i64.const 10))
                   (i64.extend_i32_u (local.get $id))))
        (call $yield)
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $work))))
  (elem declare func $thread)

  (func $spawn (param $id i32)
    (call $enqueue
      (cont.bind $thread_cont $cont (local.get $id)
        (cont.new $thread_cont (ref.func $thread)))))

  (func (export "run") (param $k i32) (result i64)
    (global.set $counter (i32.const 0))
    (global.set $checksum (i64.const 0))
    (global.set $rounds (local.get $k))
    (global.set $head (i32.const 0))
    (global.set $tail (i32.const 0))
    (call $spawn (i32.const 1))
    (call $spawn (i32.const 2))
    (call $spawn (i32.const 3))
    ;; Whenever a thread returns, control comes back here; start (or
    ;; continue) the next one in the queue.
    (block $idle
      (loop $schedule
        (br_if $idle (call $queue_empty))
        (resume $cont (on $yield switch) (ref.null $cont) (call $dequeue))
        (br $schedule)))
    (global.get $checksum))

  (func (export "counter") (result i32)
    (global.get $counter)))
