// Swift-facing shim over ncursesw. Only TermUINcurses imports this module.
//
// Why a shim: Swift cannot import ncurses' attribute macros (A_*), function-like macros
// (getmaxyx, KEY_F, BUTTONn_*), and treats stdscr/LINES/COLS/COLORS as shared mutable
// state (a Swift 6 error). Each is wrapped in a static inline function here.
#ifndef PENGUINOPS_CNCURSESW_SHIM_H
#define PENGUINOPS_CNCURSESW_SHIM_H

#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// MARK: - Globals as accessors

static inline WINDOW *pm_stdscr(void) { return stdscr; }
static inline WINDOW *pm_curscr(void) { return curscr; }
static inline int pm_lines(void) { return LINES; }
static inline int pm_cols(void) { return COLS; }
static inline int pm_colors(void) { return COLORS; }
static inline int pm_color_pairs(void) { return COLOR_PAIRS; }

/// newterm on the process' own stdout/stdin; returns NULL (instead of exiting, as initscr
/// does) when TERM is unknown, so Swift can throw a readable error.
static inline SCREEN *pm_newterm(const char *term) { return newterm(term, stdout, stdin); }

/// True when the terminfo entry has the string capability `name` (e.g. "cup", "smcup").
/// tigetstr answers NULL for absent and (char *)-1 for "not a string capability".
static inline int pm_has_string_capability(const char *name) {
    char *value = tigetstr(name);
    return value != NULL && value != (char *)-1;
}

/// The codeset of the current locale ("UTF-8", "ANSI_X3.4-1968", ...).
static inline const char *pm_locale_codeset(void) { return nl_langinfo(CODESET); }

// MARK: - Attributes

static inline attr_t pm_a_normal(void) { return A_NORMAL; }
static inline attr_t pm_a_bold(void) { return A_BOLD; }
static inline attr_t pm_a_dim(void) { return A_DIM; }
static inline attr_t pm_a_italic(void) { return A_ITALIC; }
static inline attr_t pm_a_underline(void) { return A_UNDERLINE; }
static inline attr_t pm_a_reverse(void) { return A_REVERSE; }

// MARK: - Function-like macros

static inline void pm_getmaxyx(WINDOW *win, int *y, int *x) { getmaxyx(win, *y, *x); }
static inline int pm_key_f(int n) { return KEY_F(n); }

/// The real window size from the kernel; 0 on success. ncurses' LINES/COLS only change
/// once resizeterm is called, so this is the source of truth after SIGWINCH.
static inline int pm_terminal_size(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0) return -1;
    *rows = ws.ws_row;
    *cols = ws.ws_col;
    return 0;
}

// MARK: - Mouse

/// Presses only: with mouseinterval(0) they arrive at once, with no click resolution delay.
static inline mmask_t pm_mouse_press_mask(void) {
    return BUTTON1_PRESSED | BUTTON2_PRESSED | BUTTON3_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED;
}

/// Which button a mouse state describes: 1 left, 2 middle, 3 right, 4 wheel up,
/// 5 wheel down, 0 anything else (releases, motion).
static inline int pm_mouse_button(mmask_t state) {
    if (state & (BUTTON1_PRESSED | BUTTON1_CLICKED)) return 1;
    if (state & (BUTTON2_PRESSED | BUTTON2_CLICKED)) return 2;
    if (state & (BUTTON3_PRESSED | BUTTON3_CLICKED)) return 3;
    if (state & BUTTON4_PRESSED) return 4;
    if (state & BUTTON5_PRESSED) return 5;
    return 0;
}

// MARK: - Drawing

