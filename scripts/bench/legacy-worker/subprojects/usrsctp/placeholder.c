/* Placeholder: the real library comes from the system through pkg_config. */
int vwindow_placeholder_usrsctp(void) { return 0; }
