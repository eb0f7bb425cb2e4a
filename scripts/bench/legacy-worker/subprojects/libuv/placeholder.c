/* Placeholder: the real library comes from the system through pkg_config. */
int vwindow_placeholder_libuv(void) { return 0; }