/// Draws one cell at (y, x) of stdscr. `pair` goes through setcchar's `opts` pointer, the
/// ncurses 6.1 way to use extended (> 32767) pair numbers. Returns 0, or -1 when setcchar
/// rejects the string (e.g. two spacing characters, as in a ZWJ emoji sequence). The
/// result of mvwadd_wch is ignored on purpose: it reports ERR for the bottom-right cell
/// even though the character is stored.
static inline int pm_put_cell(int y, int x, const wchar_t *wstr, attr_t attrs, int pair) {
    cchar_t cell;
    if (setcchar(&cell, wstr, attrs, 0, &pair) == ERR) return -1;
    (void)mvwadd_wch(stdscr, y, x, &cell);
    return 0;
}

/// Display width of a wide string as the C library (and so ncurses) sees it; -1 when it
/// holds a non-printable character.
static inline int pm_wcswidth(const wchar_t *wstr, size_t n) { return wcswidth(wstr, n); }

// MARK: - Crash guard
//
// A Swift crash must never leave the SSH user's terminal raw or in the alternate screen.
// Everything here is async-signal-safe (tcsetattr, fcntl, write, sigaction, raise).
// The state lives in a function-local static of a static inline function, so it is
// private to each object file that calls these: call them from ONE Swift file only.

struct pm_crash_guard_state {
    volatile sig_atomic_t armed;
    int saved_valid;
    int tty_fd;
    int out_fd;
    int saved_flags;
    struct termios saved;
    struct sigaction previous[8];
};

static inline struct pm_crash_guard_state *pm_crash_guard_state(void) {
    static struct pm_crash_guard_state state;
    return &state;
}

static inline const int *pm_crash_guard_signals(int *count) {
    static const int signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGQUIT };
    *count = (int)(sizeof signals / sizeof signals[0]);
    return signals;
}

static inline void pm_crash_guard_restore(void) {
    struct pm_crash_guard_state *s = pm_crash_guard_state();
    if (!s->armed) return;
    s->armed = 0;
    static const char reset[] = "\033[?1000l\033[?1049l\033[?25h\033[0m";
    ssize_t ignored = write(s->out_fd, reset, sizeof reset - 1);
    (void)ignored;
    tcsetattr(s->tty_fd, TCSANOW, &s->saved);
    if (s->saved_flags >= 0) fcntl(s->tty_fd, F_SETFL, s->saved_flags);
}

static inline void pm_crash_guard_handler(int sig) {
    int saved_errno = errno;
    pm_crash_guard_restore();
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
    errno = saved_errno;
    raise(sig);
}

/// Saves the terminal state of `tty_fd` and installs the crash handlers; 0 on success.
static inline int pm_crash_guard_arm(int tty_fd, int out_fd) {
    struct pm_crash_guard_state *s = pm_crash_guard_state();
    if (tcgetattr(tty_fd, &s->saved) != 0) return -1;
    s->saved_valid = 1;
    s->tty_fd = tty_fd;
    s->out_fd = out_fd;
    s->saved_flags = fcntl(tty_fd, F_GETFL);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = pm_crash_guard_handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_NODEFER;
    int count = 0;
    const int *signals = pm_crash_guard_signals(&count);
    for (int i = 0; i < count; i++) sigaction(signals[i], &action, &s->previous[i]);
    s->armed = 1;
    return 0;
}

/// Puts back the handlers found at arm time (e.g. the Swift backtracer's) once the
/// terminal is sane again, so later crashes are reported as usual.
static inline void pm_crash_guard_disarm(void) {
    struct pm_crash_guard_state *s = pm_crash_guard_state();
    if (!s->armed) return;
    s->armed = 0;
    int count = 0;
    const int *signals = pm_crash_guard_signals(&count);
    for (int i = 0; i < count; i++) sigaction(signals[i], &s->previous[i], NULL);
}

/// The termios saved when the guard was armed, so a normal stop can restore it too.
static inline void pm_crash_guard_restore_saved_termios(void) {
    struct pm_crash_guard_state *s = pm_crash_guard_state();
    if (!s->saved_valid) return;
    tcsetattr(s->tty_fd, TCSANOW, &s->saved);
    if (s->saved_flags >= 0) fcntl(s->tty_fd, F_SETFL, s->saved_flags);
}

#endif
