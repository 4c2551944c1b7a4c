;; async_await.wat - async/await on top of `suspend`, with the event loop
;; written in Wasm (no host functions).
;;
;; Shows: tasks are continuations; `await(p)` is `suspend $await p`, which
;; hands the promise id to the scheduler together with the task's
;; continuation. The scheduler parks the continuation on the promise's
;; waiter list (or makes it ready at once if the promise is already
;; resolved) and `resume`s it with the promise's value once resolved.
;; Promises are resolved either by a task (`resolve`) or by the scheduler's
;; simulated I/O: `fetch(x, delay)` returns a promise that the event loop
;; resolves with x*x when its virtual clock reaches now + delay (the clock
;; jumps to the next due I/O whenever no task is ready).
;;
;; The three tasks:
;;   task 1: a = await fetch(3, 5); b = await fetch(4, 2); trace 1;
;;           resolve(P, a + b)                       ;; P = 9 + 16 = 25
;;   task 2: v = await P; trace 2; r2 = v + await P  ;; 2nd await: already resolved
;;   task 3: c = await fetch(10, 1); trace 3; v = await P; trace 4; r3 = c + v
;; They interleave as: 3 (clock 1), 1 (clock 7, resolves P), 2, 4.
;; `run()` returns trace * 1_000_000 + r2 * 1000 + r3 with trace = 3124,
;; r2 = 50 and r3 = 125.
;;
;;   cargo run --release --bin spindle -- run examples/continuations/async_await.wat --invoke run
;;
;; prints 3124050125. (`--invoke clock` after a run would give 7.)
(module
  ;; A task's continuation takes the value it is resumed with (0 to start,
  ;; then the awaited promise's value).
  (type $fn (func (param i32)))
  (type $cont (cont $fn))

  ;; await : [promise] -> [value]
  (tag $await (param i32) (result i32))

  ;; Promises: 32 bytes each from address 0 (at most 64):
  ;;   +0 state (0 pending, 1 resolved)  +4 value
  ;;   +8 first waiting task (-1: none)  +12 last waiting task
  ;;   +16 I/O due time (-1: not I/O)    +20 I/O result
  ;; Task t's next-waiter link: 2048 + 4t (at most 64 tasks).
  ;; Ready queue: (task, value) pairs, 8 bytes each, from 4096, 256 entries.
  (memory 1)
  (table $tasks 64 (ref null $cont))

  (global $npromises (mut i32) (i32.const 0))
  (global $ntasks (mut i32) (i32.const 0))
  (global $clock (mut i32) (i32.const 0))
  (global $rq_head (mut i32) (i32.const 0))
  (global $rq_tail (mut i32) (i32.const 0))
  (global $trace (mut i64) (i64.const 0))
  (global $P (mut i32) (i32.const 0))
  (global $r2 (mut i32) (i32.const 0))
  (global $r3 (mut i32) (i32.const 0))

  ;; ---- promises -------------------------------------------------------

  (func $new_promise (result i32)
    (local $p i32) (local $a i32)
    (local.set $p (global.get $npromises))
    (global.set $npromises (i32.add (local.get $p) (i32.const 1)))
    (local.set $a (i32.shl (local.get $p) (i32.const 5)))
    (i32.store offset=0 (local.get $a) (i32.const 0))
    (i32.store offset=4 (local.get $a) (i32.const 0))
    (i32.store offset=8 (local.get $a) (i32.const -1))
    (i32.store offset=12 (local.get $a) (i32.const -1))
    (i32.store offset=16 (local.get $a) (i32.const -1))
    (i32.store offset=20 (local.get $a) (i32.const 0))
    (local.get $p))

  (func $is_resolved (param $p i32) (result i32)
    (i32.load offset=0 (i32.shl (local.get $p) (i32.const 5))))

  (func $value (param $p i32) (result i32)
    (i32.load offset=4 (i32.shl (local.get $p) (i32.const 5))))

  ;; Simulated I/O: resolved by the event loop with x*x after `delay` ticks.
  (func $fetch (param $x i32) (param $delay i32) (result i32)
    (local $p i32) (local $a i32)
    (local.set $p (call $new_promise))
    (local.set $a (i32.shl (local.get $p) (i32.const 5)))
    (i32.store offset=16 (local.get $a) (i32.add (global.get $clock) (local.get $delay)))
    (i32.store offset=20 (local.get $a) (i32.mul (local.get $x) (local.get $x)))
    (local.get $p))

  ;; Resolves promise p with v and makes its waiters ready, in FIFO order.
  (func $resolve (param $p i32) (param $v i32)
    (local $a i32) (local $t i32) (local $next i32)
    (local.set $a (i32.shl (local.get $p) (i32.const 5)))
    (i32.store offset=0 (local.get $a) (i32.const 1))
    (i32.store offset=4 (local.get $a) (local.get $v))
    (local.set $t (i32.load offset=8 (local.get $a)))
    (block $done
      (loop $wake
        (br_if $done (i32.lt_s (local.get $t) (i32.const 0)))
        (local.set $next (i32.load offset=2048 (i32.shl (local.get $t) (i32.const 2))))
        (call $make_ready (local.get $t) (local.get $v))
        (local.set $t (local.get $next))
        (br $wake)))
    (i32.store offset=8 (local.get $a) (i32.const -1))
    (i32.store offset=12 (local.get $a) (i32.const -1)))

  (func $add_waiter (param $p i32) (param $t i32)
    (local $a i32) (local $last i32)
    (local.set $a (i32.shl (local.get $p) (i32.const 5)))
    (local.set $last (i32.load offset=12 (local.get $a)))
    (i32.store offset=2048 (i32.shl (local.get $t) (i32.const 2)) (i32.const -1))
    (if (i32.lt_s (local.get $last) (i32.const 0))
      (then (i32.store offset=8 (local.get $a) (local.get $t)))
      (else (i32.store offset=2048 (i32.shl (local.get $last) (i32.const 2)) (local.get $t))))
    (i32.store offset=12 (local.get $a) (local.get $t)))

  ;; ---- tasks ----------------------------------------------------------

  (func $make_ready (param $t i32) (param $v i32)
    (local $a i32)
    (local.set $a (i32.add (i32.const 4096) (i32.shl (global.get $rq_tail) (i32.const 3))))
    (i32.store offset=0 (local.get $a) (local.get $t))
    (i32.store offset=4 (local.get $a) (local.get $v))
    (global.set $rq_tail (i32.and (i32.add (global.get $rq_tail) (i32.const 1)) (i32.const 255))))

  (func $spawn (param $f (ref $fn))
    (local $t i32)
    (local.set $t (global.get $ntasks))
    (global.set $ntasks (i32.add (local.get $t) (i32.const 1)))
    (table.set $tasks (local.get $t) (cont.new $cont (local.get $f)))
    (call $make_ready (local.get $t) (i32.const 0)))

  (func $await (param $p i32) (result i32)
    (suspend $await (local.get $p)))

  (func $trace (param $d i32)
    (global.set $trace
      (i64.add (i64.mul (global.get $trace) (i64.const 10)) (i64.extend_i32_u (local.get $d)))))

  (func $task1 (param i32)
    (local $a i32) (local $b i32)
    (local.set $a (call $await (call $fetch (i32.const 3) (i32.const 5))))
    (local.set $b (call $await (call $fetch (i32.const 4) (i32.const 2))))
    (call $trace (i32.const 1))
    (call $resolve (global.get $P) (i32.add (local.get $a) (local.get $b))))

  (func $task2 (param i32)
    (local $v i32)
    (local.set $v (call $await (global.get $P)))
    (call $trace (i32.const 2))
    (global.set $r2 (i32.add (local.get $v) (call $await (global.get $P)))))

  (func $task3 (param i32)
    (local $c i32) (local $v i32)
    (local.set $c (call $await (call $fetch (i32.const 10) (i32.const 1))))
    (call $trace (i32.const 3))
    (local.set $v (call $await (global.get $P)))
    (call $trace (i32.const 4))
    (global.set $r3 (i32.add (local.get $c) (local.get $v))))

  (elem declare func $task1 $task2 $task3)

  ;; ---- the event loop -------------------------------------------------

  ;; The pending I/O promise due first (lowest id on ties), or -1.
  (func $next_io (result i32)
    (local $p i32) (local $a i32) (local $best i32) (local $due i32)
    (local.set $best (i32.const -1))
    (block $done
      (loop $scan
        (br_if $done (i32.ge_u (local.get $p) (global.get $npromises)))
        (local.set $a (i32.shl (local.get $p) (i32.const 5)))
        (local.set $due (i32.load offset=16 (local.get $a)))
        (if (i32.and
              (i32.eqz (i32.load offset=0 (local.get $a)))
              (i32.ge_s (local.get $due) (i32.const 0)))
          (then
            (if (i32.lt_s (local.get $best) (i32.const 0))
              (then (local.set $best (local.get $p)))
              (else
                (if (i32.lt_s (local.get $due)
                              (i32.load offset=16 (i32.shl (local.get $best) (i32.const 5))))
                  (then (local.set $best (local.get $p))))))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $scan)))
    (local.get $best))

  (func $event_loop
    (local $t i32) (local $v i32) (local $a i32) (local $p i32)
    (local $k (ref null $cont))
    (block $finished
      (loop $schedule
        (if (i32.ne (global.get $rq_head) (global.get $rq_tail))
          (then
            ;; Run the next ready task until it awaits or returns.
            (local.set $a (i32.add (i32.const 4096) (i32.shl (global.get $rq_head) (i32.const 3))))
            (local.set $t (i32.load offset=0 (local.get $a)))
            (local.set $v (i32.load offset=4 (local.get $a)))
            (global.set $rq_head (i32.and (i32.add (global.get $rq_head) (i32.const 1)) (i32.const 255)))
            (block $on_await (result i32 (ref $cont))
              (resume $cont (on $await $on_await)
                (local.get $v) (table.get $tasks (local.get $t)))
              ;; The task returned.
              (table.set $tasks (local.get $t) (ref.null $cont))
              (br $schedule))
            ;; [promise, continuation]: park the task.
            (local.set $k)
            (local.set $p)
            (table.set $tasks (local.get $t) (local.get $k))
            (if (call $is_resolved (local.get $p))
              (then (call $make_ready (local.get $t) (call $value (local.get $p))))
              (else (call $add_waiter (local.get $p) (local.get $t))))
            (br $schedule)))
        ;; Nothing ready: advance the clock to the next I/O completion.
        (local.set $p (call $next_io))
        (br_if $finished (i32.lt_s (local.get $p) (i32.const 0)))
        (local.set $a (i32.shl (local.get $p) (i32.const 5)))
        (global.set $clock (i32.load offset=16 (local.get $a)))
        (call $resolve (local.get $p) (i32.load offset=20 (local.get $a)))
        (br $schedule))))

  (func (export "run") (result i64)
    (global.set $npromises (i32.const 0))
    (global.set $ntasks (i32.const 0))
    (global.set $clock (i32.const 0))
    (global.set $rq_head (i32.const 0))
    (global.set $rq_tail (i32.const 0))
    (global.set $trace (i64.const 0))
    (global.set $r2 (i32.const 0))
    (global.set $r3 (i32.const 0))
    (global.set $P (call $new_promise))
    (call $spawn (ref.func $task1))
    (call $spawn (ref.func $task2))
    (call $spawn (ref.func $task3))
    (call $event_loop)
    (i64.add
      (i64.mul (global.get $trace) (i64.const 1000000))
      (i64.add
        (i64.mul (i64.extend_i32_u (global.get $r2)) (i64.const 1000))
        (i64.extend_i32_u (global.get $r3)))))

  (func (export "clock") (result i32)
    (global.get $clock)))
