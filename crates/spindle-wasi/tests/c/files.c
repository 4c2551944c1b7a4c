// File system round trip inside the directory given as argv[1] (a
// preopened directory): writes, reads back, seeks, positional I/O, stat,
// directories, rename, links, timestamps, flags. Prints "files ok" and exits
// 0, or reports the first failing step and exits 1.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

static const char *dir;
static char pathbuf[3][512];

static const char *p(int slot, const char *name) {
    snprintf(pathbuf[slot], sizeof pathbuf[slot], "%s/%s", dir, name);
    return pathbuf[slot];
}

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond)) {                                                     \
            printf("FAILED at line %d: %s (errno %d: %s)\n", __LINE__, #cond, \
                   errno, strerror(errno));                                \
            exit(1);                                                       \
        }                                                                  \
    } while (0)

int main(int argc, char **argv) {
    CHECK(argc == 2);
    dir = argv[1];

    // stdio write, read back.
    FILE *f = fopen(p(0, "note.txt"), "w");
    CHECK(f != NULL);
    CHECK(fprintf(f, "first line\nsecond line\n") > 0);
    CHECK(fclose(f) == 0);
    f = fopen(p(0, "note.txt"), "r");
    CHECK(f != NULL);
    char line[64];
    CHECK(fgets(line, sizeof line, f) && strcmp(line, "first line\n") == 0);
    CHECK(fgets(line, sizeof line, f) && strcmp(line, "second line\n") == 0);
    CHECK(fgets(line, sizeof line, f) == NULL);
    CHECK(fclose(f) == 0);

    // POSIX I/O: seek, tell, pread/pwrite, fstat, sync.
    int fd = open(p(0, "data.bin"), O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0);
    CHECK(write(fd, "0123456789", 10) == 10);
    CHECK(lseek(fd, 0, SEEK_CUR) == 10);
    CHECK(lseek(fd, 2, SEEK_SET) == 2);
    char buf[16] = {0};
    CHECK(read(fd, buf, 3) == 3 && memcmp(buf, "234", 3) == 0);
    CHECK(pwrite(fd, "AB", 2, 8) == 2);
    CHECK(pread(fd, buf, 4, 6) == 4 && memcmp(buf, "67AB", 4) == 0);
    CHECK(lseek(fd, 0, SEEK_CUR) == 5);  // pread/pwrite leave the offset
    struct stat st;
    CHECK(fstat(fd, &st) == 0 && st.st_size == 10 && S_ISREG(st.st_mode));
    CHECK(ftruncate(fd, 4) == 0);
    CHECK(fstat(fd, &st) == 0 && st.st_size == 4);
    CHECK(fsync(fd) == 0);
    CHECK(fdatasync(fd) == 0);
    CHECK(posix_fadvise(fd, 0, 4, POSIX_FADV_SEQUENTIAL) == 0);
    int r = posix_fallocate(fd, 0, 4);
    CHECK(r == 0 || r == ENOTSUP);

    // fd_fdstat_set_flags: switch to append mode.
    int fl = fcntl(fd, F_GETFL);
    CHECK(fl >= 0);
    CHECK(fcntl(fd, F_SETFL, fl | O_APPEND) == 0);
    CHECK(fcntl(fd, F_GETFL) & O_APPEND);
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    CHECK(write(fd, "xy", 2) == 2);
    CHECK(pread(fd, buf, 6, 0) == 6 && memcmp(buf, "0123xy", 6) == 0);

    // fd_renumber: move fd onto another descriptor number.
    int fd2 = open(p(0, "note.txt"), O_RDONLY);
    CHECK(fd2 >= 0);
    CHECK(__wasi_fd_renumber(fd, fd2) == 0);
    CHECK(pread(fd2, buf, 6, 0) == 6 && memcmp(buf, "0123xy", 6) == 0);
    CHECK(close(fd2) == 0);
    CHECK(close(fd) != 0 && errno == EBADF);

    // Directories: create, list, remove.
    CHECK(mkdir(p(0, "sub"), 0755) == 0);
    CHECK(mkdir(p(0, "sub"), 0755) != 0 && errno == EEXIST);
    f = fopen(p(0, "sub/inner.txt"), "w");
    CHECK(f != NULL && fputs("inner", f) >= 0 && fclose(f) == 0);
    DIR *d = opendir(p(0, "sub"));
    CHECK(d != NULL);
    int seen = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, "inner.txt") == 0) seen++;
    }
    CHECK(closedir(d) == 0);
    CHECK(seen == 1);
    CHECK(rmdir(p(0, "sub")) != 0 && errno == ENOTEMPTY);

    // Rename, stat by path, unlink.
    CHECK(rename(p(0, "sub/inner.txt"), p(1, "moved.txt")) == 0);
    CHECK(stat(p(0, "sub/inner.txt"), &st) != 0 && errno == ENOENT);
    CHECK(stat(p(0, "moved.txt"), &st) == 0 && st.st_size == 5);
    CHECK(rmdir(p(0, "sub")) == 0);

    // Timestamps.
    struct timespec times[2] = {{.tv_sec = 1000000000, .tv_nsec = 0},
                                {.tv_sec = 1200000000, .tv_nsec = 0}};
    CHECK(utimensat(AT_FDCWD, p(0, "moved.txt"), times, 0) == 0);
    CHECK(stat(p(0, "moved.txt"), &st) == 0 && st.st_mtim.tv_sec == 1200000000);

    // Symbolic and hard links (relative targets, inside the directory).
    CHECK(symlink("moved.txt", p(0, "link")) == 0);
    char target[64] = {0};
    CHECK(readlink(p(0, "link"), target, sizeof target - 1) == 9);
    CHECK(strcmp(target, "moved.txt") == 0);
    CHECK(link(p(0, "moved.txt"), p(1, "hard.txt")) == 0);
    CHECK(stat(p(0, "hard.txt"), &st) == 0 && st.st_nlink == 2);
    f = fopen(p(0, "link"), "r");
    CHECK(f != NULL && fgets(line, sizeof line, f) && strcmp(line, "inner") == 0);
    CHECK(fclose(f) == 0);
    CHECK(unlink(p(0, "link")) == 0);
    CHECK(unlink(p(0, "hard.txt")) == 0);
    CHECK(unlink(p(0, "data.bin")) == 0);
    CHECK(unlink(p(0, "data.bin")) != 0 && errno == ENOENT);

    printf("files ok\n");
    return 0;
}
