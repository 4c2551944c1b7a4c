// Clocks, sleeping (poll_oneoff), randomness, sched_yield and stdin.
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(void) {
    struct timespec res, t0, t1, wall;
    if (clock_getres(CLOCK_MONOTONIC, &res) != 0 || (res.tv_sec == 0 && res.tv_nsec == 0)) {
        printf("clock_getres failed\n");
        return 1;
    }
    if (clock_gettime(CLOCK_REALTIME, &wall) != 0 || wall.tv_sec < 1600000000) {
        printf("realtime clock is wrong\n");
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct timespec nap = {.tv_sec = 0, .tv_nsec = 20 * 1000 * 1000};
    if (nanosleep(&nap, NULL) != 0) {
        printf("nanosleep failed\n");
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long long ns = (t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
    if (ns < 20 * 1000 * 1000) {
        printf("slept only %lld ns\n", ns);
        return 1;
    }
    unsigned char a[32] = {0}, b[32] = {0};
    if (getentropy(a, sizeof a) != 0 || getentropy(b, sizeof b) != 0 || memcmp(a, b, sizeof a) == 0) {
        printf("getentropy failed\n");
        return 1;
    }
    if (sched_yield() != 0) {
        printf("sched_yield failed\n");
        return 1;
    }
    char in[256];
    size_t n = fread(in, 1, sizeof in - 1, stdin);
    in[n] = 0;
    printf("misc ok; stdin had %zu bytes: %s\n", n, in);
    return 0;
}
