// Tries to reach files outside the preopened directory argv[1]; the host
// put symbolic links in it that lead out ("escape" to an absolute path,
// "rel-escape" to ../secret.txt, "updir" to ..), a directory "sub" and
// "inside.txt".
// Prints one line per attempt and exits 0 only if every escape failed and
// the inside file was readable.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int escaped = 0;

static void attempt(const char *what, int fd) {
    if (fd >= 0) {
        printf("%s: OPENED\n", what);
        close(fd);
        escaped = 1;
    } else {
        printf("%s: blocked (%s)\n", what, strerror(errno));
    }
}

int main(int argc, char **argv) {
    if (argc != 2) return 2;
    const char *dir = argv[1];
    char path[512];

    attempt("/etc/passwd", open("/etc/passwd", O_RDONLY));
    attempt("../secret.txt", open("../secret.txt", O_RDONLY));
    snprintf(path, sizeof path, "%s/../secret.txt", dir);
    attempt("DIR/../secret.txt", open(path, O_RDONLY));
    snprintf(path, sizeof path, "%s/escape", dir);
    attempt("DIR/escape", open(path, O_RDONLY));
    snprintf(path, sizeof path, "%s/rel-escape", dir);
    attempt("DIR/rel-escape", open(path, O_RDONLY));
    snprintf(path, sizeof path, "%s/updir/secret.txt", dir);
    attempt("DIR/updir/secret.txt", open(path, O_RDONLY));

    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    if (dfd < 0) {
        printf("cannot open the preopened directory: %s\n", strerror(errno));
        return 1;
    }
    attempt("openat(DIR, ../secret.txt)", openat(dfd, "../secret.txt", O_RDONLY));
    attempt("openat(DIR, /etc/passwd)", openat(dfd, "/etc/passwd", O_RDONLY));
    attempt("openat(DIR, sub/../../secret.txt)",
            openat(dfd, "sub/../../secret.txt", O_RDONLY));
    attempt("create DIR/../created.txt",
            openat(dfd, "../created.txt", O_WRONLY | O_CREAT, 0644));

    snprintf(path, sizeof path, "%s/inside.txt", dir);
    int fd = open(path, O_RDONLY);
    char buf[16] = {0};
    if (fd < 0 || read(fd, buf, sizeof buf - 1) <= 0) {
        printf("inside.txt: unreadable (%s)\n", strerror(errno));
        return 1;
    }
    close(fd);
    printf("inside.txt: %s\n", buf);
    return escaped;
}
