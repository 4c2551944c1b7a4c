/* An SQL workload for the corpus: SQLite (the amalgamation bundled by the
 * libsqlite3-sys crate) on an in-memory database. Inserts rows made by a
 * fixed pseudo-random sequence, builds indexes, runs joins, aggregates,
 * an update, a delete, a transaction rollback and a recursive query, and
 * prints every result, so any miscomputation shows in the output.
 *
 * usage: sqlite_workload [ROWS]   (default 2000) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sqlite3.h"

static sqlite3 *db;

static void fail(const char *what) {
    printf("error in %s: %s\n", what, sqlite3_errmsg(db));
    exit(1);
}

static void exec(const char *sql) {
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        printf("error: %s in: %s\n", err, sql);
        exit(1);
    }
}

/* Prints every row of a query, columns separated by '|'. */
static void query(const char *title, const char *sql) {
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) fail(sql);
    printf("-- %s\n", title);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int n = sqlite3_column_count(st);
        for (int i = 0; i < n; i++) {
            const unsigned char *v = sqlite3_column_text(st, i);
            printf("%s%s", i ? "|" : "", v ? (const char *)v : "NULL");
        }
        printf("\n");
    }
    if (rc != SQLITE_DONE) fail(sql);
    sqlite3_finalize(st);
}

static unsigned long long state = 0x9E3779B97F4A7C15ull;
static unsigned next(void) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return (unsigned)(state >> 16);
}

int main(int argc, char **argv) {
    int rows = argc > 1 ? atoi(argv[1]) : 2000;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK) fail("open");
    printf("sqlite %s\n", sqlite3_libversion());
    exec("CREATE TABLE customer(id INTEGER PRIMARY KEY, name TEXT, city INTEGER, score REAL);"
         "CREATE TABLE orders(id INTEGER PRIMARY KEY, customer INTEGER, amount INTEGER, note TEXT);"
         "CREATE TABLE city(id INTEGER PRIMARY KEY, name TEXT);");

    static const char *cities[] = {"Lisbon", "Oslo", "Quito", "Hanoi", "Perth", "Lagos", "Turin"};
    for (int i = 0; i < 7; i++) {
        char sql[128];
        snprintf(sql, sizeof sql, "INSERT INTO city VALUES(%d, '%s');", i, cities[i]);
        exec(sql);
    }

    sqlite3_stmt *ins_c, *ins_o;
    if (sqlite3_prepare_v2(db, "INSERT INTO customer VALUES(?, ?, ?, ?)", -1, &ins_c, NULL)) fail("prep");
    if (sqlite3_prepare_v2(db, "INSERT INTO orders VALUES(NULL, ?, ?, ?)", -1, &ins_o, NULL)) fail("prep");
    exec("BEGIN");
    for (int i = 0; i < rows; i++) {
        char name[32];
        unsigned num = next() % 100000, c1 = next() % 26, c2 = next() % 26;
        snprintf(name, sizeof name, "cust%05u-%c%c", num, 'a' + c1, 'a' + c2);
        sqlite3_bind_int(ins_c, 1, i);
        sqlite3_bind_text(ins_c, 2, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(ins_c, 3, (int)(next() % 7));
        sqlite3_bind_double(ins_c, 4, (next() % 10000) / 100.0);
        if (sqlite3_step(ins_c) != SQLITE_DONE) fail("insert customer");
        sqlite3_reset(ins_c);
        int orders = 1 + next() % 5;
        for (int j = 0; j < orders; j++) {
            char note[48];
            snprintf(note, sizeof note, "order %d of %d for %s", j + 1, orders, name);
            sqlite3_bind_int(ins_o, 1, i);
            sqlite3_bind_int(ins_o, 2, (int)(next() % 100000));
            sqlite3_bind_text(ins_o, 3, note, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(ins_o) != SQLITE_DONE) fail("insert order");
            sqlite3_reset(ins_o);
        }
    }
    exec("COMMIT");
    sqlite3_finalize(ins_c);
    sqlite3_finalize(ins_o);

    exec("CREATE INDEX orders_customer ON orders(customer);"
         "CREATE INDEX customer_city ON customer(city, score);");

    query("counts", "SELECT (SELECT count(*) FROM customer), (SELECT count(*) FROM orders), "
                    "(SELECT sum(amount) FROM orders)");
    query("per city", "SELECT city.name, count(DISTINCT customer.id), count(orders.id), sum(orders.amount), "
                      "printf('%.2f', avg(customer.score)) FROM customer JOIN city ON customer.city = city.id "
                      "JOIN orders ON orders.customer = customer.id GROUP BY city.name ORDER BY city.name");
    query("top spenders", "SELECT c.name, sum(o.amount) AS total FROM customer c JOIN orders o ON o.customer = c.id "
                          "GROUP BY c.id ORDER BY total DESC, c.id LIMIT 5");
    query("score band", "SELECT CAST(score / 10 AS INTEGER) AS band, count(*) FROM customer "
                        "WHERE city IN (1, 3, 5) GROUP BY band ORDER BY band");
    query("like", "SELECT count(*), min(name), max(name) FROM customer WHERE name LIKE '%-q%'");
    exec("UPDATE orders SET amount = amount / 2 WHERE amount > 90000");
    exec("DELETE FROM orders WHERE customer % 11 = 0");
    query("after update/delete", "SELECT count(*), sum(amount), max(amount) FROM orders");
    exec("BEGIN; DELETE FROM orders; ROLLBACK;");
    query("after rollback", "SELECT count(*) FROM orders");
    query("recursive", "WITH RECURSIVE fib(n, a, b) AS (SELECT 1, 0, 1 UNION ALL "
                       "SELECT n + 1, b, a + b FROM fib WHERE n < 60) SELECT n, a FROM fib WHERE n % 15 = 0");
    query("strings", "SELECT upper(substr(name, 1, 4)) || lower(substr(name, -2)), length(note), "
                     "replace(note, 'order', 'ORD') FROM customer JOIN orders ON orders.customer = customer.id "
                     "WHERE customer.id = 7 ORDER BY orders.id");
    query("window", "SELECT id, amount, sum(amount) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) "
                    "FROM orders WHERE customer < 3 ORDER BY id");
    query("integrity", "PRAGMA integrity_check");
    sqlite3_close(db);
    return 0;
}
